// Strict flag parsing and number parsing for the CLI. Locale-independent (no strtod on user text).
#include "flags.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "learnloop/core/json_depth.hpp"

namespace learnloop::cli {

namespace {

const FlagSpec* find_spec(const std::vector<FlagSpec>& specs, const std::string& name, bool is_short) {
  for (const FlagSpec& s : specs) {
    if ((!is_short && s.name == name) || (is_short && !s.short_alias.empty() && s.short_alias == name)) return &s;
  }
  return nullptr;
}

std::string usage_of(const FlagSpec& s) { return "--" + s.name + (s.takes_value ? " " + s.value_name : ""); }

}  // namespace

Result<Flags> Flags::parse(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs) {
  Flags flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool is_long = arg.rfind("--", 0) == 0 && arg.size() > 2;
    const bool is_short = !is_long && arg.size() == 2 && arg[0] == '-' && arg[1] != '-';
    if (!is_long && !is_short) {
      const auto positional = std::find_if(specs.begin(), specs.end(), [](const FlagSpec& s) { return s.positional; });
      if (positional == specs.end() || flags.values_.count(positional->name))
        return invalid_argument("unexpected argument '" + arg + "'; flags start with --");
      flags.values_[positional->name] = arg;
      continue;
    }
    std::string name = is_long ? arg.substr(2) : arg.substr(1);
    std::optional<std::string> inline_value;
    if (const auto eq = name.find('='); is_long && eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const FlagSpec* spec = find_spec(specs, name, is_short);
    if (spec == nullptr) return invalid_argument("unknown flag '" + arg + "'; see --help for the accepted flags");
    if (flags.values_.count(spec->name)) return invalid_argument("--" + spec->name + " is given twice; give it once");
    if (!spec->takes_value) {
      if (inline_value) return invalid_argument("--" + spec->name + " takes no value");
      flags.values_[spec->name] = "";
      continue;
    }
    if (inline_value) {
      flags.values_[spec->name] = *inline_value;
    } else if (i + 1 < args.size()) {
      flags.values_[spec->name] = args[++i];
    } else {
      return invalid_argument("--" + spec->name + " needs a value; expected " + usage_of(*spec));
    }
  }
  return flags;
}

std::optional<std::string> Flags::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Result<std::string> Flags::require(const std::string& name, const std::vector<FlagSpec>& specs) const {
  if (auto v = get(name)) return *v;
  const FlagSpec* spec = find_spec(specs, name, false);
  return invalid_argument("missing " + (spec ? usage_of(*spec) : "--" + name));
}

Status Flags::read_number(const std::string& name, double* out) const {
  auto text = get(name);
  if (!text) return {};
  Result<double> v = parse_number(name, *text);
  if (!v.ok()) return v.status();
  *out = v.value();
  return {};
}

Status Flags::read_count(const std::string& name, std::uint64_t* out) const {
  auto text = get(name);
  if (!text) return {};
  Result<unsigned long long> v = parse_count(name, *text);
  if (!v.ok()) return v.status();
  *out = v.value();
  return {};
}

Result<int> Flags::read_int_in(const std::string& name, int fallback, int min, int max) const {
  std::uint64_t v = static_cast<std::uint64_t>(fallback);
  if (Status s = read_count(name, &v); !s.ok()) return s.error();
  if (v < static_cast<std::uint64_t>(min) || v > static_cast<std::uint64_t>(max))
    return invalid_argument("--" + name + " must be in [" + std::to_string(min) + ", " + std::to_string(max) +
                            "], got " + std::to_string(v));
  return static_cast<int>(v);
}

std::string flags_help(const std::vector<FlagSpec>& specs) {
  std::size_t width = 0;
  for (const FlagSpec& s : specs) width = std::max(width, usage_of(s).size() + (s.short_alias.empty() ? 0 : 4));
  std::string out;
  for (const FlagSpec& s : specs) {
    std::string left = (s.short_alias.empty() ? "" : "-" + s.short_alias + ", ") + usage_of(s);
    left.append(width - left.size() + 2, ' ');
    out += "  " + left + s.help + "\n";
  }
  return out;
}

Result<std::string> Flags::read_date(const std::string& name) const {
  auto text = get(name);
  if (!text) return std::string();
  if (Result<DayNumber> day = parse_date(*text, "--" + name); !day.ok()) return day.error();
  return *text;
}

Result<unsigned long long> parse_count(const std::string& flag, const std::string& text) {
  const std::string expected = "; expected a whole number such as 1000";
  if (text.empty() || text.size() > 16)
    return invalid_argument("--" + flag + " '" + text + "' is not a whole number" + expected);
  unsigned long long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return invalid_argument("--" + flag + " '" + text + "' is not a whole number" + expected);
    v = v * 10 + static_cast<unsigned long long>(c - '0');
  }
  // The same ceiling as every JSON count and seed (JS numbers are exact only up to it).
  if (v > kMaxExactCount)
    return invalid_argument("--" + flag + " '" + text + "' is above 2^53-1; expected a whole number in [0, 2^53-1]");
  return v;
}

Result<double> parse_number(const std::string& flag, const std::string& text) {
  nlohmann::json parsed = parse_json_or_discarded<nlohmann::json>(text);
  if (text.empty() || !parsed.is_number())
    return invalid_argument("--" + flag + " '" + text + "' is not a number; expected a number such as 0.1");
  return parsed.get<double>();
}

Result<std::vector<double>> parse_number_list(const std::string& flag, const std::string& text) {
  std::vector<double> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    // JSON's number grammar is strict and locale-free; parse_number() reuses it.
    Result<double> number = parse_number(flag, item);
    if (!number.ok())
      return invalid_argument("--" + flag + " has '" + item +
                              "', which is not a number; expected comma-separated numbers like 0.02,0.05");
    out.push_back(number.value());
    start = comma + 1;
  }
  return out;
}

Result<std::vector<std::string>> split_names(const std::string& text, const std::string& flag) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string name = text.substr(start, comma - start);
    if (name.empty())
      return invalid_argument("--" + flag + " '" + text +
                              "' holds an empty name; expected NAME,NAME,... (at least one)");
    out.push_back(name);
    start = comma + 1;
  }
  return out;
}

}  // namespace learnloop::cli
