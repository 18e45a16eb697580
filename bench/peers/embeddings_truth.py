#!/usr/bin/python3
"""Ground truth for bench/benchmarks/embeddings.mjs: exact k nearest neighbours by numpy (float32
matrix products, cosine / inner product / L2), written as int32 rows of k ids.
Usage: embeddings_truth.py BASE.fvecs QUERIES.fvecs K METRIC OUT.i32"""
import sys

import numpy as np


def read_fvecs(path):
    raw = np.fromfile(path, dtype="<i4")
    dim = raw[0]
    return raw.reshape(-1, dim + 1)[:, 1:].view("<f4")


base_path, queries_path, k, metric, out = sys.argv[1:]
k = int(k)
base, queries = read_fvecs(base_path), read_fvecs(queries_path)
if metric == "cosine":
    base = base / np.linalg.norm(base, axis=1, keepdims=True)
    queries = queries / np.linalg.norm(queries, axis=1, keepdims=True)
rows = []
for start in range(0, len(queries), 100):
    q = queries[start:start + 100]
    scores = q @ base.T if metric != "l2" else -(np.sum(q * q, axis=1)[:, None] - 2 * q @ base.T + np.sum(base * base, axis=1)[None, :])
    top = np.argpartition(-scores, k, axis=1)[:, :k]
    order = np.take_along_axis(scores, top, axis=1).argsort(axis=1)[:, ::-1]
    rows.append(np.take_along_axis(top, order, axis=1))
np.concatenate(rows).astype("<i4").tofile(out)
