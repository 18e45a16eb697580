// Number formatting through nlohmann::json's shortest round-trip printer, so messages and JSON
// output agree byte for byte on every target.
#include "learnloop/core/format.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace learnloop {

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Whole numbers read better without nlohmann's trailing ".0" ("3", not "3.0").
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  return nlohmann::json(value).dump();
}

double round_to(double value, int places) {
  // Every power of ten up to 1e22 is exact in a double, so the table equals the literals 1e0..1e22 and
  // std::pow(10, places) on both targets; outside it std::pow is the fallback.
  static constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const double scale = places >= 0 && places <= 22 ? kPowersOfTen[places] : std::pow(10.0, places);
  // Values so large that value * scale overflows have no digits below 1 / scale to round away.
  const double scaled = value * scale;
  return std::isfinite(scaled) ? std::round(scaled) / scale : value;
}

std::string format_percent(double rate) { return format_number(round_to(rate * 100, 2)) + "%"; }

std::string format_signed_percent(double change) {
  return (change >= 0 ? "+" : "") + format_number(round_to(change * 100, 1)) + "%";
}

std::string format_hex64(std::uint64_t value) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = digits[value & 0xF];
  return out;
}

bool parse_hex64(const std::string& text, std::uint64_t* out) {
  if (text.empty() || text.size() > 16) return false;
  std::uint64_t v = 0;
  for (char c : text) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return false;
    v = (v << 4) | static_cast<std::uint64_t>(d);
  }
  *out = v;
  return true;
}

}  // namespace learnloop
