// Control points (spec, SPC chart, reaction plans) and named SPC rule sets.
#include "compiler/syntax/builder.h"

namespace takt::syntax {

auto Builder::BuildControl(TaktParser::Control_declContext* c) -> ast::Control {
  ast::Control out{.head = MakeHead(c, c->name, c->title),
                   .owner = MakeOwner(c->owner()),
                   .measure = std::nullopt,
                   .spec = std::nullopt,
                   .characteristic_class = std::nullopt,
                   .sample = std::nullopt,
                   .first_piece = std::nullopt,
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
                     .first = MakeNumber(s->side != nullptr ? s->limit : s->first),
                     .second = {},
                     .third = std::nullopt,
                     .unit = s->unit() != nullptr ? std::optional(MakeUnit(s->unit())) : std::nullopt,
                     .span = SpanOf(s)};
      if (s->side != nullptr) {
        spec.form = s->side->getType() == TaktParser::K_MIN ? ast::Spec::Form::Min : ast::Spec::Form::Max;
      } else if (s->tolerance != nullptr) {
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
    } else if (auto* first = clause->first_piece_clause()) {
      NoteClause(seen, "first piece", first);
      out.first_piece = SpanOf(first);
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

}  // namespace takt::syntax
