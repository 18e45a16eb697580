// Text helpers shared by error messages and reports: shortest round-trip numbers and the one rounding
// of output figures. No I/O.
#pragma once

#include <cstdint>
#include <string>

namespace learnloop {

/// Shortest text that reads back as the same double ("0.03", "1e-07", "nan", "inf").
std::string format_number(double value);

/// `value` rounded half away from zero to `places` decimals (for output only; computations keep full precision).
/// Scales by an exact power of ten, so it equals std::round(value * 1e<places>) / 1e<places> bit for bit.
double round_to(double value, int places);

/// A rate as a percentage with two decimals, e.g. 0.03125 -> "3.13%".
std::string format_percent(double rate);

/// A relative change as a signed percentage with one decimal, e.g. 0.25 -> "+25%", -0.1 -> "-10%".
std::string format_signed_percent(double change);

/// 16 lowercase hex digits of a 64-bit word (used for generator state in JSON; JS numbers lose bits).
std::string format_hex64(std::uint64_t value);

/// Parses exactly 1 to 16 hex digits; false on anything else.
bool parse_hex64(const std::string& text, std::uint64_t* out);

}  // namespace learnloop
