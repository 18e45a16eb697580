// Internal: a small, strict flag parser for CLI subcommands (`--name value`, `--name=value`,
// boolean `--name`, short aliases like `-k`). Unknown or repeated flags are errors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/status.hpp"

namespace learnloop::cli {

/// One accepted flag of a subcommand.
struct FlagSpec {
  std::string name;         ///< long name without dashes, e.g. "probs"
  bool takes_value = true;  ///< false for switches such as --json
  std::string help;         ///< one line for --help
  std::string value_name;   ///< placeholder shown in help, e.g. "P1,P2,..."
  std::string short_alias;  ///< optional one-letter alias without the dash
  bool positional = false;  ///< also given as a bare argument (at most one such flag per command)
};

/// Parsed flags of one invocation.
class Flags {
 public:
  /// Parses `args` against `specs`; fails with a message naming the flag.
  static Result<Flags> parse(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);
  /// True when switch or flag `name` was given.
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  /// The value of `name`, if given.
  std::optional<std::string> get(const std::string& name) const;
  /// Reads optional number flag `name` into `out`; `out` is unchanged when the flag is absent.
  Status read_number(const std::string& name, double* out) const;
  /// Reads optional whole-number flag `name` into `out`; `out` is unchanged when the flag is absent.
  Status read_count(const std::string& name, std::uint64_t* out) const;
  /// The value of optional date flag `name` ("" when absent), checked as YYYY-MM-DD so that a bad date is named by
  /// its flag (the core's own check names the option).
  Result<std::string> read_date(const std::string& name) const;
  /// The whole number --name in [min, max], or `fallback` when absent; the error names the flag and the range.
  Result<int> read_int_in(const std::string& name, int fallback, int min, int max) const;
  /// A copy of `flags` with `name` set to `value`.
  static Flags with_value(const Flags& flags, const std::string& name, const std::string& value) {
    Flags out = flags;
    out.values_[name] = value;
    return out;
  }
  /// The value of a required flag or an error "missing --name VALUE".
  Result<std::string> require(const std::string& name, const std::vector<FlagSpec>& specs) const;

 private:
  std::map<std::string, std::string> values_;
};

/// Comma-separated non-empty names of flag --`flag` (at least one).
Result<std::vector<std::string>> split_names(const std::string& text, const std::string& flag);

/// Help lines for `specs`, aligned.
std::string flags_help(const std::vector<FlagSpec>& specs);

/// Largest count or seed a flag takes: 2^53-1, as in JSON (JS numbers are exact only up to it).
constexpr unsigned long long kMaxExactCount = (1ULL << 53) - 1;

/// Parses a whole decimal integer in [0, 2^53-1] for flag `flag`; the error names the flag.
Result<unsigned long long> parse_count(const std::string& flag, const std::string& text);

/// Parses one finite number for flag `flag`.
Result<double> parse_number(const std::string& flag, const std::string& text);

/// Parses a comma-separated list of finite numbers for flag `flag`.
Result<std::vector<double>> parse_number_list(const std::string& flag, const std::string& text);

}  // namespace learnloop::cli
