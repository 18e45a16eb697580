// The learning job's predictors as a mergeable partial (see model_partial.hpp): rows become compact
// records plus the training side's ridge sums; merging remaps the other partial's category
// dictionaries and features into this one's; finish learns the spec from the sums, drops constant
// columns found from the sums, min/max and hour set, solves the ridge from the centred sums, runs the
// logistic's Newton passes over the training records, and scores both sides' records.
#include "model_partial.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "../predictors/logistic_newton.hpp"
#include "../predictors/ridge_solve.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/constant_columns.hpp"
#include "learnloop/predictors/metrics.hpp"

namespace learnloop::job {
namespace {

constexpr std::uint32_t kNoFeature = 0xFFFFFFFF;
constexpr std::uint32_t kPartialMagic = 0x504d4c4c;  // "LLMP" little-endian
constexpr std::uint32_t kPartialVersion = 1;
constexpr std::size_t kFixedFeatures = 3;  // quality, hour sin, hour cos
constexpr std::size_t kRecordBytes = 24;
constexpr std::size_t kBlockRows = 4096;  // training rows summed apart before joining the totals
constexpr std::size_t kMostNonZero = 6;   // a record's non-zero values at most: quality, 3 categories, hour sin, cos

std::size_t packed(std::size_t a, std::size_t b) { return a >= b ? a * (a + 1) / 2 + b : b * (b + 1) / 2 + a; }

// hour_sin and hour_cos of every hour byte, as cyclic_hour_features() gives them (computed once).
struct HourTable {
  std::array<double, 256> sine{};
  std::array<double, 256> cosine{};
  HourTable() {
    for (std::size_t h = 0; h < 256; ++h) cyclic_hour_features(static_cast<double>(h), &sine[h], &cosine[h]);
  }
};
const HourTable& hour_table() {
  static const HourTable kTable;
  return kTable;
}

// A damaged partial's error.
Error bad(const std::string& what) { return invalid_argument("model partial: " + what); }

// A partial cut short inside `where`.
Error truncated(const char* where) {
  return bad(std::string("the bytes end inside ") + where + "; the partial was cut short");
}

}  // namespace

struct ModelPartial::Layout {
  FeatureSpec spec;
  std::vector<std::string> names;                  // the spec's D columns
  std::array<std::vector<std::size_t>, 3> column;  // per field and category: its column, or D when not in the spec
  std::vector<std::size_t> feature_column;         // per X'X feature: its column
  std::vector<std::size_t> kept;                   // columns the fit uses, in order
  std::vector<std::size_t> dropped;                // constant columns, in order
  std::vector<std::size_t> kept_at;                // per column: its place in `kept`, or kept.size() when dropped

