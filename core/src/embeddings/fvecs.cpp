// fvecs parsing and writing, and the one-id-per-line ids file.
#include "learnloop/embeddings/fvecs.hpp"

#include "learnloop/core/bytes.hpp"

namespace learnloop {

Result<FloatRows> parse_fvecs(const std::string& bytes) {
  FloatRows out;
  if (bytes.empty())
    return Error{ErrorCode::kParseError,
                 "the fvecs file is empty; expected rows of an int32 dimension and float32 values"};
  ByteReader in(bytes.data(), bytes.size());
  while (in.remaining() > 0) {
    const std::string row = "row " + std::to_string(out.rows);
    if (in.remaining() < 4)
      return Error{ErrorCode::kParseError,
                   row + " is truncated: " + std::to_string(in.remaining()) + " bytes where its dimension should be"};
    const auto dim = static_cast<std::int32_t>(static_cast<std::uint32_t>(in.uint(4)));
    if (dim < 1 || dim > 65536)
      return Error{ErrorCode::kParseError,
                   row + " says dimension " + std::to_string(dim) + "; expected 1 to 65536 (is this an fvecs file?)"};
    if (out.rows > 0 && static_cast<std::size_t>(dim) != out.dim)
      return Error{ErrorCode::kParseError,
                   row + " has dimension " + std::to_string(dim) + "; row 0 has " + std::to_string(out.dim)};
    if (in.remaining() < static_cast<std::size_t>(dim) * 4)
      return Error{ErrorCode::kParseError, row + " is truncated: it needs " + std::to_string(dim * 4) +
                                               " bytes of values, " + std::to_string(in.remaining()) + " are left"};
    out.dim = static_cast<std::size_t>(dim);
    for (std::int32_t i = 0; i < dim; ++i) out.values.push_back(in.f32());
    ++out.rows;
  }
  return out;
}

std::string to_fvecs(const FloatRows& rows) {
  ByteWriter out;
  for (std::size_t r = 0; r < rows.rows; ++r) {
    out.uint(rows.dim, 4);
    for (std::size_t i = 0; i < rows.dim; ++i) out.f32(rows.values[r * rows.dim + i]);
  }
  return std::move(out.bytes());
}

Result<std::vector<std::string>> parse_id_lines(const std::string& text) {
  std::vector<std::string> ids;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string id = text.substr(start, end - start);
    if (!id.empty() && id.back() == '\r') id.pop_back();
    if (id.empty())
      return Error{ErrorCode::kParseError,
                   "line " + std::to_string(ids.size() + 1) + " is empty; expected one id per line"};
    ids.push_back(std::move(id));
    start = end + 1;
  }
  return ids;
}

}  // namespace learnloop
