#include "compiler/syntax/syntax_error.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "TaktLexer.h"
#include "TaktParser.h"

namespace takt::syntax {

using grammar::TaktParser;

void FirstErrorStrategy::reset(antlr4::Parser* parser) {
  DefaultErrorStrategy::reset(parser);
  error_.reset();
}

void FirstErrorStrategy::reportError(antlr4::Parser* parser,
                                     const antlr4::RecognitionException& e) {
  Record(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void FirstErrorStrategy::recover(antlr4::Parser* /*parser*/, std::exception_ptr /*e*/) {
  throw antlr4::ParseCancellationException();
}

auto FirstErrorStrategy::recoverInline(antlr4::Parser* parser) -> antlr4::Token* {
  Record(parser, parser->getCurrentToken(), parser->getExpectedTokens());
  throw antlr4::ParseCancellationException();
}

// Called before every optional part and loop. Checking here, rather than when the token after
// a loop fails to match, reports the whole set of what could come next (`measure`, `spec`, …
// or `}`), not only the token that ends the loop.
void FirstErrorStrategy::sync(antlr4::Parser* parser) {
  const antlr4::atn::ATN& atn = parser->getATN();
  antlr4::atn::ATNState* state = atn.states[parser->getState()];
  const size_t la = parser->getTokenStream()->LA(1);
  // A reference into the ATN's cache: copying the set allocates, on every loop and option.
  const antlr4::misc::IntervalSet& next = atn.nextTokens(state);
  if (next.contains(antlr4::Token::EPSILON) || next.contains(la)) {
    return;
  }
  switch (state->getStateType()) {
    case antlr4::atn::ATNState::BLOCK_START:
    case antlr4::atn::ATNState::STAR_BLOCK_START:
    case antlr4::atn::ATNState::PLUS_BLOCK_START:
    case antlr4::atn::ATNState::STAR_LOOP_ENTRY:
    case antlr4::atn::ATNState::PLUS_LOOP_BACK:
    case antlr4::atn::ATNState::STAR_LOOP_BACK:
      Record(parser, parser->getCurrentToken(), parser->getExpectedTokens());
      throw antlr4::ParseCancellationException();
    default:
      return;
  }
}

void FirstErrorStrategy::Record(antlr4::Parser* parser, antlr4::Token* offending,
                                antlr4::misc::IntervalSet expected) {
  if (error_) {
    return;
  }
  error_ = Error{.offending = offending != nullptr ? offending : parser->getCurrentToken(),
                 .expected = std::move(expected),
                 .context = parser->getContext(),
                 .atn = &parser->getATN()};
}

// ---- Token classification. ----

auto IsDeclarationKeyword(size_t type) -> bool {
  const Keyword* keyword = FindKeyword(type);
  return keyword != nullptr && (keyword->flags & keyword_flags::kDeclaration) != 0;
}

auto IsWordToken(size_t type) -> bool {
  return type == TaktParser::ID || FindKeyword(type) != nullptr;
}

auto ExpectsName(size_t type) -> bool {
  if (IsDeclarationKeyword(type)) {
    // `test` is followed by a string, `shifts` by a brace; the others by a name.
    return type != TaktParser::K_TEST && type != TaktParser::K_SHIFTS;
  }
  switch (type) {
    case TaktParser::K_REPORTS_TO:
    case TaktParser::K_OWNER:
    case TaktParser::K_FOR:
    case TaktParser::K_LOSS:
    case TaktParser::K_DOWN:
    case TaktParser::DOT:
      return true;
    default:
      return false;
  }
}

static auto Vocabulary() -> const antlr4::dfa::Vocabulary& {
  // The generated tables are private; a lexer over empty input hands them out.
  static antlr4::ANTLRInputStream empty;
  static grammar::TaktLexer lexer(&empty);
  return lexer.getVocabulary();
}

// How a token type reads in "expected …": keywords and punctuation quoted, the rest described.
static auto DescribeType(size_t type) -> std::string {
  switch (type) {
    // Inside a region, the end of input is the end of the declaration.
    case antlr4::Token::EOF: return "a new declaration";
    case TaktParser::ID: return "a name";
    case TaktParser::NUMBER: return "a number";
    case TaktParser::TIME: return "a time of day";
    case TaktParser::DATE: return "a date";
    case TaktParser::STRING: return "a string";
    case TaktParser::UNIT_SYM: return "a unit";
    case TaktParser::PLUSMINUS: return "`\u00B1`";
    default: break;
  }
  std::string literal = Vocabulary().getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'') {
    return fmt::format("`{}`", std::string_view(literal).substr(1, literal.size() - 2));
  }
  return Vocabulary().getDisplayName(type);
}

static auto KeywordText(size_t type) -> std::string {
  std::string literal = Vocabulary().getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'') {
    return literal.substr(1, literal.size() - 2);
  }
  return literal;
}

auto DescribeToken(const TokenList& tokens, size_t index) -> std::string {
  const auto& significant = tokens.significant();
  if (index >= significant.size()) {
    return "end of file";
  }
  const antlr4::Token* token = significant[index];
  switch (token->getType()) {
    case TaktParser::STRING: return "a string";
    case TaktParser::UNTERMINATED_STRING: return "an unterminated string";
    default: break;
  }
  std::string_view text = tokens.TokenText(token);
  if (text.size() > 40) {
    return fmt::format("`{}...`", text.substr(0, 37));
  }
  return fmt::format("`{}`", text);
}

// ---- Phrasing. ----

namespace {

// Everything ReportSyntaxError looks at, gathered once.
struct ErrorSite {
  const TokenList& tokens;
  Region region;
  size_t offending;  // Significant-token index; region.end means the region ran out.
  const antlr4::Token* offending_token;  // Null at the region's end.
  const antlr4::Token* previous;         // The last token that fitted, if any.
  const antlr4::misc::IntervalSet& expected;
  antlr4::ParserRuleContext* context;
};

}  // namespace

static auto Contains(const antlr4::misc::IntervalSet& set, size_t type) -> bool {
  return set.contains(type);
}

// Every member of `set` satisfies `predicate`.
template <typename Predicate>
static auto AllOf(const antlr4::misc::IntervalSet& set, Predicate predicate) -> bool {
  for (const antlr4::misc::Interval& interval : set.getIntervals()) {
    for (ssize_t t = interval.a; t <= interval.b; ++t) {
      if (!predicate(static_cast<size_t>(t))) {
        return false;
      }
    }
  }
  return !set.isEmpty();
}

static auto ExpectsWords(const antlr4::misc::IntervalSet& set) -> bool {
  return Contains(set, TaktParser::ID) && AllOf(set, [](size_t t) {
           return IsWordToken(t) || t == TaktParser::NUMBER;
         });
}

static auto ExpectsUnit(const antlr4::misc::IntervalSet& set) -> bool {
  return Contains(set, TaktParser::ID) && AllOf(set, [](size_t t) {
           return t == TaktParser::ID || t == TaktParser::UNIT_SYM || t == TaktParser::K_MIN;
         });
}

static auto ExpectsNumber(const antlr4::misc::IntervalSet& set) -> bool {
  return Contains(set, TaktParser::NUMBER) && AllOf(set, [](size_t t) {
           return t == TaktParser::NUMBER || t == TaktParser::PLUS || t == TaktParser::MINUS;
         });
}

static auto RuleIndex(antlr4::ParserRuleContext* context) -> size_t {
  return context != nullptr ? context->getRuleIndex() : SIZE_MAX;
}

// "an owner role" in "expected an owner role after `owner`".
static auto NameRole(size_t previous, antlr4::ParserRuleContext* context) -> std::string {
  switch (previous) {
    case TaktParser::K_OWNER: return "an owner role";
    case TaktParser::K_REPORTS_TO: return "a role";
    case TaktParser::K_NOTIFY: return "a role to notify";
    case TaktParser::K_TO: return "a role";
    case TaktParser::K_BY:
    case TaktParser::K_AND: return "a role";
    case TaktParser::K_FOR: return "a product";
    case TaktParser::K_AT: return "a workcenter";
    case TaktParser::K_OPEN: return "a case to open";
    case TaktParser::K_CHECK: return "a control";
    case TaktParser::K_CONSUME: return "a material";
    case TaktParser::K_LOSS: return "a loss category";
    case TaktParser::K_CLASS: return "a characteristic class";
    case TaktParser::K_SPC: return "a chart type";
    case TaktParser::K_RULES: return "an SPC rule";
    case TaktParser::K_DOWN: return "a stop reason or `uncoded`";
    case TaktParser::K_RISK: return "a risk level";
    case TaktParser::K_PER: return "a name";
    case TaktParser::K_EVIDENCE: return "a kind of evidence";
    case TaktParser::K_REQUIRE: return "a required field";
    case TaktParser::K_ON: return "a trigger such as `out_of_spec`";
    case TaktParser::K_MEASURE: return "a characteristic";
    case TaktParser::K_OUTCOME: return "an outcome name";
    case TaktParser::K_SHIFT: return "a shift name";
    case TaktParser::K_USE:
    case TaktParser::K_MODULE: return "a module name";
    case TaktParser::K_REASONS: return "a reason path";
    case TaktParser::K_EXPECT:
    case TaktParser::K_NO: return "an action";
    case TaktParser::K_INSTRUCTION:
      return RuleIndex(context) == TaktParser::RuleOp_instruction ? "an instruction" : "a name";
    case TaktParser::K_ACKNOWLEDGE: return "a role";
    default: break;
  }
  if (IsDeclarationKeyword(previous)) {
    return "a name";
  }
  return "a name";
}

// "an operation number" in "expected an operation number after `op`".
static auto NumberRole(size_t previous, antlr4::ParserRuleContext* context) -> std::string {
  switch (previous) {
    case TaktParser::K_OP:
    case TaktParser::K_REWORK: return "an operation number";
    case TaktParser::K_REV: return "a revision number";
    case TaktParser::K_SPEC: return "a specification such as `8.00 \u00B1 0.05` or `max 1.5`";
    case TaktParser::PLUSMINUS: return "a tolerance";
    case TaktParser::DOTDOT: return "an upper limit";
    case TaktParser::PLUS: return "the upper deviation";
    case TaktParser::MINUS: return "the lower deviation";
    case TaktParser::K_CENTER: return "the centre line";
    case TaktParser::K_SIGMA: return "a standard deviation";
    case TaktParser::K_SAMPLE: return "a sample size";
    case TaktParser::K_EVERY:
      return RuleIndex(context) == TaktParser::RuleSample_clause ? "a quantity such as `50 pcs`"
                                                                  : "a duration such as `30 min`";
    case TaktParser::K_AFTER:
    case TaktParser::K_WITHIN: return "a duration such as `30 min`";
    case TaktParser::K_STD_TIME: return "a time such as `12 s`";
    case TaktParser::K_WHEN: return "a count";
    case TaktParser::K_MAX: {
      // The error is found inside `number`; the clause it belongs to is its parent.
      auto* clause = RuleIndex(context) == TaktParser::RuleNumber ? context->parent : context;
      return dynamic_cast<TaktParser::Spec_clauseContext*>(clause) != nullptr ? "an upper limit" : "a number of reworks";
    }
    case TaktParser::K_MIN: return "a lower limit";
    case TaktParser::K_OR: return "a number of lots";
    default: break;
  }
  if (RuleIndex(context) == TaktParser::RuleOp_consume) {
    return "an amount such as `1.2 kg`";
  }
  return "a number";
}

// "`a`, `b` or `c`"; a name stands for every keyword, which are all names too.
static auto ListExpected(const antlr4::misc::IntervalSet& set) -> std::string {
  std::vector<std::string> items;
  const bool words = Contains(set, TaktParser::ID);
  if (words) {
    items.emplace_back("a name");
  }
  for (const antlr4::misc::Interval& interval : set.getIntervals()) {
    for (ssize_t t = interval.a; t <= interval.b; ++t) {
      const auto type = static_cast<size_t>(t);
      if (words && IsWordToken(type)) {
        continue;
      }
      items.push_back(DescribeType(type));
    }
  }
  // Clause keywords first, end markers last: "`measure`, `spec` or `}`".
  std::stable_partition(items.begin(), items.end(),
                        [](const std::string& item) { return item != "`}`" && item != "a new declaration"; });
  if (items.size() > 8) {
    items.resize(7);
    items.emplace_back("another clause");
  }
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? " or " : ", ";
    }
    out += items[i];
  }
  return out.empty() ? "something else" : out;
}

