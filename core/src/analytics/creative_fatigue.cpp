// Creative fatigue scoring. Baseline = the first w days of delivery, current = the last w days up
// to the scoring day (w = min(7, days / 2)); CTR and engagement rate are impression-weighted over
// those windows. Decline d = (baseline - current) / baseline scores min(100, max(0, 200 d)), as in
// spec 004 (a zero baseline CTR scores 50, the spec's neutral value). Age interpolates linearly
// through (0, 0), (7, 10), (14, 30), (28, 60), (45, 85), (60, 100) days; frequency uses the spec's
// steps (< 2: 10, < 4: 30, < 6: 60, < 8: 80, else 95).
#include "learnloop/analytics/creative_fatigue.hpp"

#include <algorithm>
#include <cmath>

#include "learnloop/core/format.hpp"

namespace learnloop {
namespace {

constexpr double kWeightAge = 0.2, kWeightFrequency = 0.25, kWeightCtr = 0.35, kWeightEngagement = 0.2;
constexpr double kCritical = 85, kHigh = 70, kMedium = 50, kLow = 30;
constexpr int kWindowDays = 7;
constexpr int kTrendDays = 14;
constexpr int kMinTrendPoints = 5;
constexpr int kHorizonDays = 90;
constexpr double kFlatSlope = 0.05;  // fatigue points per day below which the trend counts as flat

double age_score(double days) {
  static const double kXs[] = {0, 7, 14, 28, 45, 60}, kYs[] = {0, 10, 30, 60, 85, 100};
  if (days >= 60) return 100;
  for (int i = 1; i < 6; ++i) {
    if (days <= kXs[i]) return kYs[i - 1] + (days - kXs[i - 1]) * (kYs[i] - kYs[i - 1]) / (kXs[i] - kXs[i - 1]);
  }
  return 100;
}

double frequency_score(double f) { return f < 2 ? 10 : f < 4 ? 30 : f < 6 ? 60 : f < 8 ? 80 : 95; }

double decline_score(double decline) { return std::min(100.0, std::max(0.0, decline * 200)); }

const char* fatigue_level(double score) {
  return score >= kCritical ? "critical" : score >= kHigh ? "high" : score >= kMedium ? "medium" : "low";
}

// One scoring of the rows [0, n) (sorted by day, all <= the scoring day).
struct Components {
  double days_in_rotation = 0, age = 0;
  bool has_frequency = false;
  double frequency = 0, frequency_s = 0;
  double initial_ctr = 0, current_ctr = 0, ctr_s = 0;
  bool has_engagement = false;
  double initial_eng = 0, current_eng = 0, eng_s = 0;
  int window = 0;
  double score = 0, w_age = 0, w_freq = 0, w_ctr = 0, w_eng = 0;
};

// Impression-weighted engagement rate over rows [a, b), or -1 when no row reports it.
double engagement_over(const std::vector<CreativeDay>& rows, std::size_t a, std::size_t b) {
  double num = 0, den = 0;
  bool any = false;
  for (std::size_t i = a; i < b; ++i) {
    if (rows[i].engagement_rate < 0) continue;
    any = true;
    num += rows[i].engagement_rate * rows[i].impressions;
    den += rows[i].impressions;
  }
  if (!any) return -1;
  return den > 0 ? num / den : 0;
}

Components score_rows(const std::vector<CreativeDay>& rows, std::size_t n, DayNumber as_of) {
  Components c;
  c.window = std::min<int>(kWindowDays, static_cast<int>(n / 2));
  const std::size_t w = static_cast<std::size_t>(c.window);
  c.days_in_rotation = static_cast<double>(as_of - rows[0].day + 1);
  c.age = age_score(c.days_in_rotation);

  double imp_first = 0, clk_first = 0, imp_last = 0, clk_last = 0;
  for (std::size_t i = 0; i < w; ++i) {
    imp_first += rows[i].impressions;
    clk_first += rows[i].clicks;
  }
  for (std::size_t i = n - w; i < n; ++i) {
    imp_last += rows[i].impressions;
    clk_last += rows[i].clicks;
  }
  c.initial_ctr = imp_first > 0 ? clk_first / imp_first : 0;
  c.current_ctr = imp_last > 0 ? clk_last / imp_last : 0;
  c.ctr_s = c.initial_ctr == 0 ? 50 : decline_score((c.initial_ctr - c.current_ctr) / c.initial_ctr);

  for (std::size_t i = n; i-- > 0;) {
    if (rows[i].frequency >= 0) {
      c.has_frequency = true;
      c.frequency = rows[i].frequency;
      break;
    }
    if (rows[i].reach > 0) {
      double to_date = 0;
      for (std::size_t k = 0; k <= i; ++k) to_date += rows[k].impressions;
      c.has_frequency = true;
      c.frequency = to_date / rows[i].reach;
      break;
    }
  }
  if (c.has_frequency) c.frequency_s = frequency_score(c.frequency);

  const double e0 = engagement_over(rows, 0, w), e1 = engagement_over(rows, n - w, n);
  if (e0 >= 0 && e1 >= 0) {
    c.has_engagement = true;
    c.initial_eng = e0;
    c.current_eng = e1;
    c.eng_s = e0 == 0 ? 50 : decline_score((e0 - e1) / e0);
  }
  const double total =
      kWeightAge + kWeightCtr + (c.has_frequency ? kWeightFrequency : 0) + (c.has_engagement ? kWeightEngagement : 0);
  c.w_age = kWeightAge / total;
  c.w_ctr = kWeightCtr / total;
  c.w_freq = c.has_frequency ? kWeightFrequency / total : 0;
  c.w_eng = c.has_engagement ? kWeightEngagement / total : 0;
  c.score = c.age * c.w_age + c.frequency_s * c.w_freq + c.ctr_s * c.w_ctr + c.eng_s * c.w_eng;
  return c;
}

std::string pct_drop(double from, double to) { return format_number(round_to((from - to) / from * 100, 1)) + "%"; }

nlohmann::ordered_json identity(const CreativeHistory& h, DayNumber as_of) {
  nlohmann::ordered_json out;
  out["creative_id"] = h.creative_id;
  out["campaign_id"] = h.campaign_id.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(h.campaign_id);
  out["platform"] = h.platform.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(h.platform);
  out["as_of"] = format_date(as_of);
  return out;
}

Result<double> record_number(const nlohmann::json& r, const char* key, std::size_t i, bool required, double min) {
  auto it = r.find(key);
  const std::string at = "record " + std::to_string(i + 1) + ": \"" + key + "\"";
  if (it == r.end() || it->is_null()) {
    if (required) return invalid_argument(at + " is missing; expected a number >= " + format_number(min));
    return -1.0;
  }
  if (!it->is_number() || !std::isfinite(it->get<double>()))
    return invalid_argument(at + " is " + it->dump() + "; expected a number");
  if (it->get<double>() < min)
    return invalid_argument(at + " is " + it->dump() + "; expected a number >= " + format_number(min));
  return it->get<double>();
}

std::string record_text(const nlohmann::json& r, const char* key) {
  auto it = r.find(key);
  if (it == r.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

Result<CreativeHistory> creative_history_from_json(const nlohmann::json& records) {
  if (!records.is_array())
    return invalid_argument(
        "a creative history must be an array of daily records {metric_date, impressions, clicks, ...}");
  CreativeHistory h;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const nlohmann::json& r = records[i];
    const std::string at = "record " + std::to_string(i + 1);
    if (!r.is_object()) return invalid_argument(at + " must be an object {metric_date, impressions, clicks, ...}");
    if (!r.contains("metric_date") || !r["metric_date"].is_string())
      return invalid_argument(at + ": \"metric_date\" must be a date YYYY-MM-DD");
    Result<DayNumber> day = parse_date(r["metric_date"].get<std::string>(), at + " metric_date");
    if (!day.ok()) return day.error();
    CreativeDay d;
    d.day = day.value();
    Result<double> v = record_number(r, "impressions", i, true, 0);
    if (!v.ok()) return v.error();
    d.impressions = v.value();
    v = record_number(r, "clicks", i, true, 0);
    if (!v.ok()) return v.error();
    d.clicks = v.value();
    if (d.clicks > d.impressions)
      return invalid_argument(at + ": clicks (" + format_number(d.clicks) + ") exceed impressions (" +
                              format_number(d.impressions) + ")");
    for (auto [key, field] : {std::pair{"reach", &d.reach}, std::pair{"frequency", &d.frequency},
                              std::pair{"engagement_rate", &d.engagement_rate}}) {
      v = record_number(r, key, i, false, 0);
      if (!v.ok()) return v.error();
      *field = v.value();
    }
    const std::string id = record_text(r, "creative_id");
    if (!id.empty()) {
      if (!h.creative_id.empty() && h.creative_id != id)
        return invalid_argument(at + ": creative_id '" + id + "' differs from '" + h.creative_id +
                                "'; score one creative at a time");
      h.creative_id = id;
    }
    if (h.campaign_id.empty()) h.campaign_id = record_text(r, "campaign_id");
    if (h.platform.empty()) h.platform = record_text(r, "platform");
    h.days.push_back(d);
  }
  std::sort(h.days.begin(), h.days.end(), [](const CreativeDay& a, const CreativeDay& b) { return a.day < b.day; });
  for (std::size_t i = 1; i < h.days.size(); ++i) {
    if (h.days[i].day == h.days[i - 1].day)
      return invalid_argument("two records for " + format_date(h.days[i].day) + "; expected one record per day");
  }
  return h;
}

nlohmann::ordered_json score_creative_fatigue(const CreativeHistory& history, DayNumber as_of) {
  std::vector<CreativeDay> rows = history.days;
  std::sort(rows.begin(), rows.end(), [](const CreativeDay& a, const CreativeDay& b) { return a.day < b.day; });
  const std::size_t n = static_cast<std::size_t>(
      std::upper_bound(rows.begin(), rows.end(), as_of, [](DayNumber d, const CreativeDay& r) { return d < r.day; }) -
      rows.begin());
  nlohmann::ordered_json out = identity(history, as_of);
  out["sample_size"] = n;
  if (n < static_cast<std::size_t>(kFatigueMinDays)) {
    out["status"] = "not_enough_data";
    out["min_days"] = kFatigueMinDays;
    out["message"] = "not enough data: " + std::to_string(n) + " day" + (n == 1 ? "" : "s") + " of metrics up to " +
                     format_date(as_of) + "; fatigue needs at least " + std::to_string(kFatigueMinDays);
    return out;
  }
  const Components c = score_rows(rows, n, as_of);
  const double score = round_to(c.score, 1);
  const std::string level = fatigue_level(score);

  // Trend: the daily scores of the last kTrendDays data days, each from the rows up to that day.
  std::vector<double> xs, ys;
  for (std::size_t k = n > static_cast<std::size_t>(kTrendDays) ? n - kTrendDays : 0; k < n; ++k) {
    if (k + 1 < static_cast<std::size_t>(kFatigueMinDays)) continue;
    xs.push_back(static_cast<double>(rows[k].day - as_of));
    ys.push_back(score_rows(rows, k + 1, rows[k].day).score);
  }
  nlohmann::ordered_json slope_json = nullptr;
  double slope = 0;
  if (xs.size() >= static_cast<std::size_t>(kMinTrendPoints)) {
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      mx += xs[i];
      my += ys[i];
    }
    mx /= static_cast<double>(xs.size());
    my /= static_cast<double>(xs.size());
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      sxy += (xs[i] - mx) * (ys[i] - my);
      sxx += (xs[i] - mx) * (xs[i] - mx);
    }
    slope = sxx > 0 ? sxy / sxx : 0;
    slope_json = round_to(slope, 3);
  }
  nlohmann::ordered_json days_until = nullptr;
  std::string outlook;
  if (c.score >= kCritical) {
    days_until = 0;
    outlook = "already_critical";
  } else if (xs.size() < static_cast<std::size_t>(kMinTrendPoints)) {
    outlook = "too_few_days";
  } else if (slope < kFlatSlope) {
    outlook = "not_heading_there";
  } else {
    const double days = std::ceil((kCritical - c.score) / slope);
    if (days > kHorizonDays) {
      outlook = "beyond_90_days";
    } else {
      days_until = static_cast<int>(days);
      outlook = "projected";
    }
  }

