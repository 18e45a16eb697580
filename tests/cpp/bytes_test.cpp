// ByteWriter's streamed form (drain_every): the parts it hands out join to exactly the bytes an undrained writer
// holds, cut at the part size with only the last part shorter; size() counts drained and held bytes. ByteReader's
// streamed form: pieces of any size read as one buffer, sub-readers take their share, short pieces fail the read.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
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

// `bytes` handed over in pieces of `piece` bytes (the last shorter).
ByteReader::NextPiece pieces_of(const std::string& bytes, std::size_t piece, std::size_t* at) {
  return [&bytes, piece, at]() -> std::string_view {
    const std::string_view rest = std::string_view(bytes).substr(std::min(*at, bytes.size()));
    const std::string_view out = rest.substr(0, piece);
    *at += out.size();
    return out;
  };
}

TEST(ByteReader, PiecesReadAsOneBufferWhateverTheirSizeAndSubReadersTakeTheirShare) {
  ByteWriter w;
  for (int i = 0; i < 50; ++i) {
    w.uint(static_cast<std::uint64_t>(i) * 0x0101010101ULL, 8);
    w.f64(i / 7.0);
    w.str(std::string(static_cast<std::size_t>(i), static_cast<char>('a' + i % 26)));
  }
  const std::string bytes = w.bytes();
  for (const std::size_t piece : {1U, 3U, 7U, 64U, 100000U}) {
    std::size_t at = 0;
    ByteReader in(pieces_of(bytes, piece, &at), bytes.size());
    ByteReader head = in.sub(8 + 8 + 4);  // the first entry through a sub-reader
    EXPECT_EQ(head.uint(8), 0U);
    EXPECT_EQ(head.f64(), 0.0);
    EXPECT_EQ(head.str(), "");
    EXPECT_EQ(head.remaining(), 0U);
    EXPECT_FALSE(head.failed());
    for (int i = 1; i < 50; ++i) {
      ASSERT_EQ(in.uint(8), static_cast<std::uint64_t>(i) * 0x0101010101ULL) << piece;
      ASSERT_EQ(in.f64(), i / 7.0) << piece;
      ASSERT_EQ(in.str(), std::string(static_cast<std::size_t>(i), static_cast<char>('a' + i % 26))) << piece;
    }
    EXPECT_EQ(in.remaining(), 0U);
    EXPECT_FALSE(in.failed());
    EXPECT_EQ(in.uint(1), 0U);  // past the end
    EXPECT_TRUE(in.failed());
  }
}

TEST(ByteReader, PiecesShorterThanAnnouncedFailTheRead) {
  const std::string bytes(20, 'x');
  std::size_t at = 0;
  ByteReader in(pieces_of(bytes, 6, &at), 30);  // 30 announced, 20 held
  EXPECT_EQ(in.remaining(), 30U);
  in.uint(8);
  in.uint(8);
  EXPECT_FALSE(in.failed());
  in.uint(8);
  EXPECT_TRUE(in.failed());
  ByteReader whole(bytes.data(), bytes.size());
  ByteReader beyond = whole.sub(21);
  EXPECT_TRUE(whole.failed());
  EXPECT_TRUE(beyond.failed());
}

}  // namespace
}  // namespace learnloop
