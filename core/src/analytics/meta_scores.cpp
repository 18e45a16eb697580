// Meta-learning scores: each item's realised components against its window, the virality
// composite over them, caption similarity to the window's top performers, and the sentences that
// name an item's strengths and weaknesses. Also their rows in meta_learning_scores.
#include "learnloop/analytics/meta_scores.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json_text.hpp"
#include "learnloop/analytics/meta_partial.hpp"
#include "learnloop/analytics/retention_clusters.hpp"
#include "learnloop/analytics/virality.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_depth.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/core/task_pair.hpp"
#include "learnloop/store/embedding_vectors.hpp"
#include "learnloop/store/row_batch.hpp"
#include "learnloop/store/schema.hpp"
#include "virality_parts.hpp"

namespace learnloop {
namespace {

constexpr std::size_t kMinEmbedded = 10;  // items with captions needed for a brand centroid
constexpr double kTopShare = 0.2;         // top performers: the best fifth by engagement rate

std::optional<double> score_or_null(bool known, double v, int places = 6) {
  return known ? std::optional<double>(round_to(v, places)) : std::nullopt;
}

std::vector<double> unit(const std::vector<float>& v) {
  double norm = 0;
  for (float x : v) norm += static_cast<double>(x) * static_cast<double>(x);
  norm = std::sqrt(norm);
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = norm > 0 ? static_cast<double>(v[i]) / norm : 0;
  return out;
}

struct Brand {
  std::vector<std::optional<double>> cosine;  // per scored item: cosine to the centroid, when it has a caption
  std::string method;                         // how, or why there is no score
  std::size_t top = 0;
};

// The centroid comes from every captioned row of the window (`captioned`: id and rate, in window order, of `rows`
// rows); cosines for the scored `items`.
Brand brand_alignment(const std::vector<std::pair<std::string_view, double>>& captioned, std::size_t rows,
                      const MetaItems& items, const CaptionEmbeddings& captions) {
  Brand b;
  b.cosine.resize(items.size());
  std::map<std::string_view, const std::vector<float>*> by_id;  // views into `captions`
  for (const auto& [id, v] : captions) by_id[id] = &v;
  std::vector<const std::pair<std::string_view, double>*> embedded;
  std::size_t dim = 0;
  for (const auto& row : captioned) {
    auto it = by_id.find(row.first);
    if (it == by_id.end() || it->second->empty()) continue;
    if (dim == 0) dim = it->second->size();
    if (it->second->size() == dim) embedded.push_back(&row);
  }
  if (embedded.size() < kMinEmbedded) {
    b.method = "none: " + std::to_string(embedded.size()) + " of " + std::to_string(rows) +
               " items have a TEXT_CAPTION embedding (need " + std::to_string(kMinEmbedded) + ")";
    return b;
  }
  std::vector<const std::pair<std::string_view, double>*> ranked = embedded;
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto* x, const auto* y) { return x->second > y->second; });
  b.top = std::max<std::size_t>(3, static_cast<std::size_t>(std::ceil(kTopShare * static_cast<double>(ranked.size()))));
  std::vector<double> centroid(dim, 0.0);
  for (std::size_t i = 0; i < b.top; ++i) {
    const std::vector<double> u = unit(*by_id.find(ranked[i]->first)->second);
    for (std::size_t k = 0; k < dim; ++k) centroid[k] += u[k];
  }
  double norm = 0;
  for (double x : centroid) norm += x * x;
  norm = std::sqrt(norm);
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto it = by_id.find(items[i].decision_id);
    if (it == by_id.end() || it->second->size() != dim) continue;
    const std::vector<double> u = unit(*it->second);
    double dot = 0;
    for (std::size_t k = 0; k < dim; ++k) dot += u[k] * centroid[k];
    b.cosine[i] = norm > 0 ? dot / norm : 0;
  }
  b.method = "caption centroid of the top " + std::to_string(b.top) + " of " + std::to_string(embedded.size()) +
             " captioned items";
  return b;
}

