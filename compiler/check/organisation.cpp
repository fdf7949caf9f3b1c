// Roles and the reporting line, the roster, shifts, the area/line/workcenter hierarchy, materials,
// products and work instructions.
#include <algorithm>
#include <fmt/format.h>

#include "compiler/check/checker.h"

namespace takt::check {

template <typename T>
static auto FindByName(std::vector<T>& slots, const std::string& name) -> T* {
  for (T& slot : slots) {
    if (slot.name == name) {
      return &slot;
    }
  }
  return nullptr;
}

void Checker::DefineRole(const ast::Role& role) {
  auto index = OwnSlot(role.head, SymbolKind::Role);
  if (!index) {
    return;
  }
  model::Role& slot = plant_->roles[*index];
  if (role.reports_to) {
    model::RoleId boss = ResolveRole(*role.reports_to);
    if (boss.is_valid()) {
      slot.reports_to = boss;
    }
  }
}

// A person of the roster: the roles they hold and their qualifications, each named once.
void Checker::DefinePerson(const ast::Person& person) {
  auto index = OwnSlot(person.head, SymbolKind::Person);
  if (!index) {
    return;
  }
  model::Person& slot = plant_->people[*index];
  for (const ast::Name& name : person.roles) {
    if (model::RoleId role = ResolveRole(name); role.is_valid()) {
      if (std::find(slot.roles.begin(), slot.roles.end(), role) != slot.roles.end()) {
        diagnostics_.Emit(diag::DuplicateClause, name.span, name.text).Help("name each role once");
      } else {
        slot.roles.push_back(role);
      }
    }
  }
  for (const ast::Name& name : person.qualifications) {
    if (auto qualification = Resolve(name, SymbolKind::Qualification)) {
      const model::QualificationId id{*qualification};
      if (std::find(slot.qualifications.begin(), slot.qualifications.end(), id) != slot.qualifications.end()) {
        diagnostics_.Emit(diag::DuplicateClause, name.span, name.text).Help("name each qualification once");
      } else {
        slot.qualifications.push_back(id);
      }
    }
  }
}

// A reporting line that loops never reaches anyone who can decide: one diagnostic per cycle,
// at the role of the cycle declared first.
void Checker::CheckReportsToCycles() {
  const auto& roles = plant_->roles;
  std::vector<uint8_t> state(roles.size(), 0);  // 0 new, 1 on the current walk, 2 done.
  for (uint32_t start = 0; start < roles.size(); ++start) {
    std::vector<uint32_t> walk;
    uint32_t current = start;
    while (true) {
      if (state[current] == 2) {
        break;
      }
      if (state[current] == 1) {
        auto cycle_begin = std::find(walk.begin(), walk.end(), current);
        std::vector<uint32_t> cycle(cycle_begin, walk.end());
        uint32_t first = *std::min_element(cycle.begin(), cycle.end());
        auto rotate_at = std::find(cycle.begin(), cycle.end(), first);
        std::rotate(cycle.begin(), rotate_at, cycle.end());
        std::string chain;
        for (uint32_t member : cycle) {
          chain += fmt::format("`{}` → ", roles[member].name);
        }
        chain += fmt::format("`{}`", roles[first].name);
        auto diag = diagnostics_.Emit(diag::ReportsToCycle, roles[first].span, chain);
        for (size_t i = 1; i < cycle.size(); ++i) {
          diag.Secondary(roles[cycle[i]].span, "part of the cycle");
        }
        diag.Help("one role of the cycle must report to someone outside it, or to nobody");
        break;
      }
      state[current] = 1;
      walk.push_back(current);
      if (!roles[current].reports_to) {
        break;
      }
      current = roles[current].reports_to->index;
    }
    for (uint32_t member : walk) {
      state[member] = 2;
    }
  }
}

void Checker::DefineShifts(const ast::Shifts& shifts) {
  for (const ast::Shift& shift : shifts.shifts) {
    if (FindByName(plant_->shifts, shift.name.text) != nullptr) {
      auto previous = std::find_if(shifts.shifts.begin(), shifts.shifts.end(),
                                   [&](const ast::Shift& s) { return s.name.text == shift.name.text; });
      diagnostics_.Emit(diag::DuplicateName, shift.name.span, shift.name.text)
          .Secondary(previous->name.span, "first declared here");
      continue;
    }
    model::Shift result{.name = shift.name.text,
                        .start_minute = shift.start.minutes,
                        .end_minute = shift.end.minutes,
                        .breaks = {},
                        .span = shift.name.span};
    result.breaks = CheckBreaks(shift, result.length_ms());
    plant_->shifts.push_back(std::move(result));
  }
  if (!shifts.working.empty()) {
    plant_->working_days = 0;
  }
  for (const ast::Name& day : shifts.working) {
    const auto* known = std::find(model::kWeekdays.begin(), model::kWeekdays.end(), day.text);
    if (known == model::kWeekdays.end()) {
      diagnostics_.Emit(diag::UnknownWeekday, day.span, day.text)
          .Primary("not a weekday")
          .Help("weekdays are written mon, tue, wed, thu, fri, sat, sun");
      continue;
    }
    plant_->working_days |= 1U << (known - model::kWeekdays.begin());
  }
  if (plant_->working_days == 0) {
    // Every name was wrong (and reported): plan every day rather than none.
    plant_->working_days = 0x7F;
  }
  for (const ast::Holiday& holiday : shifts.holidays) {
    plant_->holidays.push_back(holiday.date.day);
  }
  std::sort(plant_->holidays.begin(), plant_->holidays.end());
  plant_->holidays.erase(std::unique(plant_->holidays.begin(), plant_->holidays.end()), plant_->holidays.end());
}

// A shift's breaks, in time order: each must lie inside the shift and apart from the others,
// so that planned time (docs/oee.md) never subtracts a minute twice or one the shift lacks.
auto Checker::CheckBreaks(const ast::Shift& shift, int64_t shift_ms) -> std::vector<model::ShiftBreak> {
  struct Checked {
    model::ShiftBreak interval;
    const ast::ShiftBreak* source;
  };
  auto text_of = [](const ast::ShiftBreak& b) {
    return fmt::format("{:02}:{:02} for {}", b.start.minutes / 60, b.start.minutes % 60, b.length.amount.text + " " + b.length.unit.text);
  };
  std::vector<Checked> checked;
  for (const ast::ShiftBreak& b : shift.breaks) {
    const std::optional<int64_t> length = CheckDuration(b.length);
    if (!length) {
      continue;
    }
    const int64_t offset = int64_t{((b.start.minutes - shift.start.minutes) % 1440 + 1440) % 1440} * 60'000;
    if (offset + *length > shift_ms) {
      diagnostics_.Emit(diag::BreakOutsideShift, b.span, text_of(b), shift.name.text)
          .Secondary(shift.name.span, "the shift")
          .Help("a break starts at or after the shift's start and ends by its end");
      continue;
    }
    checked.push_back(Checked{.interval = {.offset_ms = offset, .length_ms = *length}, .source = &b});
  }
  std::stable_sort(checked.begin(), checked.end(),
                   [](const Checked& x, const Checked& y) { return x.interval.offset_ms < y.interval.offset_ms; });
  std::vector<model::ShiftBreak> breaks;
  const ast::ShiftBreak* last = nullptr;
  for (const Checked& c : checked) {
    if (last != nullptr && c.interval.offset_ms < breaks.back().offset_ms + breaks.back().length_ms) {
      diagnostics_.Emit(diag::BreaksOverlap, c.source->span, text_of(*c.source), text_of(*last))
          .Secondary(last->span, "the earlier break");
      continue;
    }
    breaks.push_back(c.interval);
    last = c.source;
  }
  return breaks;
}

void Checker::DefineArea(const ast::Area& area) {
  std::optional<model::RoleId> area_owner;
  if (area.owner) {
    model::RoleId owner = ResolveRole(area.owner->role);
    if (owner.is_valid()) {
      area_owner = owner;
      if (auto slot = OwnSlot(area.head, SymbolKind::Area)) {
        plant_->areas[*slot].owner = owner;
      }
    }
  }
  for (const ast::Line& line : area.lines) {
    std::optional<model::RoleId> line_owner = area_owner;
    if (line.owner) {
      model::RoleId owner = ResolveRole(line.owner->role);
      line_owner = owner.is_valid() ? std::optional(owner) : std::nullopt;
    } else if (!area.owner) {
      diagnostics_.Emit(diag::MissingOwner, line.head.name.span, "line", line.head.name.text)
          .Help("add `owner ROLE` to the line or to its area");
    }
    auto line_slot = OwnSlot(line.head, SymbolKind::Line);
    if (line_slot && line_owner) {
      plant_->lines[*line_slot].owner = *line_owner;
    }
    for (const ast::Workcenter& wc : line.workcenters) {
      std::optional<model::RoleId> wc_owner = line_owner;
      if (wc.owner) {
        model::RoleId owner = ResolveRole(wc.owner->role);
        wc_owner = owner.is_valid() ? std::optional(owner) : std::nullopt;
      }
      auto wc_slot = OwnSlot(wc.head, SymbolKind::Workcenter);
      if (wc_slot && wc_owner) {
        plant_->workcenters[*wc_slot].owner = *wc_owner;
      }
    }
  }
}

void Checker::DefineItem(const ast::Item& item) {
  // The slot's unit was set in pass one (declare.cpp); this reports an unknown one.
  ResolveUnit(item.unit);
}

void Checker::DefineInstruction(const ast::Instruction& instruction) {
  auto slot = OwnSlot(instruction.head, SymbolKind::Instruction);
  std::optional<model::RoleId> owner;
  if (instruction.owner) {
    model::RoleId role = ResolveRole(instruction.owner->role);
    if (role.is_valid()) {
      owner = role;
    }
  }
  if (!slot) {
    return;
  }
  plant_->instructions[*slot].rev = instruction.rev.value;
  plant_->instructions[*slot].owner = owner;
}

}  // namespace takt::check