// The keywords of `set`, as candidates for "did you mean".
static auto KeywordCandidates(const antlr4::misc::IntervalSet& set) -> std::vector<std::string> {
  std::vector<std::string> out;
  if (Contains(set, TaktParser::ID)) {
    // Any name fits, so no spelling is wrong.
    return out;
  }
  for (const antlr4::misc::Interval& interval : set.getIntervals()) {
    for (ssize_t t = interval.a; t <= interval.b; ++t) {
      const auto type = static_cast<size_t>(t);
      if (IsWordToken(type)) {
        out.push_back(KeywordText(type));
      }
    }
  }
  return out;
}

static void AddDidYouMean(diagnostics::DiagnosticBuilder& builder, std::string_view word,
                          const std::vector<std::string>& candidates) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  if (auto match = diagnostics::ClosestMatch(word, views)) {
    builder.Help(fmt::format("did you mean `{}`?", *match));
  }
}

// The innermost block still open at the error: a context holding a `{` and no `}` yet.
static auto OpenBlock(antlr4::ParserRuleContext* context) -> antlr4::ParserRuleContext* {
  for (antlr4::ParserRuleContext* c = context; c != nullptr;
       c = dynamic_cast<antlr4::ParserRuleContext*>(c->parent)) {
    if (c->getToken(TaktParser::LBRACE, 0) != nullptr &&
        c->getToken(TaktParser::RBRACE, 0) == nullptr) {
      return c;
    }
  }
  return nullptr;
}