  // The record's kept non-zero values (NaN counts as non-zero) in column order, as the kept part of the row
  // encode_job_rows writes: their places in `kept` into `at`, values into `value` (kMostNonZero slots each); returns
  // how many.
  std::size_t sparse(const Record& r, std::size_t* at, double* value) const {
    const std::size_t d = names.size();
    const std::size_t none = kept.size();
    std::size_t count = 0;
    const auto add = [&](std::size_t c, double v) {
      at[count] = kept_at[c];
      value[count] = v;
      count += kept_at[c] != none && v != 0 ? 1 : 0;
    };
    add(0, r.quality);
    for (std::size_t i = 0; i < 3; ++i)
      if (r.category[i] != kNoCategory && column[i][r.category[i]] < d) add(column[i][r.category[i]], 1.0);
    add(d - 2, hour_table().sine[r.hour]);
    add(d - 1, hour_table().cosine[r.hour]);
    return count;
  }
  // The record's D values, as encode_job_rows writes its row.
  void fill(const Record& r, double* row) const {
    const std::size_t d = names.size();
    std::fill(row, row + d, 0.0);
    row[0] = r.quality;
    for (std::size_t i = 0; i < 3; ++i)
      if (r.category[i] != kNoCategory && column[i][r.category[i]] < d) row[column[i][r.category[i]]] = 1.0;
    row[d - 2] = hour_table().sine[r.hour];
    row[d - 1] = hour_table().cosine[r.hour];
  }
};

ModelPartial::ModelPartial(DayNumber date) : date_(date) {
  for (std::size_t f = 0; f < kFixedFeatures; ++f) {
    sums_.grow();
    block_.grow();
  }
  static_assert(sizeof(Record) == kRecordBytes, "a record is 24 bytes");
}

void ModelPartial::RidgeSums::grow() {
  gram.resize(gram.size() + column.size() + 1, 0.0);  // row `column.size()` of the lower triangle
  column.push_back(0.0);
  moment.push_back(0.0);
}

ModelPartial::RidgeSums ModelPartial::total() const {
  RidgeSums out = sums_;
  for (std::size_t i = 0; i < out.column.size(); ++i) out.column[i] += block_.column[i];
  for (std::size_t i = 0; i < out.gram.size(); ++i) out.gram[i] += block_.gram[i];
  for (std::size_t i = 0; i < out.moment.size(); ++i) out.moment[i] += block_.moment[i];
  out.target += block_.target;
  return out;
}

std::uint16_t ModelPartial::category_index(std::size_t field, std::string_view value) {
  std::vector<std::string>& dictionary = dictionaries_[field];
  // A field has a handful of values: a scan from the newest beats a hash per row.
  for (std::size_t i = dictionary.size(); i-- > 0;)
    if (dictionary[i] == value) return static_cast<std::uint16_t>(i);
  if (dictionary.size() >= kNoCategory) {
    if (problem_.empty())
      problem_ = std::string(kCategoryFields[field].name) + " has more than " + std::to_string(kNoCategory - 1) +
                 " distinct values; the model partial keeps at most that many per field";
    return kNoCategory;
  }
  dictionary.emplace_back(value);
  features_[field].push_back(kNoFeature);
  return static_cast<std::uint16_t>(dictionary.size() - 1);
}

std::uint32_t ModelPartial::feature_of(std::size_t field, std::uint16_t category) {
  std::uint32_t& feature = features_[field][category];
  if (feature == kNoFeature) {
    feature = static_cast<std::uint32_t>(sums_.column.size());
    sums_.grow();
    block_.grow();
  }
  return feature;
}

void ModelPartial::accumulate(const Record& r) {
  // The row's non-zero features (adding a zero product never changes a sum, so skipping them is exact).
  std::array<std::uint32_t, 6> feature{};
  std::array<double, 6> value{};
  std::size_t count = 0;
  const auto put = [&](std::uint32_t f, double v) {
    if (v != 0) {
      feature[count] = f;
      value[count] = v;
      ++count;
    }
  };
  put(0, r.quality);
  put(1, hour_table().sine[r.hour]);
  put(2, hour_table().cosine[r.hour]);
  for (std::size_t i = 0; i < 3; ++i)
    if (r.category[i] != kNoCategory) put(feature_of(i, r.category[i]), 1.0);
  const double y = r.engagement;
  for (std::size_t i = 0; i < count; ++i) {
    block_.column[feature[i]] += value[i];
    block_.moment[feature[i]] += value[i] * y;
    for (std::size_t k = 0; k <= i; ++k) block_.gram[packed(feature[i], feature[k])] += value[i] * value[k];
  }
  block_.target += y;
  if (++block_rows_ == kBlockRows) {
    sums_ = total();
    for (std::vector<double>* v : {&block_.column, &block_.gram, &block_.moment}) std::fill(v->begin(), v->end(), 0.0);
    block_.target = 0;
    block_rows_ = 0;
  }
}

void ModelPartial::add(const OutcomeRow& row) {
  if (!usable_for_models(row)) return;
  ++usable_;
  (row.followers_gained > 0 ? followed_ : unfollowed_) = true;
  if (row.posted_hour > 255 && problem_.empty())
    problem_ =
        "posted hour " + std::to_string(row.posted_hour) + " is beyond 255; the model partial keeps an hour byte";
  Record r{row.quality_score + 0.0,  // + 0.0: -0 reads as 0, as encode_job_rows writes it
           row.engagement_rate + 0.0,
           {kNoCategory, kNoCategory, kNoCategory},
           static_cast<std::uint8_t>(std::min(row.posted_hour, 255)),
           static_cast<std::uint8_t>(row.followers_gained > 0 ? 1 : 0)};
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string_view text = kCategoryFields[i].text(row);
    if (!text.empty()) r.category[i] = category_index(i, text);
  }
  if (held_out_for_models(row, date_)) {
    test_.push_back(r);
    return;
  }
  if (train_.empty()) {
    quality_min_ = r.quality;
    quality_max_ = r.quality;
  }
  train_.push_back(r);
  quality_sum_ += row.quality_score;
  hour_sum_ += static_cast<double>(row.posted_hour);
  quality_min_ = std::min(quality_min_, r.quality);
  quality_max_ = std::max(quality_max_, r.quality);
  hours_seen_[r.hour / 64] |= std::uint64_t{1} << (r.hour % 64);
  accumulate(r);
}

