#!/usr/bin/env python3
"""Writes a small content history (CSV) and the content-analytics figures expected for it, computed
here independently of learnloop (plain Python): best time to post per platform, retention-cluster
features with their lifts, virality components and score for sample content (fixed weights: the
window is too short for learned ones), and the meta-learning scores of the learning day. GoogleTest
and node:test ingest the CSVs and compare. Run: python3 generate.py"""
import datetime
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from golden_csv import write_csv  # noqa: E402
END = datetime.date(2026, 5, 31)          # last collection day
POST_DAYS = [END - datetime.timedelta(days=d) for d in range(30, 0, -1)]  # posted 05-01 .. 05-30, collected a day later
PLATFORMS = ["tiktok", "instagram", "twitter"]
TYPES = ["educational_thread", "meme_single", "question_reply"]
HOOKS = ["story", "list", "question"]
PLATFORM_MULT = {"tiktok": 1.3, "instagram": 1.1, "twitter": 0.9}
TYPE_RATE = {"educational_thread": 0.045, "meme_single": 0.035, "question_reply": 0.025}
HOOK_WATCH = {"story": 12, "list": -6, "question": 2}
WEIGHTS = [0.35, 0.30, 0.20, 0.15]

rng = random.Random(11)
content, outcomes, retention = [], [], []
for day in POST_DAYS:
    for i in range(12):
        cid = "k-%s-%02d" % (day.strftime("%m%d"), i)
        platform = PLATFORMS[i % 3]
        ctype = TYPES[(i // 3) % 3]
        hook = HOOKS[rng.randrange(3)]
        hour = rng.choice([7, 9, 12, 14, 18, 20, 22])
        quality = round(rng.uniform(0.3, 0.95), 3)
        duration = round(rng.uniform(5, 90), 1)
        content.append({"decision_id": cid, "platform": platform, "decision_type": ctype.split("_")[1], "bandit_arm": ctype,
                        "topic": "ai", "hook_type": hook, "style": "casual", "quality_score": quality, "cost": 10,
                        "created_at": day.isoformat(), "posted_at": "%sT%02d:30:00Z" % (day.isoformat(), hour),
                        "duration_seconds": duration})
        hour_mult = 1.4 if hour in (12, 18) else 0.7 if hour == 7 else 1.0
        day_mult = 1.2 if day.weekday() in (1, 2) else 0.85 if day.weekday() >= 5 else 1.0
        rate = TYPE_RATE[ctype] * PLATFORM_MULT[platform] * hour_mult * day_mult * rng.uniform(0.6, 1.4)
        impressions = rng.randint(300, 8000)
        engaged = int(round(impressions * rate))
        likes = int(engaged * 0.7)
        retweets = (engaged - likes) // 2
        replies = engaged - likes - retweets
        collected = "%sT%02d:30:00Z" % ((day + datetime.timedelta(days=1)).isoformat(), hour)
        outcomes.append({"decision_id": cid, "impressions": impressions, "likes": likes, "retweets": retweets, "replies": replies,
                         "bookmarks": 0, "engagement_rate": "", "followers_gained": 0, "revenue": "", "collected_at": collected})
        watch = max(5.0, min(98.0, 62 + HOOK_WATCH[hook] - 0.25 * (duration - 40) + rng.uniform(-15, 15)))
        retention.append({"content_id": cid, "platform": platform, "avg_watch_percentage": round(watch, 2),
                          "retention_curve": "", "drop_off_points": "[]", "completion_rate": round(watch / 200, 4),
                          "rewatch_rate": 0, "measured_at": collected})


write_csv(HERE, "content_metadata.csv", content)
write_csv(HERE, "outcomes.csv", outcomes)
write_csv(HERE, "retention_metrics.csv", retention)

meta = {c["decision_id"]: c for c in content}
watch_of = {r["content_id"]: r["avg_watch_percentage"] for r in retention}


def window_rows(to, days):
    first = to - datetime.timedelta(days=days - 1)
    out = []
    for o in outcomes:
        d = datetime.date.fromisoformat(o["collected_at"][:10])
        if first <= d <= to:
            c = meta[o["decision_id"]]
            out.append({"id": o["decision_id"], "platform": c["platform"], "type": c["bandit_arm"], "hook": c["hook_type"],
                        "duration": c["duration_seconds"], "quality": c["quality_score"], "hour": int(c["posted_at"][11:13]),
                        "weekday": datetime.date.fromisoformat(c["posted_at"][:10]).weekday(), "impressions": o["impressions"],
                        "rate": (o["likes"] + o["retweets"] + o["replies"]) / o["impressions"], "watch": watch_of[o["decision_id"]],
                        "collected": d})
    return sorted(out, key=lambda r: r["id"])


def mean(v):
    return sum(v) / len(v)


def ranked(groups):
    keys = [k for k, v in groups.items() if len(v) >= 3]
    return sorted(keys, key=lambda k: (-mean(groups[k]), k))


DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def best_time(rows, platform):
    mine = [r for r in rows if r["platform"] == platform]
    hours, days, cells = {}, {}, {}
    for r in mine:
        hours.setdefault(r["hour"], []).append(r["rate"])
        days.setdefault(r["weekday"], []).append(r["rate"])
        cells.setdefault((r["weekday"], r["hour"]), []).append(r["rate"])
    hr, dr = ranked(hours), ranked(days)
    ok = len(mine) >= 20 and len(hr) >= 3
    return {"platform": platform, "status": "ok" if ok else "not_enough_data", "sample_size": len(mine),
            "best_hours": hr[:3] if ok else [], "best_days": [DAY_NAMES[d] for d in dr[:3]] if ok else [],
            "hourly_performance": {str(h): mean(v) for h, v in sorted(hours.items())},
            "hourly_posts": {str(h): len(v) for h, v in sorted(hours.items())},
            "daily_performance": {DAY_NAMES[d]: mean(v) for d, v in sorted(days.items())},
            "weekday_hour_performance": {DAY_NAMES[d]: [mean(cells[(d, h)]) if (d, h) in cells else None for h in range(24)] for d in range(7)},
            "weekday_hour_posts": {DAY_NAMES[d]: [len(cells.get((d, h), [])) for h in range(24)] for d in range(7)}}


def bucket(s):
    return "0-15s" if s < 15 else "15-30s" if s < 30 else "30-60s" if s < 60 else "60s+"


def cluster(w):
    return "high" if w >= 70 else "medium" if w >= 40 else "low"


def cluster_features(rows):
    out = {}
    feats = {"content_type": lambda r: r["type"], "duration_bucket": lambda r: bucket(r["duration"]),
             "hook_type": lambda r: r["hook"], "platform": lambda r: r["platform"]}
    for c in ["high", "medium", "low"]:
        inside = [r for r in rows if cluster(r["watch"]) == c]
        out[c] = {"content": len(inside), "features": {}}
        for name, f in feats.items():
            vals = {}
            for r in inside:
                v = f(r)
                share = sum(1 for x in inside if f(x) == v) / len(inside)
                overall = sum(1 for x in rows if f(x) == v) / len(rows)
                vals[v] = {"content": sum(1 for x in inside if f(x) == v), "share": share, "lift": share / overall}
            out[c]["features"][name] = vals
    return out


class History:
    def __init__(self, rows):
        self.rows = rows
        self.rates = [r["rate"] for r in rows]

    def group_mean(self, values, min_n=5):
        return (mean(values), len(values)) if len(values) >= min_n else None

    def retention(self, c):
        b = bucket(c["duration"])
        tries = [lambda r: r["type"] == c["type"] and r["hook"] == c["hook"] and bucket(r["duration"]) == b,
                 lambda r: r["type"] == c["type"] and r["hook"] == c["hook"],
                 lambda r: r["hook"] == c["hook"], lambda r: r["type"] == c["type"], lambda r: True]
        if c["duration"] < 0:  # unknown duration: no bucket to match
            tries = tries[1:]
        for t in tries:
            g = self.group_mean([r["watch"] / 100 for r in self.rows if t(r)])
            if g:
                return g[0]
        return None

    def percentile(self, x):
        below = sum(1 for v in self.rates if v < x)
        equal = sum(1 for v in self.rates if v == x)
        return (below + 0.5 * equal) / len(self.rates)

    def engagement(self, c):
        tries = [lambda r: r["platform"] == c["platform"] and r["type"] == c["type"], lambda r: r["type"] == c["type"],
                 lambda r: r["platform"] == c["platform"], lambda r: True]
        for t in tries:
            g = self.group_mean([r["rate"] for r in self.rows if t(r)])
            if g:
                return self.percentile(g[0]), g[0]
        return None

    def timing(self, c):
        for scope in [c["platform"], None]:
            hours = {}
            for r in self.rows:
                if scope is None or r["platform"] == scope:
                    hours.setdefault(r["hour"], []).append(r["rate"])
            elig = sorted(h for h, v in hours.items() if len(v) >= 3)
            if len(elig) < 3:
                continue
            best = max(elig, key=lambda h: (mean(hours[h]), -h))
            if c["hour"] is None:
                return 1.0
            if len(hours.get(c["hour"], [])) < 3:
                continue
            return min(1.0, max(0.0, mean(hours[c["hour"]]) / mean(hours[best])))
        return None


def composite(comps):
    num = sum(w * c for w, c in zip(WEIGHTS, comps) if c is not None)
    den = sum(w for w, c in zip(WEIGHTS, comps) if c is not None)
    return 100 * num / den


def quantile(values, q):
    v = sorted(values)
    pos = q * (len(v) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (pos - lo) * (v[hi] - v[lo])


def virality(rows, c):
    h = History(rows)
    eng = h.engagement(c)
    comps = [h.retention(c), eng[0], c["quality"], h.timing(c)]
    comparable = [r for r in rows if r["platform"] == c["platform"] and r["type"] == c["type"]]
    if len(comparable) < 5:
        comparable = [r for r in rows if r["platform"] == c["platform"]]
    views = [r["impressions"] for r in comparable]
    rates = [r["rate"] for r in comparable]
    return {"components": dict(zip(["retention", "engagement", "quality", "timing"], comps)), "virality_score": composite(comps),
            "expected_engagement_rate": eng[1], "comparable_posts": len(comparable),
            "predicted_views": [quantile(views, 0.5), quantile(views, 0.1), quantile(views, 0.9)],
            "predicted_engagement_rate": [quantile(rates, 0.5), quantile(rates, 0.1), quantile(rates, 0.9)]}


def meta_scores(rows, day):
    """Scores relative to the whole window, for the content whose outcome was collected on `day` (the job scores each item once)."""
    h = History(rows)
    out = {}
    for r in (r for r in rows if r["collected"] == day):
        c = {"platform": r["platform"], "type": r["type"], "hook": r["hook"], "duration": r["duration"], "quality": r["quality"], "hour": r["hour"]}
        comps = [r["watch"] / 100, h.percentile(r["rate"]), r["quality"], h.timing(c)]
        v = composite(comps)
        out[r["id"]] = {"retention_score": comps[0], "engagement_score": comps[1], "virality_score": v,
                        "overall_score": (comps[0] + comps[1] + v / 100) / 3}
    return out


rows28 = window_rows(END, 28)
rows7 = window_rows(END, 7)
samples = [
    {"content_id": "new-1", "platform": "tiktok", "content_type": "educational_thread", "hook_type": "story", "duration_seconds": 20,
     "quality_score": 0.85, "posted_hour": 18, "aesthetic_score": 0.9},
    {"content_id": "new-2", "platform": "twitter", "content_type": "question_reply", "hook_type": "list", "duration_seconds": 75,
     "quality_score": 0.4, "posted_hour": 7},
    {"content_id": "new-3", "platform": "instagram", "content_type": "meme_single", "hook_type": "question", "quality_score": 0.6},
]


def as_row(s):
    return {"platform": s["platform"], "type": s["content_type"], "hook": s["hook_type"], "duration": s.get("duration_seconds", -1),
            "quality": s["quality_score"], "hour": s.get("posted_hour")}


expected = {
    "end": END.isoformat(),
    "best_time": {p: best_time(rows28, p) for p in PLATFORMS + ["myspace"]},
    "clusters": {"date": END.isoformat(), "window_days": 7, **cluster_features(rows7)},
    "virality": {"days": 7, "cases": [{"content": s, **virality(rows7, as_row(s))} for s in samples]},
    "meta_scores": {"date": END.isoformat(), "count": len(meta_scores(rows7, END)), "scores": meta_scores(rows7, END)},
}
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
