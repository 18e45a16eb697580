// Whole-file reads with stdio; errno tells why a read failed.
#include "file_host.hpp"

#include <cerrno>
#include <sys/stat.h>

namespace learnloop::native {

bool FileHost::read_text_file(const std::string& path, std::string* out, FileError* error) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    *error = errno == ENOENT ? FileError::kNotFound : errno == EACCES ? FileError::kPermissionDenied : FileError::kOther;
    return false;
  }
  if (!S_ISREG(info.st_mode)) {
    *error = FileError::kOther;
    return false;
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    *error = errno == EACCES ? FileError::kPermissionDenied : FileError::kOther;
    return false;
  }
  out->clear();
  char buffer[1 << 16];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) out->append(buffer, got);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) *error = FileError::kOther;
  return !failed;
}

}  // namespace learnloop::native
