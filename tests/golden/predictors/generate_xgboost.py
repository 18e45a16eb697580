#!/usr/bin/python3
"""Writes tests/golden/predictors/gbdt_xgboost.json: generated train/test data and the test RMSE /
AUC of XGBoost's `hist` booster with the same parameters learnloop's GBDT uses. learnloop's test
RMSE must be within 5% of XGBoost's and its AUC within 0.01 (see "tolerance"). Needs Debian's
python3-xgboost; run with /usr/bin/python3 tests/golden/predictors/generate_xgboost.py.
The tests only read the JSON.
"""
import json
import os

import numpy as np
import xgboost as xgb
from sklearn.metrics import mean_squared_error, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
PARAMS = {"n_estimators": 100, "max_depth": 4, "learning_rate": 0.1, "min_child_weight": 1.0, "lambda": 1.0,
          "subsample": 1.0, "colsample": 1.0, "max_bins": 256}


def friedman(seed, n):
    """Friedman #1: 5 informative features, 3 pure-noise ones (x5..x7)."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(size=(n, 8)), 4)
    y = 10 * np.sin(np.pi * x[:, 0] * x[:, 1]) + 20 * (x[:, 2] - 0.5) ** 2 + 10 * x[:, 3] + 5 * x[:, 4]
    return x, np.round(y + rng.normal(size=n), 4)


def classification(seed, n):
    """Bernoulli labels from a nonlinear logit of x0..x3; x4..x7 are noise."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(size=(n, 8)), 4)
    logit = 1.5 * x[:, 0] - 2 * (x[:, 1] > 0.3) + np.sin(2 * x[:, 2]) * 1.5 + x[:, 3] * x[:, 0]
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(float)
    return x, y


def xgb_params(base_score):
    return dict(n_estimators=PARAMS["n_estimators"], max_depth=PARAMS["max_depth"], learning_rate=PARAMS["learning_rate"],
                min_child_weight=PARAMS["min_child_weight"], reg_lambda=PARAMS["lambda"], reg_alpha=0.0, gamma=0.0,
                subsample=1.0, colsample_bytree=1.0, max_bin=PARAMS["max_bins"], tree_method="hist",
                base_score=base_score, n_jobs=1)


def case(kind, x, y, n_train):
    xtr, ytr, xte, yte = x[:n_train], y[:n_train], x[n_train:], y[n_train:]
    mean = float(ytr.mean())
    if kind == "gbdt-regressor":
        model = xgb.XGBRegressor(objective="reg:squarederror", **xgb_params(mean)).fit(xtr, ytr)
        metric = {"rmse": float(np.sqrt(mean_squared_error(yte, model.predict(xte))))}
    else:
        model = xgb.XGBClassifier(objective="binary:logistic", **xgb_params(mean)).fit(xtr, ytr)
        metric = {"roc_auc": float(roc_auc_score(yte, model.predict_proba(xte)[:, 1]))}
    gain = model.get_booster().get_score(importance_type="total_gain")
    total = sum(gain.values())
    importance = [gain.get(f"f{i}", 0.0) / total for i in range(x.shape[1])]
    return {"kind": kind, "cols": x.shape[1], "train_rows": n_train, "test_rows": len(y) - n_train,
            "x_train": xtr.ravel().tolist(), "y_train": ytr.tolist(), "x_test": xte.ravel().tolist(), "y_test": yte.tolist(),
            "informative": 5 if kind == "gbdt-regressor" else 4, "xgboost": metric, "xgboost_importance": importance}


x, y = friedman(11, 2000)
xc, yc = classification(12, 2000)
payload = {"about": f"xgboost {xgb.__version__} hist, same params, on generated data (Friedman #1; a nonlinear logit)",
           "params": PARAMS, "tolerance": {"rmse_relative": 0.05, "auc_absolute": 0.01},
           "cases": [case("gbdt-regressor", x, y, 1600), case("gbdt-classifier", xc, yc, 1600)]}
path = os.path.join(HERE, "gbdt_xgboost.json")
with open(path, "w") as f:
    json.dump(payload, f)
    f.write("\n")
print("wrote", path, {c["kind"]: c["xgboost"] for c in payload["cases"]})
