#!/usr/bin/python3
"""Peer for bench/benchmarks/predictors.mjs: times scikit-learn's Ridge / LogisticRegression(lbfgs)
fit on the same float64 files learnloop reads, and prints one JSON line like the native binary.
Usage: sklearn_fit.py ridge|logistic X.bin Y.bin ROWS COLS PENALTY REPEATS (Debian's python3-sklearn)."""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import mean_squared_error, roc_auc_score

kind, x_path, y_path, rows, cols, penalty, repeats = sys.argv[1:]
rows, cols, penalty, repeats = int(rows), int(cols), float(penalty), int(repeats)
x = np.fromfile(x_path, dtype="<f8").reshape(rows, cols)
y = np.fromfile(y_path, dtype="<f8")
best = float("inf")
for _ in range(repeats):
    model = Ridge(alpha=penalty) if kind == "ridge" else LogisticRegression(C=penalty, solver="lbfgs", max_iter=1000)
    start = time.perf_counter()
    model.fit(x, y)
    best = min(best, time.perf_counter() - start)
if kind == "ridge":
    quality = {"rmse": float(np.sqrt(mean_squared_error(y, model.predict(x))))}
else:
    quality = {"roc_auc": float(roc_auc_score(y, model.predict_proba(x)[:, 1]))}
print(json.dumps({"impl": "sklearn", "kind": kind, "fit_seconds": best, **quality}))