// "`control hole_diameter`", "`op 10`", "`on out_of_spec`".
static auto DescribeBlock(const TokenList& tokens, antlr4::ParserRuleContext* block)
    -> std::string {
  std::string out(tokens.TokenText(block->getStart()));
  if (block->children.size() >= 2) {
    antlr4::tree::ParseTree* second = block->children[1];
    const std::string_view rule_text = [&]() -> std::string_view {
      if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(second)) {
        const source::Span first = tokens.TokenSpan(rule->getStart());
        const source::Span last = tokens.TokenSpan(rule->getStop());
        if (last.end <= first.begin) {
          return {};
        }
        return tokens.contents().substr(first.begin, last.end - first.begin);
      }
      if (auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(second)) {
        const size_t type = terminal->getSymbol()->getType();
        if (IsWordToken(type) || type == TaktParser::STRING || type == TaktParser::NUMBER) {
          return tokens.TokenText(terminal->getSymbol());
        }
      }
      return {};
    }();
    if (!rule_text.empty() && rule_text.size() <= 60) {
      out += " ";
      out += rule_text;
    }
  }
  return fmt::format("`{}`", out);
}

// The rule that holds `token` as a leaf, searched from the root of `context`'s tree.
static auto ParentRuleOf(antlr4::ParserRuleContext* context, const antlr4::Token* token) -> size_t {
  antlr4::tree::ParseTree* root = context;
  while (root != nullptr && root->parent != nullptr) {
    root = root->parent;
  }
  std::vector<antlr4::tree::ParseTree*> pending{root};
  while (!pending.empty()) {
    antlr4::tree::ParseTree* node = pending.back();
    pending.pop_back();
    if (node == nullptr) {
      continue;
    }
    if (auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(node);
        terminal != nullptr && terminal->getSymbol() == token) {
      return RuleIndex(dynamic_cast<antlr4::ParserRuleContext*>(terminal->parent));
    }
    pending.insert(pending.end(), node->children.begin(), node->children.end());
  }
  return SIZE_MAX;
}

