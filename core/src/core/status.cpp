// Names of error codes. These strings are a stable contract for the CLI and the JS package.
#include "learnloop/core/status.hpp"

namespace learnloop {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kParseError:
      return "parse_error";
    case ErrorCode::kUnsupportedVersion:
      return "unsupported_version";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kInternal:
      return "internal";
    case ErrorCode::kBusy:
      return "busy";
  }
  return "internal";
}

Error with_option_renamed(const Error& e, const std::string& option, const std::string& caller_name) {
  Error out = e;
  const std::size_t at = out.message.find(option);
  if (at != std::string::npos) out.message.replace(at, option.size(), caller_name);
  return out;
}

}  // namespace learnloop
