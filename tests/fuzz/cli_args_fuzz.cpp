// Fuzz target: CLI argument parsing. The input is split at newlines into arguments for run_cli()
// with an in-memory host holding a few small files (no database, no clock). Inputs with a number of
// four or more digits or an exponent are skipped: counts such as `--rounds 4294967295` or `--dim 4096`
// are accepted today and run for hours or take gigabytes (issue 16 item 4, limits still to come),
// which would stall the bounded run.
#include <map>
#include <vector>

#include "fuzz_input.hpp"
#include "learnloop/cli/cli.hpp"

namespace {

// Files in memory; writes replace them, reads of unknown paths are not found.
class MemoryHost : public learnloop::CliHost {
 public:
  MemoryHost() {
    files_["a.csv"] = "x,y,hour\n1,2,3\n2,4,5\n3,6,7\n4,8,9\n5,10,11\n";
    files_["a.json"] = "{\"columns\":[{\"name\":\"x\"}],\"base_budget\":100,\"scenarios\":[{\"name\":\"s\"}]}";
    files_["a.jsonl"] = "{\"decision_id\":\"a\",\"impressions\":10,\"likes\":1,\"collected_at\":\"2026-01-01\"}\n";
    files_["a.fvecs"] = std::string("\x02\0\0\0\0\0\x80\x3f\0\0\0\0", 12);
  }
  bool read_text_file(const std::string& path, std::string* out, learnloop::FileError* error) override {
    auto it = files_.find(path);
    if (it == files_.end()) {
      *error = learnloop::FileError::kNotFound;
      return false;
    }
    *out = it->second;
    return true;
  }
  bool write_text_file(const std::string& path, const std::string& text, learnloop::FileError*) override {
    files_[path] = text;
    return true;
  }

 private:
  std::map<std::string, std::string> files_;
};

// True when `text` holds a number of 4+ digits or an exponent (e.g. 1e9): a possibly unbounded count.
bool has_large_number(const std::string& text) {
  int run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    run = digit ? run + 1 : 0;
    if (run >= 4) return true;
    if (digit && i > 0 && (text[i - 1] == 'e' || text[i - 1] == 'E' || text[i - 1] == '+')) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = learnloop::fuzz::text(data, size);
  if (has_large_number(text)) return 0;
  std::vector<std::string> args;
  std::size_t start = 0;
  while (start <= text.size() && args.size() < 32) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    args.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  MemoryHost host;
  const learnloop::CliOutput out = learnloop::run_cli(args, host);
  learnloop::fuzz::require(out.exit_code >= 0 && out.exit_code <= 2, "exit code is 0, 1 or 2");
  return 0;
}
