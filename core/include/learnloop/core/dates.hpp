// Calendar dates and UTC timestamps as ISO 8601 text, the way the store keeps them. No clock:
// "today" always comes from the host.
#pragma once

#include <cstdint>
#include <string>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// A calendar day as days since 1970-01-01 (proleptic Gregorian).
using DayNumber = std::int64_t;

/// Parses "YYYY-MM-DD" (a real calendar date); `what` names the value in the error.
Result<DayNumber> parse_date(const std::string& text, const std::string& what = "date");

/// Checks a UTC timestamp "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "...:SS", "...:SS.fff", each with an optional "Z"
/// ('T' or a space between date and time).
Status check_timestamp(const std::string& text, const std::string& what = "timestamp");

/// The day of a timestamp accepted by check_timestamp().
Result<DayNumber> timestamp_day(const std::string& text);

/// The hour (0-23) of a timestamp; 0 when it has no time part.
int timestamp_hour(const std::string& text);

/// "YYYY-MM-DD" of a day number.
std::string format_date(DayNumber day);

/// Day of week, 0 = Monday ... 6 = Sunday.
int weekday(DayNumber day);

/// English name of a weekday number (0 = Monday).
const char* weekday_name(int weekday);

/// "HH:00" for hour `h` (0-23), the way reports name posting hours.
std::string hour_label(int h);

}  // namespace learnloop
