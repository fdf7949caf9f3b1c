#include "compiler/driver/test_subcommand.h"

#include <memory>

#include <fmt/format.h>

#include "compiler/driver/native_executor.h"
#include "compiler/driver/outputs.h"
#include "compiler/driver/plant_loader.h"
#include "compiler/interp/interp.h"
#include "compiler/tester/tester.h"
#include "takt/session.h"

namespace takt::driver {

void TestSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PLANT", "the plant's `.takt` files or directories, searched recursively (default: .)",
                        &paths_);
  parser.AddOption("filter", "TEXT", "run only the tests whose name contains TEXT", &filter_);
  parser.AddFlag("coverage", "list the clauses (reactions, tiers, outcomes, timeouts, …) no test exercised",
                 &coverage_);
  parser.AddOption("junit", "FILE", "also write the results as JUnit XML to FILE", &junit_);
  parser.AddFlag("interp", "run the tests on the reference interpreter even when native executors are available",
                 &interp_);
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
  AddDiagnosticsOptions(parser, &diagnostics_options_);
}

auto TestSubcommand::Run(DriverEnv& env) -> int {
  if (paths_.empty()) {
    paths_.push_back(".");
  }
  source::SourceManager sources;
  LoadedPlant loaded = LoadCheckedPlant(env, paths_, include_dirs_, diagnostics_options_, "test", sources);
  if (!loaded.plant) {
    return loaded.exit_code;
  }
  const model::Plant& plant = *loaded.plant;
  if (!junit_.empty() && !CheckOutputIsNotInput(env, diagnostics_options_, junit_, SourcePaths(sources))) {
    return kExitUsage;
  }

  // The native executor is what production runs, so tests use it when this takt can build one.
  std::unique_ptr<runtime::LoadedExecutor> native;
  std::unique_ptr<interp::Interpreter> interpreter;
  const takt_executor* executor = nullptr;
  std::string executor_name = "reference interpreter";
#if TAKT_WITH_LLVM
  if (!interp_) {
    diagnostics::Diagnostics build_errors;
    native = BuildNativeExecutor(plant, sources, build_errors);
    if (!native) {
      return ReportCommandError(env, diagnostics_options_, build_errors, kExitErrors);
    }
    executor = &native->descriptor();
    executor_name = "native executor";
  }
#else
  if (!interp_) {
    executor_name = "reference interpreter (this takt was built without LLVM)";
  }
#endif
  if (executor == nullptr) {
    interpreter = std::make_unique<interp::Interpreter>(plant, sources);
    executor = &interpreter->descriptor();
  }
  std::string error;
  if (!runtime::ValidateExecutor(*executor, error)) {
    return ReportCommandError(env, diagnostics_options_, kExitErrors, diag::ExecutorNotLoadable, error);
  }

  tester::Report report = tester::RunTests(plant, sources, *executor, tester::Options{.filter = filter_});
  env.stdout_carries_output = true;
  env.out << tester::RenderText(plant, sources, report,
                                tester::RenderOptions{.executor_name = executor_name, .coverage = coverage_});
  if (!junit_.empty()) {
    std::string write_error;
    if (!env.file_system.WriteFile(junit_, tester::RenderJunit(plant, sources, report), write_error)) {
      return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, junit_, write_error);
    }
  }
  return report.failed() > 0 ? kExitErrors : kExitOk;
}

}  // namespace takt::driver
