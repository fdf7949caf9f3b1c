// The values every declaration is made of: spans, doc comments, names, strings, numbers,
// quantities, times of day, owners, reactions and stop triggers. Values the grammar cannot check
// are diagnosed here.
#include <algorithm>
#include <charconv>

#include <date/date.h>
#include <string>
#include <string_view>

#include "compiler/syntax/builder.h"

namespace takt::syntax {

using diagnostics::Kind;

auto Builder::SpanOf(antlr4::ParserRuleContext* ctx) const -> source::Span {
  const source::Span first = tokens_.TokenSpan(ctx->getStart());
  if (ctx->getStop() == nullptr) {
    return first;
  }
  return source::Cover(first, tokens_.TokenSpan(ctx->getStop()));
}

auto Builder::DocFor(antlr4::ParserRuleContext* ctx) const -> std::optional<ast::DocComment> {
  auto it = docs_.find(ctx->getStart()->getStartIndex());
  if (it == docs_.end()) {
    return std::nullopt;
  }
  return it->second;
}

auto Builder::MakeName(TaktParser::IdentContext* ident) const -> ast::Name {
  return ast::Name{.text = TextOf(ident->getStart()), .span = SpanOf(ident->getStart())};
}

auto Builder::MakeName(antlr4::ParserRuleContext* word) const -> ast::Name {
  return ast::Name{.text = TextOf(word->getStart()), .span = SpanOf(word->getStart())};
}

auto Builder::MakeNames(TaktParser::Name_listContext* list) const -> std::vector<ast::Name> {
  std::vector<ast::Name> out;
  if (list == nullptr) {
    return out;
  }
  for (auto* ident : list->ident()) {
    out.push_back(MakeName(ident));
  }
  return out;
}

auto Builder::MakeQualified(TaktParser::QualifiedContext* q) const -> ast::QualifiedName {
  ast::QualifiedName out;
  out.parts.push_back(MakeName(q->ident()));
  for (auto* part : q->qualified_part()) {
    out.parts.push_back(ast::Name{.text = TextOf(part->getStart()),
                                  .span = SpanOf(part->getStart())});
  }
  for (size_t i = 0; i < out.parts.size(); ++i) {
    if (i > 0) {
      out.text += '.';
    }
    out.text += out.parts[i].text;
  }
  out.span = SpanOf(q);
  return out;
}

static auto Unescape(std::string_view quoted) -> std::string {
  std::string out;
  if (quoted.size() < 2) {
    return out;
  }
  quoted = quoted.substr(1, quoted.size() - 2);
  out.reserve(quoted.size());
  for (size_t i = 0; i < quoted.size(); ++i) {
    char c = quoted[i];
    if (c == '\\' && i + 1 < quoted.size()) {
      ++i;
      switch (quoted[i]) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        default: c = quoted[i]; break;
      }
    }
    out += c;
  }
  return out;
}

auto Builder::MakeString(TaktParser::TextContext* text) const -> ast::StringLit {
  return ast::StringLit{.value = Unescape(tokens_.TokenText(text->getStart())),
                        .span = SpanOf(text->getStart())};
}

auto Builder::MakeTitle(TaktParser::TextContext* text) const -> std::optional<ast::StringLit> {
  if (text == nullptr) {
    return std::nullopt;
  }
  return MakeString(text);
}

static auto ParseDouble(std::string_view text) -> double {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

auto Builder::MakeNumber(TaktParser::NumberContext* number) -> ast::Number {
  ast::Number out;
  out.span = SpanOf(number);
  out.text = std::string(tokens_.contents().substr(out.span.begin, out.span.end - out.span.begin));
  // `- 5` is accepted as `-5`; the text keeps the sign next to the digits.
  std::string digits = TextOf(number->NUMBER()->getSymbol());
  out.value = ParseDouble(digits);
  if (number->MINUS() != nullptr) {
    out.value = -out.value;
    out.text = "-" + digits;
  } else if (number->PLUS() != nullptr) {
    out.text = "+" + digits;
  } else {
    out.text = digits;
  }
  return out;
}

auto Builder::MakeNumber(const antlr4::Token* token) -> ast::Number {
  ast::Number out;
  out.span = SpanOf(token);
  out.text = TextOf(token);
  out.value = ParseDouble(out.text);
  return out;
}

auto Builder::MakeInteger(TaktParser::IntegerContext* integer) -> ast::Integer {
  ast::Integer out;
  const antlr4::Token* token = integer->getStart();
  out.span = SpanOf(token);
  const std::string text = TextOf(token);
  if (text.find('.') != std::string::npos) {
    diagnostics_.Emit(diag::ExpectedInteger, out.span, text).Primary("a whole number goes here");
    failed_ = true;
    return out;
  }
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out.value);
  if (error != std::errc() || end != text.data() + text.size()) {
    diagnostics_.Emit(diag::MalformedNumber, out.span, text).Primary("this number is too large");
    failed_ = true;
  }
  return out;
}

