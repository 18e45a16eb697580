// Benchmark input: the harness writes matrices and targets as little-endian float64 files.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace learnloop::bench {

/// The first `count` float64 values of `path`; exits with status 2 and a message when it cannot.
inline std::vector<double> read_doubles(const char* path, std::size_t count) {
  std::vector<double> out(count);
  std::FILE* f = std::fopen(path, "rb");
  if (f == nullptr || std::fread(out.data(), sizeof(double), count, f) != count) {
    std::fprintf(stderr, "cannot read %zu doubles from %s\n", count, path);
    std::exit(2);
  }
  std::fclose(f);
  return out;
}

}  // namespace learnloop::bench
