#include "compiler/syntax/parse.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include <antlr4-runtime.h>

#include "TaktParser.h"
#include "compiler/base/overloaded.h"
#include "compiler/syntax/build_ast.h"
#include "compiler/syntax/syntax_error.h"
#include "compiler/syntax/tokens.h"

namespace takt::syntax {

using diagnostics::Kind;
using grammar::TaktParser;

// Deeper brace nesting than any plant needs; the cap bounds the parser's recursion (reason
// trees are the only recursive rule, and they recurse through braces) so hostile input cannot
// overflow the stack.
static constexpr int kMaxDepth = 64;

namespace {

// Hands one region of the file's significant tokens to the parser, in place, then an EOF placed
// where the next region starts, so that "found …" points at the token that ended the region.
// Stream indices count from the region's start; the tokens keep their file-wide index.
class RegionTokenStream final : public antlr4::TokenStream {
 public:
  RegionTokenStream(const TokenList& tokens, Region region)
      : tokens_(tokens.significant().data() + region.begin),
        size_(region.end - region.begin),
        eof_(MakeEof(tokens, region)) {}

  auto LT(ssize_t k) -> antlr4::Token* override {
    if (k == 0) {
      return nullptr;
    }
    const ssize_t i = k > 0 ? static_cast<ssize_t>(p_) + k - 1 : static_cast<ssize_t>(p_) + k;
    if (i < 0) {
      return nullptr;
    }
    return get(static_cast<size_t>(i));
  }
  auto get(size_t index) const -> antlr4::Token* override {
    // The parser only reads tokens; TokenList owns them as mutable objects.
    return index < size_ ? const_cast<antlr4::Token*>(tokens_[index])
                         : const_cast<LexedToken*>(&eof_);
  }
  auto getTokenSource() const -> antlr4::TokenSource* override { return nullptr; }
  auto getText(const antlr4::misc::Interval& interval) -> std::string override {
    std::string out;
    if (interval.a < 0 || interval.b < 0) {
      return out;
    }
    const auto last = std::min(static_cast<size_t>(interval.b), size_);
    for (auto i = static_cast<size_t>(interval.a); i <= last; ++i) {
      if (get(i)->getType() == antlr4::Token::EOF) {
        break;
      }
      out += get(i)->getText();
    }
    return out;
  }
  auto getText() -> std::string override {
    return getText(antlr4::misc::Interval(size_t{0}, size_));
  }
  auto getText(antlr4::RuleContext* ctx) -> std::string override {
    return getText(ctx->getSourceInterval());
  }
  auto getText(antlr4::Token* start, antlr4::Token* stop) -> std::string override {
    if (start == nullptr || stop == nullptr) {
      return "";
    }
    std::string out;
    for (size_t i = 0; i <= size_; ++i) {
      antlr4::Token* token = get(i);
      if (!out.empty() || token == start) {
        if (token->getType() != antlr4::Token::EOF) {
          out += token->getText();
        }
        if (token == stop) {
          break;
        }
      }
    }
    return out;
  }

  void consume() override {
    if (p_ >= size_) {
      throw antlr4::IllegalStateException("cannot consume EOF");
    }
    ++p_;
  }
  auto LA(ssize_t i) -> size_t override {
    antlr4::Token* token = LT(i);
    return token != nullptr ? token->getType() : antlr4::Token::INVALID_TYPE;
  }
  auto mark() -> ssize_t override { return 0; }
  void release(ssize_t /*marker*/) override {}
  auto index() -> size_t override { return p_; }
  void seek(size_t index) override { p_ = std::min(index, size_); }
  auto size() -> size_t override { return size_ + 1; }
  auto getSourceName() const -> std::string override { return "takt"; }

 private:
  static auto MakeEof(const TokenList& tokens, Region region) -> LexedToken {
    const auto& significant = tokens.significant();
    if (region.end < significant.size()) {
      const auto* after = static_cast<const LexedToken*>(significant[region.end]);
      LexedToken eof(antlr4::Token::EOF, antlr4::Token::DEFAULT_CHANNEL, tokens.contents(),
                     after->byte_begin(), after->byte_begin(),
                     static_cast<uint32_t>(after->getLine()),
                     static_cast<uint32_t>(after->getCharPositionInLine()));
      eof.setTokenIndex(region.end);
      return eof;
    }
    const auto end = static_cast<uint32_t>(tokens.contents().size());
    // Like ANTLR's own EOF token: no line, no column (so never at a line start).
    LexedToken eof(antlr4::Token::EOF, antlr4::Token::DEFAULT_CHANNEL, tokens.contents(), end,
                   end, 0, UINT32_MAX);
    eof.setTokenIndex(region.end);
    return eof;
  }

