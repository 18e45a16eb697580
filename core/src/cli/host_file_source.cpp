// HostFileSource: chunked reads through the CLI host, the first one done up front so a missing file is
// reported before the database is opened (as when the whole file was read first).
#include "host_file_source.hpp"

namespace learnloop::cli {

HostFileSource::HostFileSource(CliHost& host, std::string path, std::size_t chunk_bytes)
    : host_(host), path_(std::move(path)), chunk_(chunk_bytes == 0 ? 1 : chunk_bytes) {}

Status HostFileSource::read_at(std::uint64_t offset) {
  FileError error = FileError::kOther;
  if (!host_.read_file_chunk(path_, offset, chunk_, &buffer_, &size_, &error)) return file_read_error(path_, error);
  return {};
}

Status HostFileSource::open() {
  offset_ = 0;
  if (Status s = read_at(0); !s.ok()) return s;
  first_ready_ = true;
  return {};
}

Result<std::string_view> HostFileSource::next() {
  if (first_ready_ && offset_ == 0) {
    first_ready_ = false;
  } else if (Status s = read_at(offset_); !s.ok()) {
    return s.error();
  }
  offset_ += buffer_.size();
  return std::string_view(buffer_);
}

Status HostFileSource::rewind() {
  if (offset_ == 0) return {};
  offset_ = 0;
  first_ready_ = false;
  return {};
}

}  // namespace learnloop::cli
