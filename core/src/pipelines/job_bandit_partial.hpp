// Internal: the learning job's bandits over part of the new outcomes (one shard's, or several merged): a content and
// a timing bandit that start from the previous run's arms with no counts and take the part's rows as the job would,
// so that adding their sufficient statistics to the previous state gives the state one process gets (counts exactly,
// reward sums up to float association). A discounted or windowed bandit depends on the order of every reward, which
// shards do not share: a shard refuses forgetting, and one process (in order) keeps its rows' rewards in window order
// (16 bytes a row) and replays them on the previous state; such a partial is finished where it was made, never saved.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "job_parts.hpp"
#include "learnloop/core/bytes.hpp"

namespace learnloop::job {

/// The bandits' sufficient statistics over some new outcome rows, mergeable across shards.
class BanditPartial {
 public:
  /// An empty partial over `previous`'s arms (no counts), a success above `threshold`. A partial `in_order` takes
  /// every new row of the run (one process) and allows forgetting; one that is not (a shard's) refuses it.
  static Result<BanditPartial> start(const BanditState& previous, double threshold,
                                     const JobBanditOptions& content_options, const JobBanditOptions& timing_options,
                                     bool in_order = false);
  /// Counts one new outcome row (rows in window order within a shard).
  Status add(const OutcomeRow& row);
  /// Adds another shard's counts (started from the same previous state); refused for in-order partials.
  Status merge(const BanditPartial& other);
  /// Appends the partial's bytes.
  void save(ByteWriter& out) const;
  /// Reads what save() wrote; truncated or inconsistent bytes are an error naming what is wrong.
  static Result<BanditPartial> load(ByteReader& in);
  /// New outcome rows counted.
  std::uint64_t rows() const { return rows_; }
  /// `previous` with these counts added, through `date`: the state update_bandits() gives for the same rows.
  Result<BanditState> finish(const BanditState& previous, DayNumber date, const JobBanditOptions& content_options,
                             const JobBanditOptions& timing_options) const;

 private:
  /// Applies the kept rewards in order to the finished bandits (`content` null when no row names an arm).
  Status replay(Bandit* content, Bandit& timing) const;

  double threshold_ = 0;
  std::unique_ptr<Bandit> content_;  // the content arms' counts
  std::unique_ptr<Bandit> timing_;   // the hours' counts
  std::map<std::string, std::string, std::less<>>
      first_id_;  // content arm -> first decision id that named it (window order)
  std::uint64_t rows_ = 0;
  // One new row's rewards, kept in order when a bandit forgets: content arm (kNoArm: none), hour (-1: none), rate.
  struct Reward {
    std::uint32_t arm;
    std::int32_t hour;
    double rate;
  };
  static constexpr std::uint32_t kNoArm = 0xffffffffU;
  bool replay_ = false;          // rewards are kept and replayed in order (one process, a bandit forgets)
  std::vector<Reward> rewards_;  // when replay_: every new row's rewards, in window order
};

}  // namespace learnloop::job
