#include "compiler/syntax/build_ast.h"

#include <charconv>
#include <string>
#include <string_view>

#include <antlr4-runtime.h>

#include "TaktParser.h"

namespace takt::syntax {

using grammar::TaktParser;

auto IndexDocComments(const TokenList& tokens) -> DocIndex {
  DocIndex docs;
  std::optional<ast::DocComment> pending;
  size_t pending_last_line = 0;
  const antlr4::Token* previous = nullptr;
  for (const LexedToken& lexed : tokens.all()) {
    const antlr4::Token* token = &lexed;
    const size_t type = token->getType();
    if (type == TaktParser::DOC_COMMENT) {
      std::string_view line = tokens.TokenText(token);
      line.remove_prefix(3);
      if (!line.empty() && line.front() == ' ') {
        line.remove_prefix(1);
      }
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
        line.remove_suffix(1);
      }
      const source::Span span = tokens.TokenSpan(token);
      // A run is `///` lines one after the other, nothing between them.
      const bool continues = pending && previous != nullptr &&
                             previous->getType() == TaktParser::DOC_COMMENT &&
                             token->getLine() == pending_last_line + 1;
      if (continues) {
        pending->text += '\n';
        pending->text += line;
        pending->span = source::Cover(pending->span, span);
      } else {
        pending = ast::DocComment{.text = std::string(line), .span = span};
      }
      pending_last_line = token->getLine();
    } else if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL && pending) {
      docs.emplace(token->getStartIndex(), std::move(*pending));
      pending.reset();
    }
    previous = token;
  }
  return docs;
}

namespace {

// One declaration's conversion. Diagnoses values the grammar lets through and remembers that
// it did, so the caller drops the declaration.
class Builder {
 public:
  Builder(const TokenList& tokens, const DocIndex& docs, diagnostics::Diagnostics& diagnostics)
      : tokens_(tokens), docs_(docs), diagnostics_(diagnostics) {}

  auto failed() const -> bool { return failed_; }

  auto Build(TaktParser::DeclarationContext* d) -> std::optional<BuiltDecl>;

 private:
  auto SpanOf(antlr4::ParserRuleContext* ctx) const -> source::Span;
  auto SpanOf(const antlr4::Token* token) const -> source::Span {
    return tokens_.TokenSpan(token);
  }
  auto TextOf(const antlr4::Token* token) const -> std::string {
    return std::string(tokens_.TokenText(token));
  }
  auto DocFor(antlr4::ParserRuleContext* ctx) const -> std::optional<ast::DocComment>;

  auto MakeName(TaktParser::IdentContext* ident) const -> ast::Name;
  auto MakeName(antlr4::ParserRuleContext* word) const -> ast::Name;
  auto MakeNames(TaktParser::Name_listContext* list) const -> std::vector<ast::Name>;
  auto MakeQualified(TaktParser::QualifiedContext* q) const -> ast::QualifiedName;
  auto MakeString(TaktParser::TextContext* text) const -> ast::StringLit;
  auto MakeTitle(TaktParser::TextContext* text) const -> std::optional<ast::StringLit>;
  auto MakeNumber(TaktParser::NumberContext* number) -> ast::Number;
  auto MakeNumber(const antlr4::Token* token) -> ast::Number;
  auto MakeInteger(TaktParser::IntegerContext* integer) -> ast::Integer;
  auto MakeQuantity(TaktParser::QuantityContext* quantity) -> ast::Quantity;
  auto MakeUnit(TaktParser::UnitContext* unit) const -> ast::Name;
  auto MakeTime(const antlr4::Token* token) -> ast::TimeOfDay;
  auto MakeOwner(TaktParser::OwnerContext* owner) const -> std::optional<ast::Owner>;
  auto MakeHead(antlr4::ParserRuleContext* decl, TaktParser::IdentContext* name,
                TaktParser::TextContext* title) const -> ast::DeclHead;
  auto MakeReaction(TaktParser::ReactionContext* r) const -> ast::Reaction;
  auto MakeTrigger(TaktParser::QualifiedContext* q) const -> ast::StopTrigger;

