#include "compiler/driver/build_subcommand.h"

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/driver/executor_metadata.h"
#include "compiler/driver/native_executor.h"
#include "compiler/driver/outputs.h"
#include "compiler/driver/plant_loader.h"
#include "takt/loader.h"
#include "takt/sha256.h"

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
// The executor the linker wrote to `scratch`, and its metadata from the executor itself as the
// runtime loads it: each reaches its final name whole or not at all (FileSystem::WriteFile).
static auto WriteExecutor(DriverEnv& env, const DiagnosticsOptions& options, const std::string& scratch,
                          const std::string& output) -> int {
  std::string error;
  const auto executor = runtime::LoadedExecutor::Load(scratch, error);
  std::ifstream stream(scratch, std::ios::binary);
  std::stringstream bytes;
  bytes << stream.rdbuf();
  std::remove(scratch.c_str());
  if (!executor || !stream) {
    return ReportCommandError(env, options, kExitErrors, diag::ExecutorNotReadBack, output,
                              error.empty() ? "read error" : error);
  }
  const std::string metadata = ExecutorMetadata(executor->descriptor(), runtime::Sha256Hex(bytes.str()));
  for (const auto& [path, contents] : {std::pair{output, bytes.str()}, std::pair{MetadataPath(output), metadata}}) {
    if (!env.file_system.WriteFile(path, contents, error)) {
      return ReportCommandError(env, options, kExitUsage, diag::CannotWrite, path, error);
    }
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
  const bool to_stdout = emit_ != "so" && (outputs_.empty() || outputs_[0] == "-");
  const std::string output = !outputs_.empty() ? outputs_[0] : emit_ == "so" ? loaded.plant->name + ".so" : "-";
  const std::vector<std::string> inputs = SourcePaths(sources);
  if (!to_stdout && (!CheckOutputIsNotInput(env, diagnostics_options_, output, inputs) ||
                     (emit_ == "so" && !CheckOutputIsNotInput(env, diagnostics_options_, MetadataPath(output), inputs)))) {
    return kExitUsage;
  }
  const xir::Module module = lower::Lower(*loaded.plant, sources);
  std::string error;
  auto write_text = [&](const std::string& text) {
    if (to_stdout) {
      env.stdout_carries_output = true;
      env.out << text;
      return kExitOk;
    }
    std::string write_error;
    if (!env.file_system.WriteFile(output, text, write_error)) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, output, write_error);
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
      return ReportCommandError(env, diagnostics_options_, kExitErrors, diag::CodegenFailed, output, error);
    }
    return write_text(text);
  }
  // An output that cannot be written is bad usage (exit 2), not an error in the plant: say so
  // before spending the compile on it.
  const std::filesystem::path directory = std::filesystem::path(output).parent_path();
  if (::access(directory.empty() ? "." : directory.c_str(), W_OK) != 0) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, output,
                              std::strerror(errno));
  }
  // The linker writes a scratch file in the temporary directory; the output gets its bytes.
  const std::string scratch = ScratchExecutorPath(loaded.plant->name);
  if (!backend->build_shared_object(module, scratch, error)) {
    std::remove(scratch.c_str());
    return ReportCommandError(env, diagnostics_options_, kExitErrors, diag::CodegenFailed, output, error);
  }
  return WriteExecutor(env, diagnostics_options_, scratch, output);
#else
  return ReportUsageError(env, diagnostics_options_, "takt build", diag::BuiltWithoutLlvm);
#endif
}

}  // namespace takt::driver
