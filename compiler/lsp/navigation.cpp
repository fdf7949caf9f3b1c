// Go to definition, find references, rename and the outline of a document. Rename works on the
// index, so it reaches every file of the plant and every spelling of a name: a reason renamed in
// `reason press_jam` is renamed in each path that runs through it, tests included.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/lsp/handlers.h"

namespace takt::lsp {

// The symbol under the cursor, or nullptr.
static auto SymbolAt(const Analysis& analysis, const json& params) -> const Occurrence* {
  const Cursor cursor = CursorOf(analysis, params);
  return analysis.index->At(cursor.file, cursor.offset);
}

auto Definition(const Analysis& analysis, const json& params) -> json {
  const Occurrence* occurrence = SymbolAt(analysis, params);
  if (occurrence == nullptr) {
    return nullptr;
  }
  const Symbol& symbol = analysis.index->symbol(occurrence->symbol);
  if (!symbol.declaration.has_value()) {
    return nullptr;
  }
  return LocationOf(analysis, *symbol.declaration).value_or(json(nullptr));
}

auto References(const Analysis& analysis, const json& params) -> json {
  const Occurrence* occurrence = SymbolAt(analysis, params);
  json locations = json::array();
  if (occurrence == nullptr) {
    return locations;
  }
  const bool with_declaration = params.value("context", json::object()).value("includeDeclaration", true);
  for (const Occurrence& each : analysis.index->OccurrencesOf(occurrence->symbol)) {
    if (each.is_declaration && !with_declaration) {
      continue;
    }
    if (std::optional<json> location = LocationOf(analysis, each.span)) {
      locations.push_back(std::move(*location));
    }
  }
  return locations;
}

// What a rename may touch: a name the workspace declares. The stdlib's reasons and a name
// declared nowhere are refused, since their declaration would not follow.
static auto RenameTarget(const Analysis& analysis, const json& params) -> const Occurrence& {
  const Occurrence* occurrence = SymbolAt(analysis, params);
  if (occurrence == nullptr) {
    throw RequestError(ErrorCode::RequestFailed, "there is no name to rename here");
  }
  const Symbol& symbol = analysis.index->symbol(occurrence->symbol);
  if (!symbol.declaration.has_value()) {
    throw RequestError(ErrorCode::RequestFailed,
                       fmt::format("`{}` is not declared in this plant and cannot be renamed here", symbol.name));
  }
  return *occurrence;
}

auto PrepareRename(const Analysis& analysis, const json& params) -> json {
  const Occurrence& occurrence = RenameTarget(analysis, params);
  const std::string_view text = analysis.sources.contents(occurrence.span.file);
  return json{{"range", ToJson(*RangeOfSpan(analysis, occurrence.span))},
              {"placeholder", text.substr(occurrence.span.begin, occurrence.span.end - occurrence.span.begin)}};
}

static auto IsIdentifier(std::string_view name) -> bool {
  auto is_start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (name.empty() || !is_start(name.front())) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [&](char c) { return is_start(c) || (c >= '0' && c <= '9'); });
}

auto Rename(const Analysis& analysis, const json& params) -> json {
  const Occurrence& occurrence = RenameTarget(analysis, params);
  const Symbol& symbol = analysis.index->symbol(occurrence.symbol);
  const auto new_name = params.at("newName").get<std::string>();
  if (!IsIdentifier(new_name)) {
    throw RequestError(ErrorCode::InvalidParams,
                       fmt::format("`{}` is not a name: a name is a letter or `_`, then letters, digits or `_`", new_name));
  }
  // A reason keeps its place in the tree: only its own part of the path changes. An outcome's
  // name is local to its case.
  std::string new_full = new_name;
  if (const size_t dot = symbol.name.rfind('.'); dot != std::string::npos) {
    new_full = symbol.name.substr(0, dot + 1) + new_name;
  }
  if (new_full == symbol.name) {
    return json{{"changes", json::object()}};
  }
  if (auto taken = analysis.index->Find(symbol.kind, new_full);
      taken.has_value() && analysis.index->symbol(*taken).declaration.has_value()) {
    throw RequestError(ErrorCode::RequestFailed,
                       fmt::format("a {} named `{}` exists already", SymbolKindName(symbol.kind), new_full));
  }
  json changes = json::object();
  for (const Occurrence& each : analysis.index->OccurrencesOf(occurrence.symbol)) {
    if (analysis.sources.is_stdlib(each.span.file)) {
      continue;
    }
    json& edits = changes[UriOfPath(analysis.sources.path(each.span.file))];
    edits.push_back({{"range", ToJson(*RangeOfSpan(analysis, each.span))}, {"newText", new_name}});
  }
  return json{{"changes", std::move(changes)}};
}