std::string pct(double share) { return format_number(round_to(share * 100, 1)) + "%"; }

// The timing component by platform and posting hour: it depends on nothing else, so each pair is computed once
// (a handful of platforms x 25 hours) instead of once per item.
class TimingCache {
 public:
  using Compute = std::function<ViralityComponent(std::uint32_t platform, int hour)>;
  explicit TimingCache(Compute compute) : compute_(std::move(compute)) {}

  // The component of an item posted at `hour` (-1: unknown) on platform index `platform`.
  const ViralityComponent& of(std::uint32_t platform, int hour) {
    if (hour < -1 || hour > 23) return uncached_ = compute_(platform, hour);  // not a parsed hour
    if (platform >= platforms_.size()) platforms_.resize(platform + 1);
    const auto slot_index = static_cast<std::size_t>(hour) + 1;  // 0 for an unknown hour (-1)
    std::optional<ViralityComponent>& slot = platforms_[platform][slot_index];
    if (!slot) slot = compute_(platform, hour);
    return *slot;
  }

 private:
  using Hours = std::array<std::optional<ViralityComponent>, 25>;  // index 0: no posting hour; 1-24: hours 0-23
  Compute compute_;
  std::vector<Hours> platforms_;  // by platform index
  ViralityComponent uncached_;
};

// The sentences naming a score's strengths and weaknesses, from its raw figures.
void meta_sentences(const MetaScore& s, std::vector<std::string>* strengths, std::vector<std::string>* weaknesses) {
  const MetaItem& r = *s.item;
  const bool watched = s.watch >= 0;
  const bool timed = !std::isnan(s.timing_share);
  const bool branded = !std::isnan(s.cosine);
  const bool quality = r.quality_score >= 0;
  const auto add = [](std::vector<std::string>* to, std::string sentence) {
    if (to != nullptr) to->push_back(std::move(sentence));
  };
  if (watched && s.watch >= 70)
    add(strengths, "retention: " + format_number(s.watch) + "% average watch (high cluster)");
  if (watched && s.watch < 40)
    add(weaknesses, "retention: " + format_number(s.watch) + "% average watch (low cluster)");
  if (s.percentile >= 0.8)
    add(strengths,
        "engagement: " + pct(r.engagement_rate) + " is in the top " + pct(1 - s.percentile) + " of the window");
  if (s.percentile <= 0.2)
    add(weaknesses,
        "engagement: " + pct(r.engagement_rate) + " is in the bottom " + pct(s.percentile) + " of the window");
  if (quality && r.quality_score >= 0.8) add(strengths, "quality score " + format_number(r.quality_score));
  if (quality && r.quality_score < 0.5) add(weaknesses, "quality score " + format_number(r.quality_score));
  if (timed && r.posted_hour >= 0 && s.timing_share >= 0.9)
    add(strengths, "timing: posted at " + hour_label(r.posted_hour) + " UTC, " + pct(s.timing_share) +
                       " of the best hour's engagement");
  if (timed && r.posted_hour >= 0 && s.timing_share < 0.7)
    add(weaknesses, "timing: posted at " + hour_label(r.posted_hour) + " UTC, " + pct(s.timing_share) +
                        " of the best hour's engagement");
  if (branded && s.cosine >= 0.5)
    add(strengths, "caption close to the top performers (cosine " + format_number(round_to(s.cosine, 2)) + ")");
  if (branded && s.cosine < 0)
    add(weaknesses, "caption unlike the top performers (cosine " + format_number(round_to(s.cosine, 2)) + ")");
}

}  // namespace

MetaScores compute_meta_scores(const std::vector<OutcomeRow>& outcomes, const std::vector<RetentionRow>& retention,
                               const CaptionEmbeddings& captions) {
  return compute_meta_scores(outcomes, retention, captions, [](const OutcomeRow&) { return true; });
}