Status ModelPartial::merge(ModelPartial&& other) {
  Result<Categories> category = absorb(other);
  if (!category.ok()) return category.status();
  other.train_.drain([&](const Record& r) { train_.push_back(renumbered(r, category.value())); });
  other.test_.drain([&](const Record& r) { test_.push_back(renumbered(r, category.value())); });
  return {};
}

ModelPartial::Record ModelPartial::renumbered(Record r, const Categories& category) {
  for (std::size_t i = 0; i < 3; ++i)
    if (r.category[i] != kNoCategory) r.category[i] = category[i][r.category[i]];
  return r;
}

bool ModelPartial::has_training() const {
  return std::any_of(hours_seen_.begin(), hours_seen_.end(), [](std::uint64_t w) { return w != 0; });
}

Result<ModelPartial::Categories> ModelPartial::absorb(const ModelPartial& other) {
  if (other.date_ != date_)
    return invalid_argument("a model partial for " + format_date(other.date_) + " cannot merge into one for " +
                            format_date(date_));
  usable_ += other.usable_;
  unfollowed_ = unfollowed_ || other.unfollowed_;
  followed_ = followed_ || other.followed_;
  if (problem_.empty()) problem_ = other.problem_;
  // The other's categories and features in this partial's numbering.
  Categories category;
  const RidgeSums sums = other.total();
  std::vector<std::uint32_t> feature(sums.column.size(), kNoFeature);
  for (std::uint32_t f = 0; f < kFixedFeatures; ++f) feature[f] = f;
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t c = 0; c < other.dictionaries_[i].size(); ++c) {
      category[i].push_back(category_index(i, other.dictionaries_[i][c]));
      if (other.features_[i][c] != kNoFeature && category[i].back() != kNoCategory)
        feature[other.features_[i][c]] = feature_of(i, category[i].back());
    }
  }
  // Every training record sets its hour's bit: a partial with training records has some bit set.
  if (other.has_training()) {
    quality_min_ = has_training() ? std::min(quality_min_, other.quality_min_) : other.quality_min_;
    quality_max_ = has_training() ? std::max(quality_max_, other.quality_max_) : other.quality_max_;
  }
  quality_sum_ += other.quality_sum_;
  hour_sum_ += other.hour_sum_;
  for (std::size_t w = 0; w < hours_seen_.size(); ++w) hours_seen_[w] |= other.hours_seen_[w];
  for (std::size_t a = 0; a < sums.column.size(); ++a) {
    if (feature[a] == kNoFeature) continue;  // a category beyond a full dictionary: problem_ is set
    sums_.column[feature[a]] += sums.column[a];
    sums_.moment[feature[a]] += sums.moment[a];
    for (std::size_t b = 0; b <= a; ++b)
      if (feature[b] != kNoFeature) sums_.gram[packed(feature[a], feature[b])] += sums.gram[packed(a, b)];
  }
  sums_.target += sums.target;
  return category;
}

