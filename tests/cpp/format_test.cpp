// Number formatting and checked integer conversion used in messages and JSON.
#include <gtest/gtest.h>

#include <cmath>

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
