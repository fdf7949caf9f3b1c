// The requests the server answers, one function each, grouped in files by what they do:
// diagnostics.cpp (publishing, code actions), navigation.cpp (hover, definition, references,
// rename, document symbols), completion.cpp, layout.cpp (formatting, semantic tokens). Each
// reads the current analysis and the request's params and returns the result; a request that
// cannot be answered throws RequestError.
#ifndef TAKT_COMPILER_LSP_HANDLERS_H_
#define TAKT_COMPILER_LSP_HANDLERS_H_

#include <set>
#include <string>
#include <vector>

#include "compiler/lsp/protocol.h"
#include "compiler/lsp/workspace.h"

namespace takt::lsp {

// The link to a diagnostic code's explanation (docs/diagnostics/T0xxx.md, what `takt explain`
// prints).
auto ExplanationUrl(std::string_view code) -> std::string;

// `textDocument/publishDiagnostics` params for every file of `analysis` that has diagnostics,
// and an empty list for each of `published` that no longer has; `published` becomes the files
// that have some now.
auto PublishDiagnostics(const Analysis& analysis, std::set<std::string>& published) -> std::vector<json>;
auto CodeActions(const Analysis& analysis, const json& params) -> json;

auto Hover(const Analysis& analysis, const json& params) -> json;
auto Definition(const Analysis& analysis, const json& params) -> json;
auto References(const Analysis& analysis, const json& params) -> json;
auto PrepareRename(const Analysis& analysis, const json& params) -> json;
auto Rename(const Analysis& analysis, const json& params) -> json;
auto DocumentSymbols(const Analysis& analysis, const json& params) -> json;

auto Completion(const Analysis& analysis, const std::vector<std::string>& known_reasons, const json& params) -> json;

auto Formatting(const Analysis& analysis, const json& params) -> json;
// The legend the server announces in `initialize`, and the tokens of one document.
auto SemanticTokensLegend() -> json;
auto SemanticTokens(const Analysis& analysis, const json& params) -> json;

}  // namespace takt::lsp

#endif  // TAKT_COMPILER_LSP_HANDLERS_H_