void ModelPartial::save(ByteWriter& out) const {
  out.uint(kPartialMagic, 4);
  out.uint(kPartialVersion, 4);
  out.uint(static_cast<std::uint64_t>(static_cast<std::int64_t>(date_)), 8);
  out.uint(usable_, 8);
  out.uint((unfollowed_ ? 1 : 0) | (followed_ ? 2 : 0), 1);
  out.str(problem_);
  for (std::size_t i = 0; i < 3; ++i) {
    out.uint(dictionaries_[i].size(), 4);
    for (std::size_t c = 0; c < dictionaries_[i].size(); ++c) {
      out.str(dictionaries_[i][c]);
      out.uint(features_[i][c], 4);
    }
  }
  out.f64(quality_sum_);
  out.f64(hour_sum_);
  out.f64(quality_min_);
  out.f64(quality_max_);
  for (std::uint64_t w : hours_seen_) out.uint(w, 8);
  const RidgeSums sums = total();
  out.uint(sums.column.size(), 4);
  for (double v : sums.column) out.f64(v);
  for (double v : sums.gram) out.f64(v);
  for (double v : sums.moment) out.f64(v);
  out.f64(sums.target);
  for (const Records* side : {&train_, &test_}) {
    out.uint(side->size(), 8);
    for (const Record& r : *side) {
      out.f64(r.quality);
      out.f64(r.engagement);
      for (std::uint16_t c : r.category) out.uint(c, 2);
      out.uint(r.hour, 1);
      out.uint(r.followed, 1);
    }
  }
}

Result<ModelPartial> ModelPartial::load_header(ByteReader& in) {
  if (in.remaining() < 8) return truncated("the header");
  if (in.uint(4) != kPartialMagic) return bad("these bytes are not a model partial (wrong magic number)");
  if (const std::uint64_t version = in.uint(4); version != kPartialVersion)
    return bad("format version " + std::to_string(version) + "; this build reads version " +
               std::to_string(kPartialVersion));
  ModelPartial p(static_cast<DayNumber>(static_cast<std::int64_t>(in.uint(8))));
  p.usable_ = in.uint(8);
  const std::uint64_t flags = in.uint(1);
  p.unfollowed_ = (flags & 1) != 0;
  p.followed_ = (flags & 2) != 0;
  p.problem_ = in.str();
  if (in.failed()) return truncated("the header");
  if (flags > 3) return bad("unknown flags " + std::to_string(flags));
  std::size_t features = kFixedFeatures;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::uint64_t size = in.uint(4);
    if (in.failed()) return truncated("the category dictionaries");
    if (size >= kNoCategory || size * 8 > in.remaining())
      return bad(std::string(kCategoryFields[i].name) + " dictionary of " + std::to_string(size) +
                 " values runs past the end of the bytes (cut short or garbled)");
    for (std::uint64_t c = 0; c < size; ++c) {
      std::string value = in.str();
      const std::uint64_t feature = in.uint(4);
      if (in.failed()) return truncated("the category dictionaries");
      if (value.empty() ||
          std::find(p.dictionaries_[i].begin(), p.dictionaries_[i].end(), value) != p.dictionaries_[i].end())
        return bad(std::string(kCategoryFields[i].name) + " dictionary holds an empty or repeated value");
      if (feature != kNoFeature) ++features;
      p.dictionaries_[i].push_back(std::move(value));
      p.features_[i].push_back(static_cast<std::uint32_t>(feature));
    }
  }
  p.quality_sum_ = in.f64();
  p.hour_sum_ = in.f64();
  p.quality_min_ = in.f64();
  p.quality_max_ = in.f64();
  for (std::uint64_t& w : p.hours_seen_) w = in.uint(8);
  const std::uint64_t feature_count = in.uint(4);
  if (in.failed()) return truncated("the training sums");
  if (feature_count != features)
    return bad("the sums cover " + std::to_string(feature_count) + " features; the dictionaries name " +
               std::to_string(features));
  // Every category feature numbered once, from kFixedFeatures on (in the order training met them).
  std::vector<bool> numbered(features, false);
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::uint32_t f : p.features_[i]) {
      if (f == kNoFeature) continue;
      if (f < kFixedFeatures || f >= features || numbered[f]) return bad("category features are misnumbered");
      numbered[f] = true;
    }
  }
  const std::size_t sums = 2 * features + features * (features + 1) / 2 + 1;
  if (in.remaining() < sums * 8) return truncated("the training sums");
  while (p.sums_.column.size() < features) {
    p.sums_.grow();
    p.block_.grow();
  }
  for (double& v : p.sums_.column) v = in.f64();
  for (double& v : p.sums_.gram) v = in.f64();
  for (double& v : p.sums_.moment) v = in.f64();
  p.sums_.target = in.f64();
  return p;
}

