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

// True when the bandit discounts or windows its rewards (its state depends on their order).
bool forgets(const Bandit& bandit) {
  const Forgetting& f = bandit.config().forgetting;
  return f.discount != 1.0 || f.window != 0;
}

// Refuses forgetting in a sharded run: its result depends on the order of all rewards.
Status check_no_forgetting(const Bandit& bandit, const std::string& name) {
  if (!forgets(bandit)) return {};
  const Forgetting& f = bandit.config().forgetting;
  return invalid_argument("the " + name + " bandit forgets (discount " + format_number(f.discount) + ", window " +
                          std::to_string(f.window) +
                          "): its state depends on the order of every reward, which shards do not share; learn this "
                          "date in one process (learn without --shard)");
}

// The index of arm `name` in `bandit`, added when new: a scan of its few names, no string built for a known arm.
Result<std::size_t> arm_at(Bandit& bandit, std::string_view name) {
  const std::vector<std::string>& names = bandit.arm_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return i;
  }
  return arm_of(bandit, std::string(name));
}

Result<std::unique_ptr<Bandit>> bandit_from_text(const std::string& text, const std::string& name) {
  Result<std::unique_ptr<Bandit>> b = bandit_from_json(text);
  if (!b.ok()) return Error{b.error().code, "partial's " + name + " bandit: " + b.error().message};
  return b;
}

}  // namespace

Result<BanditPartial> BanditPartial::start(const BanditState& previous, double threshold,
                                           const JobBanditOptions& content_options,
                                           const JobBanditOptions& timing_options, bool in_order) {
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
  if (!in_order) {
    if (Status s = check_no_forgetting(*content.value(), "content"); !s.ok()) return s.error();
    if (Status s = check_no_forgetting(*timing.value(), "timing"); !s.ok()) return s.error();
  }
  p.replay_ = in_order && (forgets(*content.value()) || forgets(*timing.value()));
  p.content_ = emptied(*content.value());
  p.timing_ = emptied(*timing.value());
  return p;
}

Status BanditPartial::add(const OutcomeRow& r) {
  ++rows_;
  // As update_bandits(): the rate clamped to [0, 1] for the content arm, above the threshold or not for the hour.
  const double rate = std::clamp(r.engagement_rate, 0.0, 1.0);
  std::uint32_t arm = kNoArm;
  if (!r.bandit_arm.empty()) {
    Result<std::size_t> index = arm_at(*content_, r.bandit_arm);
    if (!index.ok()) return index.error();
    if (first_id_.find(r.bandit_arm) == first_id_.end())  // the first in window order is kept
      first_id_.emplace(std::string(r.bandit_arm), std::string(r.decision_id));
    arm = static_cast<std::uint32_t>(index.value());
    if (!replay_) {
      if (Status s = content_->update(index.value(), rate); !s.ok()) return s;
    }
  }
  if (replay_) {
    rewards_.push_back(Reward{arm, r.posted_hour, rate});
    return {};
  }
  if (r.posted_hour >= 0)
    return timing_->update(static_cast<std::size_t>(r.posted_hour), rate > threshold_ ? 1.0 : 0.0);
  return {};
}

Status BanditPartial::merge(const BanditPartial& other) {
  if (replay_ || other.replay_)
    return invalid_argument("a partial whose bandits forget is finished in the process that made it; it is not merged");
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
  Result<std::unique_ptr<Bandit>> timing = load_or_make(previous.timing, timing_bandit_config(timing_options));
  if (!timing.ok()) return timing.error();
  if (replay_) {
    if (Status s = replay(content.get(), *timing.value()); !s.ok()) return s.error();
  } else {
    if (content) {
      if (Status s = content->merge(*content_); !s.ok()) return s.error();
    }
    if (Status s = timing.value()->merge(*timing_); !s.ok()) return s.error();
  }
  if (Status s = store_served_bandits(content.get(), *timing.value(), content_options, timing_options, &out); !s.ok())
    return s.error();
  return out;
}

Status BanditPartial::replay(Bandit* content, Bandit& timing) const {
  std::vector<std::size_t> to_final;  // this partial's arm index -> the finished content bandit's
  if (content) {
    for (const std::string& name : content_->arm_names()) {
      Result<std::size_t> at = arm_of(*content, name);
      if (!at.ok()) return at.error();
      to_final.push_back(at.value());
    }
  }
  for (const Reward& r : rewards_) {
    if (r.arm != kNoArm && content) {
      if (Status s = content->update(to_final[r.arm], r.rate); !s.ok()) return s;
    }
    if (r.hour >= 0) {
      if (Status s = timing.update(static_cast<std::size_t>(r.hour), r.rate > threshold_ ? 1.0 : 0.0); !s.ok())
        return s;
    }
  }
  return {};
}

}  // namespace learnloop::job
