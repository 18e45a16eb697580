"""The learning job's peer: pandas + scikit-learn doing all of `learnloop learn`'s work on the same SQLite file.

Reads the window with the core's own SQL (latest outcome per decision_id joined with its content, the retention
window, the caption embeddings), counts the content (Thompson, success = engagement rate > threshold) and timing
(UCB1, per posting hour) bandits from the outcomes the previous run has not counted, fits the engagement-rate ridge
(alpha 1) and the follow-through logistic regression (C 1, L2, lbfgs) on the same features (quality, one-hot
content type / decision type / platform learned on the training side, sin/cos of the posting hour) with an 80/20
split, builds the report's headline numbers (summary, groups by type / hour / hook / platform, quality correlation,
5 best and worst performers), the daily snapshot and the meta-learning scores (retention, engagement percentile,
virality composite with the timing component, caption brand alignment), and writes bandit_arms, models,
daily_snapshots, meta_learning_scores and learning_runs in one transaction. Prints one JSON line of headline numbers
(bench/benchmarks/learn_scale.mjs compares them with learnloop's answer). Run with Debian's /usr/bin/python3
(python3-pandas, python3-sklearn: `bash scripts/setup.sh --bench`):
    /usr/bin/python3 bench/peers/learn_pandas.py --db DB --date 2026-11-22
The split is learnloop's rule per row (held_out_by_key: a hash of the decision id seeded with the date, vectorised
in numpy below), so both sides hold the same rows; the fits are scikit-learn's (lbfgs, not Newton), so the held-out
metrics agree within a tolerance, not bit for bit; everything else is the same arithmetic on the same rows.
"""
import argparse
import datetime as dt
import json
import sqlite3
import sys

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import log_loss, mean_absolute_error, r2_score, roc_auc_score

THRESHOLD = 0.03
MIN_GROUP = 5
MIN_IMPRESSIONS = 100
MIN_SLOT = 3
WEIGHTS = (0.35, 0.30, 0.20, 0.15)

LATEST = (
    "SELECT decision_id, max(collected_at) AS collected_at, impressions, likes + retweets + replies AS engaged, "
    "engagement_rate, followers_gained, revenue FROM outcomes WHERE collected_at >= ? AND collected_at < ? "
    "GROUP BY decision_id"
)
WINDOW_SQL = (
    "SELECT o.decision_id, o.collected_at, o.impressions, o.engaged, o.engagement_rate, o.followers_gained, "
    "o.revenue, c.platform, c.decision_type, c.bandit_arm, c.hook_type, c.topic, c.quality_score, c.cost, "
    "c.posted_at, c.duration_seconds FROM (" + LATEST + ") o LEFT JOIN content_metadata c "
    "ON c.decision_id = o.decision_id ORDER BY o.decision_id"
)
RETENTION_SQL = (
    "SELECT r.content_id, r.platform, r.avg_watch_percentage, r.completion_rate, r.drop_off_points, r.measured_at, "
    "c.bandit_arm, c.hook_type, c.duration_seconds FROM "
    "(SELECT *, row_number() OVER (PARTITION BY content_id ORDER BY measured_at DESC) AS latest "
    " FROM retention_metrics WHERE measured_at >= ? AND measured_at < ?) r "
    "LEFT JOIN content_metadata c ON c.decision_id = r.content_id WHERE r.latest = 1 ORDER BY r.content_id"
)
CAPTIONS_SQL = (
    "SELECT e.id, e.dim, e.vector FROM embeddings e WHERE e.type = 'TEXT_CAPTION' AND EXISTS "
    "(SELECT 1 FROM outcomes o WHERE o.decision_id = e.id AND o.collected_at >= ? AND o.collected_at < ?) "
    "ORDER BY e.id"
)