auto Builder::MakeUnit(TaktParser::UnitContext* unit) const -> ast::Name {
  return ast::Name{.text = TextOf(unit->getStart()), .span = SpanOf(unit->getStart())};
}

auto Builder::MakeQuantity(TaktParser::QuantityContext* quantity) -> ast::Quantity {
  return ast::Quantity{.amount = MakeNumber(quantity->number()),
                       .unit = MakeUnit(quantity->unit()),
                       .span = SpanOf(quantity)};
}

auto Builder::MakeTime(const antlr4::Token* token) -> ast::TimeOfDay {
  ast::TimeOfDay out;
  out.span = SpanOf(token);
  const std::string text = TextOf(token);
  const size_t colon = text.find(':');
  int hours = -1;
  int minutes = -1;
  if (colon != std::string::npos && colon >= 1 && colon <= 2 && text.size() - colon - 1 == 2) {
    std::from_chars(text.data(), text.data() + colon, hours);
    std::from_chars(text.data() + colon + 1, text.data() + text.size(), minutes);
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
    diagnostics_.Emit(diag::BadTimeOfDay, out.span, text)
        .Primary("expected `HH:MM`")
        .Help("hours run from 00 to 23 and minutes from 00 to 59");
    failed_ = true;
    return out;
  }
  out.minutes = hours * 60 + minutes;
  return out;
}

auto Builder::MakeDate(const antlr4::Token* token) -> ast::Date {
  ast::Date out;
  out.span = SpanOf(token);
  const std::string text = TextOf(token);
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  // Exactly `YYYY-MM-DD` (the lexer took any digits), and a day the month has.
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  if (shaped) {
    std::from_chars(text.data(), text.data() + 4, year);
    std::from_chars(text.data() + 5, text.data() + 7, month);
    std::from_chars(text.data() + 8, text.data() + 10, day);
  }
  const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  if (!shaped || !ymd.ok()) {
    diagnostics_.Emit(diag::BadDate, out.span, text)
        .Primary("expected `YYYY-MM-DD`")
        .Help("a date names a day its month has, such as `2026-12-25`");
    failed_ = true;
    return out;
  }
  out.day = date::sys_days{ymd}.time_since_epoch().count();
  return out;
}

auto Builder::MakeOwner(TaktParser::OwnerContext* owner) const -> std::optional<ast::Owner> {
  if (owner == nullptr) {
    return std::nullopt;
  }
  return ast::Owner{.role = MakeName(owner->role), .span = SpanOf(owner)};
}

auto Builder::MakeHead(antlr4::ParserRuleContext* decl, TaktParser::IdentContext* name,
                       TaktParser::TextContext* title) const -> ast::DeclHead {
  return ast::DeclHead{.name = MakeName(name),
                       .title = MakeTitle(title),
                       .doc = DocFor(decl),
                       .keyword = SpanOf(decl->getStart())};
}

auto Builder::MakeReaction(TaktParser::ReactionContext* r) const -> ast::Reaction {
  // The grammar's `reaction` rule accepts exactly the spellings of reaction_kind.def, and no
  // two reactions share a first word.
  const std::string_view verb = tokens_.TokenText(r->getStart());
  const auto* info = std::find_if(base::kReactions.begin(), base::kReactions.end(),
                                  [&](const base::ReactionInfo& i) { return i.verb() == verb; });
  ast::Reaction out{.kind = info != base::kReactions.end() ? info->kind : ast::ReactionKind::HoldLot,
                    .target = std::nullopt,
                    .span = SpanOf(r)};
  if (r->ident() != nullptr) {
    out.target = MakeName(r->ident());
  }
  return out;
}

auto Builder::MakeTrigger(TaktParser::QualifiedContext* q) const -> ast::StopTrigger {
  ast::StopTrigger out{.reason = std::nullopt, .span = SpanOf(q)};
  ast::QualifiedName name = MakeQualified(q);
  if (name.text != "uncoded") {
    out.reason = std::move(name);
  }
  return out;
}

void Builder::NoteClause(ClausesSeen& seen, std::string_view clause,
                         antlr4::ParserRuleContext* context) {
  source::Span span = SpanOf(context);
  auto first = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == clause; });
  if (first == seen.end()) {
    seen.emplace_back(clause, span);
    return;
  }
  diagnostics_.Emit(diag::DuplicateClause, span, clause)
      .Primary("given again here")
      .Secondary(first->second, "first given here")
      .Help("keep one of them");
}

}  // namespace takt::syntax