  const antlr4::Token* const* tokens_;
  size_t size_;
  size_t p_ = 0;
  LexedToken eof_;
};

struct RegionResult {
  std::optional<BuiltDecl> decl;
  std::optional<ErrorOutcome> error;
};

// What has been seen so far, for the header-first and use-before-declarations rules.
struct FileState {
  bool seen_use = false;
  bool seen_decl = false;
};

}  // namespace

static auto IsLexerError(size_t type) -> bool {
  return type == TaktParser::ERROR_CHAR || type == TaktParser::UNTERMINATED_STRING;
}

// `8.`: a number with a dot right after it and nothing that could continue a qualified name
// (`bracket_a_std.20.x`) right after the dot.
static auto IsMalformedNumber(const TokenList& tokens, size_t index) -> bool {
  const auto& significant = tokens.significant();
  if (index + 1 >= significant.size() || significant[index]->getType() != TaktParser::NUMBER) {
    return false;
  }
  const antlr4::Token* dot = significant[index + 1];
  if (dot->getType() != TaktParser::DOT ||
      dot->getStartIndex() != significant[index]->getStopIndex() + 1) {
    return false;
  }
  if (index + 2 < significant.size()) {
    const antlr4::Token* after = significant[index + 2];
    if (after->getStartIndex() == dot->getStopIndex() + 1 &&
        (IsWordToken(after->getType()) || after->getType() == TaktParser::NUMBER)) {
      return false;
    }
  }
  return true;
}

// The end of the region starting at `begin`: the next declaration keyword at brace depth 0,
// unless it follows a word that wants a name (`owner case` names a role `case`). A keyword in
// the first column always ends a junk region, and at depth 0 even after such a word (`owner`
// with its role missing, then the next declaration on its own line).
static auto RegionEnd(const TokenList& tokens, size_t begin, bool junk) -> size_t {
  const auto& significant = tokens.significant();
  int depth = 0;
  for (size_t i = begin; i < significant.size(); ++i) {
    const antlr4::Token* token = significant[i];
    const size_t type = token->getType();
    if (i > begin && IsDeclarationKeyword(type)) {
      const bool line_start = IsAtLineStart(token);
      if (depth == 0 && (line_start || !ExpectsName(significant[i - 1]->getType()))) {
        return i;
      }
      if (junk && line_start) {
        return i;
      }
    }
    if (type == TaktParser::LBRACE) {
      ++depth;
    } else if (type == TaktParser::RBRACE && depth > 0) {
      --depth;
    }
  }
  return significant.size();
}

// Where to go on after a failed region: the first declaration keyword in the first column at
// or after the failure, which in canonically formatted files is the next declaration even when
// a `}` is missing.
static auto ResumePoint(const TokenList& tokens, Region region, size_t failure) -> size_t {
  const auto& significant = tokens.significant();
  for (size_t k = std::max(region.begin + 1, failure); k < region.end; ++k) {
    if (IsDeclarationKeyword(significant[k]->getType()) && IsAtLineStart(significant[k])) {
      return k;
    }
  }
  return region.end;
}

static void ReportLexerError(const TokenList& tokens, const antlr4::Token* token,
                             diagnostics::Diagnostics& diagnostics) {
  const source::Span span = tokens.TokenSpan(token);
  const std::string_view text = tokens.TokenText(token);
  switch (token->getType()) {
    case TaktParser::UNTERMINATED_STRING:
      diagnostics.Emit(diag::UnterminatedString, span)
          .Primary("this string has no closing `\"`")
          .Help("a string ends on the line where it starts");
      return;
    default:
      break;
  }
  std::string shown(text);
  if (text.size() == 1) {
    const auto byte = static_cast<unsigned char>(text[0]);
    if (byte >= 0x80) {
      shown = fmt::format("\\x{:02X}", byte);
    } else if (byte < 0x20 || byte == 0x7F) {
      shown = fmt::format("U+{:04X}", byte);
    }
  }
  auto builder = diagnostics.Emit(diag::UnexpectedCharacter, span, shown);
  builder.Primary("not part of any Takt token");
  if (text == ";") {
    builder.Help("clauses need no `;`: remove it");
  } else if (text == "\u201C" || text == "\u201D" || text == "\u201E") {
    builder.Help("strings use the straight double quote `\"`");
  } else if (text == "=" || text == ":") {
    builder.Help("clauses are written without `=` or `:`, e.g. `owner quality_engineer`");
  }
}

static auto ParseRegion(const TokenList& tokens, const DocIndex& docs, Region region,
                        bool report_syntax_error, diagnostics::Diagnostics& diagnostics)
    -> RegionResult {
  RegionResult result;
  RegionTokenStream stream(tokens, region);
  TaktParser parser(&stream);
  parser.removeErrorListeners();
  auto strategy = std::make_shared<FirstErrorStrategy>();
  parser.setErrorHandler(strategy);
  auto* simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  try {
    // Two-stage parsing: SLL is faster and almost always right; when it fails, full LL decides
    // whether the input is really wrong and where. (The grammar is LL(1) today, so the second
    // stage is a guard for future rules.)
    simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    TaktParser::Declaration_regionContext* tree = nullptr;
    try {
      tree = parser.declaration_region();
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    if (tree == nullptr) {
      parser.reset();
      simulator->setPredictionMode(antlr4::atn::PredictionMode::LL);
      try {
        tree = parser.declaration_region();
      } catch (const antlr4::ParseCancellationException&) {
        tree = nullptr;
      }
    }
    if (tree == nullptr) {
      ErrorOutcome outcome{.offending = region.begin, .declaration_complete = false};
      if (strategy->error()) {
        outcome = report_syntax_error
                      ? ReportSyntaxError(tokens, region, *strategy->error(), diagnostics)
                      : ErrorOutcome{.offending = region.begin, .declaration_complete = false};
      }
      result.error = outcome;
      return result;
    }
    result.decl = BuildDeclaration(tokens, docs, tree->declaration(), diagnostics);
  } catch (const std::exception&) {
    // Not expected from this grammar; never let it escape Parse().
    if (report_syntax_error) {
      const antlr4::Token* first = tokens.significant()[region.begin];
      diagnostics.Emit(diag::UnexpectedToken, tokens.TokenSpan(first), "a declaration",
                       DescribeToken(tokens, region.begin));
    }
    result.error = ErrorOutcome{.offending = region.begin, .declaration_complete = false};
  }
  return result;
}

static void AddToFile(BuiltDecl built, FileState& state, ast::File& file,
                      diagnostics::Diagnostics& diagnostics) {
  std::visit(
      base::Overloaded{
          [&](ast::PlantHeader& plant) {
            const bool first = !file.plant && !file.module;
            if (!first || state.seen_use || state.seen_decl) {
              diagnostics.Emit(diag::MisplacedHeader, plant.head.keyword, "plant")
                  .Primary(first ? "after other declarations" : "a second header")
                  .Help("a file has at most one header, at its top");
            }
            if (first) {
              file.plant = std::move(plant);
            }
          },
          [&](ast::ModuleHeader& module) {
            const bool first = !file.plant && !file.module;
            if (!first || state.seen_use || state.seen_decl) {
              const source::Span keyword{.file = module.span.file,
                                         .begin = module.span.begin,
                                         .end = module.span.begin + 6};
              diagnostics.Emit(diag::MisplacedHeader, keyword, "module")
                  .Primary(first ? "after other declarations" : "a second header")
                  .Help("a file has at most one header, at its top");
            }
            if (first) {
              file.module = std::move(module);
            }
          },
          [&](ast::Use& use) {
            if (state.seen_decl) {
              diagnostics.Emit(diag::MisplacedUse, use.span)
                  .Primary("after a declaration")
                  .Help("move the `use` lines to the top of the file, after the header");
            }
            state.seen_use = true;
            // Kept even when misplaced, so the checker does not report every imported name
            // unknown.
            file.uses.push_back(std::move(use));
          },
          [&](ast::Decl& decl) {
            state.seen_decl = true;
            file.decls.push_back(std::move(decl));
          },
      },
      built);
}

static void ParseFile(const TokenList& tokens, ast::File& file,
                      diagnostics::Diagnostics& diagnostics) {
  const DocIndex docs = IndexDocComments(tokens);
  const auto& significant = tokens.significant();
  const size_t count = significant.size();

  const antlr4::Token* unterminated_comment = nullptr;
  for (const LexedToken& token : tokens.all()) {
    if (token.getType() == TaktParser::UNTERMINATED_COMMENT) {
      unterminated_comment = &token;
    }
  }

  FileState state;
  size_t begin = 0;
  // Set when a failed region already reported the junk that starts the next one.
  bool junk_reported = false;
  while (begin < count) {
    const bool junk = !IsDeclarationKeyword(significant[begin]->getType());
    const Region region{.begin = begin, .end = RegionEnd(tokens, begin, junk)};
    if (junk) {
      if (!junk_reported) {
        if (IsLexerError(significant[begin]->getType())) {
          ReportLexerError(tokens, significant[begin], diagnostics);
        } else {
          ReportJunk(tokens, begin, diagnostics);
        }
      }
      junk_reported = false;
      begin = region.end;
      continue;
    }
    junk_reported = false;

    // A lexical error is the root cause of whatever the parser would say: report it alone.
    size_t lexer_error = region.end;
    for (size_t i = region.begin; i < region.end; ++i) {
      if (IsLexerError(significant[i]->getType())) {
        ReportLexerError(tokens, significant[i], diagnostics);
        lexer_error = i;
        break;
      }
      if (IsMalformedNumber(tokens, i)) {
        const std::string text(tokens.TokenText(significant[i]));
        diagnostics
            .Emit(diag::MalformedNumber,
                  source::Cover(tokens.TokenSpan(significant[i]),
                                tokens.TokenSpan(significant[i + 1])),
                  text + ".")
            .Primary("digits must follow the `.`")
            .Help(fmt::format("write `{}.0` or `{}`", text, text));
        lexer_error = i;
        break;
      }
    }
    if (lexer_error != region.end) {
      begin = ResumePoint(tokens, region, lexer_error + 1);
      continue;
    }

    int depth = 0;
    size_t too_deep = region.end;
    for (size_t i = region.begin; i < region.end; ++i) {
      const size_t type = significant[i]->getType();
      if (type == TaktParser::LBRACE && ++depth > kMaxDepth) {
        too_deep = i;
        break;
      }
      if (type == TaktParser::RBRACE && depth > 0) {
        --depth;
      }
    }
    if (too_deep != region.end) {
      diagnostics.Emit(diag::NestingTooDeep, tokens.TokenSpan(significant[too_deep]), kMaxDepth)
          .Primary("this block is too deep");
      begin = ResumePoint(tokens, region, too_deep + 1);
      continue;
    }

    // An unterminated comment swallows the end of the file: the last region's parse error is
    // only its consequence.
    const bool report = unterminated_comment == nullptr || region.end < count;
    RegionResult result = ParseRegion(tokens, docs, region, report, diagnostics);
    if (!result.error) {
      if (result.decl) {
        AddToFile(std::move(*result.decl), state, file, diagnostics);
      }
      begin = region.end;
      continue;
    }
    const ErrorOutcome& error = *result.error;
    if (error.declaration_complete && error.offending > region.begin) {
      // The declaration itself was fine; only what followed it was not.
      RegionResult again = ParseRegion(tokens, docs, Region{.begin = region.begin,
                                                            .end = error.offending},
                                       false, diagnostics);
      if (!again.error && again.decl) {
        AddToFile(std::move(*again.decl), state, file, diagnostics);
      }
      begin = error.offending;
      junk_reported = true;
      continue;
    }
    begin = ResumePoint(tokens, region, error.offending);
  }

  if (unterminated_comment != nullptr) {
    source::Span span = tokens.TokenSpan(unterminated_comment);
    span.end = std::min(span.end, span.begin + 2);
    diagnostics.Emit(diag::UnterminatedComment, span)
        .Primary("this comment is never closed")
        .Help("close it with `*/`");
  }
}

auto Parse(const source::SourceManager& sources, source::FileId file,
           diagnostics::Diagnostics& diagnostics) -> ast::File {
  ast::File out;
  out.file = file;
  try {
    const TokenList tokens(sources, file);
    ParseFile(tokens, out, diagnostics);
  } catch (const std::exception&) {
    // ANTLR throws; nothing it throws may cross the stage boundary. Reaching this is a bug in
    // the syntax layer, reported rather than crashing.
    const source::Span start{.file = file, .begin = 0, .end = 0};
    diagnostics.Emit(diag::UnexpectedToken, start, "a Takt file", "input the parser cannot read");
  }
  return out;
}

auto Comments(const source::SourceManager& sources, source::FileId file) -> std::vector<Comment> {
  std::vector<Comment> out;
  try {
    const TokenList tokens(sources, file);
    for (const LexedToken& token : tokens.all()) {
      switch (token.getType()) {
        case TaktParser::DOC_COMMENT:
          out.push_back(Comment{.kind = Comment::Kind::Doc, .span = tokens.TokenSpan(&token)});
          break;
        case TaktParser::LINE_COMMENT:
          out.push_back(
              Comment{.kind = Comment::Kind::Line, .span = tokens.TokenSpan(&token)});
          break;
        case TaktParser::BLOCK_COMMENT:
        case TaktParser::UNTERMINATED_COMMENT:
          out.push_back(
              Comment{.kind = Comment::Kind::Block, .span = tokens.TokenSpan(&token)});
          break;
        default:
          break;
      }
    }
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

static auto ClassOf(size_t type) -> TokenClass {
  if (IsWordToken(type)) {
    return TokenClass::Word;
  }
  switch (type) {
    case TaktParser::UNIT_SYM:
      return TokenClass::Word;
    case TaktParser::NUMBER:
      return TokenClass::Number;
    case TaktParser::TIME:
    case TaktParser::DATE:
      return TokenClass::Time;
    case TaktParser::STRING:
    case TaktParser::UNTERMINATED_STRING:
      return TokenClass::String;
    case TaktParser::LBRACE:
      return TokenClass::LeftBrace;
    case TaktParser::RBRACE:
      return TokenClass::RightBrace;
    case TaktParser::COMMA:
      return TokenClass::Comma;
    case TaktParser::DOT:
      return TokenClass::Dot;
    case TaktParser::DOTDOT:
      return TokenClass::DotDot;
    case TaktParser::PLUSMINUS:
      return TokenClass::PlusMinus;
    case TaktParser::PLUS:
      return TokenClass::Plus;
    case TaktParser::MINUS:
      return TokenClass::Minus;
    case TaktParser::DOC_COMMENT:
    case TaktParser::LINE_COMMENT:
      return TokenClass::LineComment;
    case TaktParser::BLOCK_COMMENT:
    case TaktParser::UNTERMINATED_COMMENT:
      return TokenClass::BlockComment;
    default:
      // ERROR_CHAR. Token types are ANTLR's integers, not a closed enum, so this default is
      // also where a token rule added to the grammar lands until it gets a class here.
      return TokenClass::Other;
  }
}

auto Tokenize(std::string_view text) -> std::vector<SourceToken> {
  const std::vector<LexedToken> lexed = Lex(text);
  std::vector<SourceToken> out;
  out.reserve(lexed.size());
  uint32_t previous_end = 0;
  for (const LexedToken& token : lexed) {
    // Between two tokens there is only whitespace: the lexer skips nothing else.
    const std::string_view gap = text.substr(previous_end, token.byte_begin() - previous_end);
    out.push_back(SourceToken{.kind = ClassOf(token.getType()),
                              .begin = token.byte_begin(),
                              .end = token.byte_end(),
                              .newlines_before = static_cast<uint32_t>(std::count(gap.begin(), gap.end(), '\n'))});
    previous_end = token.byte_end();
  }
  return out;
}

auto IsKeyword(std::string_view word) -> bool {
  const std::span<const Keyword> keywords = Keywords();
  return std::any_of(keywords.begin(), keywords.end(), [&](const Keyword& keyword) { return keyword.spelling == word; });
}

}  // namespace takt::syntax