MetaScores compute_meta_scores(const std::vector<OutcomeRow>& outcomes, const std::vector<RetentionRow>& retention,
                               const CaptionEmbeddings& captions,
                               const std::function<bool(const OutcomeRow&)>& score_item) {
  std::vector<std::string> ids;
  ids.reserve(captions.size());
  for (const auto& c : captions) ids.push_back(c.first);
  std::vector<double> item_rates;
  for (const OutcomeRow& r : outcomes)
    if (score_item(r)) item_rates.push_back(r.engagement_rate);
  std::sort(item_rates.begin(), item_rates.end());
  item_rates.erase(std::unique(item_rates.begin(), item_rates.end()), item_rates.end());
  MetaPartial partial(score_item, std::move(item_rates), std::move(ids));
  for (const OutcomeRow& r : outcomes) partial.add(r);
  return partial.finish(retention, captions);
}

MetaScores MetaPartial::finish(const std::vector<RetentionRow>& retention, const CaptionEmbeddings& captions) {
  const MetaItems& items = *items_;
  const Brand brand = brand_alignment(captioned_, rows(), items, captions);
  // Each day rate's mid-rank percentile in the window: (rows below + half the rows equal) / rows.
  count_pending();
  std::vector<double> cut_percentile(cuts_.size());
  std::uint64_t below = 0;
  for (std::size_t c = 0; c < cuts_.size(); ++c) {
    below += below_[c];
    cut_percentile[c] = (static_cast<double>(below) + 0.5 * static_cast<double>(at_[c])) / static_cast<double>(rows_);
    below += at_[c];
  }
  // Average watch of the scored items: the last retention row of an id wins.
  std::unordered_map<std::string_view, std::size_t> item_of;  // views into the items' pool
  item_of.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) item_of.emplace(items[i].decision_id, i);
  MetaScores out;
  out.brand_alignment_method = brand.method;
  out.rows = items_;
  out.items.resize(items.size());
  for (const RetentionRow& r : retention) {
    auto it = item_of.find(r.content_id);
    if (it != item_of.end()) out.items[it->second].watch = r.avg_watch_percentage;
  }
  TimingCache timing([this, &items](std::uint32_t platform, int hour) {
    const std::string_view name = items.name(platform);
    return virality::timing_over_hours(name, hour, find_hours(name), &hours_[0].second);
  });
  for (std::size_t i = 0; i < items.size(); ++i) {
    const MetaItem& r = items[i];
    MetaScore& s = out.items[i];
    s.item = &r;
    std::array<ViralityComponent, 4> c;
    c[0].known = s.watch >= 0;
    c[0].value = std::clamp(s.watch / 100, 0.0, 1.0);
    c[1].known = true;
    // An item's rate is a day rate (problem() says when one was not).
    const auto cut = std::lower_bound(cuts_.begin(), cuts_.end(), r.engagement_rate);
    c[1].value = cut == cuts_.end() ? 1.0 : cut_percentile[static_cast<std::size_t>(cut - cuts_.begin())];
    c[2].known = r.quality_score >= 0;  // ViralityHistory::quality()
    c[2].value = std::max(0.0, r.quality_score);
    c[3] = timing.of(r.platform, r.posted_hour);
    s.percentile = c[1].value;
    s.composite = virality_composite(c, kFixedViralityWeights);
    if (c[3].known) s.timing_share = c[3].value;
    if (brand.cosine[i]) s.cosine = *brand.cosine[i];
  }
  return out;
}

std::optional<double> MetaScore::retention() const {
  return score_or_null(watch >= 0, std::clamp(watch / 100, 0.0, 1.0));
}

std::optional<double> MetaScore::engagement() const { return score_or_null(true, percentile); }

std::optional<double> MetaScore::virality() const { return score_or_null(composite >= 0, composite, 4); }

std::optional<double> MetaScore::brand_alignment() const {
  return score_or_null(!std::isnan(cosine), (1 + cosine) / 2);
}

std::optional<double> MetaScore::overall() const {
  double sum = 0, n = 0;
  for (const std::optional<double>& v : {retention(), engagement(), brand_alignment()}) {
    if (v.has_value()) {
      sum += *v;
      ++n;
    }
  }
  if (composite >= 0) {
    sum += composite / 100;
    ++n;
  }
  return score_or_null(n > 0, n > 0 ? sum / n : 0);
}