Status ModelPartial::read_records(ByteReader& in, const std::function<void(bool train, const Record&)>& take) const {
  std::uint64_t held = 0;
  for (const bool train : {true, false}) {
    const char* name = train ? "the training records" : "the test records";
    const std::uint64_t count = in.uint(8);
    if (in.failed() || count > in.remaining() / kRecordBytes) return truncated(name);
    held += count;
    for (std::uint64_t k = 0; k < count; ++k) {
      Record r{};
      r.quality = in.f64();
      r.engagement = in.f64();
      for (std::size_t i = 0; i < 3; ++i) {
        r.category[i] = static_cast<std::uint16_t>(in.uint(2));
        if (r.category[i] != kNoCategory && r.category[i] >= dictionaries_[i].size())
          return bad(std::string(name).substr(4) + " name " + kCategoryFields[i].name + " " +
                     std::to_string(r.category[i]) + " beyond its dictionary");
        if (train && r.category[i] != kNoCategory && features_[i][r.category[i]] == kNoFeature)
          return bad(std::string("a training record's ") + kCategoryFields[i].name + " has no training sums");
      }
      r.hour = static_cast<std::uint8_t>(in.uint(1));
      r.followed = static_cast<std::uint8_t>(in.uint(1));
      if (r.followed > 1) return bad(std::string(name).substr(4) + " hold a follow flag other than 0 or 1");
      if (train && (hours_seen_[r.hour / 64] >> (r.hour % 64) & 1) == 0)
        return bad("a training record's hour " + std::to_string(r.hour) + " is missing from the hours seen");
      take(train, r);
    }
  }
  if (in.failed()) return truncated("the records");
  if (in.remaining() != 0) return bad(std::to_string(in.remaining()) + " bytes follow the end of the partial");
  if (held != usable_)
    return bad("it counts " + std::to_string(usable_) + " usable rows but holds " + std::to_string(held) + " records");
  return {};
}

Result<ModelPartial> ModelPartial::load(ByteReader& in) {
  Result<ModelPartial> p = load_header(in);
  if (!p.ok()) return p;
  ModelPartial& m = p.value();
  if (Status s = m.read_records(in, [&m](bool train, const Record& r) { (train ? m.train_ : m.test_).push_back(r); });
      !s.ok())
    return s.error();
  return p;
}

Status ModelPartial::merge_load(ByteReader& in) {
  Result<ModelPartial> other = load_header(in);
  if (!other.ok()) return other.status();
  Result<Categories> category = absorb(other.value());
  if (!category.ok()) return category.status();
  return other.value().read_records(
      in, [&](bool train, const Record& r) { (train ? train_ : test_).push_back(renumbered(r, category.value())); });
}

