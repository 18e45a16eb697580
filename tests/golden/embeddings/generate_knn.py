#!/usr/bin/python3
"""Writes tests/golden/embeddings/knn.json: exact k-nearest neighbours computed by numpy in float64,
independently of learnloop, for cosine, inner product and L2, with and without a metadata filter.

GoogleTest (native) and node:test (wasm) both load the items into learnloop and check that exact
search and HNSW (with a candidate list as large as the set) return these ids in this order, with
scores within the file's tolerance. Queries whose k-th and (k+1)-th neighbours score within
1e-4 are rejected, so float32 rounding cannot reorder the expected ids.
Also writes posts.fvecs, posts.txt and queries.fvecs, the README's CLI example's input.
Run: /usr/bin/python3 tests/golden/embeddings/generate_knn.py
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
N, DIM, K, GROUPS = 300, 37, 8, 3  # 37 = two 16-lane blocks plus a 5-value tail


def scores(metric, base, query):
    if metric == "cosine":
        b = base / np.linalg.norm(base, axis=1, keepdims=True)
        return b @ (query / np.linalg.norm(query))
    if metric == "ip":
        return base @ query
    return -np.sum((base - query) ** 2, axis=1)


def top(metric, base, query, allowed):
    s = scores(metric, base.astype(np.float64), query.astype(np.float64))
    idx = [i for i in np.argsort(-s, kind="stable") if allowed[i]]
    ranked = [float(s[i]) for i in idx]
    margins = [abs(ranked[j] - ranked[j + 1]) for j in range(min(K, len(ranked) - 1))]
    return idx[:K], ranked[:K], min(margins)


def main():
    rng = np.random.default_rng(20261123)
    centers = rng.normal(size=(6, DIM)).astype(np.float32)
    base = (centers[rng.integers(0, 6, N)] + 0.6 * rng.normal(size=(N, DIM))).astype(np.float32)
    ids = [f"item-{i}" for i in range(N)]
    metadata = [{"group": i % GROUPS, "even": i % 2 == 0} for i in range(N)]
    cases = []
    for metric in ("cosine", "ip", "l2"):
        made = 0
        while made < 4:
            query = (centers[rng.integers(0, 6)] + 0.6 * rng.normal(size=DIM)).astype(np.float32)
            for filt in (None, {"group": 1}):
                allowed = [filt is None or m["group"] == filt["group"] for m in metadata]
                got, s, margin = top(metric, base, query, allowed)
                if margin < 1e-4 * max(1.0, abs(s[0])):
                    break
            else:
                for filt in (None, {"group": 1}):
                    allowed = [filt is None or m["group"] == filt["group"] for m in metadata]
                    got, s, _ = top(metric, base, query, allowed)
                    cases.append({"metric": metric, "query": [float(x) for x in query], "filter": filt,
                                  "ids": [ids[i] for i in got], "scores": s})
                made += 1
    doc = {
        "description": "exact kNN by numpy float64; scores: cosine similarity, inner product, minus squared L2",
        "dim": DIM, "k": K, "tolerance": 1e-5,
        "ids": ids, "vectors": [float(x) for x in base.reshape(-1)], "metadata": metadata, "cases": cases,
    }
    with open(os.path.join(HERE, "knn.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def write_fvecs(path, rows):
    with open(path, "wb") as f:
        for row in rows:
            np.array([len(row)], dtype="<i4").tofile(f)
            np.array(row, dtype="<f4").tofile(f)


def readme_fixtures():
    """The small files the README's CLI example indexes and searches."""
    posts = {"thread-1": [1, 0, 0, 0.1], "thread-2": [0.9, 0.1, 0, 0], "video-1": [0, 1, 0, 0],
             "video-2": [0.1, 0.9, 0.1, 0], "poll-1": [0, 0, 1, 0], "poll-2": [0, 0.1, 0.9, 0.2]}
    write_fvecs(os.path.join(HERE, "posts.fvecs"), list(posts.values()))
    with open(os.path.join(HERE, "posts.txt"), "w") as f:
        f.write("".join(name + "\n" for name in posts))
    write_fvecs(os.path.join(HERE, "queries.fvecs"), [[1, 0.1, 0, 0], [0, 0.2, 1, 0]])


if __name__ == "__main__":
    main()
    readme_fixtures()
