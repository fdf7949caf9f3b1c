// Roles, the roster (people, qualifications), shifts, the area/line/workcenter hierarchy, materials, products and work instructions.
#include "compiler/syntax/builder.h"

namespace takt::syntax {

auto Builder::BuildRole(TaktParser::Role_declContext* c) -> ast::Role {
  ast::Role out{.head = MakeHead(c, c->name, c->title), .reports_to = std::nullopt,
                .span = SpanOf(c)};
  if (c->boss != nullptr) {
    out.reports_to = MakeName(c->boss);
  }
  return out;
}

auto Builder::BuildQualification(TaktParser::Qualification_declContext* c) -> ast::Qualification {
  return ast::Qualification{.head = MakeHead(c, c->name, c->title), .span = SpanOf(c)};
}

auto Builder::BuildPerson(TaktParser::Person_declContext* c) -> ast::Person {
  ast::Person out{.head = MakeHead(c, c->name, c->title), .roles = {}, .qualifications = {}, .span = SpanOf(c)};
  if (c->roles != nullptr) {
    out.roles = MakeNames(c->roles);
  }
  if (c->qualifications != nullptr) {
    out.qualifications = MakeNames(c->qualifications);
  }
  return out;
}

auto Builder::BuildShifts(TaktParser::Shifts_declContext* c) -> ast::Shifts {
  ast::Shifts out{.shifts = {}, .working = {}, .holidays = {}, .doc = DocFor(c), .span = SpanOf(c)};
  for (auto* w : c->working_days()) {
    std::vector<ast::Name> days = MakeNames(w->name_list());
    out.working.insert(out.working.end(), days.begin(), days.end());
  }
  for (auto* h : c->holiday()) {
    out.holidays.push_back(ast::Holiday{.date = MakeDate(h->day), .title = MakeTitle(h->title), .span = SpanOf(h)});
  }
  for (auto* s : c->shift()) {
    ast::Shift shift{.name = MakeName(s->name),
                     .start = MakeTime(s->from),
                     .end = MakeTime(s->until),
                     .breaks = {},
                     .span = SpanOf(s)};
    for (auto* b : s->shift_break()) {
      shift.breaks.push_back(
          ast::ShiftBreak{.start = MakeTime(b->at), .length = MakeQuantity(b->quantity()), .span = SpanOf(b)});
    }
    out.shifts.push_back(std::move(shift));
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

}  // namespace takt::syntax
