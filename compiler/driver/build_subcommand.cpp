#include "compiler/driver/build_subcommand.h"

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/driver/executor_metadata.h"
#include "compiler/driver/plant_loader.h"
#include "runtime/src/loader.h"
#include "runtime/src/sha256.h"

#if TAKT_WITH_LLVM
#include "compiler/driver/codegen_plugin.h"
#include "compiler/lower/lower.h"
#include "compiler/xir/printer.h"
#endif

namespace takt::driver {

void BuildSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PLANT", "the plant's `.takt` files or directories, searched recursively (default: .)",
                        &paths_);
  parser.AddRepeated('o', "output", "FILE",
                     "write the executor (or the --emit text) to FILE; default `<plant>.so`, text to stdout",
                     &outputs_);
  parser.AddOption("emit", "STAGE", "what to produce: `so` (the executor), `xir` or `llvm` (printed)", &emit_,
                   {"so", "xir", "llvm"});
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
  AddDiagnosticsOptions(parser, &diagnostics_options_);
}

#if TAKT_WITH_LLVM
// The metadata file next to the executor, from the executor itself as the runtime loads it.
static auto WriteMetadata(DriverEnv& env, const DiagnosticsOptions& options, const std::string& executor_path)
    -> int {
  std::string error;
  const auto executor = runtime::LoadedExecutor::Load(executor_path, error);
  std::ifstream stream(executor_path, std::ios::binary);
  std::stringstream bytes;
  bytes << stream.rdbuf();
  if (!executor || !stream) {
    return ReportCommandError(env, options, kExitErrors, diag::ExecutorNotReadBack, executor_path,
                              error.empty() ? "read error" : error);
  }
  const std::string path = MetadataPath(executor_path);
  if (!env.file_system.WriteFile(path, ExecutorMetadata(executor->descriptor(), runtime::Sha256Hex(bytes.str())),
                                 error)) {
    return ReportCommandError(env, options, kExitUsage, diag::CannotWrite, path, error);
  }
  return kExitOk;
}
#endif

auto BuildSubcommand::Run(DriverEnv& env) -> int {
  if (outputs_.size() > 1) {
    return ReportUsageError(env, diagnostics_options_, "takt build", diag::OptionRepeated, "-o");
  }
  if (paths_.empty()) {
    paths_.push_back(".");
  }
#if TAKT_WITH_LLVM
  source::SourceManager sources;
  LoadedPlant loaded = LoadCheckedPlant(env, paths_, include_dirs_, diagnostics_options_, "build", sources);
  if (!loaded.plant) {
    return loaded.exit_code;
  }
  const xir::Module module = lower::Lower(*loaded.plant, sources);
  std::string error;
  auto write_text = [&](const std::string& text) {
    if (outputs_.empty() || outputs_[0] == "-") {
      env.out << text;
      return kExitOk;
    }
    std::string write_error;
    if (!env.file_system.WriteFile(outputs_[0], text, write_error)) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, outputs_[0],
                                write_error);
    }
    return kExitOk;
  };
  if (emit_ == "xir") {
    return write_text(xir::Print(module));
  }
  diagnostics::Diagnostics backend_error;
  const codegen::Backend* backend = CodegenBackend(backend_error);
  if (backend == nullptr) {
    return ReportCommandError(env, diagnostics_options_, backend_error, kExitErrors);
  }
  if (emit_ == "llvm") {
    std::string text;
    if (!backend->emit_llvm_ir(module, text, error)) {
      return ReportCommandError(env, diagnostics_options_, kExitErrors, diag::CodegenFailed, error);
    }
    return write_text(text);
  }
  const std::string output = outputs_.empty() ? loaded.plant->name + ".so" : outputs_[0];
  // An output that cannot be written is bad usage (exit 2), not an error in the plant: say so
  // before spending the compile on it.
  const std::filesystem::path directory = std::filesystem::path(output).parent_path();
  if (::access(directory.empty() ? "." : directory.c_str(), W_OK) != 0) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, output,
                              std::strerror(errno));
  }
  if (!backend->build_shared_object(module, output, error)) {
    return ReportCommandError(env, diagnostics_options_, kExitErrors, diag::CodegenFailed, error);
  }
  return WriteMetadata(env, diagnostics_options_, output);
#else
  return ReportUsageError(env, diagnostics_options_, "takt build", diag::BuiltWithoutLlvm);
#endif
}

}  // namespace takt::driver