// Soft keywords have a cost: `approve by a and` followed by `expires after 14 d` reads
// `expires` as a role and fails one word later. Say so when a keyword that starts a line was
// taken as a name (not when it was read as the clause it spells, `critical` in an `op` block).
static void NoteKeywordReadAsName(diagnostics::DiagnosticBuilder& builder, const TokenList& tokens,
                                  Region region, size_t offending, antlr4::ParserRuleContext* context) {
  const auto& significant = tokens.significant();
  if (offending < region.begin + 2 || offending > significant.size()) {
    return;
  }
  const antlr4::Token* name = significant[offending - 1];
  const antlr4::Token* before = significant[offending - 2];
  if (name->getType() == TaktParser::ID || !IsWordToken(name->getType()) ||
      name->getLine() == before->getLine() || ParentRuleOf(context, name) != TaktParser::RuleIdent) {
    return;
  }
  builder.Note(fmt::format("`{}` was read as a name after `{}`: is something missing at the end "
                           "of the line before?",
                           tokens.TokenText(name), tokens.TokenText(before)));
}

// `token` is the first of its line (`previous` ends the line before).
static auto StartsLine(const antlr4::Token* previous, const antlr4::Token* token) -> bool {
  return token != nullptr && (previous == nullptr || previous->getLine() < token->getLine());
}