std::optional<double> MetaScore::timing() const {
  return std::isnan(timing_share) ? std::nullopt : std::optional<double>(round_to(timing_share, 4));
}

std::optional<double> MetaScore::caption_cosine() const {
  return std::isnan(cosine) ? std::nullopt : std::optional<double>(round_to(cosine, 6));
}

std::vector<std::string> MetaScore::strengths() const {
  std::vector<std::string> out;
  meta_sentences(*this, &out, nullptr);
  return out;
}

std::vector<std::string> MetaScore::weaknesses() const {
  std::vector<std::string> out;
  meta_sentences(*this, nullptr, &out);
  return out;
}

std::string meta_factors_json(const MetaScores& scores, std::size_t i) {
  std::string out;
  out.reserve(320 + scores.brand_alignment_method.size());
  append_meta_factors_json(out, scores, i);
  return out;
}

void append_meta_factors_json(std::string& out, const MetaScores& scores, std::size_t i) {
  using json_text::append_key;
  using json_text::append_number;
  using json_text::append_string;
  const MetaScore& s = scores.items[i];
  const MetaItem& r = *s.item;
  const MetaItems& names = *scores.rows;
  const std::string& brand_alignment_method = scores.brand_alignment_method;
  const auto number_or_null = [](std::string& out, const std::optional<double>& v) {
    if (v)
      append_number(out, *v);
    else
      out += "null";
  };
  out += '{';
  append_key(out, "engagement_rate");
  append_number(out, round_to(r.engagement_rate, 6));
  out += ',';
  append_key(out, "impressions");
  json_text::append_integer(out, static_cast<std::int64_t>(std::llround(r.impressions)));
  out += ',';
  append_key(out, "avg_watch_percentage");
  number_or_null(out, s.watch >= 0 ? std::optional<double>(s.watch) : std::nullopt);
  out += ',';
  append_key(out, "retention_cluster");
  if (s.watch >= 0)
    append_string(out, retention_cluster_of(s.watch));
  else
    out += "null";
  out += ',';
  append_key(out, "quality_score");
  number_or_null(out, r.quality_score >= 0 ? std::optional<double>(r.quality_score) : std::nullopt);
  out += ',';
  append_key(out, "timing");
  number_or_null(out, s.timing());
  out += ',';
  append_key(out, "posted_hour");
  if (r.posted_hour >= 0)
    json_text::append_integer(out, r.posted_hour);
  else
    out += "null";
  out += ',';
  append_key(out, "brand_alignment_method");
  append_string(out, brand_alignment_method);
  out += ',';
  append_key(out, "caption_cosine");
  number_or_null(out, s.caption_cosine());
  out += ',';
  append_key(out, "content_type");
  append_string(out, names.name(r.bandit_arm));
  out += ',';
  append_key(out, "platform");
  append_string(out, names.name(r.platform));
  out += ',';
  append_key(out, "hook_type");
  append_string(out, names.name(r.hook_type));
  out += '}';
}

namespace {

// The caption embeddings of the content with outcomes collected in [?, ?): EXISTS, not IN (subquery), a few index
// lookups per caption instead of listing every outcome of the window first.
constexpr const char* kWindowCaptions =
    " FROM embeddings e WHERE e.type = 'TEXT_CAPTION' AND EXISTS "
    "(SELECT 1 FROM outcomes o WHERE o.decision_id = e.id AND o.collected_at >= ? AND o.collected_at < ?)";

}  // namespace

Result<std::vector<std::string>> read_caption_ids(Database& db, DayNumber from, DayNumber to) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, std::string("SELECT e.id") + kWindowCaptions, {format_date(from), format_date(to + 1)});
  if (!rows.ok()) return rows.error();
  std::vector<std::string> out;
  out.reserve(rows.value().size());
  for (const std::vector<SqlValue>& r : rows.value()) out.push_back(sql_text(r[0]));
  return out;
}

