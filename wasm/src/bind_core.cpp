// Embind: version, progress rendering, the CLI entry point and bandit simulation. Data
// conversion only; every decision is made in the core.
#include <emscripten/bind.h>

#include "js_database.hpp"
#include "js_progress.hpp"
#include "js_result.hpp"
#include "learnloop/bandits/simulation.hpp"
#include "learnloop/cli/cli.hpp"
#include "learnloop/version.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

// A CLI host over a JS object {readTextFile(path) -> {text} | {error}, writeTextFile(path, text) -> {ok} | {error},
// openDatabase?(path, create) -> {db} | {error}, todayUtc?() -> "YYYY-MM-DD", nowUtc?() -> ISO timestamp,
// readBinaryFile(path) -> {bytes: Uint8Array} | {error}, writeBinaryFile(path, bytes) -> {ok} | {error},
// readFileChunk?(path, offset, maxBytes) -> {bytes: Uint8Array, size} | {error}, onProgress?(label, done, total)}.
// writeBinaryFile gets a view of wasm memory, valid during the call only.
class JsCliHost : public CliHost {
  // FileError from a host result's "error" string.
  static FileError file_error(const val& result) {
    const std::string why = result["error"].isString() ? result["error"].as<std::string>() : "other";
    return why == "not_found"           ? FileError::kNotFound
           : why == "permission_denied" ? FileError::kPermissionDenied
                                        : FileError::kOther;
  }

 public:
  explicit JsCliHost(val host) : host_(std::move(host)), progress_(host_["onProgress"]) {}
  bool read_text_file(const std::string& path, std::string* out, FileError* error) override {
    // Byte-exact where the host can: decoding as UTF-8 in JS would turn invalid bytes into U+FFFD, which the
    // native CLI refuses, so the npm bin would accept (and change) what the native CLI rejects.
    if (host_["readBinaryFile"].typeOf().as<std::string>() == "function") return read_binary_file(path, out, error);
    val result = host_.call<val>("readTextFile", path);
    if (result["text"].isString()) {
      *out = result["text"].as<std::string>();
      return true;
    }
    *error = file_error(result);
    return false;
  }
  bool write_text_file(const std::string& path, const std::string& text, FileError* error) override {
    val result = host_.call<val>("writeTextFile", path, text);
    if (result["ok"].isTrue()) return true;
    *error = file_error(result);
    return false;
  }
  Result<std::unique_ptr<Database>> open_database(const std::string& path, bool create) override {
    if (!(host_["openDatabase"].typeOf().as<std::string>() == "function")) return CliHost::open_database(path, create);
    val result = host_.call<val>("openDatabase", path, create);
    if (result["error"].isString()) return Error{ErrorCode::kNotFound, result["error"].as<std::string>()};
    return make_js_database(result["db"]);
  }
  std::string today_utc() override {
    return host_["todayUtc"].typeOf().as<std::string>() == "function" ? host_.call<std::string>("todayUtc") : "";
  }
  std::string now_utc() override {
    return host_["nowUtc"].typeOf().as<std::string>() == "function" ? host_.call<std::string>("nowUtc") : "";
  }
  bool read_binary_file(const std::string& path, std::string* out, FileError* error) override {
    val result = host_.call<val>("readBinaryFile", path);
    if (result["bytes"].isUndefined()) {
      *error = file_error(result);
      return false;
    }
    val bytes = result["bytes"];
    out->assign(bytes["length"].as<std::size_t>(), '\0');
    val(emscripten::typed_memory_view(out->size(), reinterpret_cast<unsigned char*>(out->data())))
        .call<void>("set", bytes);
    return true;
  }
  bool read_file_chunk(const std::string& path, std::uint64_t offset, std::size_t max_bytes, std::string* out,
                       std::uint64_t* file_size, FileError* error) override {
    if (!(host_["readFileChunk"].typeOf().as<std::string>() == "function"))
      return CliHost::read_file_chunk(path, offset, max_bytes, out, file_size, error);
    val result = host_.call<val>("readFileChunk", path, static_cast<double>(offset), static_cast<double>(max_bytes));
    if (result["bytes"].isUndefined()) {
      *error = file_error(result);
      return false;
    }
    val bytes = result["bytes"];
    out->resize(bytes["length"].as<std::size_t>());
    val(emscripten::typed_memory_view(out->size(), reinterpret_cast<unsigned char*>(out->data())))
        .call<void>("set", bytes);
    *file_size = static_cast<std::uint64_t>(result["size"].as<double>());
    return true;
  }
  bool write_binary_file(const std::string& path, const std::string& bytes, FileError* error) override {
    const val view(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())));
    val result = host_.call<val>("writeBinaryFile", path, view);
    if (result["ok"].isTrue()) return true;
    *error = file_error(result);
    return false;
  }
  void on_progress(const std::string& label, std::uint64_t done, std::uint64_t total) override {
    progress_.on_progress(label, done, total);
  }

 private:
  val host_;
  JsProgress progress_;
};

std::string version() { return kVersion; }

std::string progress_line(const std::string& label, double done, double total, int width) {
  return render_progress_line(label, static_cast<std::uint64_t>(done), static_cast<std::uint64_t>(total), width);
}

val run_cli_js(val args, val host) {
  const std::vector<std::string> argv = emscripten::vecFromJSArray<std::string>(args);
  JsCliHost cli_host(std::move(host));
  const CliOutput result = run_cli(argv, cli_host);
  val out = val::object();
  out.set("exitCode", result.exit_code);
  out.set("stdout", result.out);
  out.set("stderr", result.err);
  return out;
}

val simulate_bandit_js(const std::string& spec_json, val progress) {
  Result<SimulationSpec> spec = simulation_spec_from_json(spec_json);
  if (!spec.ok()) return error_to_js(spec.error());
  JsProgress sink(std::move(progress));
  return result_to_js(simulate_bandit(spec.value(), &sink),
                      [](const SimulationReport& r) { return val(simulation_report_to_json(r)); });
}

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_core) {
  emscripten::function("version", &learnloop::wasm::version);
  emscripten::function("renderProgressLine", &learnloop::wasm::progress_line);
  emscripten::function("runCli", &learnloop::wasm::run_cli_js);
  emscripten::function("simulateBandit", &learnloop::wasm::simulate_bandit_js);
}
