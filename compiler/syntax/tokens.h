// Internal to compiler/syntax: the token list of one file, shared by the parser driver
// (parse.cpp), the error phrasing (syntax_error.cpp), the AST builder (build_ast.cpp) and
// Comments().
//
// The file is lexed once, by hand, into tokens the ANTLR parser reads in place: the generated
// ANTLR lexer (an ATN simulator behind locks, one heap token per match) took more than half of
// the parse time. The lexer rules of grammar/Takt.g4 remain the specification; the unit test
// tests/unit/syntax/tokens_test.cpp lexes a corpus with both and requires the same tokens.
// Token start and stop indices are byte offsets into the file (ANTLR's own lexer numbers code
// points), so spans need no translation; columns still count code points, as ANTLR's do.
#ifndef TAKT_COMPILER_SYNTAX_TOKENS_H_
#define TAKT_COMPILER_SYNTAX_TOKENS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <antlr4-runtime.h>

#include "compiler/source/source_manager.h"

namespace takt::syntax {

// One token, owned by its TokenList. Immutable once lexed: the parser only reads tokens, and
// the setters exist because ANTLR's WritableToken declares them.
class LexedToken final : public antlr4::WritableToken {
 public:
  LexedToken(size_t type, size_t channel, std::string_view contents, uint32_t begin,
             uint32_t end, uint32_t line, uint32_t column)
      : contents_(contents.data()), type_(type),
        channel_(static_cast<uint32_t>(channel)), begin_(begin), end_(end), line_(line),
        column_(column) {}

  auto getText() const -> std::string override;
  auto getType() const -> size_t override { return type_; }
  auto getLine() const -> size_t override { return line_; }
  auto getCharPositionInLine() const -> size_t override { return column_; }
  auto getChannel() const -> size_t override { return channel_; }
  auto getTokenIndex() const -> size_t override { return index_; }
  // Byte offsets: the first byte, and the last one (begin - 1 for an empty token).
  auto getStartIndex() const -> size_t override { return begin_; }
  auto getStopIndex() const -> size_t override { return static_cast<size_t>(end_) - 1; }
  auto getTokenSource() const -> antlr4::TokenSource* override { return nullptr; }
  auto getInputStream() const -> antlr4::CharStream* override { return nullptr; }
  auto toString() const -> std::string override;

  void setText(const std::string& /*text*/) override {}
  void setType(size_t type) override { type_ = type; }
  void setLine(size_t line) override { line_ = static_cast<uint32_t>(line); }
  void setCharPositionInLine(size_t column) override { column_ = static_cast<uint32_t>(column); }
  void setChannel(size_t channel) override { channel_ = static_cast<uint32_t>(channel); }
  // For significant tokens, the index in TokenList::significant(); for an end-of-region EOF,
  // the index of the token the region stops before.
  void setTokenIndex(size_t index) override { index_ = index; }

  auto byte_begin() const -> uint32_t { return begin_; }
  auto byte_end() const -> uint32_t { return end_; }

 private:
  const char* contents_;
  size_t index_ = 0;
  // size_t: EOF is SIZE_MAX.
  size_t type_;
  uint32_t channel_;
  uint32_t begin_;
  uint32_t end_;
  uint32_t line_;
  uint32_t column_;
};

class TokenList {
 public:
  // Lexes the whole file. An invalid UTF-8 byte is a character of its own (U+FFFD, as a
  // decoder would give), which the lexer reports as unexpected: lexing never fails.
  TokenList(const source::SourceManager& sources, source::FileId file);
  TokenList(const TokenList&) = delete;
  auto operator=(const TokenList&) -> TokenList& = delete;

  auto file() const -> source::FileId { return file_; }
  auto contents() const -> std::string_view { return contents_; }
  // Every token in source order, hidden comments included, without the final EOF.
  auto all() const -> const std::vector<LexedToken>& { return all_; }
  // The default-channel tokens (what the parser sees), in source order.
  auto significant() const -> const std::vector<const antlr4::Token*>& { return significant_; }

  auto TokenSpan(const antlr4::Token* token) const -> source::Span;
  auto TokenText(const antlr4::Token* token) const -> std::string_view;
  // An empty span at the end of the file.
  auto EndSpan() const -> source::Span;

 private:
  source::FileId file_;
  std::string_view contents_;
  std::vector<LexedToken> all_;
  std::vector<const antlr4::Token*> significant_;
};

// Whether `token` (none: false) starts its line: a declaration keyword there ends the region of
// the error before it, whatever the words before it wanted.
inline auto IsAtLineStart(const antlr4::Token* token) -> bool {
  return token != nullptr && token->getCharPositionInLine() == 0;
}

// The keywords of grammar/keywords.def, in token order.
namespace keyword_flags {
inline constexpr uint32_t kPlain = 0;
inline constexpr uint32_t kDeclaration = 1u << 0;
inline constexpr uint32_t kHandoverClause = 1u << 1;
inline constexpr uint32_t kStepStart = 1u << 2;
inline constexpr uint32_t kExpectNegation = 1u << 3;
inline constexpr uint32_t kEventVerb = 1u << 4;
}  // namespace keyword_flags

struct Keyword {
  std::string_view spelling;
  size_t type;
  uint32_t flags;  // keyword_flags::k…
};

auto Keywords() -> std::span<const Keyword>;
// The keyword of token type `type`, or nullptr for any other token.
auto FindKeyword(size_t type) -> const Keyword*;

// Lexes `contents` as the grammar's lexer rules do (for TokenList, and for the test that
// compares it with the generated lexer).
auto Lex(std::string_view contents) -> std::vector<LexedToken>;

}  // namespace takt::syntax

#endif  // TAKT_COMPILER_SYNTAX_TOKENS_H_
