#!/usr/bin/env python3
"""Writes tests/golden/ads/*.json from an independent Python reading of spec 004's ads analytics.

Budget simulation: xoshiro256** and the polar normal from tests/golden/generate.py, then revenue =
baseline * (spend / base)^e * max(0, 1 + noise * z1), e = clip(0.85 + 0.05 * z2, 0.001, 1), numpy-style
percentiles. Creative fatigue: components, weights, levels and the 14-day least-squares trend as
the README describes them. EMQ: spec 004's field weights and levels. GoogleTest and node:test both
check the core (native and wasm) against these files. Run: python3 tests/golden/ads/generate.py
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from generate import Xoshiro256ss, normal  # noqa: E402


def rnd(v, scale):
    # C's round(): halves away from zero (Python's round() rounds halves to even).
    x = v * scale
    r = math.floor(abs(x) + 0.5)
    return math.copysign(r, x) / scale


def percentile(sorted_values, p):
    pos = p * (len(sorted_values) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (pos - lo) * (sorted_values[hi] - sorted_values[lo])


def simulate_budget(req, seed, iterations):
    base = req["base_budget"]
    rev0, conv0 = req["baseline"]["revenue"], req["baseline"]["conversions"]
    e0, esd, csd = 0.85, 0.05, 0.1
    rng = Xoshiro256ss(seed, 0)
    mult, expo = [], []
    for _ in range(iterations):
        mult.append(max(0.0, 1.0 + csd * normal(rng)))
        expo.append(min(1.0, max(1e-3, e0 + esd * normal(rng))))
    scenarios = []
    for s in req["scenarios"]:
        ratio = 1.0 + s["budget_change_percent"] / 100.0
        spend = base * ratio
        rev = [rev0 * (math.exp(expo[i] * math.log(ratio)) * mult[i] if ratio > 0 else 0.0) for i in range(iterations)]
        conv = [conv0 * (math.exp(expo[i] * math.log(ratio)) * mult[i] if ratio > 0 else 0.0) for i in range(iterations)]
        mean_rev = sum(rev) / iterations
        mean_conv = sum(conv) / iterations
        rev.sort()
        conv.sort()
        r5, r95 = percentile(rev, 0.05), percentile(rev, 0.95)
        ms = spend - base
        scenarios.append({
            "name": s["name"], "budget_change_percent": s["budget_change_percent"], "spend": rnd(spend, 100),
            "revenue": rnd(mean_rev, 100), "roas": rnd(mean_rev / spend, 1e4) if spend > 0 else None,
            "conversions": rnd(mean_conv, 100),
            "marginal_roas": rnd((mean_rev - rev0) / ms, 1e4) if ms != 0 else None,
            "confidence_interval": [rnd(r5, 100), rnd(r95, 100)],
            "roas_interval": [rnd(r5 / spend, 1e4), rnd(r95 / spend, 1e4)] if spend > 0 else None,
            "conversions_interval": [rnd(percentile(conv, 0.05), 100), rnd(percentile(conv, 0.95), 100)],
        })
    return {"baseline": {"spend": base, "revenue": rev0, "roas": rnd(rev0 / base, 1e4), "conversions": conv0}, "scenarios": scenarios}


# ---------------------------------------------------------------- creative fatigue

def age_score(days):
    xs, ys = [0, 7, 14, 28, 45, 60], [0, 10, 30, 60, 85, 100]
    if days >= 60:
        return 100.0
    for i in range(1, 6):
        if days <= xs[i]:
            return ys[i - 1] + (days - xs[i - 1]) * (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1])
    return 100.0


def freq_score(f):
    return 10 if f < 2 else 30 if f < 4 else 60 if f < 6 else 80 if f < 8 else 95


def decline(d):
    return min(100.0, max(0.0, d * 200))


def eng_over(rows):
    have = [r for r in rows if r.get("engagement_rate") is not None]
    if not have:
        return None
    num = sum(r["engagement_rate"] * r["impressions"] for r in have)
    den = sum(r["impressions"] for r in have)
    return num / den if den > 0 else 0.0


def day_number(date):
    import datetime
    return (datetime.date.fromisoformat(date) - datetime.date(1970, 1, 1)).days


def components(rows, as_of):
    n = len(rows)
    w = min(7, n // 2)
    c = {"window": w, "days": as_of - day_number(rows[0]["metric_date"]) + 1}
    c["age"] = age_score(c["days"])
    first, last = rows[:w], rows[n - w:]
    i0, k0 = sum(r["impressions"] for r in first), sum(r["clicks"] for r in first)
    i1, k1 = sum(r["impressions"] for r in last), sum(r["clicks"] for r in last)
    c["ictr"] = k0 / i0 if i0 > 0 else 0.0
    c["cctr"] = k1 / i1 if i1 > 0 else 0.0
    c["ctr"] = 50.0 if c["ictr"] == 0 else decline((c["ictr"] - c["cctr"]) / c["ictr"])
    c["freq"] = None
    for i in range(n - 1, -1, -1):
        if rows[i].get("frequency") is not None:
            c["freq"] = rows[i]["frequency"]
            break
        if rows[i].get("reach") not in (None, 0):
            c["freq"] = sum(r["impressions"] for r in rows[:i + 1]) / rows[i]["reach"]
            break
    e0, e1 = eng_over(first), eng_over(last)
    c["eng"] = None if e0 is None or e1 is None else (50.0 if e0 == 0 else decline((e0 - e1) / e0))
    total = 0.2 + 0.35 + (0.25 if c["freq"] is not None else 0) + (0.2 if c["eng"] is not None else 0)
    score = c["age"] * 0.2 / total + c["ctr"] * 0.35 / total
    if c["freq"] is not None:
        score += freq_score(c["freq"]) * 0.25 / total
    if c["eng"] is not None:
        score += c["eng"] * 0.2 / total
    c["score"] = score
    return c


def fatigue(history, as_of_date):
    as_of = day_number(as_of_date)
    rows = sorted([r for r in history if day_number(r["metric_date"]) <= as_of], key=lambda r: r["metric_date"])
    n = len(rows)
    if n < 4:
        return {"status": "not_enough_data", "sample_size": n}
    c = components(rows, as_of)
    score = rnd(c["score"], 10)
    level = "critical" if score >= 85 else "high" if score >= 70 else "medium" if score >= 50 else "low"
    xs, ys = [], []
    for k in range(max(0, n - 14), n):
        if k + 1 < 4:
            continue
        d = day_number(rows[k]["metric_date"])
        xs.append(d - as_of)
        ys.append(components(rows[:k + 1], d)["score"])
    slope = None
    if len(xs) >= 5:
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
        sxx = sum((x - mx) ** 2 for x in xs)
        slope = sxy / sxx if sxx > 0 else 0.0
    if c["score"] >= 85:
        days, outlook = 0, "already_critical"
    elif slope is None:
        days, outlook = None, "too_few_days"
    elif slope < 0.05:
        days, outlook = None, "not_heading_there"
    else:
        d = math.ceil((85 - c["score"]) / slope)
        days, outlook = (None, "beyond_90_days") if d > 90 else (int(d), "projected")
    return {"status": "ok", "sample_size": n, "fatigue_score": score, "fatigue_level": level,
            "age_score": rnd(c["age"], 10), "ctr_score": rnd(c["ctr"], 10),
            "frequency_score": None if c["freq"] is None else float(freq_score(c["freq"])),
            "engagement_score": None if c["eng"] is None else rnd(c["eng"], 10),
            "days_until_critical": days, "critical_outlook": outlook,
            "slope_per_day": None if slope is None else rnd(slope, 1000)}


def history(creative, days, end, imp, ctr0, tau, eng0=None, reach_audience=None, frequency=None):
    out, to_date = [], 0
    end_n = day_number(end)
    import datetime
    for t in range(days):
        date = (datetime.date(1970, 1, 1) + datetime.timedelta(days=end_n - days + 1 + t)).isoformat()
        i = imp + (t * 37) % 200
        clicks = round(i * ctr0 * math.exp(-t / tau))
        to_date += i
        r = {"creative_id": creative, "metric_date": date, "impressions": i, "clicks": clicks}
        if eng0 is not None:
            r["engagement_rate"] = round(eng0 * math.exp(-t / (tau * 1.2)), 6)
        if reach_audience is not None:
            r["reach"] = round(reach_audience * (1 - math.exp(-to_date / reach_audience)))
        if frequency is not None:
            r["frequency"] = frequency
        out.append(r)
    return out


# ---------------------------------------------------------------- EMQ

WEIGHTS = {
    "meta": [("email", 0.25), ("phone", 0.20), ("click_id", 0.20), ("ip_address", 0.15), ("user_agent", 0.10), ("external_id", 0.10)],
    "google": [("email", 0.25), ("phone", 0.20), ("gclid", 0.25), ("ip_address", 0.10), ("user_agent", 0.10), ("external_id", 0.10)],
}

EVENTS = [
    '{"event_id":"e1","email":"ann@example.com","phone":"+1 415 555 0100","click_id":"fb.1.1700000000.AbC","ip_address":"203.0.113.7","user_agent":"Mozilla/5.0 (X11)","external_id":"u1","gclid":"Cj0K"}',
    '{"event_id":"e2","user_data":{"em":["' + "a" * 64 + '"],"ph":["' + "b" * 64 + '"],"client_ip_address":"2001:db8::1","client_user_agent":"Mozilla/5.0 (iPhone)","fbc":"fb.1.1.x"}}',
    '{"event_id":"e3","email":"not-an-email","phone":"12","ip_address":"999.1.1.1","user_agent":"Moz"}',
    '',
    '{"event_id":4,"email":"bob@shop.co","external_id":12345}',
    'this is not json',
    '[1,2,3]',
    '{"event_id":"e7","gclid":"Cj0KCQ","ip_address":"198.51.100.23","user_agent":"Mozilla/5.0 (Android)","phone":"(415) 555-0199"}',
    '{}',
]


def emq_expected(platform):
    # Which fields each event line (1-based) has usable: written down by hand from EVENTS above.
    usable = {
        1: {"email", "phone", "click_id", "ip_address", "user_agent", "external_id", "gclid"},
        2: {"email", "phone", "ip_address", "user_agent", "click_id"},
        3: set(),
        5: {"email", "external_id"},
        8: {"gclid", "ip_address", "user_agent", "phone"},
        9: set(),
    }
    invalid = {3: {"email", "phone", "ip_address", "user_agent"}}
    events = []
    for line, ok in usable.items():
        score = rnd(sum(w * 100 for f, w in WEIGHTS[platform] if f in ok), 10)
        level = "excellent" if score >= 80 else "good" if score >= 60 else "fair" if score >= 40 else "poor"
        events.append({"line": line, "score": score, "level": level,
                       "missing_fields": [f for f, _ in WEIGHTS[platform] if f not in ok],
                       "invalid_fields": [f for f, _ in WEIGHTS[platform] if f in invalid.get(line, set())]})
    mean = rnd(sum(e["score"] for e in events) / len(events), 10)
    coverage = {f: rnd(sum(1 for e in events if f not in e["missing_fields"]) / len(events), 1e4) for f, _ in WEIGHTS[platform]}
    return {"events": events, "mean_score": mean, "malformed_lines": [6, 7], "field_coverage": coverage}


def main():
    budget_request = {
        "campaign_id": 123,
        "base_budget": 10000,
        "baseline": {"revenue": 32000, "conversions": 400},
        "time_horizon_days": 30,
        "scenarios": [
            {"name": "+20% Budget", "budget_change_percent": 20},
            {"name": "-20% Budget", "budget_change_percent": -20},
            {"name": "+50% Budget", "budget_change_percent": 50},
            {"name": "pause", "budget_change_percent": -100},
            {"name": "hold", "budget_change_percent": 0},
        ],
    }
    budget = {"request": budget_request, "seed": 7, "iterations": 1000, "tolerance": 1e-4,
              "expected": simulate_budget(budget_request, 7, 1000)}
    with open(os.path.join(HERE, "budget.json"), "w") as f:
        json.dump(budget, f, indent=1)
        f.write("\n")

    end = "2026-11-22"
    cases = [
        {"name": "wearing_out", "history": history("cr-a", 40, end, 9000, 0.02, 18, eng0=0.05, reach_audience=30000), "as_of": end},
        {"name": "fresh", "history": history("cr-b", 6, end, 8000, 0.015, 1e9, eng0=0.04, reach_audience=150000), "as_of": end},
        {"name": "slow_no_engagement", "history": history("cr-c", 30, end, 5000, 0.012, 80, frequency=3.1), "as_of": end},
        {"name": "stable_old", "history": history("cr-d", 50, end, 7000, 0.01, 1e9, eng0=0.03), "as_of": end},
        {"name": "as_of_earlier", "history": history("cr-a", 40, end, 9000, 0.02, 18, eng0=0.05, reach_audience=30000), "as_of": "2026-11-01"},
        {"name": "too_short", "history": history("cr-e", 3, end, 9000, 0.02, 18), "as_of": end},
        {"name": "empty", "history": [], "as_of": end},
    ]
    for c in cases:
        c["expected"] = fatigue(c["history"], c["as_of"])
    with open(os.path.join(HERE, "fatigue.json"), "w") as f:
        json.dump({"tolerance": 1e-9, "cases": cases}, f, indent=1)
        f.write("\n")

    with open(os.path.join(HERE, "emq.json"), "w") as f:
        json.dump({"jsonl": "\n".join(EVENTS) + "\n", "meta": emq_expected("meta"), "google": emq_expected("google")}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
