// Routings and their operations.
#include "compiler/syntax/builder.h"

namespace takt::syntax {

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
                     .requires_qualification = std::nullopt,
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
    } else if (auto* r = clause->op_requires()) {
      NoteClause(seen, "requires", r);
      out.requires_qualification = MakeName(r->ident());
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
                   .four_eyes = false,
                   .operations = {},
                   .span = SpanOf(c)};
  for (auto* clause : c->routing_clause()) {
    if (auto* confirm = clause->confirm_clause()) {
      out.confirm_critical = SpanOf(confirm);
      out.four_eyes = confirm->K_ANOTHER() != nullptr;
    } else if (auto* op = clause->operation()) {
      out.operations.push_back(BuildOperation(op));
    }
  }
  return out;
}

}  // namespace takt::syntax