  std::string recommendation;
  if (level == "critical")
    recommendation = "Replace this creative now: its fatigue score is " + format_number(score) + " (critical from 85)";
  else if (level == "high")
    recommendation = days_until.is_number()
                         ? "Replace this creative within " + days_until.dump() + " days"
                         : "Prepare a replacement creative: fatigue is high but not rising toward critical";
  else if (level == "medium")
    recommendation = days_until.is_number() ? "Monitor this creative and prepare fresh variants; critical in about " +
                                                  days_until.dump() + " days at the current trend"
                                            : "Monitor this creative and prepare fresh variants";
  else if (score >= kLow)
    recommendation = "No action needed yet; fatigue is building";
  else
    recommendation = "No action needed: the creative is fresh";

  nlohmann::ordered_json actions = nlohmann::ordered_json::array();
  if (level != "low") {
    if (c.ctr_s >= 50 && c.initial_ctr > 0)
      actions.push_back("Rotate to a new creative (CTR fell " + pct_drop(c.initial_ctr, c.current_ctr) +
                        " since its first " + std::to_string(c.window) + " days)");
    if (c.has_frequency && c.frequency_s >= 60) {
      actions.push_back("Reduce the frequency cap (" + format_number(round_to(c.frequency, 2)) +
                        " impressions per person so far)");
      actions.push_back("Broaden the audience so the same people see it less often");
    }
    if (c.has_engagement && c.eng_s >= 50 && c.initial_eng > 0)
      actions.push_back("Test a new hook or format (engagement rate fell " + pct_drop(c.initial_eng, c.current_eng) +
                        ")");
    if (c.age >= 60)
      actions.push_back("Refresh the visuals or copy (" + format_number(c.days_in_rotation) + " days in rotation)");
    if (actions.empty()) actions.push_back("Rotate to a new creative");
  }

