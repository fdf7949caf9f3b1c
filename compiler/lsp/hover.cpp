// Hover: what a name stands for, in Markdown. A declaration's keyword, name and title, its doc
// comment and owner; a role's `reports_to` chain; a control's measure, spec limits and SPC
// limits (from the model when the plant checks clean, as written otherwise); a reason's owner
// and loss class, also for the stdlib's reasons, which no workspace file declares.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/lsp/handlers.h"
#include "compiler/model/people.h"

namespace takt::lsp {

static auto FindNamed(const auto& declarations, std::string_view name) -> const auto* {
  auto it = std::find_if(declarations.begin(), declarations.end(), [&](const auto& d) { return d.name == name; });
  return it == declarations.end() ? nullptr : &*it;
}

// `operator` → `line_supervisor` → `production_manager` → `plant_manager`; a cycle (the
// checker's error) stops at the first role met twice.
static auto ReportsToChain(const Index& index, const Symbol& role) -> std::string {
  std::string chain = fmt::format("`{}`", role.name);
  std::set<std::string> seen = {role.name};
  const Symbol* current = &role;
  while (current->reports_to != nullptr) {
    const std::string& next = current->reports_to->text;
    chain += fmt::format(" → `{}`", next);
    std::optional<uint32_t> id = index.Find(SymbolKind::Role, next);
    if (!seen.insert(next).second || !id.has_value()) {
      break;
    }
    current = &index.symbol(*id);
  }
  return chain;
}

static auto FormatLimit(double value) -> std::string { return fmt::format("{:g}", value); }

static void DescribeControl(const Analysis& analysis, const Symbol& symbol, std::vector<std::string>& lines) {
  const model::Control* control = analysis.plant ? FindNamed(analysis.plant->controls, symbol.name) : nullptr;
  if (control == nullptr) {
    if (symbol.control != nullptr && symbol.control->measure.has_value()) {
      lines.push_back(fmt::format("measure: `{}` in {}", symbol.control->measure->characteristic.text,
                                  symbol.control->measure->unit.text));
    }
    return;
  }
  const std::string_view unit = model::GetUnit(control->unit).symbol;
  lines.push_back(fmt::format("measure: `{}` in {}", control->characteristic, unit));
  if (control->spec.has_value()) {
    std::string limits;
    if (control->spec->lsl.has_value()) {
      limits += fmt::format("LSL {} {}", FormatLimit(*control->spec->lsl), unit);
    }
    if (control->spec->usl.has_value()) {
      limits += fmt::format("{}USL {} {}", limits.empty() ? "" : ", ", FormatLimit(*control->spec->usl), unit);
    }
    lines.push_back(fmt::format("spec: {} ({})", control->spec->text, limits));
  }
  if (control->characteristic_class.has_value()) {
    lines.push_back(fmt::format("class: {}", *control->characteristic_class));
  }
  if (control->spc.has_value()) {
    const model::Spc& spc = *control->spc;
    std::vector<std::string> rules;
    for (model::SpcRule rule : spc.rules) {
      rules.emplace_back(model::SpcRuleName(rule));
    }
    lines.push_back(fmt::format("SPC: {} chart, center {} {}, sigma {} (LCL {}, UCL {}); rules {}", spc.chart,
                                FormatLimit(spc.center), unit, FormatLimit(spc.sigma),
                                FormatLimit(spc.center - 3 * spc.sigma), FormatLimit(spc.center + 3 * spc.sigma),
                                fmt::join(rules, ", ")));
  }
}

static void DescribeCase(const Symbol& symbol, std::vector<std::string>& lines) {
  if (symbol.case_decl == nullptr) {
    return;
  }
  std::vector<std::string> outcomes;
  for (const ast::Outcome& outcome : symbol.case_decl->outcomes) {
    outcomes.push_back(fmt::format("`{}`", outcome.name.text));
  }
  lines.push_back(fmt::format("outcomes: {}", fmt::join(outcomes, ", ")));
  if (const std::optional<ast::Quantity>& within = symbol.case_decl->decide_within; within.has_value()) {
    lines.push_back(fmt::format("decide within {} {}", within->amount.text, within->unit.text));
  }
}

// The roster, from the model (a plant that checks clean): a person's roles and qualifications, a
// role's holders, a qualification's holders and the operations that require it.
static void DescribeRoster(const Analysis& analysis, const Symbol& symbol, std::vector<std::string>& lines) {
  if (!analysis.plant || analysis.plant->people.empty()) {
    return;
  }
  const model::Plant& plant = *analysis.plant;
  auto people_where = [&](const auto& holds) {
    std::vector<std::string> names;
    for (const model::Person& person : plant.people) {
      if (holds(person)) {
        names.push_back(fmt::format("`{}` ({})", person.name, model::PrintedName(person)));
      }
    }
    return names.empty() ? std::string("nobody") : fmt::format("{}", fmt::join(names, ", "));
  };
  auto contains = [](const auto& ids, auto id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
  if (symbol.kind == SymbolKind::Person) {
    if (const model::Person* person = FindNamed(plant.people, symbol.name)) {
      std::vector<std::string> roles;
      for (model::RoleId role : person->roles) {
        roles.push_back(fmt::format("`{}`", plant.role(role).name));
      }
      std::vector<std::string> qualifications;
      for (model::QualificationId id : person->qualifications) {
        qualifications.push_back(fmt::format("`{}`", plant.qualifications[id.index].name));
      }
      lines.push_back(fmt::format("roles: {}", roles.empty() ? "none" : fmt::format("{}", fmt::join(roles, ", "))));
      if (!qualifications.empty()) {
        lines.push_back(fmt::format("qualified: {}", fmt::join(qualifications, ", ")));
      }
    }
  } else if (symbol.kind == SymbolKind::Role) {
    const auto role = std::find_if(plant.roles.begin(), plant.roles.end(),
                                   [&](const model::Role& r) { return r.name == symbol.name; });
    if (role != plant.roles.end()) {
      const model::RoleId id{static_cast<uint32_t>(role - plant.roles.begin())};
      lines.push_back("held by: " + people_where([&](const model::Person& p) { return contains(p.roles, id); }));
    }
  } else if (symbol.kind == SymbolKind::Qualification) {
    const auto found = std::find_if(plant.qualifications.begin(), plant.qualifications.end(),
                                    [&](const model::Qualification& q) { return q.name == symbol.name; });
    if (found != plant.qualifications.end()) {
      const model::QualificationId id{static_cast<uint32_t>(found - plant.qualifications.begin())};
      lines.push_back("held by: " +
                      people_where([&](const model::Person& p) { return contains(p.qualifications, id); }));
      std::vector<std::string> ops;
      for (const model::Routing& routing : plant.routings) {
        for (const model::Operation& op : routing.operations) {
          if (op.requires_qualification == id) {
            ops.push_back(fmt::format("`{}` op {}", routing.name, op.number));
          }
        }
      }
      lines.push_back(fmt::format("required by: {}", ops.empty() ? "no operation" : fmt::format("{}", fmt::join(ops, ", "))));
    }
  }
}

auto Hover(const Analysis& analysis, const json& params) -> json {
  const Cursor cursor = CursorOf(analysis, params);
  const Occurrence* occurrence = analysis.index->At(cursor.file, cursor.offset);
  if (occurrence == nullptr) {
    return nullptr;
  }
  const Symbol& symbol = analysis.index->symbol(occurrence->symbol);
  std::string title;
  std::string doc;
  std::string owner = symbol.owner != nullptr ? symbol.owner->role.text : "";
  if (symbol.head != nullptr) {
    title = symbol.head->title.has_value() ? symbol.head->title->value : "";
    doc = symbol.head->doc.has_value() ? symbol.head->doc->text : "";
  }
  std::vector<std::string> lines;
  switch (symbol.kind) {
    case SymbolKind::Role:
      lines.push_back("reporting line: " + ReportsToChain(*analysis.index, symbol));
      DescribeRoster(analysis, symbol, lines);
      break;
    case SymbolKind::Control:
      DescribeControl(analysis, symbol, lines);
      break;
    case SymbolKind::Case:
      DescribeCase(symbol, lines);
      break;
    case SymbolKind::Reason:
      if (const model::Reason* reason = analysis.plant ? FindNamed(analysis.plant->reasons, symbol.name) : nullptr) {
        if (symbol.head == nullptr) {
          title = reason->title;
          doc = reason->doc;
        }
        if (reason->owner.has_value() && owner.empty()) {
          owner = analysis.plant->role(*reason->owner).name;
        }
        if (reason->loss != model::LossClass::None) {
          lines.push_back(fmt::format("loss: {}", model::LossClassName(reason->loss)));
        }
        if (!reason->required.empty()) {
          lines.push_back(fmt::format("`up` requires: {}", fmt::join(reason->required, ", ")));
        }
      }
      break;
    case SymbolKind::Area:
    case SymbolKind::Line:
    case SymbolKind::Workcenter:
    case SymbolKind::Material:
    case SymbolKind::Product:
    case SymbolKind::Instruction:
    case SymbolKind::Routing:
    case SymbolKind::SpcRuleSet:
    case SymbolKind::Outcome:
    case SymbolKind::Deviation:
    case SymbolKind::Escalation:
    case SymbolKind::Recurrence:
    case SymbolKind::Handover:
      break;
    case SymbolKind::Person:
    case SymbolKind::Qualification:
      DescribeRoster(analysis, symbol, lines);
      break;
  }
  std::string markdown = fmt::format("**{}** `{}`", SymbolKindName(symbol.kind), symbol.name);
  if (!title.empty()) {
    markdown += fmt::format(" — {}", title);
  }
  if (!doc.empty()) {
    markdown += "\n\n" + doc;
  }
  if (!owner.empty()) {
    lines.insert(lines.begin(), fmt::format("owner: `{}`", owner));
  }
  for (const std::string& line : lines) {
    markdown += "\n\n" + line;
  }
  return json{{"contents", {{"kind", "markdown"}, {"value", markdown}}},
              {"range", ToJson(*RangeOfSpan(analysis, occurrence->span))}};
}

}  // namespace takt::lsp
