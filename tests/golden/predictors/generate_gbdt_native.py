#!/usr/bin/python3
"""Writes tests/golden/predictors/gbdt_native.json: GBDT models fitted by the native learnloop CLI
(build/native-debug or native-release) on the first 300 training rows of gbdt_xgboost.json, with the
rows and the CLI's predictions. GoogleTest and node:test load each model and must reproduce the
predictions bit for bit (and refit the same trees). Run after building the CLI:
/usr/bin/python3 tests/golden/predictors/generate_gbdt_native.py
"""
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CLI = next(p for p in (os.path.join(ROOT, "build", d, "bin", "learnloop") for d in ("native-release", "native-debug"))
           if os.path.exists(p))
ROWS = 300

source = json.load(open(os.path.join(HERE, "gbdt_xgboost.json")))
cases = []
with tempfile.TemporaryDirectory() as tmp:
    for c in source["cases"]:
        cols = c["cols"]
        x = c["x_train"][: ROWS * cols]
        y = c["y_train"][:ROWS]
        names = [f"x{i}" for i in range(cols)]
        csv = os.path.join(tmp, "data.csv")
        with open(csv, "w") as f:
            f.write(",".join(names + ["y"]) + "\n")
            for r in range(ROWS):
                f.write(",".join(repr(v) for v in x[r * cols:(r + 1) * cols] + [y[r]]) + "\n")
        model_file = os.path.join(tmp, "model.json")
        subprocess.run([CLI, "fit", c["kind"], "--data", csv, "--target", "y", "--test-fraction", "0", "--n-estimators", "30",
                        "--max-depth", "4", "--subsample", "0.8", "--colsample", "0.75", "--seed", "3", "--out", model_file],
                       check=True, capture_output=True)
        report = json.loads(subprocess.run([CLI, "predict", "--model", model_file, "--data", csv, "--json"], check=True,
                                           capture_output=True, text=True).stdout)
        cases.append({"model": json.load(open(model_file)), "rows": ROWS, "cols": cols, "x": x, "y": y,
                      "predictions": report["predictions"]})
path = os.path.join(HERE, "gbdt_native.json")
with open(path, "w") as f:
    json.dump({"about": "GBDT models fitted by the native CLI; predictions must match bit for bit", "cases": cases}, f)
    f.write("\n")
print("wrote", path)
