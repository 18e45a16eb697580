// The demo history generator. Effects are multiplicative on a per-type base engagement rate, so
// the learning job has real structure to find: best type, best hours, best platform, quality.
#include "learnloop/pipelines/demo_history.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/det_math.hpp"
#include "learnloop/random/rng.hpp"
#include "learnloop/random/samplers.hpp"
#include "learnloop/store/embedding_vectors.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop {
namespace {

struct TypeProfile {
  const char* name;
  const char* decision_type;
  double base_rate;    // engagement rate at neutral effects
  double follow_lift;  // log-odds added to the follow probability
  double cost;         // production cost
};

const TypeProfile kTypes[] = {
    {"educational_thread", "thread", 0.046, 0.6, 60}, {"story_thread", "thread", 0.039, 0.3, 55},
    {"meme_single", "single", 0.036, -0.4, 15},       {"factual_single", "single", 0.031, 0.1, 25},
    {"opinion_single", "single", 0.028, 0.0, 20},     {"question_reply", "reply", 0.022, -0.2, 8}};

struct PlatformProfile {
  const char* name;
  double rate_mult;
  double log_impressions;
};

const PlatformProfile kPlatforms[] = {
    {"twitter", 1.0, 8.0}, {"linkedin", 0.85, 7.4}, {"instagram", 1.12, 8.3}, {"tiktok", 1.3, 8.8}};

const char* const kHooks[] = {"question", "statistic", "story", "contrarian", "list"};
const double kHookStrength[] = {0.05, 0.10, 0.15, 0.0, -0.05};  // shifts retention up
const char* const kTopics[] = {"ai", "marketing", "productivity", "design", "finance"};
const char* const kStyles[] = {"casual", "formal", "witty"};

std::size_t pick(Rng& rng, std::size_t n) {
  return static_cast<std::size_t>(rng.uniform() * static_cast<double>(n)) % n;
}

// Peaks at 14:00 and 20:00 UTC, low at night.
double hour_effect(int h) {
  const double a = (h - 14) * (h - 14) / 8.0, b = (h - 20) * (h - 20) / 6.0;
  return 0.75 + 0.45 * dmath::exp(-a) + 0.3 * dmath::exp(-b);
}

// Tuesday to Thursday best, weekends worst.
double weekday_effect(int wd) {
  static const double kEffect[] = {1.0, 1.08, 1.1, 1.06, 0.96, 0.86, 0.82};
  return kEffect[wd];
}

double lognormal(Rng& rng, double mu, double sigma) { return dmath::exp(mu + sigma * sample_standard_normal(rng)); }

std::string two_digits(int v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

std::string timestamp(DayNumber day, int hour, int minute) {
  return format_date(day) + "T" + two_digits(hour) + ":" + two_digits(minute) + ":00Z";
}

// Retention at 0%, 10%, ..., 100% of the content: an early hook drop and a steady decay.
std::vector<double> retention_curve(Rng& rng, double hook, double quality) {
  std::vector<double> curve(11);
  const double early = std::clamp(0.24 - hook - 0.1 * quality + 0.06 * sample_standard_normal(rng), 0.02, 0.7);
  const double decay = std::clamp(0.045 - 0.025 * quality + 0.01 * sample_standard_normal(rng), 0.005, 0.09);
  const int late_drop_at = 3 + static_cast<int>(pick(rng, 6));
  const double late_drop = rng.uniform() < 0.35 ? 0.08 + 0.08 * rng.uniform() : 0.0;
  double level = 1.0;
  for (int i = 0; i <= 10; ++i) {
    if (i == 1) level -= early;
    if (i > 1) level -= decay;
    if (i == late_drop_at) level -= late_drop;
    curve[static_cast<std::size_t>(i)] = std::round(std::max(level, 0.01) * 1e4) / 1e4;
  }
  return curve;
}

// Positions (fraction of the content) where retention falls by more than 10 points in one step.
std::vector<double> drop_offs(const std::vector<double>& curve) {
  std::vector<double> out;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    if (curve[i - 1] - curve[i] > 0.10) out.push_back(static_cast<double>(i) / 10.0);
  }
  return out;
}

// Seconds of content: a base per format (replies short, threads long), shorter where viewers watched
// more of it (short content holds viewers), with noise from its own stream. Tenths of a second.
double duration_seconds(Rng& rng, const std::string& decision_type, double watch_percent) {
  const double base = decision_type == "thread" ? 45 : decision_type == "reply" ? 10 : 22;
  const double d = base * dmath::exp(2.0 * (0.74 - watch_percent / 100) + 0.3 * sample_standard_normal(rng));
  return std::round(std::clamp(d, 3.0, 600.0) * 10) / 10;
}

std::string json_array(const std::vector<double>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (double x : v) a.push_back(x);
  return a.dump();
}

std::vector<float> unit_vector(const std::vector<double>& v) {
  double norm = 0;
  for (double x : v) norm += x * x;
  norm = std::sqrt(norm);
  std::vector<float> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<float>(v[i] / norm);
  return out;
}

Status check_spec(const DemoSpec& spec) {
  if (Result<DayNumber> d = parse_date(spec.end_date, "demo end date"); !d.ok()) return d.error();
  if (spec.days < 1 || spec.days > 3650)
    return invalid_argument("days must be in [1, 3650], got " + std::to_string(spec.days));
  if (spec.posts_per_day < 1 || spec.posts_per_day > 1000000)
    return invalid_argument("posts per day must be in [1, 1000000], got " + std::to_string(spec.posts_per_day));
  if (spec.embedding_dim < 0 || spec.embedding_dim > 4096)
    return invalid_argument("embedding dimension must be in [0, 4096], got " + std::to_string(spec.embedding_dim));
  return {};
}

// Ad creatives for the fatigue scorer, from their own stream (seed, 2) so every post above keeps
// its values. Three kinds, by index mod 3: fast-wearing creatives on a small audience (CTR and
// engagement decay with a time constant of 15-25 days, frequency climbs), slow-wearing ones
// (60-90 days) and fresh launches without decay. Reach is cumulative: audience * (1 - e^(-impressions to date /
// audience)).
Status write_demo_creatives(Database& db, const DemoSpec& spec, DayNumber last, std::int64_t* count) {
  static const char* const kAdPlatforms[] = {"meta", "google", "tiktok"};
  Result<RowWriter> w = RowWriter::open(db, "creative_metrics",
                                        {"creative_id", "campaign_id", "platform", "metric_date", "impressions",
                                         "clicks", "reach", "spend", "conversions", "revenue", "engagement_rate"});
  if (!w.ok()) return w.error();
  Rng rng(spec.seed,
          3);  // its own stream (0: history, 1: embeddings, 2: durations), so the rest of the demo is unchanged
  for (int c = 0; c < 12; ++c) {
    const int kind = c % 3;
    const double age = kind == 2 ? 3 + 10 * rng.uniform() : 20 + 40 * rng.uniform();
    const int days = std::min(spec.days, static_cast<int>(age));
    const double tau = kind == 0 ? 15 + 10 * rng.uniform() : kind == 1 ? 60 + 30 * rng.uniform() : 1e9;
    const double base_imp = dmath::exp(8.5 + 0.6 * rng.uniform());
    const double audience = base_imp * (kind == 0 ? 4 + 3 * rng.uniform() : 12 + 10 * rng.uniform());
    const double ctr0 = 0.01 + 0.015 * rng.uniform(), eng0 = 0.03 + 0.03 * rng.uniform();
    const double cpm = 6 + 8 * rng.uniform(), cvr = 0.02 + 0.04 * rng.uniform(), aov = 40 + 80 * rng.uniform();
    const std::string id = "cr-" + two_digits(c + 1);
    const std::string campaign = "cmp-" + std::to_string(c / 4 + 1);
    double to_date = 0;
    for (int t = 0; t < days; ++t) {
      const double imp = std::round(base_imp * lognormal(rng, 0, 0.15));
      const double decay = dmath::exp(-t / tau);
      const double clicks = std::min(imp, std::round(imp * ctr0 * decay * lognormal(rng, 0, 0.08)));
      to_date += imp;
      const double reach = std::round(audience * (1 - dmath::exp(-to_date / audience)));
      const double conversions = std::round(clicks * cvr * lognormal(rng, 0, 0.2));
      const double eng = std::round(eng0 * dmath::exp(-t / (tau * 1.2)) * lognormal(rng, 0, 0.08) * 1e6) / 1e6;
      std::vector<SqlValue> row = {id,
                                   campaign,
                                   std::string(kAdPlatforms[(c / 3) % 3]),
                                   format_date(last - (days - 1) + t),
                                   static_cast<std::int64_t>(imp),
                                   static_cast<std::int64_t>(clicks),
                                   static_cast<std::int64_t>(reach),
                                   std::round(imp * cpm / 10) / 100,
                                   static_cast<std::int64_t>(conversions),
                                   std::round(conversions * aov * lognormal(rng, 0, 0.1) * 100) / 100,
                                   eng};
      if (Status s = w.value().insert(row); !s.ok()) return s;
      ++*count;
    }
  }
  return {};
}

}  // namespace