def read_window(con, start, end):
    """The window's outcomes (one row per content, typed columns) and retention rows, as the core reads them."""
    w = pd.read_sql_query(WINDOW_SQL, con, params=(start, end))
    rate = w["engagement_rate"]
    fallback = np.where(w["impressions"] > 0, w["engaged"] / w["impressions"].where(w["impressions"] > 0, 1), 0.0)
    w["engagement_rate"] = rate.where(rate.notna(), fallback).astype(float)
    w["collected_day"] = w["collected_at"].str.slice(0, 10)
    posted = w["posted_at"].fillna("")
    w["posted_hour"] = pd.to_numeric(posted.str.slice(11, 13), errors="coerce").fillna(-1).astype(int)
    for col in ["platform", "decision_type", "bandit_arm", "hook_type"]:
        w[col] = w[col].fillna("")
    w["quality_score"] = w["quality_score"].fillna(-1.0)
    w["cost"] = w["cost"].fillna(-1.0)
    w["revenue"] = w["revenue"].fillna(-1.0)
    retention = pd.read_sql_query(RETENTION_SQL, con, params=(start, end))
    return w, retention


def previous_state(con, date):
    """The bandit state of the latest run before the date ({} before any run)."""
    row = con.execute(
        "SELECT bandit_state FROM learning_runs WHERE run_date < ? ORDER BY run_date DESC LIMIT 1", (date,)
    ).fetchone()
    return json.loads(row[0]) if row else {}


def bandits(new_rows):
    """Content (Thompson, Beta(1, 1)) and timing (UCB1 per posting hour) arm counts from the uncounted outcomes."""
    success = new_rows["engagement_rate"].clip(0, 1) > THRESHOLD
    typed = new_rows[new_rows["bandit_arm"] != ""]
    g = typed.assign(success=success[typed.index]).groupby("bandit_arm")["success"].agg(["sum", "count"])
    content = {
        arm: {"successes": int(s), "failures": int(n - s), "pulls": int(n), "estimate": (1 + s) / (2 + n)}
        for arm, (s, n) in g.iterrows()
    }
    timed = new_rows[new_rows["posted_hour"] >= 0]
    t = timed.assign(success=success[timed.index]).groupby("posted_hour")["success"].agg(["sum", "count"])
    timing = {
        f"h{int(h):02d}": {"successes": int(s), "failures": int(n - s), "pulls": int(n), "estimate": s / n}
        for h, (s, n) in t.iterrows()
    }
    return {"content": content, "timing": timing}


def design(frame, categories, means):
    """The design matrix of the job's feature spec: quality, one-hots (unseen: zeros), sin/cos of the hour."""
    cols = [frame["quality_score"].to_numpy(dtype=float)]
    names = ["quality_score"]
    for col, cats in categories.items():
        values = frame[col].to_numpy()
        for cat in cats:
            cols.append((values == cat).astype(float))
            names.append(f"{col}={cat}")
    hour = frame["posted_hour"].to_numpy(dtype=float)
    cols.append(np.sin(2 * np.pi * hour / 24))
    cols.append(np.cos(2 * np.pi * hour / 24))
    names += ["hour_sin", "hour_cos"]
    return np.column_stack(cols), names


MASK64 = (1 << 64) - 1


