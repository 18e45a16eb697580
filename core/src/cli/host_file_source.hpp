// A file read through the CLI host in chunks (CliHost::read_file_chunk), as a ChunkSource for ingest:
// the native CLI and the npm bin stream a file of any size with the memory of one chunk.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "learnloop/cli/cli.hpp"
#include "learnloop/store/ingest.hpp"

namespace learnloop::cli {

/// Bytes of one file served `chunk_bytes` at a time by the host.
class HostFileSource : public ChunkSource {
 public:
  /// Reads `path` through `host`, `chunk_bytes` (at least 1) per call.
  HostFileSource(CliHost& host, std::string path, std::size_t chunk_bytes);
  /// Reads the first chunk; the error (no such file, permission denied ...) is read_file_text()'s.
  Status open();
  /// The next chunk of the file, empty at its end.
  Result<std::string_view> next() override;
  /// Back to the first byte.
  Status rewind() override;
  /// The file's size as the host reported it.
  std::uint64_t size() const override { return size_; }

 private:
  Status read_at(std::uint64_t offset);

  CliHost& host_;
  std::string path_;
  std::size_t chunk_;
  std::string buffer_;
  std::uint64_t offset_ = 0;  // where the next read starts
  std::uint64_t size_ = 0;
  bool first_ready_ = false;  // buffer_ holds the chunk at offset 0, read by open()
};

}  // namespace learnloop::cli
