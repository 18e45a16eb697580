// Civil-date arithmetic (Howard Hinnant's days_from_civil) and ISO 8601 checks.
#include "learnloop/core/dates.hpp"

#include <cctype>

namespace learnloop {
namespace {

bool digits(const std::string& s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

DayNumber days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<DayNumber>(era) * 146097 + doe - 719468;
}

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

bool parse_day_prefix(const std::string& s, DayNumber* out) {
  int y = 0, m = 0, d = 0;
  if (!digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, &m) || s[7] != '-' ||
      !digits(s, 8, 2, &d))
    return false;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  *out = days_from_civil(y, m, d);
  return true;
}

// Length of a valid time part starting at `pos` ("HH:MM", ":SS", ".fff"), or 0 when invalid.
bool valid_time(const std::string& s, std::size_t pos) {
  int h = 0, mi = 0, se = 0;
  if (!digits(s, pos, 2, &h) || pos + 2 >= s.size() || s[pos + 2] != ':' || !digits(s, pos + 3, 2, &mi)) return false;
  if (h > 23 || mi > 59) return false;
  std::size_t i = pos + 5;
  if (i < s.size() && s[i] == ':') {
    if (!digits(s, i + 1, 2, &se) || se > 60) return false;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      std::size_t j = i + 1;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      if (j == i + 1) return false;
      i = j;
    }
  }
  if (i < s.size() && s[i] == 'Z') ++i;
  return i == s.size();
}

}  // namespace

Result<DayNumber> parse_date(const std::string& text, const std::string& what) {
  DayNumber day = 0;
  if (text.size() != 10 || !parse_day_prefix(text, &day))
    return invalid_argument(what + " '" + text + "' is not a date; expected YYYY-MM-DD");
  return day;
}

Status check_timestamp(const std::string& text, const std::string& what) {
  DayNumber day = 0;
  const bool ok = parse_day_prefix(text, &day) && (text.size() == 10 || (text.size() == 11 && text[10] == 'Z') ||
                                                   ((text[10] == 'T' || text[10] == ' ') && valid_time(text, 11)));
  if (!ok)
    return invalid_argument(what + " '" + text +
                            "' is not a UTC timestamp; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z]");
  return {};
}

Result<DayNumber> timestamp_day(const std::string& text) {
  if (Status s = check_timestamp(text); !s.ok()) return s.error();
  DayNumber day = 0;
  parse_day_prefix(text, &day);
  return day;
}

int timestamp_hour(const std::string& text) {
  int h = 0;
  return text.size() >= 13 && digits(text, 11, 2, &h) ? h : 0;
}

std::string format_date(DayNumber day) {
  const DayNumber z = day + 719468;
  const DayNumber era = (z >= 0 ? z : z - 146096) / 146097;
  const DayNumber doe = z - era * 146097;
  const DayNumber yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const DayNumber doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const DayNumber mp = (5 * doy + 2) / 153;
  const DayNumber d = doy - (153 * mp + 2) / 5 + 1;
  const DayNumber m = mp < 10 ? mp + 3 : mp - 9;
  const DayNumber y = yoe + era * 400 + (m <= 2);
  char buf[16];
  const auto two = [](char* p, DayNumber v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  buf[0] = static_cast<char>('0' + (y / 1000) % 10);
  buf[1] = static_cast<char>('0' + (y / 100) % 10);
  two(buf + 2, y % 100);
  buf[4] = '-';
  two(buf + 5, m);
  buf[7] = '-';
  two(buf + 8, d);
  return std::string(buf, 10);
}

int weekday(DayNumber day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

const char* weekday_name(int weekday) {
  static const char* const kNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  return kNames[weekday % 7];
}

std::string hour_label(int h) { return (h < 10 ? "0" : "") + std::to_string(h) + ":00"; }

}  // namespace learnloop
