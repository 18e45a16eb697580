// Error values for the core: every fallible core function returns Status or Result<T>.
// Exceptions never cross a core API; the native CLI and the wasm bindings turn these into
// exit codes and LearnloopError respectively. No I/O here.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace learnloop {

/// Stable error categories; their names are part of the public API (CLI, JS `code`).
enum class ErrorCode {
  kInvalidArgument,     ///< input has the wrong type, shape or range
  kParseError,          ///< text (JSON, CSV, numbers) could not be parsed
  kUnsupportedVersion,  ///< saved state has an unknown format or major version
  kNotFound,            ///< a named thing does not exist
  kInternal,            ///< a bug or an unexpected failure inside learnloop
  kBusy,                ///< another process held the database's lock past the busy timeout, or changed it underneath
};

/// Stable snake_case name of an error code, e.g. "invalid_argument".
const char* error_code_name(ErrorCode code);

/// An error: a stable code plus a message a user can act on.
struct Error {
  ErrorCode code;       ///< category of the failure
  std::string message;  ///< what is wrong and what was expected
};

/// Success or an Error, for operations that return nothing; a dropped Status is a compiler warning.
class [[nodiscard]] Status {
 public:
  /// A successful status.
  Status() = default;
  /// A failed status carrying `error`.
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  /// True when the operation succeeded.
  bool ok() const { return ok_; }
  /// The error; only valid when !ok().
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_{ErrorCode::kInternal, {}};
  bool ok_ = true;
};

/// A value of type T or an Error; a dropped Result is a compiler warning.
template <class T>
class [[nodiscard]] Result {
 public:
  /// A successful result holding `value`.
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  /// A failed result holding `error`.
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  /// True when a value is held.
  bool ok() const { return v_.index() == 0; }
  /// The value; only valid when ok().
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  /// The value, mutable; only valid when ok().
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  /// The value, moved out; only valid when ok().
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  /// The error; only valid when !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  /// The error as a Status (for propagation).
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

/// Shorthand for an invalid-argument error.
/// `e` with the first mention of option `option` in its message renamed to `caller_name`: the core names its
/// options (e.g. "skip_bad"); the CLI says its flag ("--skip-bad") and JS its option ("skipBad").
Error with_option_renamed(const Error& e, const std::string& option, const std::string& caller_name);

inline Error invalid_argument(std::string message) { return {ErrorCode::kInvalidArgument, std::move(message)}; }

}  // namespace learnloop
