// The fvecs vector file format (TEXMEX/ANN benchmarks): per row an int32 dimension, then that many
// float32, all little-endian. Parsing and writing bytes only; no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// Rows of equal length, row-major.
struct FloatRows {
  std::size_t rows = 0;       ///< number of rows
  std::size_t dim = 0;        ///< values per row
  std::vector<float> values;  ///< rows * dim values, row by row
};

/// Parses fvecs bytes; every row must have the first row's positive dimension and be complete.
Result<FloatRows> parse_fvecs(const std::string& bytes);

/// The fvecs bytes of `rows`.
std::string to_fvecs(const FloatRows& rows);

/// Parses an ids file: one id per line (a final newline is optional, "\r\n" accepted); no empty lines.
Result<std::vector<std::string>> parse_id_lines(const std::string& text);

}  // namespace learnloop
