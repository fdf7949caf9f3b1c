// Completion of names by what the words before the cursor on its line expect: a role after
// `owner`, `notify`, `reports_to`, `escalate to`, `approve by`; a case after `open`; a reason path
// after `on down` (and a test step's `reason`); a unit after a number, `in`, `unit` or `per`; a
// case's outcomes after `outcome` in a test step; a control after `check` or `measure`; a
// workcenter after an operation's `at`. Reading the line rather than the AST keeps completion
// working in the half-written text an editor sends, which seldom parses.
#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "compiler/lsp/handlers.h"
#include "compiler/model/units.h"

namespace takt::lsp {

// LSP 3.17 CompletionItemKind values.
enum class ItemKind : int { Field = 5, Variable = 6, Class = 7, Interface = 8, Unit = 11, Enum = 13,
                            EnumMember = 20 };

static auto IsNameChar(char c) -> bool {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
}

static auto IsNumber(std::string_view word) -> bool {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '+' || c == '-';
         }) && std::any_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

static auto SplitWords(std::string_view text) -> std::vector<std::string_view> {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    }
    const size_t start = i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) {
      ++i;
    }
    if (i > start) {
      words.push_back(text.substr(start, i - start));
    }
  }
  return words;
}

enum class Expect : uint8_t { Nothing, Role, Case, Reason, Unit, Outcome, Control, Workcenter };

static auto ExpectAfter(const std::vector<std::string_view>& words) -> Expect {
  if (words.empty()) {
    return Expect::Nothing;
  }
  const std::string_view last = words.back();
  const std::string_view before = words.size() > 1 ? words[words.size() - 2] : "";
  if (last == "owner" || last == "notify" || last == "reports_to" || (last == "to" && before == "escalate") ||
      (last == "by" && (before == "approve" || before == "acknowledge")) || last == "and") {
    return Expect::Role;
  }
  if (last == "open") {
    return Expect::Case;
  }
  if ((last == "down" && before == "on") || last == "reason" || last == "reasons") {
    return Expect::Reason;
  }
  if (last == "outcome" && words.front() != "outcome") {
    return Expect::Outcome;
  }
  if (last == "check" || last == "measure") {
    return Expect::Control;
  }
  if (last == "at" && words.front() == "op") {
    return Expect::Workcenter;
  }
  if (IsNumber(last) || last == "in" || last == "unit" || last == "per") {
    return Expect::Unit;
  }
  return Expect::Nothing;
}

auto Completion(const Analysis& analysis, const std::vector<std::string>& known_reasons, const json& params) -> json {
  const Cursor cursor = CursorOf(analysis, params);
  const std::string_view text = analysis.sources.contents(cursor.file);
  const size_t line_start = text.rfind('\n', cursor.offset == 0 ? 0 : cursor.offset - 1);
  const size_t from = line_start == std::string_view::npos || cursor.offset == 0 ? 0 : line_start + 1;
  size_t word_start = cursor.offset;
  while (word_start > from && IsNameChar(text[word_start - 1])) {
    --word_start;
  }
  const std::string_view partial = text.substr(word_start, cursor.offset - word_start);
  const std::vector<std::string_view> words = SplitWords(text.substr(from, word_start - from));
  const json replace = ToJson(analysis.LinesOf(cursor.file).RangeOf(static_cast<uint32_t>(word_start), cursor.offset));
  const Index& index = *analysis.index;

  json items = json::array();
  auto add = [&](std::string_view label, ItemKind kind, std::string detail) {
    if (!label.starts_with(partial)) {
      return;
    }
    json item = {{"label", label}, {"kind", static_cast<int>(kind)}, {"textEdit", {{"range", replace}, {"newText", label}}}};
    if (!detail.empty()) {
      item["detail"] = std::move(detail);
    }
    items.push_back(std::move(item));
  };
  auto add_symbols = [&](SymbolKind kind, ItemKind item_kind) {
    for (uint32_t id : index.OfKind(kind)) {
      const Symbol& symbol = index.symbol(id);
      add(symbol.name, item_kind, symbol.head && symbol.head->title ? symbol.head->title->value : "");
    }
  };
  switch (ExpectAfter(words)) {
    case Expect::Nothing:
      break;
    case Expect::Role:
      add_symbols(SymbolKind::Role, ItemKind::Interface);
      break;
    case Expect::Case:
      add_symbols(SymbolKind::Case, ItemKind::Class);
      break;
    case Expect::Control:
      add_symbols(SymbolKind::Control, ItemKind::Field);
      break;
    case Expect::Workcenter:
      add_symbols(SymbolKind::Workcenter, ItemKind::Variable);
      break;
    case Expect::Reason: {
      std::set<std::string> paths(known_reasons.begin(), known_reasons.end());
      for (uint32_t id : index.OfKind(SymbolKind::Reason)) {
        paths.insert(index.symbol(id).name);
      }
      for (const std::string& path : paths) {
        add(path, ItemKind::Enum, "");
      }
      break;
    }
    case Expect::Unit:
      for (const model::UnitInfo& unit : model::AllUnits()) {
        add(unit.symbol, ItemKind::Unit, std::string(model::DimensionName(unit.dimension)));
      }
      break;
    case Expect::Outcome: {
      // The outcomes of the case the step names, or of every case when it names none.
      std::optional<uint32_t> step_case;
      for (std::string_view word : words) {
        if (auto id = index.Find(SymbolKind::Case, word)) {
          step_case = id;
        }
      }
      for (uint32_t id : index.OfKind(SymbolKind::Outcome)) {
        const std::string& name = index.symbol(id).name;
        const size_t dot = name.find('.');
        if (!step_case.has_value() || name.substr(0, dot) == index.symbol(*step_case).name) {
          add(std::string_view(name).substr(dot + 1), ItemKind::EnumMember, name.substr(0, dot));
        }
      }
      break;
    }
  }
  return json{{"isIncomplete", false}, {"items", std::move(items)}};
}

}  // namespace takt::lsp
