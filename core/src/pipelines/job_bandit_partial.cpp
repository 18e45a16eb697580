// The learning job's bandits as a mergeable partial (see job_bandit_partial.hpp).
#include "job_bandit_partial.hpp"

#include <algorithm>
#include <vector>

#include "learnloop/core/format.hpp"

namespace learnloop::job {
namespace {

// A bandit with `from`'s arms and settings and no counts.
std::unique_ptr<Bandit> emptied(const Bandit& from) {
  std::unique_ptr<Bandit> copy = from.clone();
  copy->reset();
  return copy;
}

// Refuses forgetting in a sharded run: its result depends on the order of all rewards.
Status check_no_forgetting(const Bandit& bandit, const std::string& name) {
  const Forgetting& f = bandit.config().forgetting;
  if (f.discount == 1.0 && f.window == 0) return {};
  return invalid_argument("the " + name + " bandit forgets (discount " + format_number(f.discount) + ", window " +
                          std::to_string(f.window) +
                          "): its state depends on the order of every reward, which shards do not share; learn this "
                          "date in one process (learn without --shard)");
}

Result<std::unique_ptr<Bandit>> bandit_from_text(const std::string& text, const std::string& name) {
  Result<std::unique_ptr<Bandit>> b = bandit_from_json(text);
  if (!b.ok()) return Error{b.error().code, "partial's " + name + " bandit: " + b.error().message};
  return b;
}

}  // namespace

Result<BanditPartial> BanditPartial::start(const BanditState& previous, double threshold,
                                           const JobBanditOptions& content_options,
                                           const JobBanditOptions& timing_options) {
  BanditPartial p;
  p.threshold_ = threshold;
  Result<std::unique_ptr<Bandit>> content =
      load_or_make(previous.content, content_bandit_config({}, threshold, content_options));
  if (!content.ok()) return content.error();
  Result<std::unique_ptr<Bandit>> timing = load_or_make(previous.timing, timing_bandit_config(timing_options));
  if (!timing.ok()) return timing.error();
  if (!previous.content.is_null()) {
    if (Status s = check_forgetting(*content.value(), content_options, "content"); !s.ok()) return s.error();
  }
  if (!previous.timing.is_null()) {
    if (Status s = check_forgetting(*timing.value(), timing_options, "timing"); !s.ok()) return s.error();
  }
  if (Status s = check_no_forgetting(*content.value(), "content"); !s.ok()) return s.error();
  if (Status s = check_no_forgetting(*timing.value(), "timing"); !s.ok()) return s.error();
  p.content_ = emptied(*content.value());
  p.timing_ = emptied(*timing.value());
  return p;
}

Status BanditPartial::add(const OutcomeRow& r) {
  ++rows_;
  // As update_bandits(): the rate clamped to [0, 1] for the content arm, above the threshold or not for the hour.
  const double rate = std::clamp(r.engagement_rate, 0.0, 1.0);
  if (!r.bandit_arm.empty()) {
    const std::string arm(r.bandit_arm);
    Result<std::size_t> index = arm_of(*content_, arm);
    if (!index.ok()) return index.error();
    first_id_.emplace(arm, std::string(r.decision_id));  // kept when present: the first in window order
    if (Status s = content_->update(index.value(), rate); !s.ok()) return s;
  }
  if (r.posted_hour >= 0)
    return timing_->update(static_cast<std::size_t>(r.posted_hour), rate > threshold_ ? 1.0 : 0.0);
  return {};
}

Status BanditPartial::merge(const BanditPartial& other) {
  if (other.threshold_ != threshold_)
    return invalid_argument("partials have success thresholds " + format_number(threshold_) + " and " +
                            format_number(other.threshold_) + "; expected one threshold for every shard");
  if (Status s = content_->merge(*other.content_); !s.ok()) return s;
  if (Status s = timing_->merge(*other.timing_); !s.ok()) return s;
  for (const auto& [arm, id] : other.first_id_) {
    auto [at, added] = first_id_.emplace(arm, id);
    if (!added && id < at->second) at->second = id;
  }
  rows_ += other.rows_;
  return {};
}

void BanditPartial::save(ByteWriter& out) const {
  out.f64(threshold_);
  out.uint(rows_, 8);
  out.str(content_->to_json());
  out.str(timing_->to_json());
  out.uint(first_id_.size(), 4);
  for (const auto& [arm, id] : first_id_) {
    out.str(arm);
    out.str(id);
  }
}

Result<BanditPartial> BanditPartial::load(ByteReader& in) {
  BanditPartial p;
  p.threshold_ = in.f64();
  p.rows_ = in.uint(8);
  const std::string content = in.str();
  const std::string timing = in.str();
  const std::uint64_t arms = in.uint(4);
  if (in.failed()) return invalid_argument("the partial's bandits are cut short");
  Result<std::unique_ptr<Bandit>> c = bandit_from_text(content, "content");
  if (!c.ok()) return c.error();
  Result<std::unique_ptr<Bandit>> t = bandit_from_text(timing, "timing");
  if (!t.ok()) return t.error();
  p.content_ = std::move(c).value();
  p.timing_ = std::move(t).value();
  for (std::uint64_t i = 0; i < arms && !in.failed(); ++i) {
    std::string arm = in.str();
    std::string id = in.str();
    if (!p.content_->arm_index(arm).ok())
      return invalid_argument("the partial names content arm '" + arm + "' that its content bandit does not have");
    p.first_id_.emplace(std::move(arm), std::move(id));
  }
  if (in.failed()) return invalid_argument("the partial's bandit arms are cut short");
  if (in.remaining() != 0)
    return invalid_argument(std::to_string(in.remaining()) + " bytes follow the end of the bandits' partial");
  return p;
}

Result<BanditState> BanditPartial::finish(const BanditState& previous, DayNumber date,
                                          const JobBanditOptions& content_options,
                                          const JobBanditOptions& timing_options) const {
  BanditState out = previous;
  out.through = format_date(date);
  if (rows_ == 0 && !has_bandit_options(content_options) && !has_bandit_options(timing_options)) return out;
  // The arms new to the state, in the order one process adds them: a new bandit lists them sorted by name, a stored
  // one appends them in window order (by the first decision id that named each).
  std::unique_ptr<Bandit> content;
  if (previous.content.is_null() && !first_id_.empty()) {
    std::vector<std::string> names;
    for (const auto& [arm, id] : first_id_) names.push_back(arm);  // std::map: sorted by name
    Result<std::unique_ptr<Bandit>> made = make_bandit(content_bandit_config(names, threshold_, content_options));
    if (!made.ok()) return made.error();
    content = std::move(made).value();
  } else if (!previous.content.is_null()) {
    Result<std::unique_ptr<Bandit>> stored = bandit_from_json(previous.content.dump());
    if (!stored.ok()) return stored.error();
    content = std::move(stored).value();
    std::vector<std::pair<std::string, std::string>> fresh;  // (first id, arm)
    for (const auto& [arm, id] : first_id_) fresh.emplace_back(id, arm);
    std::sort(fresh.begin(), fresh.end());
    for (const auto& [id, arm] : fresh) {
      if (Result<std::size_t> at = arm_of(*content, arm); !at.ok()) return at.error();
    }
  }
  if (content) {
    if (Status s = content->merge(*content_); !s.ok()) return s.error();
  }
  Result<std::unique_ptr<Bandit>> timing = load_or_make(previous.timing, timing_bandit_config(timing_options));
  if (!timing.ok()) return timing.error();
  if (Status s = timing.value()->merge(*timing_); !s.ok()) return s.error();
  if (Status s = store_served_bandits(content.get(), *timing.value(), content_options, timing_options, &out); !s.ok())
    return s.error();
  return out;
}

}  // namespace learnloop::job