// LSP 3.17 SymbolKind values.
enum class LspSymbolKind : int { Module = 2, Class = 5, Field = 8, Enum = 10, Interface = 11, Function = 12,
                                 Constant = 14, Object = 19, EnumMember = 22, Event = 24 };

static auto LspKindOf(SymbolKind kind) -> LspSymbolKind {
  switch (kind) {
    case SymbolKind::Role:
      return LspSymbolKind::Interface;
    case SymbolKind::Area:
    case SymbolKind::Line:
      return LspSymbolKind::Module;
    case SymbolKind::Workcenter:
    case SymbolKind::Material:
    case SymbolKind::Product:
      return LspSymbolKind::Object;
    case SymbolKind::Instruction:
    case SymbolKind::Routing:
      return LspSymbolKind::Function;
    case SymbolKind::Control:
      return LspSymbolKind::Field;
    case SymbolKind::SpcRuleSet:
      return LspSymbolKind::Constant;
    case SymbolKind::Case:
    case SymbolKind::Deviation:
      return LspSymbolKind::Class;
    case SymbolKind::Outcome:
      return LspSymbolKind::EnumMember;
    case SymbolKind::Reason:
      return LspSymbolKind::Enum;
    case SymbolKind::Escalation:
    case SymbolKind::Recurrence:
    case SymbolKind::Handover:
      return LspSymbolKind::Event;
    case SymbolKind::Person:
    case SymbolKind::Qualification:
      return LspSymbolKind::Object;
  }
  return LspSymbolKind::Object;
}

// The outline: each declaration of the document with its whole extent, nested as the source
// nests them (area → line → workcenter, a reason tree, a case's outcomes).
auto DocumentSymbols(const Analysis& analysis, const json& params) -> json {
  const std::string path = DocumentPath(params);
  const std::optional<source::FileId> file = analysis.FileOf(path);
  json result = json::array();
  if (!file.has_value()) {
    return result;
  }
  // Declarations in source order; each one's children are those that lie inside its extent.
  struct Entry {
    source::Span extent;
    json symbol;
  };
  std::vector<Entry> stack;
  auto close_until = [&](uint32_t offset) {
    while (!stack.empty() && stack.back().extent.end <= offset) {
      Entry done = std::move(stack.back());
      stack.pop_back();
      (stack.empty() ? result : stack.back().symbol["children"]).push_back(std::move(done.symbol));
    }
  };
  for (const Occurrence& occurrence : analysis.index->OccurrencesIn(*file)) {
    const Symbol& symbol = analysis.index->symbol(occurrence.symbol);
    if (!occurrence.is_declaration) {
      continue;
    }
    const source::Span extent = occurrence.extent;
    close_until(extent.begin);
    const size_t dot = symbol.name.rfind('.');
    json entry = {{"name", dot == std::string::npos ? symbol.name : symbol.name.substr(dot + 1)},
                  {"kind", static_cast<int>(LspKindOf(symbol.kind))},
                  {"range", ToJson(*RangeOfSpan(analysis, extent))},
                  {"selectionRange", ToJson(*RangeOfSpan(analysis, occurrence.span))},
                  {"children", json::array()}};
    if (symbol.head != nullptr && symbol.head->title.has_value()) {
      entry["detail"] = symbol.head->title->value;
    }
    stack.push_back({extent, std::move(entry)});
  }
  close_until(UINT32_MAX);
  return result;
}

}  // namespace takt::lsp