  const auto nullable = [](bool has, double v) {
    return has ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
  };
  out["status"] = "ok";
  out["fatigue_score"] = score;
  out["fatigue_level"] = level;
  out["components"] = {
      {"age",
       {{"score", round_to(c.age, 1)}, {"weight", round_to(c.w_age, 4)}, {"days_in_rotation", c.days_in_rotation}}},
      {"frequency",
       {{"score", nullable(c.has_frequency, round_to(c.frequency_s, 1))},
        {"weight", round_to(c.w_freq, 4)},
        {"frequency", nullable(c.has_frequency, round_to(c.frequency, 4))}}},
      {"ctr_decay",
       {{"score", round_to(c.ctr_s, 1)},
        {"weight", round_to(c.w_ctr, 4)},
        {"initial_ctr", round_to(c.initial_ctr, 6)},
        {"current_ctr", round_to(c.current_ctr, 6)},
        {"window_days", c.window}}},
      {"engagement_decay",
       {{"score", nullable(c.has_engagement, round_to(c.eng_s, 1))},
        {"weight", round_to(c.w_eng, 4)},
        {"initial_rate", nullable(c.has_engagement, round_to(c.initial_eng, 6))},
        {"current_rate", nullable(c.has_engagement, round_to(c.current_eng, 6))}}}};
  out["days_until_critical"] = days_until;
  out["critical_outlook"] = outlook;
  out["trend"] = {{"method", "least-squares line through the daily fatigue scores of the last 14 data days"},
                  {"points", xs.size()},
                  {"slope_per_day", slope_json}};
  out["recommendation"] = recommendation;
  out["suggested_actions"] = std::move(actions);
  return out;
}

Result<nlohmann::ordered_json> creative_fatigue_of_records(const nlohmann::json& records, const std::string& date) {
  Result<CreativeHistory> history = creative_history_from_json(records);
  if (!history.ok()) return history.error();
  const CreativeHistory& h = history.value();
  if (!date.empty()) {
    Result<DayNumber> day = parse_date(date, "date");
    if (!day.ok()) return day.error();
    return score_creative_fatigue(h, day.value());
  }
  if (!h.days.empty()) return score_creative_fatigue(h, h.days.back().day);
  nlohmann::ordered_json out = identity(h, 0);
  out["as_of"] = nullptr;
  out["sample_size"] = 0;
  out["status"] = "not_enough_data";
  out["min_days"] = kFatigueMinDays;
  out["message"] = "not enough data: 0 days of metrics; fatigue needs at least " + std::to_string(kFatigueMinDays);
  return out;
}

}  // namespace learnloop