Result<ModelPartial::Layout> ModelPartial::layout() const {
  if (!problem_.empty()) return invalid_argument(problem_);
  if (train_.empty()) return invalid_argument(all_on_test_side_message(usable_));
  Layout out;
  std::array<std::vector<std::string>, 3> categories;
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t c = 0; c < dictionaries_[i].size(); ++c)
      if (features_[i][c] != kNoFeature) categories[i].push_back(dictionaries_[i][c]);
  out.spec = learned_job_spec(quality_sum_, hour_sum_, train_.size(), std::move(categories));
  out.names = job_feature_names(out.spec);
  const std::size_t d = out.names.size();
  const RidgeSums sums = total();
  out.feature_column.assign(sums.column.size(), d);
  out.feature_column[0] = 0;
  out.feature_column[1] = d - 2;
  out.feature_column[2] = d - 1;
  std::size_t first = 1;  // the field's first column
  for (std::size_t i = 0; i < 3; ++i) {
    const std::vector<std::string>& sorted = out.spec.columns[i + 1].categories;
    out.column[i].assign(dictionaries_[i].size(), d);
    for (std::size_t c = 0; c < dictionaries_[i].size(); ++c) {
      const auto at = std::lower_bound(sorted.begin(), sorted.end(), dictionaries_[i][c]);
      if (at == sorted.end() || *at != dictionaries_[i][c]) continue;  // seen only on the test side
      out.column[i][c] = first + static_cast<std::size_t>(at - sorted.begin());
      out.feature_column[features_[i][c]] = out.column[i][c];
    }
    first += sorted.size();
  }
  // Non-finite features, as make_dataset reports them (training side, then test side; only quality can be).
  for (const Records* side : {&train_, &test_}) {
    for (std::size_t r = 0; r < side->size(); ++r)
      if (!std::isfinite((*side)[r].quality))
        return invalid_argument("feature 'quality_score' is " + format_number((*side)[r].quality) + " in row " +
                                std::to_string(r + 1) + "; expected a finite number");
  }
  // Constant columns as constant_columns() finds them on the training rows (none below 2 rows).
  std::vector<bool> constant(d, false);
  if (train_.size() >= 2) {
    constant[0] = quality_min_ == quality_max_;
    for (std::size_t f = kFixedFeatures; f < sums.column.size(); ++f)  // a category in every training row
      constant[out.feature_column[f]] = sums.column[f] == static_cast<double>(train_.size());
    bool first_hour = true;
    double sine = 0;
    double cosine = 0;
    constant[d - 2] = true;
    constant[d - 1] = true;
    for (std::size_t h = 0; h < 256; ++h) {
      if ((hours_seen_[h / 64] >> (h % 64) & 1) == 0) continue;
      if (!first_hour) {
        constant[d - 2] = constant[d - 2] && hour_table().sine[h] == sine;
        constant[d - 1] = constant[d - 1] && hour_table().cosine[h] == cosine;
      }
      sine = hour_table().sine[h];
      cosine = hour_table().cosine[h];
      first_hour = false;
    }
  }
  for (std::size_t c = 0; c < d; ++c) (constant[c] ? out.dropped : out.kept).push_back(c);
  out.kept_at.assign(d, out.kept.size());
  for (std::size_t j = 0; j < out.kept.size(); ++j) out.kept_at[out.kept[j]] = j;
  return out;
}

