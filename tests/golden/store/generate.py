#!/usr/bin/env python3
"""Writes a small metrics history as CSV files and the learning-report figures expected for it,
computed here independently of learnloop (plain Python, no learnloop code). GoogleTest and
node:test ingest the CSVs, run the learning job and compare. Run: python3 generate.py"""
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from golden_csv import write_csv  # noqa: E402
DATE = "2026-03-14"          # the learning day
DAYS = ["2026-03-%02d" % d for d in range(6, 15)]  # 2026-03-06 .. 2026-03-14; the window is 03-08 .. 03-14
WINDOW = DAYS[2:]
TYPES = ["educational_thread", "meme_single", "question_reply"]
PLATFORMS = ["twitter", "tiktok"]
HOOKS = ["story", "list"]
THRESHOLD = 0.03

rng = random.Random(7)
content, outcomes, retention = [], [], []
for day in DAYS:
    for i in range(6):
        cid = "g-%s-%d" % (day[5:].replace("-", ""), i)
        ctype = TYPES[i % 3]
        platform = PLATFORMS[(i // 3) % 2]
        hook = HOOKS[i % 2]
        hour = 8 + (i * 3) % 14
        quality = round(rng.uniform(0.3, 0.95), 3)
        content.append({"decision_id": cid, "platform": platform, "decision_type": ctype.split("_")[1], "bandit_arm": ctype,
                        "topic": "ai", "hook_type": hook, "style": "casual", "quality_score": quality,
                        "cost": round(rng.uniform(10, 50), 2), "created_at": day, "posted_at": "%sT%02d:15:00Z" % (day, hour)})
        impressions = rng.randint(80, 5000)
        likes = rng.randint(0, impressions // 20)
        retweets = rng.randint(0, impressions // 60)
        replies = rng.randint(0, impressions // 90)
        stored = "" if i % 2 == 0 else round((likes + retweets + replies) / impressions * 1.1, 6)
        outcomes.append({"decision_id": cid, "impressions": impressions, "likes": likes, "retweets": retweets, "replies": replies,
                         "bookmarks": likes // 10, "engagement_rate": stored, "followers_gained": rng.randint(0, 3),
                         "revenue": round(rng.uniform(0, 80), 2), "collected_at": "%sT06:00:00Z" % day})
        curve = [1.0]
        for _ in range(10):
            curve.append(round(max(0.01, curve[-1] - rng.uniform(0.0, 0.12)), 4))
        drops = [k / 10 for k in range(1, 11) if curve[k - 1] - curve[k] > 0.10]
        retention.append({"content_id": cid, "platform": platform, "avg_watch_percentage": round(sum(curve) / len(curve) * 100, 2),
                          "retention_curve": json.dumps(curve), "drop_off_points": json.dumps(drops),
                          "completion_rate": curve[-1], "rewatch_rate": 0.01, "measured_at": "%sT06:00:00Z" % day})
# A second, later collection of one content in the window: the latest collection counts.
recollected = dict(outcomes[20], impressions=9000, likes=700, retweets=20, replies=10, engagement_rate="",
                   collected_at="%sT18:00:00Z" % WINDOW[1])
outcomes.append(recollected)


write_csv(HERE, "content_metadata.csv", content)
write_csv(HERE, "outcomes.csv", outcomes)
write_csv(HERE, "retention_metrics.csv", retention)

# Expected figures: the latest outcome per content collected in the window, joined with its content.
meta = {c["decision_id"]: c for c in content}
latest = {}
for o in outcomes:
    if o["collected_at"][:10] in WINDOW:
        if o["decision_id"] not in latest or o["collected_at"] > latest[o["decision_id"]]["collected_at"]:
            latest[o["decision_id"]] = o


def rate(o):
    if o["engagement_rate"] != "":
        return o["engagement_rate"]
    return (o["likes"] + o["retweets"] + o["replies"]) / o["impressions"]


rows = sorted(latest.values(), key=lambda o: o["decision_id"])
rates = {o["decision_id"]: rate(o) for o in rows}
by_type = {}
for o in rows:
    by_type.setdefault(meta[o["decision_id"]]["bandit_arm"], []).append(rates[o["decision_id"]])
type_stats = sorted(({"content_type": t, "posts": len(v), "avg_engagement_rate": sum(v) / len(v)} for t, v in by_type.items()),
                    key=lambda g: -g["avg_engagement_rate"])
exposed = sorted((o for o in rows if o["impressions"] >= 100), key=lambda o: -rates[o["decision_id"]])
ret = [r for r in retention if r["measured_at"][:10] in WINDOW]
clusters = {"high": 0, "medium": 0, "low": 0}
for r in ret:
    w = r["avg_watch_percentage"]
    clusters["high" if w >= 70 else "medium" if w >= 40 else "low"] += 1
day_rows = [o for o in rows if o["collected_at"][:10] == DATE]
arms = {}
for o in rows:  # the first run counts every outcome of the window
    a = arms.setdefault(meta[o["decision_id"]]["bandit_arm"], {"successes": 0, "failures": 0})
    a["successes" if rates[o["decision_id"]] > THRESHOLD else "failures"] += 1



def finding(groups):
    """The finding rule, computed here from the definition: the top two groups of >= 5 posts by mean
    (ties: the earlier key), and P(best's mean > runner-up's) under normal approximations of the means."""
    big = sorted((k for k in sorted(groups) if len(groups[k]) >= 5), key=lambda k: -sum(groups[k]) / len(groups[k]))
    if len(big) < 2:
        return {"status": "not_enough_data"}
    a, b = groups[big[0]], groups[big[1]]

    def var_of_mean(v):
        m = sum(v) / len(v)
        return sum((x - m) ** 2 for x in v) / (len(v) - 1) / len(v)
    diff = sum(a) / len(a) - sum(b) / len(b)
    chance = 0.5 * math.erfc(-diff / (math.sqrt(var_of_mean(a) + var_of_mean(b)) * math.sqrt(2)))
    return {"status": "clear" if chance >= 0.9 else "no_clear_difference", "best": big[0], "runner_up": big[1],
            "chance_beats_runner_up": chance}


by_hour, by_platform = {}, {}
for o in rows:
    m = meta[o["decision_id"]]
    by_hour.setdefault(int(m["posted_at"][11:13]), []).append(rates[o["decision_id"]])
    by_platform.setdefault(m["platform"], []).append(rates[o["decision_id"]])

expected = {
    "date": DATE,
    "window": {"from": WINDOW[0], "to": DATE, "days": 7},
    "summary": {
        "content_analyzed": len(rows),
        "impressions": sum(o["impressions"] for o in rows),
        "engagements": sum(o["likes"] + o["retweets"] + o["replies"] for o in rows),
        "avg_engagement_rate": sum(rates.values()) / len(rows),
        "followers_gained": sum(o["followers_gained"] for o in rows),
    },
    "by_content_type": type_stats,
    "best_performers": [o["decision_id"] for o in exposed[:5]],
    "worst_performers": [o["decision_id"] for o in exposed[::-1][:5]],
    "retention": {"content_measured": len(ret), "avg_watch_percentage": sum(r["avg_watch_percentage"] for r in ret) / len(ret),
                  "clusters": clusters},
    "content_arms": {k: arms[k] for k in sorted(arms)},
    "findings": {"content_type": finding(by_type), "hour": finding(by_hour), "platform": finding(by_platform)},
    "snapshot": {"total_content_analyzed": len(day_rows), "avg_engagement_rate": sum(rates[o["decision_id"]] for o in day_rows) / len(day_rows)},
}
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")

# The same history as records for the job without a database (learn --records, ll.learnJob): each
# outcome joined with its content's metadata, numbers as numbers, a missing stored rate as null.
by_id = {c["decision_id"]: c for c in content}
with open(os.path.join(HERE, "records.jsonl"), "w") as f:
    for o in outcomes:
        record = dict(by_id[o["decision_id"]], **o)
        record["engagement_rate"] = None if o["engagement_rate"] == "" else o["engagement_rate"]
        f.write(json.dumps(record) + "\n")
with open(os.path.join(HERE, "retention.jsonl"), "w") as f:
    for r in retention:
        f.write(json.dumps(dict(r, retention_curve=json.loads(r["retention_curve"]), drop_off_points=json.loads(r["drop_off_points"]))) + "\n")
