// OutcomeRowReader: one row of the window's outcome columns into an OutcomeRow, its id and collection time copied
// into the pool (each distinct collection time copied and parsed once), the engagement rate computed unless stored.
#include "outcome_row_reader.hpp"

namespace learnloop {

std::pair<std::string_view, DayNumber> OutcomeRowReader::collected(const std::string& text) {
  std::size_t h = 0;
  for (const char c : text) h = h * 31 + static_cast<unsigned char>(c);
  Slot& slot = slots_[h % kCollectedCache];
  if (!slot.filled || slot.text != text) {
    const Result<DayNumber> day = timestamp_day(text);
    slot = {pool_.copy(text), day.ok() ? day.value() : fallback_, true};
  }
  return {slot.text, slot.day};
}

OutcomeRow OutcomeRowReader::read(const std::vector<SqlValue>& r) {
  OutcomeRow o;
  o.decision_id = pool_.copy(window_value_text(r[0], scratch_));
  std::tie(o.collected_at, o.collected_day) = collected(window_value_text(r[1], scratch_));
  o.impressions = sql_number(r[2]);
  o.engagements = sql_number(r[3]);
  o.engagement_rate = outcome_engagement_rate(o.impressions, o.engagements, r[4]);
  o.followers_gained = sql_number(r[5]);
  o.revenue = sql_number(r[6], -1);
  return o;
}

}  // namespace learnloop
