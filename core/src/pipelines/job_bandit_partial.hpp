// Internal: the learning job's bandits over part of the new outcomes (one shard's, or several merged): a content and
// a timing bandit that start from the previous run's arms with no counts and take the part's rows as the job would,
// so that adding their sufficient statistics to the previous state gives the state one process gets (counts exactly,
// reward sums up to float association). Forgetting is refused: a discounted or windowed bandit depends on the order
// of every reward, which shards do not share.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "job_parts.hpp"
#include "learnloop/core/bytes.hpp"

namespace learnloop::job {

/// The bandits' sufficient statistics over some new outcome rows, mergeable across shards.
class BanditPartial {
 public:
  /// An empty partial over `previous`'s arms (no counts), a success above `threshold`; refuses forgetting.
  static Result<BanditPartial> start(const BanditState& previous, double threshold,
                                     const JobBanditOptions& content_options, const JobBanditOptions& timing_options);
  /// Counts one new outcome row (rows in window order within a shard).
  Status add(const OutcomeRow& row);
  /// Adds another shard's counts (started from the same previous state).
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
  double threshold_ = 0;
  std::unique_ptr<Bandit> content_;              // the content arms' counts
  std::unique_ptr<Bandit> timing_;               // the hours' counts
  std::map<std::string, std::string> first_id_;  // content arm -> first decision id that named it (window order)
  std::uint64_t rows_ = 0;
};

}  // namespace learnloop::job
