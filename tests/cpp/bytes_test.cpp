// ByteWriter's streamed form (drain_every): the parts it hands out join to exactly the bytes an undrained writer
// holds, cut at the part size with only the last part shorter; size() counts drained and held bytes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "learnloop/core/bytes.hpp"

namespace learnloop {
namespace {

// Writes the same mix of small and large values into `out`.
void write_mix(ByteWriter& out) {
  out.raw("MAGIC", 5);
  for (std::uint64_t i = 0; i < 40; ++i) out.uint(i * 0x01020304, 3);
  out.f64(-2.5);
  out.str(std::string(23, 'x'));  // longer than most parts: cut across them
  out.f32(1.25F);
  out.uint(7, 8);
}

TEST(ByteWriter, DrainedPartsJoinToTheBytesOfAnUndrainedWriter) {
  ByteWriter whole;
  write_mix(whole);
  for (const std::size_t part_bytes : {1U, 5U, 7U, 64U, 1000U}) {
    ByteWriter streamed;
    std::vector<std::string> parts;
    streamed.drain_every(part_bytes, [&parts](std::string_view part) { parts.emplace_back(part); });
    write_mix(streamed);
    EXPECT_EQ(streamed.size(), whole.bytes().size()) << part_bytes;
    EXPECT_LT(streamed.bytes().size(), part_bytes) << part_bytes;
    streamed.flush();
    EXPECT_EQ(streamed.size(), whole.bytes().size()) << part_bytes;
    EXPECT_TRUE(streamed.bytes().empty());
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i + 1 < parts.size()) {
        EXPECT_EQ(parts[i].size(), part_bytes) << part_bytes;
      }
      EXPECT_FALSE(parts[i].empty());
      EXPECT_LE(parts[i].size(), part_bytes);
      joined += parts[i];
    }
    EXPECT_EQ(joined, whole.bytes()) << part_bytes;
  }
}

TEST(ByteWriter, ADrainSetLateHandsOutTheFullPartsAlreadyWritten) {
  ByteWriter out;
  out.raw("0123456789", 10);
  std::vector<std::string> parts;
  out.drain_every(4, [&parts](std::string_view part) { parts.emplace_back(part); });
  EXPECT_EQ(parts, (std::vector<std::string>{"0123", "4567"}));
  EXPECT_EQ(out.bytes(), "89");
  out.flush();
  out.flush();  // nothing left: no empty part
  EXPECT_EQ(parts, (std::vector<std::string>{"0123", "4567", "89"}));
  EXPECT_EQ(out.size(), 10U);
}

}  // namespace
}  // namespace learnloop