Result<CaptionEmbeddings> read_caption_embeddings(Database& db, DayNumber from, DayNumber to) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, std::string("SELECT e.id, e.dim, e.vector") + kWindowCaptions + " ORDER BY e.id",
                 {format_date(from), format_date(to + 1)});
  if (!rows.ok()) return rows.error();
  CaptionEmbeddings out;
  for (const std::vector<SqlValue>& r : rows.value()) {
    Result<Blob> bytes = embedding_vector_bytes(r[2]);  // float32 bytes, or a pgvector value
    const std::size_t dim = static_cast<std::size_t>(sql_number(r[1]));
    if (!bytes.ok() || bytes.value().bytes.size() != 4 * dim) continue;
    out.emplace_back(sql_text(r[0]), floats_of_bytes(bytes.value()));
  }
  return out;
}

namespace {

// Rows of meta_learning_scores built ahead of their INSERT: the next batch is built while the last one is written.
constexpr std::size_t kMetaRowsPerBatch = 2048;

// The columns of meta_learning_scores a run writes, in the order MetaRowBuilder fills a row.
const std::vector<std::string>& meta_score_columns() {
  static const std::vector<std::string> kColumns = {
      "content_id", "overall_score", "retention_score", "engagement_score", "virality_score", "brand_alignment_score",
      "factors",    "strengths",     "weaknesses",      "computed_at"};
  return kColumns;
}

// The text a value holds, made text first if it is not: a row's values keep their strings' capacity between batches.
std::string& text_of(SqlValue& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return v.emplace<std::string>();
}

// Builds batches of meta_learning_scores rows (columns as write_meta_scores() inserts them) into reused storage.
class MetaRowBuilder {
 public:
  MetaRowBuilder(const MetaScores& scores, std::string day) : scores_(scores), day_(std::move(day)) {}

  // The rows of the batch of items from `begin` (batch_size() of them) into `rows`.
  void build(std::vector<std::vector<SqlValue>>& rows, std::size_t begin) {
    const std::size_t count = batch_size(begin);
    if (rows.size() < count) rows.resize(count, std::vector<SqlValue>(meta_score_columns().size()));
    const auto value = [](const std::optional<double>& v) { return v ? SqlValue{*v} : SqlValue{}; };
    for (std::size_t k = 0; k < count; ++k) {
      const MetaScore& s = scores_.items[begin + k];
      std::vector<SqlValue>& row = rows[k];
      text_of(row[0]).assign(s.item->decision_id);
      row[1] = value(s.overall());
      row[2] = value(s.retention());
      row[3] = value(s.engagement());
      row[4] = value(s.virality());
      row[5] = value(s.brand_alignment());
      std::string& factors = text_of(row[6]);
      factors.clear();
      append_meta_factors_json(factors, scores_, begin + k);
      strengths_.clear();
      weaknesses_.clear();
      meta_sentences(s, &strengths_, &weaknesses_);
      std::string& strengths = text_of(row[7]);
      strengths.clear();
      json_text::append_string_array(strengths, strengths_);
      std::string& weaknesses = text_of(row[8]);
      weaknesses.clear();
      json_text::append_string_array(weaknesses, weaknesses_);
      text_of(row[9]).assign(day_);
    }
  }

  // The items in the batch from `begin`: kMetaRowsPerBatch, fewer at the end.
  std::size_t batch_size(std::size_t begin) const { return std::min(kMetaRowsPerBatch, scores_.items.size() - begin); }

 private:
  const MetaScores& scores_;
  std::string day_;
  std::vector<std::string> strengths_, weaknesses_;  // one row's sentences
};

}  // namespace

