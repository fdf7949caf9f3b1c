#include "compiler/driver/driver.h"

#include <memory>
#include <vector>

#include <fmt/format.h>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/build_subcommand.h"
#include "compiler/driver/check_subcommand.h"
#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/diff_subcommand.h"
#include "compiler/driver/driver_subcommand.h"
#include "compiler/driver/explain_subcommand.h"
#include "compiler/driver/fmt_subcommand.h"
#include "compiler/driver/doc_subcommand.h"
#include "compiler/driver/graph_subcommand.h"
#include "compiler/driver/journal_subcommand.h"
#include "compiler/driver/lsp_subcommand.h"
#include "compiler/driver/outputs.h"
#include "compiler/driver/replay_subcommand.h"
#include "compiler/driver/report_subcommand.h"
#include "compiler/driver/run_subcommand.h"
#include "compiler/driver/serve_subcommand.h"
#ifdef TAKT_WITH_NATS
#include "compiler/driver/nats_subcommand.h"
#endif
#include "compiler/driver/test_subcommand.h"

#ifndef TAKT_VERSION
#define TAKT_VERSION "0.0.0-dev"
#endif

namespace takt::driver {

// The one list of subcommands, in the order `takt --help` shows them. Adding a subcommand is a
// new `<name>_subcommand.{h,cpp}` pair and one line here.
static auto MakeSubcommands() -> std::vector<std::unique_ptr<DriverSubcommand>> {
  std::vector<std::unique_ptr<DriverSubcommand>> subcommands;
  subcommands.push_back(std::make_unique<CheckSubcommand>());
  subcommands.push_back(std::make_unique<BuildSubcommand>());
  subcommands.push_back(std::make_unique<ExplainSubcommand>());
  subcommands.push_back(std::make_unique<FmtSubcommand>());
  subcommands.push_back(std::make_unique<RunSubcommand>());
  subcommands.push_back(std::make_unique<ServeSubcommand>());
#ifdef TAKT_WITH_NATS
  subcommands.push_back(std::make_unique<NatsSubcommand>());
#endif
  subcommands.push_back(std::make_unique<JournalSubcommand>());
  subcommands.push_back(std::make_unique<TestSubcommand>());
  subcommands.push_back(std::make_unique<DiffSubcommand>());
  subcommands.push_back(std::make_unique<ReplaySubcommand>());
  subcommands.push_back(std::make_unique<GraphSubcommand>());
  subcommands.push_back(std::make_unique<DocSubcommand>());
  subcommands.push_back(std::make_unique<ReportSubcommand>());
  subcommands.push_back(std::make_unique<LspSubcommand>());
  return subcommands;
}

auto VersionString() -> std::string_view { return "takt " TAKT_VERSION; }

static auto TopLevelHelp(const std::vector<std::unique_ptr<DriverSubcommand>>& subcommands)
    -> std::string {
  std::string text =
      "Takt: plant standards as code.\n\nUsage: takt <COMMAND> [OPTIONS]\n\nCommands:\n";
  size_t width = std::string_view("help").size();
  for (const auto& subcommand : subcommands) {
    width = std::max(width, subcommand->name().size());
  }
  for (const auto& subcommand : subcommands) {
    text += fmt::format("  {:<{}}  {}\n", subcommand->name(), width, subcommand->summary());
  }
  text += fmt::format("  {:<{}}  {}\n", "help", width, "Print the help of a command");
  text +=
      "\nOptions:\n  -h, --help     print this help\n  -V, --version  print the version\n"
      "\nExit status: 0 clean (warnings allowed), 1 errors found, 2 bad usage or unreadable input.\n";
  return text;
}

static auto FindSubcommand(const std::vector<std::unique_ptr<DriverSubcommand>>& subcommands,
                           std::string_view name) -> DriverSubcommand* {
  for (const auto& subcommand : subcommands) {
    if (subcommand->name() == name) {
      return subcommand.get();
    }
  }
  return nullptr;
}

static auto UnknownCommand(DriverEnv& env,
                           const std::vector<std::unique_ptr<DriverSubcommand>>& subcommands,
                           std::string_view name) -> int {
  std::vector<std::string_view> names;
  for (const auto& subcommand : subcommands) {
    names.push_back(subcommand->name());
  }
  names.push_back("help");
  diagnostics::Diagnostics error;
  auto builder = name.starts_with("-") ? error.Emit(diag::UnknownOption, source::Span{}, name)
                                       : error.Emit(diag::UnknownCommand, source::Span{}, name);
  if (std::optional<std::string_view> closest = diagnostics::ClosestMatch(name, names)) {
    builder.Help(fmt::format("did you mean `{}`?", *closest));
  }
  return ReportUsageError(env, DiagnosticsOptions{}, "takt", std::move(error));
}

static auto MakeParser(DriverSubcommand& subcommand) -> ArgParser {
  ArgParser parser(fmt::format("takt {}", subcommand.name()), std::string(subcommand.summary()));
  subcommand.DeclareOptions(parser);
  return parser;
}

static auto Dispatch(std::span<const std::string_view> args, DriverEnv& env) -> int {
  std::vector<std::unique_ptr<DriverSubcommand>> subcommands = MakeSubcommands();
  if (args.empty()) {
    env.err << TopLevelHelp(subcommands);
    return kExitUsage;
  }
  std::string_view first = args.front();
  if (first == "-h" || first == "--help") {
    env.out << TopLevelHelp(subcommands);
    return kExitOk;
  }
  if (first == "-V" || first == "--version") {
    env.out << VersionString() << "\n";
    return kExitOk;
  }
  if (first == "help") {
    if (args.size() == 1) {
      env.out << TopLevelHelp(subcommands);
      return kExitOk;
    }
    if (args.size() > 2) {
      return ReportUsageError(env, DiagnosticsOptions{}, "takt help", diag::UnexpectedArgument,
                              args[2]);
    }
    DriverSubcommand* subcommand = FindSubcommand(subcommands, args[1]);
    if (subcommand == nullptr) {
      return UnknownCommand(env, subcommands, args[1]);
    }
    env.out << MakeParser(*subcommand).Help();
    return kExitOk;
  }
  DriverSubcommand* subcommand = FindSubcommand(subcommands, first);
  if (subcommand == nullptr) {
    return UnknownCommand(env, subcommands, first);
  }
  ArgParser parser = MakeParser(*subcommand);
  ParseResult result = parser.Parse(args.subspan(1));
  switch (result.status) {
    case ParseResult::Status::Help:
      env.out << parser.Help();
      return kExitOk;
    case ParseResult::Status::Error:
      return ReportUsageError(env, subcommand->diagnostics_options(), parser.command(),
                              std::move(result.error));
    case ParseResult::Status::Ok:
      break;
  }
  const int exit_code = subcommand->Run(env);
  EnsureDiagnosticsDocument(env, subcommand->diagnostics_options());
  return exit_code;
}

auto RunDriver(std::span<const std::string_view> args, DriverEnv& env) -> int {
  const int exit_code = Dispatch(args, env);
  WriteDiagnosticsDocument(env);
  return FinishStdout(env, exit_code);
}

}  // namespace takt::driver
