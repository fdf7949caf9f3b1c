// Formatting (the layout of `takt fmt`, as one edit over the whole document) and semantic
// tokens. Tokens come from the one lexer (syntax::Tokenize), their meaning from the index: a
// word is coloured by what it names, a unit as a type, a keyword as a keyword.
#include <algorithm>

#include "compiler/format/format.h"
#include "compiler/lsp/handlers.h"
#include "compiler/syntax/parse.h"

namespace takt::lsp {

auto Formatting(const Analysis& analysis, const json& params) -> json {
  const std::string path = DocumentPath(params);
  const std::optional<source::FileId> file = analysis.FileOf(path);
  if (!file.has_value()) {
    throw RequestError(ErrorCode::RequestFailed, "the document is not a file of the workspace's plant");
  }
  diagnostics::Diagnostics ignored;
  // A file with a syntax error is never rewritten (as `takt fmt`); its diagnostics are published.
  const std::optional<std::string> formatted = format::FormatFile(analysis.sources, *file, ignored);
  const std::string_view text = analysis.sources.contents(*file);
  json edits = json::array();
  if (!formatted.has_value() || *formatted == text) {
    return edits;
  }
  edits.push_back({{"range", ToJson(analysis.LinesOf(*file).RangeOf(0, static_cast<uint32_t>(text.size())))},
                   {"newText", *formatted}});
  return edits;
}

// The legend: token types by index, as the client decodes them.
enum class TokenType : uint32_t {
  Keyword, Comment, String, Number, Operator, Type, Class, Namespace, Variable, Function, Property, Enum,
  EnumMember, Struct, Event
};
static constexpr std::string_view kTokenTypes[] = {"keyword", "comment", "string", "number", "operator",
                                                   "type", "class", "namespace", "variable", "function",
                                                   "property", "enum", "enumMember", "struct", "event"};
static_assert(std::size(kTokenTypes) == static_cast<size_t>(TokenType::Event) + 1);
static constexpr uint32_t kDeclarationModifier = 1;

auto SemanticTokensLegend() -> json {
  return json{{"tokenTypes", kTokenTypes}, {"tokenModifiers", {"declaration"}}};
}

static auto TypeOf(SymbolKind kind) -> TokenType {
  switch (kind) {
    case SymbolKind::Role:
      return TokenType::Class;
    case SymbolKind::Area:
    case SymbolKind::Line:
      return TokenType::Namespace;
    case SymbolKind::Workcenter:
    case SymbolKind::Material:
    case SymbolKind::Product:
      return TokenType::Variable;
    case SymbolKind::Instruction:
    case SymbolKind::Routing:
      return TokenType::Function;
    case SymbolKind::Control:
      return TokenType::Property;
    case SymbolKind::SpcRuleSet:
    case SymbolKind::Reason:
      return TokenType::Enum;
    case SymbolKind::Outcome:
      return TokenType::EnumMember;
    case SymbolKind::Case:
    case SymbolKind::Deviation:
      return TokenType::Struct;
    case SymbolKind::Escalation:
    case SymbolKind::Recurrence:
    case SymbolKind::Handover:
      return TokenType::Event;
    case SymbolKind::Person:
    case SymbolKind::Qualification:
      return TokenType::Variable;
  }
  return TokenType::Variable;
}

// LSP encodes each token relative to the one before it, one line per token: a block comment
// over several lines becomes one token per line.
class TokenEncoder {
 public:
  explicit TokenEncoder(std::string_view text) : text_(text), lines_(text) {}

  void Add(uint32_t begin, uint32_t end, TokenType type, uint32_t modifiers) {
    while (begin < end) {
      const size_t newline = text_.find('\n', begin);
      const uint32_t stop = newline == std::string_view::npos || newline >= end ? end : static_cast<uint32_t>(newline);
      const Range range = lines_.RangeOf(begin, stop);
      if (range.end.character > range.start.character) {
        const uint32_t delta_line = range.start.line - previous_.line;
        const uint32_t delta_start = delta_line == 0 ? range.start.character - previous_.character : range.start.character;
        data_.insert(data_.end(), {delta_line, delta_start, range.end.character - range.start.character,
                                   static_cast<uint32_t>(type), modifiers});
        previous_ = range.start;
      }
      begin = stop + 1;
    }
  }
  auto data() -> std::vector<uint32_t>& { return data_; }

 private:
  std::string_view text_;
  LineIndex lines_;
  Position previous_;
  std::vector<uint32_t> data_;
};

auto SemanticTokens(const Analysis& analysis, const json& params) -> json {
  const std::string path = DocumentPath(params);
  const std::optional<source::FileId> file = analysis.FileOf(path);
  if (!file.has_value()) {
    return json{{"data", json::array()}};
  }
  const std::string_view text = analysis.sources.contents(*file);
  const std::vector<Occurrence> occurrences = analysis.index->OccurrencesIn(*file);
  std::vector<uint32_t> units;
  for (const source::Span& span : analysis.index->units()) {
    if (span.file == *file) {
      units.push_back(span.begin);
    }
  }
  std::sort(units.begin(), units.end());
  TokenEncoder encoder(text);
  auto next_occurrence = occurrences.begin();
  for (const syntax::SourceToken& token : syntax::Tokenize(text)) {
    switch (token.kind) {
      case syntax::TokenClass::LineComment:
      case syntax::TokenClass::BlockComment:
        encoder.Add(token.begin, token.end, TokenType::Comment, 0);
        break;
      case syntax::TokenClass::String:
        encoder.Add(token.begin, token.end, TokenType::String, 0);
        break;
      case syntax::TokenClass::Number:
      case syntax::TokenClass::Time:
        encoder.Add(token.begin, token.end, TokenType::Number, 0);
        break;
      case syntax::TokenClass::PlusMinus:
      case syntax::TokenClass::Plus:
      case syntax::TokenClass::Minus:
      case syntax::TokenClass::DotDot:
        encoder.Add(token.begin, token.end, TokenType::Operator, 0);
        break;
      case syntax::TokenClass::Word: {
        while (next_occurrence != occurrences.end() && next_occurrence->span.begin < token.begin) {
          ++next_occurrence;
        }
        if (next_occurrence != occurrences.end() && next_occurrence->span.begin == token.begin) {
          encoder.Add(token.begin, token.end, TypeOf(analysis.index->symbol(next_occurrence->symbol).kind),
                      next_occurrence->is_declaration ? kDeclarationModifier : 0);
        } else if (std::binary_search(units.begin(), units.end(), token.begin)) {
          encoder.Add(token.begin, token.end, TokenType::Type, 0);
        } else if (syntax::IsKeyword(text.substr(token.begin, token.end - token.begin))) {
          encoder.Add(token.begin, token.end, TokenType::Keyword, 0);
        }
        break;
      }
      case syntax::TokenClass::LeftBrace:
      case syntax::TokenClass::RightBrace:
      case syntax::TokenClass::Comma:
      case syntax::TokenClass::Dot:
      case syntax::TokenClass::Other:
        break;
    }
  }
  return json{{"data", std::move(encoder.data())}};
}

}  // namespace takt::lsp
