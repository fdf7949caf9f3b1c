// Internal to compiler/syntax: how a parse stops at its first error, and how that error is
// phrased. ANTLR's own messages ("mismatched input … expecting {…}") never reach users: the
// strategy records where the parse failed and what the grammar expected there, and
// ReportSyntaxError turns that into one rustc-style diagnostic.
#ifndef TAKT_COMPILER_SYNTAX_SYNTAX_ERROR_H_
#define TAKT_COMPILER_SYNTAX_SYNTAX_ERROR_H_

#include <cstddef>
#include <optional>

#include <antlr4-runtime.h>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/tokens.h"

namespace takt::syntax {

// A run of significant tokens [begin, end) parsed as one declaration.
struct Region {
  size_t begin = 0;
  size_t end = 0;
};

// Stops the parse at the first error (no ANTLR recovery, which would produce cascades) and
// records it. `sync` does nothing, so an error surfaces exactly where a token does not fit.
class FirstErrorStrategy final : public antlr4::DefaultErrorStrategy {
 public:
  struct Error {
    antlr4::Token* offending = nullptr;
    antlr4::misc::IntervalSet expected;
    // Valid while the parser that produced it is alive.
    antlr4::ParserRuleContext* context = nullptr;
    // The grammar's, static: what may follow a block once it is closed.
    const antlr4::atn::ATN* atn = nullptr;
  };

  auto error() const -> const std::optional<Error>& { return error_; }

  void reset(antlr4::Parser* parser) override;
  void reportError(antlr4::Parser* parser, const antlr4::RecognitionException& e) override;
  void recover(antlr4::Parser* parser, std::exception_ptr e) override;
  auto recoverInline(antlr4::Parser* parser) -> antlr4::Token* override;
  void sync(antlr4::Parser* parser) override;

 private:
  void Record(antlr4::Parser* parser, antlr4::Token* offending,
              antlr4::misc::IntervalSet expected);
  std::optional<Error> error_;
};

// What the driver does after a failed region.
struct ErrorOutcome {
  // Significant-token index of the offending token (region.end for the region's end).
  size_t offending = 0;
  // The declaration was complete before the offending token: [region.begin, offending) can be
  // parsed again on its own, and the tokens from `offending` on are junk already reported.
  bool declaration_complete = false;
};

// Emits the one diagnostic for `error`, found while parsing `region`.
auto ReportSyntaxError(const TokenList& tokens, Region region,
                       const FirstErrorStrategy::Error& error,
                       diagnostics::Diagnostics& diagnostics) -> ErrorOutcome;

// A region that does not start with a declaration keyword: `expected a declaration`, with a
// "did you mean" for a misspelled keyword, or `unmatched }`.
void ReportJunk(const TokenList& tokens, size_t index, diagnostics::Diagnostics& diagnostics);

// Token classification shared with the driver.
auto IsDeclarationKeyword(size_t type) -> bool;
auto IsWordToken(size_t type) -> bool;
// `owner`, `reports_to`, `for`, …: a token after which a name follows, so a declaration keyword
// right after it is that name, not a new declaration.
auto ExpectsName(size_t type) -> bool;
// Quoted as the user wrote it: "`contrl`", "a string", "end of file".
auto DescribeToken(const TokenList& tokens, size_t index) -> std::string;

}  // namespace takt::syntax

#endif  // TAKT_COMPILER_SYNTAX_SYNTAX_ERROR_H_
