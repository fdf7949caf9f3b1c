#include "compiler/driver/explain_subcommand.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/explanations.h"

namespace takt::driver {

void ExplainSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("CODE", "a diagnostic code such as T0203, or its name", &codes_, 1, 1);
}

static auto FindKind(std::string_view code) -> const diagnostics::KindInfo* {
  if (const diagnostics::KindInfo* info = diagnostics::FindKindByCode(code)) {
    return info;
  }
  for (const diagnostics::KindInfo& info : diagnostics::AllKinds()) {
    if (info.name == code) {
      return &info;
    }
  }
  return nullptr;
}

// A retired code, or its name: nothing emits it, but its explanation says why it was retired.
static auto FindRetired(std::string_view code) -> const diagnostics::RetiredInfo* {
  for (const diagnostics::RetiredInfo& info : diagnostics::RetiredKinds()) {
    const bool same_code = std::ranges::equal(code, info.code, [](char a, char b) {
      return std::toupper(static_cast<unsigned char>(a)) == b;
    });
    if (same_code || info.name == code) {
      return &info;
    }
  }
  return nullptr;
}

static void PrintMarkdown(DriverEnv& env, std::string_view markdown) {
  env.out << markdown;
  if (!markdown.ends_with('\n')) {
    env.out << '\n';
  }
}

auto ExplainSubcommand::Run(DriverEnv& env) -> int {
  std::string_view code = codes_.front();
  const diagnostics::KindInfo* info = FindKind(code);
  if (info == nullptr) {
    if (const diagnostics::RetiredInfo* retired = FindRetired(code)) {
      PrintMarkdown(env, FindExplanation(retired->code));
      return kExitOk;
    }
    std::vector<std::string_view> candidates;
    for (const diagnostics::KindInfo& kind : diagnostics::AllKinds()) {
      candidates.push_back(kind.code);
      candidates.push_back(kind.name);
    }
    diagnostics::Diagnostics error;
    auto builder = error.Emit(diag::UnknownCode, source::Span{}, code);
    if (std::optional<std::string_view> closest = diagnostics::ClosestMatch(code, candidates)) {
      builder.Help(fmt::format("did you mean `{}`?", *closest));
    }
    return ReportUsageError(env, DiagnosticsOptions{}, "takt explain", std::move(error));
  }
  std::string_view markdown = FindExplanation(info->code);
  if (markdown.empty()) {
    // The doc-coverage test keeps this from shipping; say what is known rather than nothing.
    env.out << fmt::format("# {}: {}\n\n{} ({}, {})\n\nNo explanation has been written yet.\n",
                           info->code, info->format, info->name, info->severity ==
                           diagnostics::Severity::Error ? "error" : "warning",
                           diagnostics::GroupName(info->group));
    return kExitOk;
  }
  PrintMarkdown(env, markdown);
  return kExitOk;
}

}  // namespace takt::driver