def mix64(h):
    """MurmurHash3's 64-bit finaliser on a numpy uint64 array (wrapping arithmetic)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def held_out(ids, fraction, seed):
    """learnloop's held_out_by_key() for every id: FNV-1a over the UTF-8 bytes from a seeded start, then mix64, read
    as 53 bits in [0, 1), below `fraction`."""
    raw = np.array([i.encode() for i in ids], dtype=bytes)
    width = raw.dtype.itemsize
    codes = raw.view(np.uint8).reshape(len(raw), width) if len(raw) else np.zeros((0, 1), np.uint8)
    lengths = np.char.str_len(raw) if len(raw) else np.zeros(0, int)
    start = int(mix64(np.array([(seed + 0x9E3779B97F4A7C15) & MASK64], dtype=np.uint64))[0])
    h = np.full(len(raw), 0xCBF29CE484222325 ^ start, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(codes.shape[1]):
            stepped = (h ^ codes[:, j].astype(np.uint64)) * np.uint64(0x100000001B3)
            h = np.where(lengths > j, stepped, h)
        u = (mix64(h) >> np.uint64(11)).astype(np.float64) * 2.0**-53
    return u < fraction


def fit_models(w, seed):
    """The ridge and logistic fits on the usable rows with learnloop's 80/20 split by content, and their held-out
    metrics."""
    usable = w[(w["quality_score"] >= 0) & (w["bandit_arm"] != "") & (w["posted_hour"] >= 0)]
    test_side = held_out(usable["decision_id"].tolist(), 0.2, seed)
    train, test = usable[~test_side], usable[test_side]
    categories = {
        "content_type": sorted(c for c in train["bandit_arm"].unique() if c),
        "decision_type": sorted(c for c in train["decision_type"].unique() if c),
        "platform": sorted(c for c in train["platform"].unique() if c),
    }
    frames = {"train": train.rename(columns={"bandit_arm": "content_type"}),
              "test": test.rename(columns={"bandit_arm": "content_type"})}
    means = {"quality_score": float(train["quality_score"].mean()), "hour": float(train["posted_hour"].mean())}
    x_train, names = design(frames["train"], categories, means)
    x_test, _ = design(frames["test"], categories, means)
    out = {}
    ridge = Ridge(alpha=1.0).fit(x_train, train["engagement_rate"])
    predicted = ridge.predict(x_test)
    out["engagement_rate"] = {
        "kind": "ridge", "train_rows": len(train), "test_rows": len(test), "features": names,
        "coefficients": ridge.coef_.tolist(), "intercept": float(ridge.intercept_),
        "test": {"r2": r2_score(test["engagement_rate"], predicted),
                 "mae": mean_absolute_error(test["engagement_rate"], predicted)},
    }
    y_train = (train["followers_gained"] > 0).astype(float)
    y_test = (test["followers_gained"] > 0).astype(float)
    logistic = LogisticRegression(C=1.0, max_iter=200).fit(x_train, y_train)
    proba = logistic.predict_proba(x_test)[:, 1]
    out["follow_through"] = {
        "kind": "logistic", "train_rows": len(train), "test_rows": len(test), "features": names,
        "coefficients": logistic.coef_[0].tolist(), "intercept": float(logistic.intercept_[0]),
        "test": {"accuracy": float(((proba >= 0.5) == (y_test == 1)).mean()), "roc_auc": roc_auc_score(y_test, proba),
                 "log_loss": log_loss(y_test, proba)},
    }
    return out, means


def group_stats(w, key, overall):
    """Posts, impressions, mean rate, lift and followers per group, highest mean rate first (stable)."""
    g = w[w[key] != ""].groupby(key, sort=True).agg(
        posts=("engagement_rate", "size"), impressions=("impressions", "sum"),
        avg_engagement_rate=("engagement_rate", "mean"), followers_gained=("followers_gained", "sum"))
    g = g.sort_values("avg_engagement_rate", ascending=False, kind="stable")
    g["lift"] = g["avg_engagement_rate"] / overall - 1 if overall > 0 else 0.0
    return g


def performers(frame):
    """The columns a best or worst performer lists."""
    return [{"decision_id": r.decision_id, "engagement_rate": round(r.engagement_rate, 6),
             "impressions": int(r.impressions), "content_type": r.bandit_arm, "platform": r.platform,
             "hook_type": r.hook_type} for r in frame.itertuples()]


def report(w, retention, date, start_day):
    """The report's numbers: summary, groups, quality correlation, best and worst performers, cost."""
    overall = float(w["engagement_rate"].mean()) if len(w) else 0.0
    hours = w.assign(hour=np.where(w["posted_hour"] >= 0, w["posted_hour"].map("{:02d}:00".format), ""))
    q = w[w["quality_score"] >= 0]
    corr = float(np.corrcoef(q["quality_score"], q["engagement_rate"])[0, 1]) if len(q) >= MIN_GROUP else None
    exposed = w[w["impressions"] >= MIN_IMPRESSIONS]
    costed = w[w["cost"] >= 0]
    return {
        "date": date, "window": {"from": start_day, "to": date},
        "summary": {"content_analyzed": len(w), "impressions": int(w["impressions"].sum()),
                    "engagements": int(w["engaged"].sum()), "avg_engagement_rate": round(overall, 6),
                    "followers_gained": int(w["followers_gained"].sum()),
                    "avg_retention": round(float(retention["avg_watch_percentage"].mean()), 2) if len(retention) else None},
        "engagement": {
            "by_content_type": group_stats(w, "bandit_arm", overall).reset_index().to_dict("records"),
            "by_hour": group_stats(hours, "hour", overall).reset_index().to_dict("records"),
            "by_hook": group_stats(w, "hook_type", overall).reset_index().to_dict("records"),
            "quality_correlation": None if corr is None else round(corr, 4)},
        "platforms": group_stats(w, "platform", overall).reset_index().to_dict("records"),
        "best_performers": performers(exposed.nlargest(5, "engagement_rate", keep="first")),
        # Ties as learnloop breaks them: the best in window order, the worst in reverse window order.
        "worst_performers": performers(exposed.iloc[::-1].nsmallest(5, "engagement_rate", keep="first")),
        "cost": {"content_with_cost": len(costed), "total_cost": round(float(costed["cost"].sum()), 2)},
    }


