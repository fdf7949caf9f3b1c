// The SARIF 2.1.0 renderer, for code-scanning services (GitHub, GitLab, IDEs). One run of the
// `takt` tool; a rule per code used, identified by its stable `T0xxx` code (never an enum
// index: clang's ruleIds shifted whenever a diagnostic was inserted, llvm-project #61597).
// Paths stay relative as the user gave them; stdlib files are relative to the `STDLIB` base.
// Regions are 1-based with an exclusive end column counted in code points (`columnKind`
// says so). `partialFingerprints.primaryLocationLineHash` hashes the code, the file and the
// text of the primary line (not its number), so a result keeps its identity when lines are
// inserted above it.
#ifndef TAKT_COMPILER_DIAGNOSTICS_RENDER_SARIF_H_
#define TAKT_COMPILER_DIAGNOSTICS_RENDER_SARIF_H_

#include <functional>
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/source/source_manager.h"

namespace takt::diagnostics {

struct SarifOptions {
  std::string_view tool_version;
  std::string_view information_uri;
  // The markdown of docs/diagnostics/<code>.md, or empty when there is none; it fills each
  // rule's descriptions and help. Kept as a callback so this stage does not depend on where
  // the docs are stored (the driver embeds them).
  std::function<std::string_view(std::string_view code)> explanation;
};

auto RenderSarif(std::span<const Diagnostic> records, const source::SourceManager& sources,
                 const SarifOptions& options) -> nlohmann::ordered_json;

// 64-bit FNV-1a, in 16 lower-case hex digits: fixed across platforms and releases, unlike
// std::hash, because fingerprints are stored by code-scanning services between runs.
auto StableHash(std::string_view text) -> std::string;

}  // namespace takt::diagnostics

#endif  // TAKT_COMPILER_DIAGNOSTICS_RENDER_SARIF_H_