Status write_meta_scores(Database& db, const MetaScores& scores, DayNumber date, TaskPair* tasks) {
  const std::string day = format_date(date);
  if (Status s = run_statement(db, "DELETE FROM meta_learning_scores WHERE computed_at = ?", {day}); !s.ok()) return s;
  if (scores.items.empty()) return {};
  RowBatch insert(db, "meta_learning_scores", meta_score_columns());
  // Two batches: the database writes one on the caller's thread while the next is built (at once where `tasks` can).
  MetaRowBuilder builder(scores, day);
  std::array<std::vector<std::vector<SqlValue>>, 2> batches;
  builder.build(batches[0], 0);
  TaskPair& pair = task_pair_or_sequential(tasks);
  std::size_t ready = 0;
  for (std::size_t begin = 0; begin < scores.items.size(); begin += kMetaRowsPerBatch) {
    const std::size_t next = begin + kMetaRowsPerBatch;
    Status written;
    const auto write = [&] {
      const std::size_t count = builder.batch_size(begin);
      for (std::size_t k = 0; k < count && written.ok(); ++k) written = insert.add(batches[ready][k]);
    };
    if (next < scores.items.size())
      pair.run_both(write, [&] { builder.build(batches[1 - ready], next); });
    else
      write();
    if (!written.ok()) return written;
    ready = 1 - ready;
  }
  return insert.finish();
}

Result<nlohmann::ordered_json> read_meta_scores(Database& db, const std::string& date) {
  if (Status s = check_schema(db); !s.ok()) return s.error();
  std::string day = date;
  if (!day.empty()) {
    Result<DayNumber> parsed = parse_date(day, "date");
    if (!parsed.ok()) return parsed.error();
  } else {
    Result<std::vector<std::vector<SqlValue>>> latest =
        query_rows(db, "SELECT max(computed_at) FROM meta_learning_scores");
    if (!latest.ok()) return latest.error();
    day = sql_text(latest.value()[0][0]);
  }
  nlohmann::ordered_json out = {{"date", day.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(day)}};
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db,
                 "SELECT content_id, overall_score, retention_score, engagement_score, virality_score, "
                 "brand_alignment_score, factors, strengths, weaknesses "
                 "FROM meta_learning_scores WHERE computed_at = ? ORDER BY content_id",
                 {day});
  if (!rows.ok()) return rows.error();
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const std::vector<SqlValue>& r : rows.value()) {
    const auto number = [](const SqlValue& v) {
      return is_null(v) ? nlohmann::ordered_json() : nlohmann::ordered_json(sql_number(v));
    };
    const auto parsed = [](const SqlValue& v) {
      nlohmann::ordered_json j = parse_json_or_discarded<nlohmann::ordered_json>(sql_text(v));
      return j.is_discarded() ? nlohmann::ordered_json() : j;
    };
    list.push_back({{"content_id", sql_text(r[0])},
                    {"overall_score", number(r[1])},
                    {"retention_score", number(r[2])},
                    {"engagement_score", number(r[3])},
                    {"virality_score", number(r[4])},
                    {"brand_alignment_score", number(r[5])},
                    {"factors", parsed(r[6])},
                    {"strengths", parsed(r[7])},
                    {"weaknesses", parsed(r[8])}});
  }
  out["count"] = list.size();
  out["methods"] = {
      {"retention_score", "average watch percentage / 100 (null without retention metrics)"},
      {"engagement_score", "mid-rank percentile of the item's engagement rate among the learning window's items"},
      {"virality_score",
       "spec 000's (0.35 retention + 0.30 engagement + 0.20 quality + 0.15 timing) x 100 over the item's realised "
       "components "
       "(timing: mean engagement at its hour / at its platform's best hour in the window), weights renormalised over "
       "the known ones"},
      {"brand_alignment_score",
       "(1 + cosine similarity) / 2 of the item's TEXT_CAPTION embedding to the centroid of the window's top fifth by "
       "engagement rate (at least 3; top performers are part of their own centroid); null when fewer than 10 items "
       "have "
       "embeddings (factors.brand_alignment_method says so)"},
      {"overall_score", "mean of the known scores above, virality / 100"}};
  if (list.empty())
    out["message"] = day.empty() ? "no meta-learning scores yet; run 'learnloop learn' first"
                                 : "no meta-learning scores were computed on " + day;
  out["scores"] = list;
  return out;
}

}  // namespace learnloop