  auto BuildRole(TaktParser::Role_declContext* c) -> ast::Role;
  auto BuildShifts(TaktParser::Shifts_declContext* c) -> ast::Shifts;
  auto BuildArea(TaktParser::Area_declContext* c) -> ast::Area;
  auto BuildItem(TaktParser::Item_declContext* c) -> ast::Item;
  auto BuildInstruction(TaktParser::Instruction_declContext* c) -> ast::Instruction;
  auto BuildRouting(TaktParser::Routing_declContext* c) -> ast::Routing;
  auto BuildOperation(TaktParser::OperationContext* c) -> ast::Operation;
  auto BuildControl(TaktParser::Control_declContext* c) -> ast::Control;
  auto BuildSpcRules(TaktParser::Spc_rules_declContext* c) -> ast::SpcRuleSet;
  auto BuildCase(TaktParser::Case_declContext* c) -> ast::Case;
  auto BuildDeviation(TaktParser::Deviation_declContext* c) -> ast::Deviation;
  auto BuildReasons(TaktParser::Reasons_declContext* c) -> ast::Reasons;
  auto BuildReason(TaktParser::Reason_declContext* c) -> ast::Reason;
  auto BuildEscalation(TaktParser::Escalation_declContext* c) -> ast::Escalation;
  auto BuildRecurrence(TaktParser::Recurrence_declContext* c) -> ast::Recurrence;
  auto BuildHandover(TaktParser::Handover_declContext* c) -> ast::Handover;
  auto BuildTest(TaktParser::Test_declContext* c) -> ast::Test;
  // A clause that may appear once per block: reports T0210 at a repetition (the block is then
  // an error, so which of the two the AST keeps does not matter).
  using ClausesSeen = std::vector<std::pair<std::string_view, source::Span>>;
  void NoteClause(ClausesSeen& seen, std::string_view clause, antlr4::ParserRuleContext* context);

  const TokenList& tokens_;
  const DocIndex& docs_;
  diagnostics::Diagnostics& diagnostics_;
  bool failed_ = false;
};

}  // namespace

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
  ast::Reaction out{.kind = ast::ReactionKind::HoldLot, .target = std::nullopt, .span = SpanOf(r)};
  switch (r->getStart()->getType()) {
    case TaktParser::K_HOLD: out.kind = ast::ReactionKind::HoldLot; break;
    case TaktParser::K_RELEASE: out.kind = ast::ReactionKind::ReleaseLot; break;
    case TaktParser::K_SCRAP: out.kind = ast::ReactionKind::ScrapLot; break;
    case TaktParser::K_STOP: out.kind = ast::ReactionKind::StopLine; break;
    case TaktParser::K_NOTIFY: out.kind = ast::ReactionKind::Notify; break;
    case TaktParser::K_OPEN: out.kind = ast::ReactionKind::OpenCase; break;
    case TaktParser::K_ESCALATE: out.kind = ast::ReactionKind::EscalateTo; break;
    default: break;
  }
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

// ---- Declarations. ----

auto Builder::BuildRole(TaktParser::Role_declContext* c) -> ast::Role {
  ast::Role out{.head = MakeHead(c, c->name, c->title), .reports_to = std::nullopt,
                .span = SpanOf(c)};
  if (c->boss != nullptr) {
    out.reports_to = MakeName(c->boss);
  }
  return out;
}

auto Builder::BuildShifts(TaktParser::Shifts_declContext* c) -> ast::Shifts {
  ast::Shifts out{.shifts = {}, .doc = DocFor(c), .span = SpanOf(c)};
  for (auto* s : c->shift()) {
    out.shifts.push_back(ast::Shift{.name = MakeName(s->name),
                                    .start = MakeTime(s->from),
                                    .end = MakeTime(s->until),
                                    .span = SpanOf(s)});
  }
  return out;
}

