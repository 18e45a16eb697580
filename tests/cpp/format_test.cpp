// Number formatting and checked integer conversion used in messages and JSON.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "learnloop/core/format.hpp"
#include "learnloop/core/numbers.hpp"

namespace learnloop {
namespace {

TEST(Format, ShortestRoundTripNumbers) {
  EXPECT_EQ(format_number(0.03), "0.03");
  EXPECT_EQ(format_number(3.0), "3");
  EXPECT_EQ(format_number(-2.0), "-2");
  EXPECT_EQ(format_number(1e-7), "1e-07");
  EXPECT_EQ(format_number(std::nan("")), "nan");
  EXPECT_EQ(format_number(-INFINITY), "-inf");
}

TEST(Format, Hex64RoundTrip) {
  std::uint64_t v = 0;
  EXPECT_EQ(format_hex64(0xDEADBEEFULL), "00000000deadbeef");
  EXPECT_TRUE(parse_hex64("DEADbeef", &v));
  EXPECT_EQ(v, 0xDEADBEEFULL);
  EXPECT_FALSE(parse_hex64("", &v));
  EXPECT_FALSE(parse_hex64("12345678901234567", &v));
  EXPECT_FALSE(parse_hex64("xyz", &v));
}

// round_to replaced two helpers, round(v * 10^places) / 10^places and round(v * scale) / scale with literal
// scales (10, 100, 1e4, 1e6): it must give the same doubles as both, bit for bit, or JSON output changes.
TEST(Format, RoundToMatchesBothFormerHelpersBitForBit) {
  const double scales[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double v = (static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5) * std::pow(10.0, i % 9 - 2);
    for (int places = 0; places <= 6; ++places) {
      const double by_pow = std::round(v * std::pow(10.0, places)) / std::pow(10.0, places);
      const double by_scale = std::round(v * scales[places]) / scales[places];
      ASSERT_EQ(std::memcmp(&by_pow, &by_scale, sizeof(double)), 0) << v << " at " << places;
      const double got = round_to(v, places);
      ASSERT_EQ(std::memcmp(&got, &by_pow, sizeof(double)), 0) << v << " at " << places;
    }
  }
  EXPECT_EQ(round_to(2.5, 0), 3);
  EXPECT_EQ(round_to(-0.125, 2), -0.13);
  EXPECT_EQ(round_to(0.1234567, 4), 0.1235);
}

TEST(Numbers, ExactIntegerChecksRangeAndWholeness) {
  EXPECT_EQ(exact_integer(5, "n").value(), 5u);
  EXPECT_EQ(exact_integer(2.5, "arm").error().message, "arm is 2.5; expected an integer in [0, 2^53-1]");
  EXPECT_FALSE(exact_integer(0, "arms", 1).ok());
  EXPECT_FALSE(exact_integer(-1, "n").ok());
  EXPECT_FALSE(exact_integer(INFINITY, "n").ok());
  EXPECT_FALSE(exact_integer(9007199254740992.0, "n").ok());
}

}  // namespace
}  // namespace learnloop
