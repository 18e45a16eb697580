#!/usr/bin/python3
"""Peer for bench/benchmarks/gbdt.mjs: times XGBoost's hist booster (Debian's python3-xgboost) on
the same float64 files learnloop reads, with the same parameters, and prints one JSON line like the
native binary. Usage: xgboost_fit.py KIND X.bin Y.bin ROWS COLS TRAIN REPEATS N_ESTIMATORS MAX_DEPTH THREADS."""
import json
import sys
import time

import numpy as np
import xgboost as xgb
from sklearn.metrics import mean_squared_error, roc_auc_score

kind, x_path, y_path, rows, cols, train, repeats, n_estimators, max_depth, threads = sys.argv[1:]
rows, cols, train, repeats = int(rows), int(cols), int(train), int(repeats)
x = np.fromfile(x_path, dtype="<f8").reshape(rows, cols)
y = np.fromfile(y_path, dtype="<f8")
params = dict(n_estimators=int(n_estimators), max_depth=int(max_depth), learning_rate=0.1, min_child_weight=1.0,
              reg_lambda=1.0, subsample=1.0, colsample_bytree=1.0, max_bin=256, tree_method="hist",
              base_score=float(y[:train].mean()), n_jobs=int(threads))
best = float("inf")
for _ in range(repeats):
    model = xgb.XGBRegressor(**params) if kind == "gbdt-regressor" else xgb.XGBClassifier(**params)
    start = time.perf_counter()
    model.fit(x[:train], y[:train])
    best = min(best, time.perf_counter() - start)
if kind == "gbdt-regressor":
    quality = {"rmse": float(np.sqrt(mean_squared_error(y[train:], model.predict(x[train:]))))}
else:
    quality = {"roc_auc": float(roc_auc_score(y[train:], model.predict_proba(x[train:])[:, 1]))}
print(json.dumps({"impl": f"xgboost {xgb.__version__}", "kind": kind, "fit_seconds": best, **quality}))