// `token` is indented deeper than the line that opens `block`: written as part of the block.
static auto IndentedUnder(const antlr4::Token* token, antlr4::ParserRuleContext* block) -> bool {
  return token->getCharPositionInLine() > block->getStart()->getCharPositionInLine();
}

// A token of `type` could follow `block` once it is closed (`op` after an `op … { … }` block).
static auto FitsAfter(const antlr4::atn::ATN& atn, antlr4::ParserRuleContext* block, size_t type) -> bool {
  if (block->invokingState == SIZE_MAX || block->parent == nullptr) {
    return false;
  }
  const antlr4::atn::ATNState* invoking = atn.states[block->invokingState];
  // `&*`: a plain pointer in some ANTLR versions, a unique_ptr in others.
  const auto* call = dynamic_cast<const antlr4::atn::RuleTransition*>(&*invoking->transitions[0]);
  return call != nullptr &&
         atn.getExpectedTokens(call->followState->stateNumber, dynamic_cast<antlr4::RuleContext*>(block->parent))
             .contains(type);
}

namespace {

// A block whose `}` is missing, and the significant-token index where it was expected.
struct UnclosedAt {
  antlr4::ParserRuleContext* block;
  size_t next;
};

}  // namespace

// Within `outer`, the first block closed by a `}` to the left of the line that opens it: in
// `reason a {` / `  require x` / `  reason b` / `}`, `reason a` took the `}` of the reason tree
// around it. Its `}` was expected before the first later token not indented under it.
static auto OutdentedClose(const TokenList& tokens, antlr4::ParserRuleContext* outer) -> std::optional<UnclosedAt> {
  std::vector<antlr4::tree::ParseTree*> pending(outer->children.rbegin(), outer->children.rend());
  while (!pending.empty()) {
    auto* block = dynamic_cast<antlr4::ParserRuleContext*>(pending.back());
    pending.pop_back();
    if (block == nullptr) {
      continue;
    }
    antlr4::tree::TerminalNode* open = block->getToken(TaktParser::LBRACE, 0);
    antlr4::tree::TerminalNode* close = block->getToken(TaktParser::RBRACE, 0);
    if (open != nullptr && close != nullptr &&
        close->getSymbol()->getCharPositionInLine() < block->getStart()->getCharPositionInLine()) {
      const auto& significant = tokens.significant();
      for (size_t i = open->getSymbol()->getTokenIndex() + 1; i < close->getSymbol()->getTokenIndex(); ++i) {
        if (StartsLine(significant[i - 1], significant[i]) && !IndentedUnder(significant[i], block)) {
          return UnclosedAt{.block = block, .next = i};
        }
      }
    }
    pending.insert(pending.end(), block->children.rbegin(), block->children.rend());
  }
  return std::nullopt;
}