def snapshot(w, retention, date):
    """The daily snapshot: the day's content, engagement, retention and best 3 (exposed first, then by rate)."""
    day = w[w["collected_day"] == date]
    day_ret = retention[retention["measured_at"].str.slice(0, 10) == date]
    ids = set(day["decision_id"]) | set(day_ret["content_id"])
    ranked = day.assign(exposed=day["impressions"] >= MIN_IMPRESSIONS).sort_values(
        ["exposed", "engagement_rate"], ascending=[False, False], kind="stable")
    return {"snapshot_date": date, "total_content_analyzed": len(ids),
            "avg_engagement_rate": round(float(day["engagement_rate"].mean()), 6) if len(day) else None,
            "avg_retention": round(float(day_ret["avg_watch_percentage"].mean()), 2) if len(day_ret) else None,
            "best_content_ids": ranked["decision_id"].head(3).tolist()}


def meta_scores(w, retention, captions, date):
    """Meta-learning scores of the content collected on the date, against the whole window."""
    rates = np.sort(w["engagement_rate"].to_numpy())
    items = w[w["collected_day"] == date]
    r = items["engagement_rate"].to_numpy()
    lo = np.searchsorted(rates, r, side="left")
    hi = np.searchsorted(rates, r, side="right")
    engagement = (lo + 0.5 * (hi - lo)) / len(rates)
    watch = items["decision_id"].map(retention.set_index("content_id")["avg_watch_percentage"]) if len(retention) \
        else pd.Series(np.nan, index=items.index)
    retention_score = np.clip(watch.to_numpy() / 100, 0, 1)
    quality = items["quality_score"].to_numpy()
    # Timing: the mean rate at the item's hour over the best hour's, on its platform (else all platforms), among
    # hours with at least 3 posts, with at least 3 such hours.
    timed = w[(w["posted_hour"] >= 0) & (w["posted_hour"] < 24)]
    per_platform = timed.groupby(["platform", "posted_hour"])["engagement_rate"].agg(["sum", "count"])
    overall_hours = timed.groupby("posted_hour")["engagement_rate"].agg(["sum", "count"])
    timing_of = {}
    for scope, table in [(p, per_platform.loc[p]) for p in per_platform.index.get_level_values(0).unique()] + [
            ("", overall_hours)]:
        ok = table[table["count"] >= MIN_SLOT]
        if len(ok) < 3:
            continue
        means = ok["sum"] / ok["count"]
        best = float(means.max())
        if best > 0:
            timing_of[scope] = {int(h): min(max(m / best, 0.0), 1.0) for h, m in means.items()}
    timing = np.full(len(items), np.nan)
    for i, (p, h) in enumerate(zip(items["platform"].to_numpy(), items["posted_hour"].to_numpy())):
        for scope in (p, ""):
            if scope in timing_of and h in timing_of[scope]:
                timing[i] = timing_of[scope][h]
                break
    parts = np.column_stack([retention_score, engagement, np.where(quality >= 0, np.maximum(quality, 0), np.nan), timing])
    known = ~np.isnan(parts)
    weights = np.array(WEIGHTS) * known
    virality = 100 * np.nansum(parts * np.array(WEIGHTS), axis=1) / np.where(weights.sum(axis=1) > 0, weights.sum(axis=1), 1)
    virality = np.where(weights.sum(axis=1) > 0, virality, np.nan)
    brand = brand_alignment(w, items, captions)
    scores = pd.DataFrame({"content_id": items["decision_id"].to_numpy(), "retention": np.round(retention_score, 6),
                           "engagement": np.round(engagement, 6), "virality": np.round(virality, 4),
                           "brand_alignment": brand})
    overall = np.nanmean(np.column_stack([scores["retention"], scores["engagement"], scores["brand_alignment"],
                                          scores["virality"] / 100]), axis=1)
    scores["overall"] = np.round(overall, 6)
    factors = []
    for row, v, t in zip(items.itertuples(), scores.itertuples(), timing):
        factors.append(json.dumps({
            "engagement_rate": round(row.engagement_rate, 6), "impressions": int(row.impressions),
            "quality_score": row.quality_score if row.quality_score >= 0 else None,
            "timing": None if np.isnan(t) else round(float(t), 4),
            "posted_hour": int(row.posted_hour) if row.posted_hour >= 0 else None,
            "content_type": row.bandit_arm, "platform": row.platform, "hook_type": row.hook_type}))
    scores["factors"] = factors
    return scores