auto Builder::BuildArea(TaktParser::Area_declContext* c) -> ast::Area {
  ast::Area out{.head = MakeHead(c, c->name, c->title), .owner = MakeOwner(c->owner()),
                .lines = {}, .span = SpanOf(c)};
  for (auto* l : c->line_decl()) {
    ast::Line line{.head = MakeHead(l, l->name, l->title), .owner = MakeOwner(l->owner()),
                   .workcenters = {}, .span = SpanOf(l)};
    for (auto* w : l->workcenter_decl()) {
      line.workcenters.push_back(ast::Workcenter{.head = MakeHead(w, w->name, w->title),
                                                 .owner = MakeOwner(w->owner()),
                                                 .span = SpanOf(w)});
    }
    out.lines.push_back(std::move(line));
  }
  return out;
}

auto Builder::BuildItem(TaktParser::Item_declContext* c) -> ast::Item {
  return ast::Item{.kind = c->kind->getType() == TaktParser::K_MATERIAL ? ast::Item::Kind::Material
                                                                        : ast::Item::Kind::Product,
                   .head = MakeHead(c, c->name, c->title),
                   .unit = MakeUnit(c->unit()),
                   .span = SpanOf(c)};
}

auto Builder::BuildInstruction(TaktParser::Instruction_declContext* c) -> ast::Instruction {
  return ast::Instruction{.head = MakeHead(c, c->name, c->title),
                          .rev = MakeInteger(c->integer()),
                          .owner = MakeOwner(c->owner()),
                          .span = SpanOf(c)};
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

auto Builder::BuildOperation(TaktParser::OperationContext* c) -> ast::Operation {
  ast::Operation out{.number = MakeInteger(c->integer()),
                     .name = MakeName(c->name),
                     .workcenter = MakeName(c->workcenter),
                     .instruction = std::nullopt,
                     .consumes = {},
                     .std_time = std::nullopt,
                     .checks = {},
                     .critical = std::nullopt,
                     .on_fail = std::nullopt,
                     .doc = DocFor(c),
                     .span = SpanOf(c)};
  ClausesSeen seen;
  for (auto* clause : c->op_clause()) {
    if (auto* i = clause->op_instruction()) {
      NoteClause(seen, "instruction", i);
      out.instruction = MakeName(i->ident());
    } else if (auto* k = clause->op_consume()) {
      out.consumes.push_back(ast::Consume{.material = MakeName(k->material),
                                          .amount = MakeQuantity(k->quantity()),
                                          .per_unit = MakeUnit(k->per),
                                          .span = SpanOf(k)});
    } else if (auto* t = clause->op_std_time()) {
      NoteClause(seen, "std_time", t);
      out.std_time = ast::StdTime{.time = MakeQuantity(t->quantity()),
                                  .per_unit = MakeUnit(t->per),
                                  .span = SpanOf(t)};
    } else if (auto* ch = clause->op_check()) {
      out.checks.push_back(ast::Check{.control = MakeName(ch->ident()), .span = SpanOf(ch)});
    } else if (auto* cr = clause->op_critical()) {
      NoteClause(seen, "critical", cr);
      out.critical = SpanOf(cr);
    } else if (auto* f = clause->op_on_fail()) {
      NoteClause(seen, "on fail", f);
      ast::OnFail on_fail{.rework_op = std::nullopt, .max_reworks = std::nullopt,
                          .then_scrap = true, .span = SpanOf(f)};
      if (f->K_REWORK() != nullptr) {
        on_fail.rework_op = MakeInteger(f->target);
        if (f->limit != nullptr) {
          on_fail.max_reworks = MakeInteger(f->limit);
        }
      }
      out.on_fail = on_fail;
    }
  }
  return out;
}

auto Builder::BuildRouting(TaktParser::Routing_declContext* c) -> ast::Routing {
  ast::Routing out{.head = MakeHead(c, c->name, c->title),
                   .product = MakeName(c->product),
                   .rev = MakeInteger(c->integer()),
                   .owner = MakeOwner(c->owner()),
                   .confirm_critical = std::nullopt,
                   .operations = {},
                   .span = SpanOf(c)};
  for (auto* clause : c->routing_clause()) {
    if (auto* confirm = clause->confirm_clause()) {
      out.confirm_critical = SpanOf(confirm);
    } else if (auto* op = clause->operation()) {
      out.operations.push_back(BuildOperation(op));
    }
  }
  return out;
}

auto Builder::BuildControl(TaktParser::Control_declContext* c) -> ast::Control {
  ast::Control out{.head = MakeHead(c, c->name, c->title),
                   .owner = MakeOwner(c->owner()),
                   .measure = std::nullopt,
                   .spec = std::nullopt,
                   .characteristic_class = std::nullopt,
                   .sample = std::nullopt,
                   .spc = std::nullopt,
                   .plans = {},
                   .span = SpanOf(c)};
  ClausesSeen seen;
  for (auto* clause : c->control_clause()) {
    if (auto* m = clause->measure_clause()) {
      NoteClause(seen, "measure", m);
      out.measure = ast::Measure{.characteristic = MakeName(m->ident()),
                                 .unit = MakeUnit(m->unit()),
                                 .span = SpanOf(m)};
    } else if (auto* s = clause->spec_clause()) {
      NoteClause(seen, "spec", s);
      ast::Spec spec{.form = ast::Spec::Form::Symmetric,
                     .first = MakeNumber(s->first),
                     .second = {},
                     .third = std::nullopt,
                     .span = SpanOf(s)};
      if (s->tolerance != nullptr) {
        spec.second = MakeNumber(s->tolerance);
      } else if (s->upper != nullptr) {
        spec.form = ast::Spec::Form::Range;
        spec.second = MakeNumber(s->upper);
      } else {
        spec.form = ast::Spec::Form::Asymmetric;
        spec.second = MakeNumber(s->plus);
        spec.third = MakeNumber(s->minus);
      }
      out.spec = std::move(spec);
    } else if (auto* k = clause->class_clause()) {
      NoteClause(seen, "class", k);
      out.characteristic_class = MakeName(k->ident());
    } else if (auto* sa = clause->sample_clause()) {
      NoteClause(seen, "sample", sa);
      out.sample = ast::Sample{.count = MakeInteger(sa->integer()),
                               .every = MakeQuantity(sa->quantity()),
                               .span = SpanOf(sa)};
    } else if (auto* spc = clause->spc_clause()) {
      NoteClause(seen, "spc", spc);
      out.spc = ast::Spc{.chart = MakeName(spc->chart),
                         .center = MakeNumber(spc->center),
                         .sigma = MakeNumber(spc->sigma),
                         .rules = MakeNames(spc->name_list()),
                         .span = SpanOf(spc)};
    } else if (auto* plan = clause->reaction_plan()) {
      ast::ReactionPlan p{.trigger = MakeName(plan->trigger), .reactions = {},
                          .span = SpanOf(plan)};
      for (auto* r : plan->reaction()) {
        p.reactions.push_back(MakeReaction(r));
      }
      out.plans.push_back(std::move(p));
    }
  }
  return out;
}

auto Builder::BuildSpcRules(TaktParser::Spc_rules_declContext* c) -> ast::SpcRuleSet {
  return ast::SpcRuleSet{.head = MakeHead(c, c->name, c->title),
                         .rules = MakeNames(c->name_list()),
                         .span = SpanOf(c)};
}

auto Builder::BuildCase(TaktParser::Case_declContext* c) -> ast::Case {
  ast::Case out{.head = MakeHead(c, c->name, c->title),
                .owner = MakeOwner(c->owner()),
                .decide_within = std::nullopt,
                .evidence = {},
                .evidence_span = {},
                .outcomes = {},
                .on_timeout = std::nullopt,
                .span = SpanOf(c)};
  ClausesSeen seen;
  for (auto* clause : c->case_clause()) {
    if (auto* d = clause->decide_clause()) {
      NoteClause(seen, "decide within", d);
      out.decide_within = MakeQuantity(d->quantity());
    } else if (auto* e = clause->evidence_clause()) {
      auto names = MakeNames(e->name_list());
      out.evidence.insert(out.evidence.end(), names.begin(), names.end());
      out.evidence_span = SpanOf(e);
    } else if (auto* o = clause->outcome()) {
      ast::Outcome outcome{.name = MakeName(o->name), .title = MakeTitle(o->title),
                           .reactions = {}, .span = SpanOf(o)};
      for (auto* r : o->reaction()) {
        outcome.reactions.push_back(MakeReaction(r));
      }
      out.outcomes.push_back(std::move(outcome));
    } else if (auto* t = clause->timeout_clause()) {
      NoteClause(seen, "on timeout", t);
      ast::OnTimeout timeout{.every = std::nullopt, .role = std::nullopt, .span = SpanOf(t)};
      if (t->quantity() != nullptr) {
        timeout.every = MakeQuantity(t->quantity());
      } else if (t->ident() != nullptr) {
        timeout.role = MakeName(t->ident());
      }
      out.on_timeout = std::move(timeout);
    }
  }
  return out;
}

auto Builder::BuildDeviation(TaktParser::Deviation_declContext* c) -> ast::Deviation {
  ast::Deviation out{.head = MakeHead(c, c->name, c->title),
                     .owner = MakeOwner(c->owner()),
                     .approvers = {},
                     .risk_approvals = {},
                     .expires_after = std::nullopt,
                     .expires_lots = std::nullopt,
                     .span = SpanOf(c)};
  ClausesSeen seen;
  for (auto* clause : c->deviation_clause()) {
    if (auto* a = clause->approve_clause()) {
      for (auto* ident : a->approver_list()->ident()) {
        out.approvers.push_back(MakeName(ident));
      }
    } else if (auto* r = clause->risk_clause()) {
      ast::RiskApproval risk{.level = MakeName(r->level), .approvers = {}, .span = SpanOf(r)};
      for (auto* ident : r->approver_list()->ident()) {
        risk.approvers.push_back(MakeName(ident));
      }
      out.risk_approvals.push_back(std::move(risk));
    } else if (auto* e = clause->expires_clause()) {
      NoteClause(seen, "expires after", e);
      out.expires_after = MakeQuantity(e->quantity());
      if (e->integer() != nullptr) {
        out.expires_lots = MakeInteger(e->integer());
      }
    }
  }
  return out;
}

// Reason trees nest; the driver caps brace depth before parsing, so this recursion is bounded.
auto Builder::BuildReason(TaktParser::Reason_declContext* c) -> ast::Reason {
  ast::Reason out{.head = MakeHead(c, c->name, c->title),
                  .owner = MakeOwner(c->owner()),
                  .loss = std::nullopt,
                  .required = {},
                  .children = {},
                  .span = SpanOf(c)};
  if (c->loss() != nullptr) {
    out.loss = MakeName(c->loss()->ident());
  }
  for (auto* item : c->reason_item()) {
    if (auto* req = item->require_clause()) {
      auto names = MakeNames(req->name_list());
      out.required.insert(out.required.end(), names.begin(), names.end());
    } else if (auto* child = item->reason_decl()) {
      out.children.push_back(BuildReason(child));
    }
  }
  return out;
}

auto Builder::BuildReasons(TaktParser::Reasons_declContext* c) -> ast::Reasons {
  ast::Reasons out{.path = MakeQualified(c->qualified()),
                   .title = MakeTitle(c->title),
                   .owner = MakeOwner(c->owner()),
                   .loss = std::nullopt,
                   .doc = DocFor(c),
                   .reasons = {},
                   .span = SpanOf(c)};
  if (c->loss() != nullptr) {
    out.loss = MakeName(c->loss()->ident());
  }
  for (auto* child : c->reason_decl()) {
    out.reasons.push_back(BuildReason(child));
  }
  return out;
}

auto Builder::BuildEscalation(TaktParser::Escalation_declContext* c) -> ast::Escalation {
  ast::Escalation out{.head = MakeHead(c, c->name, c->title),
                      .trigger = MakeTrigger(c->trigger),
                      .owner = MakeOwner(c->owner()),
                      .tiers = {},
                      .span = SpanOf(c)};
  for (auto* tier : c->tier()) {
    out.tiers.push_back(ast::Tier{.after = MakeQuantity(tier->quantity()),
                                  .reaction = MakeReaction(tier->reaction()),
                                  .span = SpanOf(tier)});
  }
  return out;
}

auto Builder::BuildRecurrence(TaktParser::Recurrence_declContext* c) -> ast::Recurrence {
  auto* when = c->when_clause();
  ast::Recurrence out{.head = MakeHead(c, c->name, c->title),
                      .trigger = MakeTrigger(c->trigger),
                      .owner = MakeOwner(c->owner()),
                      .count = MakeInteger(when->integer()),
                      .window = MakeQuantity(when->quantity()),
                      .keys = MakeNames(when->name_list()),
                      .reactions = {},
                      .span = SpanOf(c)};
  for (auto* r : c->reaction()) {
    out.reactions.push_back(MakeReaction(r));
  }
  return out;
}

auto Builder::BuildHandover(TaktParser::Handover_declContext* c) -> ast::Handover {
  ast::Handover out{.head = MakeHead(c, c->name, c->title),
                    .owner = MakeOwner(c->owner()),
                    .at_shift_end = {},
                    .report = {},
                    .acknowledge_by = std::nullopt,
                    .acknowledge_within = std::nullopt,
                    .span = SpanOf(c)};
  ClausesSeen seen;
  for (auto* clause : c->handover_clause()) {
    if (auto* at = clause->handover_at()) {
      NoteClause(seen, "at end of shift", at);
      out.at_shift_end = SpanOf(at);
    } else if (auto* report = clause->handover_report()) {
      for (auto* item : report->report_item()) {
        std::vector<ast::Name> words;
        for (auto* word : item->report_word()) {
          words.push_back(MakeName(word));
        }
        out.report.push_back(std::move(words));
      }
    } else if (auto* ack = clause->handover_acknowledge()) {
      NoteClause(seen, "acknowledge by", ack);
      out.acknowledge_by = MakeName(ack->ident());
      if (ack->quantity() != nullptr) {
        out.acknowledge_within = MakeQuantity(ack->quantity());
      }
    }
  }
  return out;
}

auto Builder::BuildTest(TaktParser::Test_declContext* c) -> ast::Test {
  ast::Test out{.name = MakeString(c->name), .doc = DocFor(c), .steps = {}, .span = SpanOf(c)};
  for (auto* s : c->test_step()) {
    ast::TestStep step{.kind = ast::TestStep::Kind::Event,
                       .at = std::nullopt,
                       .verb = {},
                       .args = {},
                       .span = SpanOf(s)};
    if (s->time != nullptr) {
      step.at = MakeTime(s->time);
    }
    if (s->K_EXPECT() != nullptr) {
      step.kind = s->no != nullptr ? ast::TestStep::Kind::ExpectNo : ast::TestStep::Kind::Expect;
    }
    if (s->step_verb() != nullptr) {
      step.verb = MakeName(s->step_verb());
    } else if (s->event_verb() != nullptr) {
      step.verb = MakeName(s->event_verb());
    }
    for (auto* arg : s->step_arg()) {
      ast::Word word{.kind = ast::Word::Kind::Name, .text = {}, .number = 0, .span = SpanOf(arg)};
      if (arg->outcome_name != nullptr) {
        // `outcome NAME` is the key and its value, as if NAME could never start a step.
        word.text = TextOf(arg->K_OUTCOME()->getSymbol());
        word.span = SpanOf(arg->K_OUTCOME()->getSymbol());
        step.args.push_back(std::move(word));
        word = ast::Word{.kind = ast::Word::Kind::Name,
                         .text = TextOf(arg->outcome_name->getStart()),
                         .number = 0,
                         .span = SpanOf(arg->outcome_name)};
      } else if (arg->number() != nullptr) {
        ast::Number number = MakeNumber(arg->number());
        word.kind = ast::Word::Kind::Number;
        word.text = number.text;
        word.number = number.value;
      } else if (arg->text() != nullptr) {
        word.kind = ast::Word::Kind::String;
        word.text = MakeString(arg->text()).value;
      } else {
        word.text = TextOf(arg->arg_word()->getStart());
        for (auto* part : arg->qualified_part()) {
          word.text += '.';
          word.text += TextOf(part->getStart());
        }
      }
      step.args.push_back(std::move(word));
    }
    out.steps.push_back(std::move(step));
  }
  return out;
}

auto Builder::Build(TaktParser::DeclarationContext* d) -> std::optional<BuiltDecl> {
  if (auto* c = d->plant_header()) {
    return BuiltDecl(ast::PlantHeader{.head = MakeHead(c, c->name, c->title), .span = SpanOf(c)});
  }
  if (auto* c = d->module_header()) {
    return BuiltDecl(ast::ModuleHeader{
        .name = MakeQualified(c->qualified()), .doc = DocFor(c), .span = SpanOf(c)});
  }
  if (auto* c = d->use_decl()) {
    return BuiltDecl(ast::Use{.module = MakeQualified(c->qualified()), .span = SpanOf(c)});
  }
  if (auto* c = d->role_decl()) {
    return BuiltDecl(ast::Decl(BuildRole(c)));
  }
  if (auto* c = d->shifts_decl()) {
    return BuiltDecl(ast::Decl(BuildShifts(c)));
  }
  if (auto* c = d->area_decl()) {
    return BuiltDecl(ast::Decl(BuildArea(c)));
  }
  if (auto* c = d->item_decl()) {
    return BuiltDecl(ast::Decl(BuildItem(c)));
  }
  if (auto* c = d->instruction_decl()) {
    return BuiltDecl(ast::Decl(BuildInstruction(c)));
  }
  if (auto* c = d->routing_decl()) {
    return BuiltDecl(ast::Decl(BuildRouting(c)));
  }
  if (auto* c = d->control_decl()) {
    return BuiltDecl(ast::Decl(BuildControl(c)));
  }
  if (auto* c = d->spc_rules_decl()) {
    return BuiltDecl(ast::Decl(BuildSpcRules(c)));
  }
  if (auto* c = d->case_decl()) {
    return BuiltDecl(ast::Decl(BuildCase(c)));
  }
  if (auto* c = d->deviation_decl()) {
    return BuiltDecl(ast::Decl(BuildDeviation(c)));
  }
  if (auto* c = d->reasons_decl()) {
    return BuiltDecl(ast::Decl(BuildReasons(c)));
  }
  if (auto* c = d->escalation_decl()) {
    return BuiltDecl(ast::Decl(BuildEscalation(c)));
  }
  if (auto* c = d->recurrence_decl()) {
    return BuiltDecl(ast::Decl(BuildRecurrence(c)));
  }
  if (auto* c = d->handover_decl()) {
    return BuiltDecl(ast::Decl(BuildHandover(c)));
  }
  if (auto* c = d->test_decl()) {
    return BuiltDecl(ast::Decl(BuildTest(c)));
  }
  return std::nullopt;
}

auto BuildDeclaration(const TokenList& tokens, const DocIndex& docs,
                      antlr4::ParserRuleContext* declaration,
                      diagnostics::Diagnostics& diagnostics) -> std::optional<BuiltDecl> {
  auto* d = dynamic_cast<TaktParser::DeclarationContext*>(declaration);
  if (d == nullptr) {
    return std::nullopt;
  }
  Builder builder(tokens, docs, diagnostics);
  std::optional<BuiltDecl> built = builder.Build(d);
  if (builder.failed()) {
    return std::nullopt;
  }
  return built;
}

}  // namespace takt::syntax
