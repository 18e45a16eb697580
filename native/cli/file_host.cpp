// Whole-file reads with stdio; errno tells why a read failed.
#include "file_host.hpp"

#include <sys/stat.h>
#include <cerrno>
#include <cstdio>
#include <ctime>

#include "learnloop/core/dates.hpp"
#include "store/postgres_database.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop::native {

namespace {

// Opens regular file `path` for reading with its size; nullptr and `error` when it cannot.
std::FILE* open_regular(const std::string& path, std::uint64_t* size, FileError* error) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    *error = errno == ENOENT   ? FileError::kNotFound
             : errno == EACCES ? FileError::kPermissionDenied
                               : FileError::kOther;
    return nullptr;
  }
  if (!S_ISREG(info.st_mode)) {
    *error = FileError::kOther;
    return nullptr;
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) *error = errno == EACCES ? FileError::kPermissionDenied : FileError::kOther;
  *size = static_cast<std::uint64_t>(info.st_size);
  return file;
}

}  // namespace

bool FileHost::read_file_chunk(const std::string& path, std::uint64_t offset, std::size_t max_bytes, std::string* out,
                               std::uint64_t* file_size, FileError* error) {
  std::FILE* file = open_regular(path, file_size, error);
  if (file == nullptr) return false;
  out->resize(max_bytes);
  bool failed = fseeko(file, static_cast<off_t>(offset), SEEK_SET) != 0;
  const std::size_t got = failed ? 0 : std::fread(out->data(), 1, max_bytes, file);
  failed = failed || std::ferror(file) != 0;
  std::fclose(file);
  out->resize(got);
  if (failed) *error = FileError::kOther;
  return !failed;
}

bool FileHost::read_text_file(const std::string& path, std::string* out, FileError* error) {
  std::uint64_t size = 0;
  std::FILE* file = open_regular(path, &size, error);
  if (file == nullptr) return false;
  out->clear();
  char buffer[1 << 16];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) out->append(buffer, got);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) *error = FileError::kOther;
  return !failed;
}

bool FileHost::write_text_file(const std::string& path, const std::string& text, FileError* error) {
  const std::string temp = path + ".tmp-learnloop";
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) {
    *error = errno == ENOENT   ? FileError::kNotFound
             : errno == EACCES ? FileError::kPermissionDenied
                               : FileError::kOther;
    return false;
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    *error = FileError::kOther;
    return false;
  }
  return true;
}

Result<std::unique_ptr<Database>> FileHost::open_database(const std::string& path, bool create) {
  // A PostgreSQL database exists before learnloop: `create` (init) creates its schema, not the database.
  if (is_postgres_target(path)) return open_postgres_database(path);
  return open_sqlite_database(path, create);
}

std::string FileHost::now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buf;
}

std::string FileHost::today_utc() { return format_date(static_cast<DayNumber>(std::time(nullptr) / 86400)); }

}  // namespace learnloop::native