def brand_alignment(w, items, captions):
    """(1 + cosine) / 2 of each item's caption to the centroid of the window's top fifth; NaN under 10 captions."""
    out = np.full(len(items), np.nan)
    if len(captions) < 10:
        return out
    vectors = {cid: v / (np.linalg.norm(v) or 1) for cid, v in captions.items()}
    embedded = w[w["decision_id"].isin(vectors)].sort_values("engagement_rate", ascending=False, kind="stable")
    top = max(3, int(np.ceil(0.2 * len(embedded))))
    centroid = np.sum([vectors[c] for c in embedded["decision_id"].head(top)], axis=0)
    centroid /= np.linalg.norm(centroid) or 1
    for i, cid in enumerate(items["decision_id"]):
        if cid in vectors:
            out[i] = round((1 + float(vectors[cid] @ centroid)) / 2, 6)
    return out


def write(con, date, state, fits, rep, snap, scores, outcomes_read):
    """Everything the run stores, in one transaction."""
    con.execute("BEGIN IMMEDIATE")
    con.execute("DELETE FROM bandit_arms")
    arms = [("content", a, s["successes"], s["failures"], 1 + s["successes"], 1 + s["failures"], s["pulls"],
             s["estimate"], date) for a, s in state["content"].items()]
    arms += [("timing", a, s["successes"], s["failures"], 1 + s["successes"], 1 + s["failures"], s["pulls"],
              s["estimate"], date) for a, s in state["timing"].items()]
    con.executemany("INSERT INTO bandit_arms (scope, arm_name, successes, failures, alpha, beta, pulls, mean_reward, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", arms)
    for name, m in fits.items():
        con.execute("UPDATE models SET active = 0 WHERE name = ? AND tenant = 'default'", (name,))
        con.execute("INSERT OR REPLACE INTO models (model_id, name, tenant, kind, trained_for, train_rows, metrics, "
                    "document, active, trained_at, owner, active_reason) VALUES (?, ?, 'default', ?, ?, ?, ?, ?, 1, ?, "
                    "'learn', 'newest daily fit')",
                    (f"{name}@{date}", name, m["kind"], date, m["train_rows"], json.dumps({"test": m["test"]}),
                     json.dumps(m), date))
    con.execute("INSERT OR REPLACE INTO daily_snapshots (snapshot_date, total_content_analyzed, avg_retention, "
                "avg_engagement_rate, best_content_ids, insights, recommendations, created_at) VALUES "
                "(?, ?, ?, ?, ?, '[]', '[]', ?)",
                (date, snap["total_content_analyzed"], snap["avg_retention"], snap["avg_engagement_rate"],
                 json.dumps(snap["best_content_ids"]), date))
    con.execute("DELETE FROM meta_learning_scores WHERE computed_at = ?", (date,))
    nan_to_none = lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)  # noqa: E731
    con.executemany(
        "INSERT INTO meta_learning_scores (content_id, overall_score, retention_score, engagement_score, "
        "virality_score, brand_alignment_score, factors, strengths, weaknesses, computed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, '[]', '[]', ?)",
        [(r.content_id, nan_to_none(r.overall), nan_to_none(r.retention), nan_to_none(r.engagement),
          nan_to_none(r.virality), nan_to_none(r.brand_alignment), r.factors, date) for r in scores.itertuples()])
    con.execute("INSERT OR REPLACE INTO learning_runs (run_date, outcomes_read, bandit_state, summary, report) "
                "VALUES (?, ?, ?, ?, ?)",
                (date, outcomes_read, json.dumps({**state, "through": date}),
                 json.dumps({"models": {k: v["test"] for k, v in fits.items()}}), json.dumps(rep, default=float)))
    con.execute("COMMIT")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--date", required=True)
    parser.add_argument("--window", type=int, default=7)
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.date)
    start_day = (day - dt.timedelta(days=args.window - 1)).isoformat()
    end = (day + dt.timedelta(days=1)).isoformat()
    con = sqlite3.connect(args.db, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 5000")
    con.execute("BEGIN")  # one snapshot for every read
    w, retention = read_window(con, start_day, end)
    prev = previous_state(con, args.date)
    through = prev.get("through", "")
    captions = {cid: np.frombuffer(blob, dtype="<f4").astype(float)
                for cid, dim, blob in con.execute(CAPTIONS_SQL, (start_day, end)) if blob and len(blob) == 4 * dim}
    con.execute("COMMIT")
    if through and through >= start_day:
        new_rows = w[w["collected_day"] > through]
    elif through:
        new_rows = pd.read_sql_query(WINDOW_SQL, con, params=(
            (dt.date.fromisoformat(through) + dt.timedelta(days=1)).isoformat(), end))
    else:
        new_rows = w
    state = bandits(new_rows)
    epoch_day = (day - dt.date(1970, 1, 1)).days
    fits, _ = fit_models(w, epoch_day)
    rep = report(w, retention, args.date, start_day)
    snap = snapshot(w, retention, args.date)
    scores = meta_scores(w, retention, captions, args.date)
    write(con, args.date, state, fits, rep, snap, scores, len(w))
    con.close()
    headline = {
        "outcomes_read": len(w), "new_outcomes": len(new_rows),
        "content_bandit": {a: [s["successes"], s["pulls"]] for a, s in state["content"].items()},
        "timing_bandit": {a: [s["successes"], s["pulls"]] for a, s in state["timing"].items()},
        "summary": rep["summary"],
        "best_performers": [p["decision_id"] for p in rep["best_performers"]],
        "worst_performers": [p["decision_id"] for p in rep["worst_performers"]],
        "snapshot": {k: snap[k] for k in ("total_content_analyzed", "avg_engagement_rate", "best_content_ids")},
        "meta_scores": len(scores),
        "models": {k: {"train_rows": v["train_rows"], "test_rows": v["test_rows"], "test": v["test"]}
                   for k, v in fits.items()},
    }
    json.dump(headline, sys.stdout, default=float)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
