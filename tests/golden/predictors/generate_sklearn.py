#!/usr/bin/python3
"""Writes tests/golden/predictors/*.json from scikit-learn, the reference learnloop's linear
models must match (ridge to 1e-6, logistic to 1e-4). Needs Debian's python3-sklearn; run with
/usr/bin/python3 tests/golden/predictors/generate_sklearn.py. The tests only read the JSON.
"""
import json
import os

import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import (accuracy_score, f1_score, log_loss, mean_absolute_error, mean_squared_error,
                             precision_score, r2_score, recall_score, roc_auc_score)

HERE = os.path.dirname(os.path.abspath(__file__))


def data(seed, n, d, scales):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)) * np.array(scales) + rng.normal(size=d)
    w = rng.normal(size=d) / np.array(scales)
    return x, x @ w, rng


def ridge_cases():
    cases = []
    for seed, n, d, alpha, scales in [(1, 200, 5, 1.0, [1, 1, 1, 1, 1]), (2, 120, 3, 0.1, [100, 0.01, 5]),
                                      (3, 60, 8, 10.0, [1] * 8)]:
        x, signal, rng = data(seed, n, d, scales)
        y = signal + 0.5 * rng.normal(size=n) + 3.0
        model = Ridge(alpha=alpha, fit_intercept=True, solver="cholesky").fit(x, y)
        p = model.predict(x)
        cases.append({"alpha": alpha, "rows": n, "cols": d, "x": x.ravel().tolist(), "y": y.tolist(),
                      "coefficients": model.coef_.tolist(), "intercept": float(model.intercept_),
                      "metrics": {"mse": mean_squared_error(y, p), "rmse": float(np.sqrt(mean_squared_error(y, p))),
                                  "mae": mean_absolute_error(y, p), "r2": r2_score(y, p)}})
    return cases


def logistic_cases():
    cases = []
    for seed, n, d, c, scales in [(4, 300, 4, 1.0, [1, 1, 1, 1]), (5, 200, 3, 0.1, [10, 1, 0.1]), (6, 500, 6, 100.0, [1] * 6)]:
        x, signal, rng = data(seed, n, d, scales)
        y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(signal - np.median(signal))))).astype(float)
        model = LogisticRegression(penalty="l2", C=c, solver="lbfgs", tol=1e-12, max_iter=100000).fit(x, y)
        prob = model.predict_proba(x)[:, 1]
        label = (prob >= 0.5).astype(float)
        cases.append({"C": c, "rows": n, "cols": d, "x": x.ravel().tolist(), "y": y.tolist(),
                      "coefficients": model.coef_[0].tolist(), "intercept": float(model.intercept_[0]),
                      "probabilities": prob.tolist(),
                      "metrics": {"accuracy": accuracy_score(y, label), "precision": precision_score(y, label),
                                  "recall": recall_score(y, label), "f1": f1_score(y, label),
                                  "roc_auc": roc_auc_score(y, prob), "log_loss": log_loss(y, prob)}})
    return cases


def write(name, payload):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(payload, f)
        f.write("\n")
    print("wrote", path)


write("ridge_sklearn.json", {"about": f"sklearn {sklearn_version} Ridge(solver='cholesky') on generated data",
                             "tolerance": 1e-6, "cases": ridge_cases()})
write("logistic_sklearn.json", {"about": f"sklearn {sklearn_version} LogisticRegression(penalty='l2', lbfgs, tol=1e-12)",
                                "tolerance": 1e-4, "cases": logistic_cases()})