Result<LinearModel> ModelPartial::fit_plan(const ModelPlan& plan, const Layout& layout, TaskPair& tasks) const {
  const std::size_t d = layout.names.size();
  if (layout.dropped.size() == d) return invalid_argument(all_constant_message(layout.names, layout.dropped));
  const std::size_t k = layout.kept.size();
  const std::size_t n = train_.size();
  // check_fit_input on the kept columns.
  if (n < k || n < 2)
    return invalid_argument(std::to_string(n) + " rows for " + std::to_string(k) +
                            " features; expected at least as many rows as features (and at least 2)");
  const auto target = [&](const Record& r) { return plan.follow ? static_cast<double>(r.followed) : r.engagement; };
  const auto check_targets = [&](const Records& side) -> Status {
    for (std::size_t r = 0; r < side.size(); ++r)
      if (!std::isfinite(target(side[r])))
        return invalid_argument("target 'target' is " + format_number(target(side[r])) + " in row " +
                                std::to_string(r + 1) + "; expected a finite number");
    return {};
  };
  if (Status s = check_targets(train_); !s.ok()) return s.error();
  std::vector<std::string> kept_names;
  for (std::size_t c : layout.kept) kept_names.push_back(layout.names[c]);
  // LinearModel::predict's sum: the intercept plus coefficient[j] times the record's value at kept place j, in column
  // order. With finite coefficients the zeros are skipped: coefficient x 0 is a signed zero, which changes no sum but
  // a zero one, and a zero's sign changes no prediction's metric. Its scratch is its own: the train and test metrics
  // may run at once.
  const auto linear = [&layout, k](const Record& r, double intercept, const std::vector<double>& coefficient,
                                   bool finite) {
    double z = intercept;
    if (finite) {
      std::array<std::size_t, kMostNonZero + 1> place{};
      std::array<double, kMostNonZero + 1> nonzero{};
      const std::size_t count = layout.sparse(r, place.data(), nonzero.data());
      for (std::size_t i = 0; i < count; ++i) z += coefficient[place[i]] * nonzero[i];
    } else {
      std::vector<double> full(layout.names.size());
      layout.fill(r, full.data());
      for (std::size_t j = 0; j < k; ++j) z += coefficient[j] * full[layout.kept[j]];
    }
    return z;
  };

  LinearModel model;
  if (std::string(plan.kind) == "ridge") {
    // Centred sums from the raw ones: Xc'Xc = X'X - s s' / n, Xc'yc = X'y - s * mean(y).
    std::vector<std::size_t> feature(k, 0);
    const RidgeSums sums = total();
    for (std::size_t f = 0; f < sums.column.size(); ++f)
      for (std::size_t j = 0; j < k; ++j)
        if (layout.feature_column[f] == layout.kept[j]) feature[j] = f;
    const double count = static_cast<double>(n);
    std::vector<double> mean(k);
    for (std::size_t j = 0; j < k; ++j) mean[j] = sums.column[feature[j]] / count;
    const double y_mean = sums.target / count;
    predictors::SymmetricMatrix gram(k);
    std::vector<double> moment(k);
    for (std::size_t a = 0; a < k; ++a) {
      for (std::size_t b = 0; b < k; ++b)
        gram.at(a, b) = sums.gram[packed(feature[a], feature[b])] - sums.column[feature[a]] * mean[b];
      moment[a] = sums.moment[feature[a]] - sums.column[feature[a]] * y_mean;
    }
    gram.mirror_upper();
    Result<LinearModel> solved =
        predictors::solve_centred_ridge(std::move(gram), moment, mean, y_mean, plan.penalty, kept_names);
    if (!solved.ok()) return solved.error();
    model = std::move(solved).value();
  } else {
    double positives = 0;
    for (const Record& r : train_) positives += r.followed;
    if (positives == 0 || positives == static_cast<double>(n))
      return invalid_argument("the target has a single class (every row is " +
                              format_number(static_cast<double>(train_[0].followed)) +
                              "); a classifier needs both 0 and 1");
    LogisticOptions options;
    options.c = plan.penalty;
    // One pass over the training records per point, in the blocks evaluate_logistic passes over a dense matrix in
    // (blocked_logistic_sums: its two halves side by side through `tasks`): the same non-zero columns in the same
    // order, then the intercept.
    const auto evaluate = [&](const std::vector<double>& beta) {
      predictors::NewtonPoint point = predictors::blocked_logistic_sums(
          n, k,
          [&](std::size_t begin, std::size_t end, predictors::NewtonPoint* sums) {
            // A record's kept non-zero values (Layout::sparse) and, after them, the intercept's.
            std::array<std::size_t, kMostNonZero + 1> at{};
            std::array<double, kMostNonZero + 1> value{};
            for (std::size_t i = begin; i < end; ++i) {
              const Record& r = train_[i];
              const std::size_t count = layout.sparse(r, at.data(), value.data());
              at[count] = k;
              value[count] = 1.0;
              predictors::add_logistic_row(at.data(), value.data(), count + 1, static_cast<double>(r.followed), beta,
                                           sums);
            }
          },
          tasks);
      predictors::finish_logistic_point(options.c, beta, &point);
      return point;
    };
    Result<predictors::NewtonFit> fit = predictors::newton_logistic(k, options, evaluate);
    if (!fit.ok()) return fit.error();
    const std::vector<double>& beta = fit.value().beta;
    model.kind = "logistic";
    model.features = kept_names;
    model.coefficients.assign(beta.begin(), beta.begin() + static_cast<std::ptrdiff_t>(k));
    model.intercept = beta[k];
    model.params = {{"C", options.c}};
    model.iterations = fit.value().iterations;
  }
  const bool classifier = model.kind == "logistic";
  // Predictions as LinearModel::predict makes them: the intercept, then every used column in order.
  const auto predict = [&](double z) { return classifier ? dmath::sigmoid(z) : z; };
  // Metrics from walks over the records: no column of truths or predictions is held.
  const auto tally = [&](const Records& side, const auto& predict_record) {
    const MetricRows walk = [&](bool predictions, const std::function<void(double, double)>& row) {
      for (const Record& r : side) row(target(r), predictions ? predict(predict_record(r)) : 0.0);
    };
    return classifier ? metrics_json(classification_metrics(walk), side.size())
                      : metrics_json(regression_metrics(side.size(), walk), side.size());
  };
  const std::vector<double> kept_coefficients = model.coefficients;  // per kept place
  const bool finite =
      std::all_of(kept_coefficients.begin(), kept_coefficients.end(), [](double c) { return std::isfinite(c); });
  const auto predict_record = [&](const Record& r) { return linear(r, model.intercept, kept_coefficients, finite); };
  if (!test_.empty()) {
    if (Status s = check_targets(test_); !s.ok()) return s.error();
  }
  // The train and the test metrics: two walks over their own records, at once where `tasks` can.
  nlohmann::ordered_json train_metrics, test_metrics;
  tasks.run_both([&] { train_metrics = tally(train_, predict_record); },
                 [&] {
                   if (!test_.empty()) test_metrics = tally(test_, predict_record);
                 });
  model.metrics["train"] = std::move(train_metrics);
  if (!layout.dropped.empty()) model = with_dropped_columns(std::move(model), layout.names, layout.dropped);
  model.feature_spec = feature_spec_to_json(layout.spec);
  model.version = model_content_id(model);
  if (!test_.empty()) model.metrics["test"] = std::move(test_metrics);
  return model;
}

ModelFits ModelPartial::finish(TaskPair* tasks) const {
  Result<Layout> prepared = invalid_argument("the design was not prepared");
  PlanFitter fitter{
      [&]() {
        prepared = layout();
        return prepared.status();
      },
      [&](const ModelPlan& plan) { return fit_plan(plan, prepared.value(), task_pair_or_sequential(tasks)); },
      [&]() {
        return std::pair{train_.size(), test_.size()};
      }};
  return assemble_model_fits(usable_, unfollowed_, followed_, date_, fitter);
}

}  // namespace learnloop::job