// `expected } to close …`, at `missing` (where the `}` goes), with the `{` it would close.
static void ReportUnclosed(const TokenList& tokens, antlr4::ParserRuleContext* block, size_t next,
                           source::Span missing, diagnostics::Diagnostics& diagnostics) {
  auto builder = diagnostics.Emit(diag::UnclosedBrace, missing, DescribeBlock(tokens, block), DescribeToken(tokens, next));
  builder.Primary("expected `}` after this");
  if (auto* brace = block->getToken(TaktParser::LBRACE, 0)) {
    builder.Secondary(tokens.TokenSpan(brace->getSymbol()), "this `{` is not closed");
  }
}

auto ReportSyntaxError(const TokenList& tokens, Region region,
                       const FirstErrorStrategy::Error& error,
                       diagnostics::Diagnostics& diagnostics) -> ErrorOutcome {
  const auto& significant = tokens.significant();
  size_t offending = region.end;
  if (error.offending != nullptr && error.offending->getType() != antlr4::Token::EOF) {
    // Significant tokens carry their file-wide index.
    offending = std::clamp(error.offending->getTokenIndex(), region.begin, region.end);
  }
  const antlr4::Token* offending_token =
      offending < region.end ? significant[offending] : nullptr;
  const antlr4::Token* previous = offending > region.begin ? significant[offending - 1] : nullptr;
  const size_t previous_type = previous != nullptr ? previous->getType() : 0;
  const std::string found = DescribeToken(tokens, offending);
  const std::string previous_text =
      previous != nullptr ? std::string(tokens.TokenText(previous)) : std::string();
  const antlr4::misc::IntervalSet& expected = error.expected;

  // The found token, or, when it is on a later line or missing, the token after which
  // something is missing: that is where the fix goes.
  const source::Span found_span = offending < significant.size()
                                      ? tokens.TokenSpan(significant[offending])
                                      : tokens.EndSpan();
  const bool found_on_same_line = offending < significant.size() && previous != nullptr &&
                                  significant[offending]->getLine() == previous->getLine();
  const source::Span missing_span =
      (previous != nullptr && (!found_on_same_line || offending >= region.end))
          ? tokens.TokenSpan(previous)
          : found_span;

  // When the declaration could have ended before the offending token, what precedes it is a
  // whole declaration and is kept; the driver skips what follows as junk.
  ErrorOutcome outcome{
      .offending = offending,
      .declaration_complete =
          offending_token != nullptr && Contains(expected, antlr4::Token::EOF)};

  // Something that is not a clause follows a complete declaration on its own line: a misspelled
  // declaration keyword or a stray token, not a problem of the declaration before it.
  if (outcome.declaration_complete &&
      (!found_on_same_line || offending_token->getType() == TaktParser::RBRACE)) {
    ReportJunk(tokens, offending, diagnostics);
    return outcome;
  }

  antlr4::ParserRuleContext* block = OpenBlock(error.context);
  if (Contains(expected, TaktParser::RBRACE) && block != nullptr) {
    const bool ran_out =
        offending_token == nullptr ||
        (IsDeclarationKeyword(offending_token->getType()) && IsAtLineStart(offending_token)) ||
        (StartsLine(previous, offending_token) && !IndentedUnder(offending_token, block) &&
         FitsAfter(*error.atn, block, offending_token->getType()));
    if (ran_out) {
      // A nested block closed by a `}` outdented from it took the `}` of the block around it.
      if (const std::optional<UnclosedAt> inner = OutdentedClose(tokens, block)) {
        ReportUnclosed(tokens, inner->block, inner->next, tokens.TokenSpan(significant[inner->next - 1]),
                       diagnostics);
        return outcome;
      }
      ReportUnclosed(tokens, block, offending, missing_span, diagnostics);
      return outcome;
    }
    const std::string block_text = DescribeBlock(tokens, block);
    auto builder = diagnostics.Emit(diag::UnexpectedInBlock, found_span, found, block_text);
    builder.Primary("expected " + ListExpected(expected));
    NoteKeywordReadAsName(builder, tokens, region, offending, error.context);
    if (IsWordToken(offending_token->getType())) {
      AddDidYouMean(builder, tokens.TokenText(offending_token), KeywordCandidates(expected));
    }
    return outcome;
  }

  if (offending_token != nullptr && offending_token->getType() == TaktParser::RBRACE &&
      block == nullptr) {
    diagnostics.Emit(diag::UnmatchedBrace, found_span).Primary("no `{` to close");
    return outcome;
  }

  if (previous != nullptr && ExpectsUnit(expected) && previous_type == TaktParser::NUMBER) {
    diagnostics.Emit(diag::MissingUnit, missing_span, previous_text, found)
        .Primary("a unit goes here")
        .Help(fmt::format("quantities carry their unit, e.g. `{} min` or `{} pcs`",
                          previous_text, previous_text));
    return outcome;
  }
  if (previous != nullptr && ExpectsUnit(expected)) {
    diagnostics.Emit(diag::ExpectedAfter, missing_span, "a unit", previous_text, found)
        .Primary("expected a unit");
    return outcome;
  }
  if (previous != nullptr && ExpectsWords(expected)) {
    const std::string role = NameRole(previous_type, error.context);
    diagnostics.Emit(diag::ExpectedAfter, missing_span, role, previous_text, found)
        .Primary("expected " + role);
    return outcome;
  }
  if (previous != nullptr && ExpectsNumber(expected)) {
    const std::string role = NumberRole(previous_type, error.context);
    diagnostics.Emit(diag::ExpectedAfter, missing_span, role, previous_text, found)
        .Primary("expected " + role);
    return outcome;
  }
  if (previous != nullptr && AllOf(expected, [](size_t t) { return t == TaktParser::TIME; })) {
    diagnostics.Emit(diag::ExpectedAfter, missing_span, "a time of day such as `06:00`",
         previous_text, found)
        .Primary("expected a time of day");
    return outcome;
  }
  if (previous != nullptr && AllOf(expected, [](size_t t) { return t == TaktParser::STRING; })) {
    diagnostics.Emit(diag::ExpectedAfter, missing_span, "a name in double quotes", previous_text,
         found)
        .Primary("expected a string");
    return outcome;
  }

  const std::string list = ListExpected(expected);
  auto builder = diagnostics.Emit(diag::UnexpectedToken,
                      found_on_same_line ? found_span : missing_span, list, found);
  builder.Primary("expected " + list);
  NoteKeywordReadAsName(builder, tokens, region, offending, error.context);
  if (RuleIndex(error.context) == TaktParser::RuleSpec_clause) {
    builder.Help("a specification reads `8.00 \u00B1 0.05`, `8.00 +/- 0.05`, `180 .. 220` or "
                 "`25.000 +0.021 -0`");
  }
  if (offending_token != nullptr && IsWordToken(offending_token->getType())) {
    AddDidYouMean(builder, tokens.TokenText(offending_token), KeywordCandidates(expected));
  }
  return outcome;
}

void ReportJunk(const TokenList& tokens, size_t index, diagnostics::Diagnostics& diagnostics) {
  const auto& significant = tokens.significant();
  if (index >= significant.size()) {
    return;
  }
  const antlr4::Token* token = significant[index];
  const source::Span span = tokens.TokenSpan(token);
  if (token->getType() == TaktParser::RBRACE) {
    diagnostics.Emit(diag::UnmatchedBrace, span).Primary("no `{` to close");
    return;
  }
  auto builder = diagnostics.Emit(diag::ExpectedDeclaration, span, DescribeToken(tokens, index));
  builder.Primary("expected a declaration such as `role`, `control` or `routing`");
  if (IsWordToken(token->getType())) {
    static const std::vector<std::string> kDeclarationKeywords = [] {
      std::vector<std::string> out;
      for (const Keyword& keyword : Keywords()) {
        if ((keyword.flags & keyword_flags::kDeclaration) != 0) {
          out.emplace_back(keyword.spelling);
        }
      }
      return out;
    }();
    AddDidYouMean(builder, tokens.TokenText(token), kDeclarationKeywords);
  }
}

}  // namespace takt::syntax