const std::vector<std::string>& demo_content_types() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> out;
    for (const TypeProfile& t : kTypes) out.emplace_back(t.name);
    return out;
  }();
  return kNames;
}

Result<DemoCounts> generate_demo_history(Database& db, const DemoSpec& spec, ProgressSink* progress) {
  if (Status s = check_spec(spec); !s.ok()) return s.error();
  if (Status s = check_schema(db); !s.ok()) return s.error();
  Result<std::vector<std::vector<SqlValue>>> existing = query_rows(db, "SELECT count(*) FROM content_metadata");
  if (!existing.ok()) return existing.error();
  if (sql_number(existing.value()[0][0]) > 0)
    return invalid_argument("the database already holds content; the demo writes only into an empty database");

  Transaction tx(db);
  if (!tx.status().ok()) return tx.status().error();
  Result<RowWriter> content =
      RowWriter::open(db, "content_metadata",
                      {"decision_id", "platform", "decision_type", "bandit_arm", "topic", "hook_type", "style",
                       "quality_score", "cost", "created_at", "posted_at", "duration_seconds"});
  Result<RowWriter> outcomes =
      RowWriter::open(db, "outcomes",
                      {"decision_id", "impressions", "likes", "retweets", "replies", "bookmarks", "engagement_rate",
                       "followers_gained", "revenue", "collected_at"});
  Result<RowWriter> retention = RowWriter::open(db, "retention_metrics",
                                                {"content_id", "platform", "avg_watch_percentage", "retention_curve",
                                                 "drop_off_points", "completion_rate", "rewatch_rate", "measured_at"});
  Result<RowWriter> engagement =
      RowWriter::open(db, "engagement_metrics",
                      {"content_id", "platform", "views", "likes", "comments", "shares", "saves", "engagement_rate",
                       "save_rate", "views_velocity", "measured_at"});
  for (const Result<RowWriter>* w : {&content, &outcomes, &retention, &engagement}) {
    if (!w->ok()) return w->error();
  }
  Result<VectorStorage> storage = embedding_vector_storage(db);
  if (!storage.ok()) return storage.error();
  Result<std::unique_ptr<Statement>> embed = db.prepare(
      "INSERT INTO embeddings (id, type, dim, vector, metadata, updated_at) VALUES (?, 'TEXT_CAPTION', ?, ?, ?, ?)");
  if (!embed.ok()) return embed.error();

  Rng rng(spec.seed, 0);
  Rng embed_rng(spec.seed, 1);
  Rng duration_rng(spec.seed, 2);  // its own stream: adding durations left every other demo value as it was
  const std::size_t n_types = std::size(kTypes);
  std::vector<std::vector<double>> centroids(n_types,
                                             std::vector<double>(static_cast<std::size_t>(spec.embedding_dim)));
  for (auto& c : centroids) {
    for (double& x : c) x = sample_standard_normal(embed_rng);
  }

  const DayNumber last = parse_date(spec.end_date).value();
  const DayNumber first_post = last - spec.days;  // posts are collected one day later
  const std::uint64_t total = static_cast<std::uint64_t>(spec.days) * static_cast<std::uint64_t>(spec.posts_per_day);
  DemoCounts counts;
  Status failed;
  const auto put = [&](Result<RowWriter>& w, const std::vector<SqlValue>& values, std::int64_t* count) {
    if (!failed.ok()) return;
    failed = w.value().insert(values);
    ++*count;
  };
  for (int d = 0; d < spec.days && failed.ok(); ++d) {
    const DayNumber day = first_post + d;
    for (int p = 0; p < spec.posts_per_day && failed.ok(); ++p) {
      const std::size_t ti = pick(rng, n_types);
      const TypeProfile& type = kTypes[ti];
      const PlatformProfile& platform = kPlatforms[pick(rng, std::size(kPlatforms))];
      const std::size_t hook = pick(rng, std::size(kHooks));
      const int hour = 6 + static_cast<int>(pick(rng, 18));
      const int minute = static_cast<int>(pick(rng, 60));
      const double quality = std::round(sample_beta(rng, 5, 3) * 1000) / 1000;
      const std::string id = "c" + format_date(day).substr(0, 4) + format_date(day).substr(5, 2) +
                             format_date(day).substr(8, 2) + "-" + std::to_string(p + 1);
      const double cost =
          std::round((type.cost * (0.8 + 0.4 * rng.uniform()) + (platform.rate_mult > 1.2 ? 10 : 0)) * 100) / 100;
      // Topic then style, drawn here in the order they always were (the row is written below, once its duration is
      // known).
      const std::string topic = kTopics[pick(rng, 5)];
      const std::string style = kStyles[pick(rng, 3)];

      const double rate = std::clamp(type.base_rate * platform.rate_mult * hour_effect(hour) *
                                         weekday_effect(weekday(day)) * (0.6 + 0.8 * quality) * lognormal(rng, 0, 0.25),
                                     0.0005, 0.5);
      const std::int64_t impressions =
          static_cast<std::int64_t>(std::round(lognormal(rng, platform.log_impressions, 0.6))) + 50;
      const std::int64_t engaged = static_cast<std::int64_t>(std::round(static_cast<double>(impressions) * rate));
      const std::int64_t likes =
          static_cast<std::int64_t>(std::round(static_cast<double>(engaged) * (0.62 + 0.1 * rng.uniform())));
      const std::int64_t retweets =
          static_cast<std::int64_t>(std::round(static_cast<double>(engaged - likes) * (0.55 + 0.2 * rng.uniform())));
      const std::int64_t replies = engaged - likes - retweets;
      const std::int64_t bookmarks =
          static_cast<std::int64_t>(std::round(static_cast<double>(likes) * 0.12 * rng.uniform()));
      const double follow_logit = -2.2 + 2.5 * (quality - 0.6) + type.follow_lift + 25 * (rate - 0.035);
      const std::int64_t followers =
          sample_bernoulli(rng, dmath::sigmoid(follow_logit))
              ? 1 + static_cast<std::int64_t>(std::floor(-dmath::log(rng.uniform_open()) * 4))
              : 0;
      const SqlValue stored_rate =
          rng.uniform() < 0.3 ? SqlValue{} : SqlValue{static_cast<double>(engaged) / static_cast<double>(impressions)};
      const double revenue = std::round((static_cast<double>(engaged) * 0.3 + static_cast<double>(followers) * 3.0) *
                                        lognormal(rng, 0, 0.3) * 100) /
                             100;
      const std::string collected = timestamp(day + 1, hour, minute);
      put(outcomes, {id, impressions, likes, retweets, replies, bookmarks, stored_rate, followers, revenue, collected},
          &counts.outcomes);

      const std::vector<double> curve = retention_curve(rng, kHookStrength[hook], quality);
      double watch = 0;
      for (double c : curve) watch += c;
      watch = std::round(watch / static_cast<double>(curve.size()) * 1e4) / 100;  // percent
      put(content,
          {id, std::string(platform.name), std::string(type.decision_type), std::string(type.name), topic,
           std::string(kHooks[hook]), style, quality, cost, timestamp(day, hour, minute), timestamp(day, hour, minute),
           duration_seconds(duration_rng, type.decision_type, watch)},
          &counts.content);
      put(retention,
          {id, std::string(platform.name), watch, json_array(curve), json_array(drop_offs(curve)), curve.back(),
           std::round(0.02 * quality * rng.uniform() * 1e4) / 1e4, collected},
          &counts.retention);
      put(engagement,
          {id, std::string(platform.name), impressions, likes, replies, retweets, bookmarks,
           static_cast<double>(engaged) / static_cast<double>(impressions),
           static_cast<double>(bookmarks) / static_cast<double>(impressions), static_cast<double>(impressions) / 24.0,
           collected},
          &counts.engagement);

      if (spec.embedding_dim > 0 && failed.ok()) {
        std::vector<double> v = centroids[ti];
        for (double& x : v) x += 0.6 * sample_standard_normal(embed_rng);
        const std::vector<float> unit = unit_vector(v);
        nlohmann::json meta = {{"content_type", type.name}, {"platform", platform.name}};
        failed = embed.value()->bind({id, std::int64_t{spec.embedding_dim},
                                      embedding_vector_value(storage.value(), unit.data(), unit.size()), meta.dump(),
                                      timestamp(day, hour, minute)});
        if (failed.ok()) {
          Result<bool> r = embed.value()->step();
          if (!r.ok()) failed = r.error();
          ++counts.embeddings;
        }
      }
    }
    if (progress)
      progress->on_progress("generating history",
                            static_cast<std::uint64_t>(d + 1) * static_cast<std::uint64_t>(spec.posts_per_day), total);
  }
  if (!failed.ok()) return failed.error();
  if (Status s = write_demo_creatives(db, spec, last, &counts.creative_metrics); !s.ok()) return s.error();
  if (Status s = tx.commit(); !s.ok()) return s.error();
  return counts;
}

}  // namespace learnloop
