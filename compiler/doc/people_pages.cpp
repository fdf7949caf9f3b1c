// The overview, cases, deviations, roles and the reason tree.
#include <fmt/format.h>

#include "compiler/doc/html.h"
#include "compiler/doc/pages.h"
#include "compiler/graph/graph.h"
#include "compiler/model/people.h"

namespace takt::doc {

namespace {

auto ClockText(int32_t minute) -> std::string { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

auto RoleList(const model::Plant& plant, const std::vector<model::RoleId>& roles) -> std::string {
  std::string out;
  for (model::RoleId role : roles) {
    out += (out.empty() ? "" : ", ") + RoleLink(plant, role);
  }
  return out.empty() ? "—" : out;
}

// `1 routing`, `3 routings`: `what` is the singular with `{}` where the plural's `s` goes.
auto Count(size_t count, PageKind page, std::string_view what) -> std::string {
  return fmt::format("<li><a href=\"{}\">{} {}</a></li>\n", PageFile(page), count,
                     fmt::format(fmt::runtime(what), count == 1 ? "" : "s"));
}

// `10:00 for 30 min, 18:00 for 15 min`: the breaks of a shift, in plant time; `—` without one.
auto BreaksText(const model::Shift& shift) -> std::string {
  std::string out;
  for (const model::ShiftBreak& pause : shift.breaks) {
    const auto start = static_cast<int32_t>((shift.start_minute + pause.offset_ms / 60'000) % (24 * 60));
    out += fmt::format("{}{} for {}", out.empty() ? "" : ", ", ClockText(start),
                       Escape(model::FormatDuration(pause.length_ms)));
  }
  return out.empty() ? "—" : out;
}

// ` Signed: “Meaning”.`: a signature clause, or nothing.
auto SignatureText(const model::Plant& plant, const std::optional<model::Signature>& signature, std::string_view what)
    -> std::string {
  return signature ? fmt::format(" Each {} is an electronic signature: <q>{}</q>.", what,
                                 Escape(plant.signature_meanings[signature->meaning]))
                   : std::string();
}

}  // namespace

auto IndexBody(const model::Plant& plant) -> std::string {
  std::string out = DocHtml(plant.doc) + "<h2>Contents</h2>\n<ul>\n";
  out += Count(plant.controls.size(), PageKind::ControlPlan, "control{} in the control plan");
  out += Count(plant.routings.size(), PageKind::Routings, "routing{}");
  out += Count(plant.escalations.size() + plant.recurrences.size(), PageKind::Escalations,
               "escalation rule{} (ladders and recurrences)");
  out += Count(plant.cases.size(), PageKind::Cases, "case{}");
  out += Count(plant.deviations.size(), PageKind::Deviations, "deviation{}");
  out += Count(plant.roles.size(), PageKind::Roles, "role{}");
  out += Count(plant.reasons.size(), PageKind::Reasons, "stop reason{}");
  out += "</ul>\n";
  if (!plant.modules.empty()) {
    out += "<p>Uses the modules";
    for (const std::string& module : plant.modules) {
      out += " <code>" + Escape(module) + "</code>";
    }
    out += ".</p>\n";
  }
  out += "<h2>Shop floor</h2>\n";
  for (const model::Area& area : plant.areas) {
    out += DeclarationHeading("area", area, "h3");
    out += "<p>Owned by " + RoleLink(plant, area.owner) + ".</p>\n<ul>\n";
    for (model::LineId line_id : area.lines) {
      const model::Line& line = plant.line(line_id);
      out += fmt::format("<li {}>line <code>{}</code> {}, owned by {}; workcenters:", AnchorAttribute("line", line.name),
                         Escape(line.name), Escape(line.title), RoleLink(plant, line.owner));
      for (model::WorkcenterId workcenter : line.workcenters) {
        out += " <code>" + Escape(plant.workcenter(workcenter).name) + "</code>";
      }
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  if (!plant.shifts.empty()) {
    out += "<h2>Shifts</h2>\n<table>\n<thead><tr><th>Shift</th><th>From</th><th>To</th><th>Breaks</th></tr></thead>\n"
           "<tbody>\n";
    for (const model::Shift& shift : plant.shifts) {
      out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n", Escape(shift.name),
                         ClockText(shift.start_minute), ClockText(shift.end_minute), BreaksText(shift));
    }
    out += "</tbody>\n</table>\n";
  }
  if (!plant.instructions.empty()) {
    out += "<h2>Work instructions</h2>\n";
    for (const model::Instruction& instruction : plant.instructions) {
      out += DeclarationHeading("instruction", instruction, "h3");
      out += fmt::format("<p>Revision {}{}.</p>\n", instruction.rev,
                         instruction.owner ? ", owned by " + RoleLink(plant, *instruction.owner) : "");
    }
  }
  if (!plant.handovers.empty()) {
    out += "<h2>Shift handovers</h2>\n";
    for (const model::Handover& handover : plant.handovers) {
      out += DeclarationHeading("handover", handover, "h3");
      std::string report;
      for (model::ReportItem item : handover.report) {
        report += (report.empty() ? "" : ", ") + Escape(model::ReportItemName(item));
      }
      out += fmt::format("<p>Owned by {}; reports {}", RoleLink(plant, handover.owner), report.empty() ? "nothing" : report);
      if (handover.acknowledge_by) {
        out += fmt::format("; acknowledged by {} within {}", RoleLink(plant, *handover.acknowledge_by),
                           Escape(model::FormatDuration(handover.acknowledge_within_ms)));
      }
      out += ".</p>\n";
    }
  }
  return out;
}

namespace {

// What the case's timeout does: one row per step up the `reports_to` chain, with its deadline.
auto TimeoutHtml(const model::Plant& plant, const model::Case& case_decl) -> std::string {
  const model::Timeout& timeout = case_decl.timeout;
  const std::string first = Escape(model::FormatDuration(case_decl.decide_within_ms));
  switch (timeout.kind) {
    case model::TimeoutKind::EscalateTo:
      return fmt::format("<p>Undecided after {}: escalated to {}.</p>\n", first, RoleLink(plant, timeout.role));
    case model::TimeoutKind::EscalateUpEvery:
      break;
  }
  std::string out = fmt::format("<p>Undecided after {}: escalated up the <code>reports_to</code> chain every {}:</p>\n<ol>\n",
                                first, Escape(model::FormatDuration(timeout.every_ms)));
  model::RoleId current = case_decl.owner;
  int64_t at_ms = case_decl.decide_within_ms;
  std::vector<bool> visited(plant.roles.size(), false);
  while (plant.role(current).reports_to && !visited[current.index]) {
    visited[current.index] = true;
    current = *plant.role(current).reports_to;
    out += fmt::format("<li>after {}: {}</li>\n", Escape(model::FormatDuration(at_ms)), RoleLink(plant, current));
    at_ms += timeout.every_ms;
  }
  return out + "</ol>\n";
}

}  // namespace

auto CasesBody(const model::Plant& plant) -> std::string {
  if (plant.cases.empty()) {
    return "<p>The plant declares no case.</p>\n";
  }
  std::string out;
  for (const model::Case& case_decl : plant.cases) {
    out += DeclarationHeading("case", case_decl);
    out += fmt::format("<p>Decided by {} within <b>{}</b>.", RoleLink(plant, case_decl.owner),
                       Escape(model::FormatDuration(case_decl.decide_within_ms)));
    if (!case_decl.evidence.empty()) {
      out += " Requires evidence:";
      for (const std::string& evidence : case_decl.evidence) {
        out += " <code>" + Escape(evidence) + "</code>";
      }
      out += ".";
    }
    out += SignatureText(plant, case_decl.signature, "decision");
    out += "</p>\n" + TimeoutHtml(plant, case_decl);
    out += "<table>\n<thead><tr><th>Outcome</th><th>Meaning</th><th>Reactions</th></tr></thead>\n<tbody>\n";
    for (const model::Outcome& outcome : case_decl.outcomes) {
      out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n", Escape(outcome.name),
                         Escape(outcome.title), ReactionsHtml(plant, outcome.reactions));
    }
    out += "</tbody>\n</table>\n";
  }
  return out;
}

auto DeviationsBody(const model::Plant& plant) -> std::string {
  if (plant.deviations.empty()) {
    return "<p>The plant declares no deviation.</p>\n";
  }
  std::string out;
  for (const model::Deviation& deviation : plant.deviations) {
    out += DeclarationHeading("deviation", deviation);
    out += fmt::format("<p>Owned by {}; approved by {}.", RoleLink(plant, deviation.owner),
                       RoleList(plant, deviation.approvers));
    if (deviation.expires_after_ms) {
      out += " Expires after " + Escape(model::FormatDuration(*deviation.expires_after_ms));
      out += deviation.expires_lots ? fmt::format(" or {} lots.", *deviation.expires_lots) : std::string(".");
    } else if (deviation.expires_lots) {
      out += fmt::format(" Expires after {} lots.", *deviation.expires_lots);
    }
    out += SignatureText(plant, deviation.signature, "approval");
    out += "</p>\n";
    if (!deviation.risk_approvals.empty()) {
      out += "<table>\n<thead><tr><th>Risk</th><th>Approved by</th></tr></thead>\n<tbody>\n";
      for (const model::RiskApproval& approval : deviation.risk_approvals) {
        out += fmt::format("<tr><td><code>{}</code></td><td>{}</td></tr>\n", Escape(approval.level),
                           RoleList(plant, approval.approvers));
      }
      out += "</tbody>\n</table>\n";
    }
  }
  return out;
}

namespace {

// Every declaration a role owns, as links, in the order of the pages.
auto OwnedByRole(const model::Plant& plant) -> std::vector<std::vector<std::string>> {
  std::vector<std::vector<std::string>> owned(plant.roles.size());
  auto add = [&](model::RoleId owner, PageKind page, std::string_view kind, const std::string& name) {
    if (owner.is_valid()) {
      owned[owner.index].push_back(fmt::format("{} {}", kind, Link(page, kind, name)));
    }
  };
  for (const model::Area& area : plant.areas) {
    add(area.owner, PageKind::Index, "area", area.name);
  }
  for (const model::Line& line : plant.lines) {
    add(line.owner, PageKind::Index, "line", line.name);
  }
  for (const model::Instruction& instruction : plant.instructions) {
    add(instruction.owner.value_or(model::RoleId{}), PageKind::Index, "instruction", instruction.name);
  }
  for (const model::Handover& handover : plant.handovers) {
    add(handover.owner, PageKind::Index, "handover", handover.name);
  }
  for (const model::Control& control : plant.controls) {
    add(control.owner, PageKind::ControlPlan, "control", control.name);
  }
  for (const model::Routing& routing : plant.routings) {
    add(routing.owner, PageKind::Routings, "routing", routing.name);
  }
  for (const model::Escalation& escalation : plant.escalations) {
    add(escalation.owner, PageKind::Escalations, "escalation", escalation.name);
  }
  for (const model::Recurrence& recurrence : plant.recurrences) {
    add(recurrence.owner, PageKind::Escalations, "recurrence", recurrence.name);
  }
  for (const model::Case& case_decl : plant.cases) {
    add(case_decl.owner, PageKind::Cases, "case", case_decl.name);
  }
  for (const model::Deviation& deviation : plant.deviations) {
    add(deviation.owner, PageKind::Deviations, "deviation", deviation.name);
  }
  for (const model::Reason& reason : plant.reasons) {
    add(reason.owner.value_or(model::RoleId{}), PageKind::Reasons, "reason", reason.name);
  }
  return owned;
}

}  // namespace

namespace {

auto PersonLink(const model::Person& person) -> std::string {
  return fmt::format("<a href=\"#person-{}\">{}</a>", Escape(person.name), Escape(model::PrintedName(person)));
}

auto PeopleHolding(const model::Plant& plant, model::RoleId role) -> std::string {
  std::string out;
  for (uint32_t p = 0; p < plant.people.size(); ++p) {
    if (model::Holds(plant, model::PersonId{p}, role)) {
      out += (out.empty() ? "" : ", ") + PersonLink(plant.people[p]);
    }
  }
  return out.empty() ? "nobody" : out;
}

// The roster (docs/language.md, "People"): who holds which roles and qualifications, and which
// operations require which qualification.
auto RosterHtml(const model::Plant& plant) -> std::string {
  if (plant.people.empty()) {
    return "<h2>People</h2>\n<p>The plant declares no roster: <code>by</code> is free text.</p>\n";
  }
  std::string out = "<h2>People</h2>\n<table>\n<thead><tr><th>Person</th><th>Name</th><th>Roles</th>"
                    "<th>Qualifications</th></tr></thead>\n<tbody>\n";
  for (const model::Person& person : plant.people) {
    std::string qualifications;
    for (model::QualificationId id : person.qualifications) {
      qualifications += (qualifications.empty() ? "<code>" : ", <code>") +
                        Escape(plant.qualifications[id.index].name) + "</code>";
    }
    out += fmt::format("<tr {}><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       AnchorAttribute("person", person.name), Escape(person.name),
                       Escape(model::PrintedName(person)), RoleList(plant, person.roles),
                       qualifications.empty() ? "—" : qualifications);
  }
  out += "</tbody>\n</table>\n";
  if (plant.qualifications.empty()) {
    return out;
  }
  out += "<h2>Qualifications</h2>\n<table>\n<thead><tr><th>Qualification</th><th>Title</th><th>Held by</th>"
         "<th>Required by</th></tr></thead>\n<tbody>\n";
  for (uint32_t q = 0; q < plant.qualifications.size(); ++q) {
    const model::Qualification& qualification = plant.qualifications[q];
    std::string held;
    for (uint32_t p = 0; p < plant.people.size(); ++p) {
      if (model::IsQualified(plant, model::PersonId{p}, model::QualificationId{q})) {
        held += (held.empty() ? "" : ", ") + PersonLink(plant.people[p]);
      }
    }
    std::string required;
    for (const model::Routing& routing : plant.routings) {
      for (const model::Operation& op : routing.operations) {
        if (op.requires_qualification == model::QualificationId{q}) {
          required += fmt::format("{}{} op {}", required.empty() ? "" : ", ",
                                  Link(PageKind::Routings, "routing", routing.name), op.number);
        }
      }
    }
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       Escape(qualification.name), Escape(qualification.title), held.empty() ? "nobody" : held,
                       required.empty() ? "no operation" : required);
  }
  return out + "</tbody>\n</table>\n";
}

}  // namespace

auto RolesBody(const model::Plant& plant, const SvgRenderer& render_svg) -> std::string {
  std::string out = GraphHtml("Who manages whom, and what each role owns.",
                              graph::RenderDot(plant, graph::View::Ownership), render_svg);
  const std::vector<std::vector<std::string>> owned = OwnedByRole(plant);
  for (uint32_t i = 0; i < plant.roles.size(); ++i) {
    const model::Role& role = plant.roles[i];
    out += DeclarationHeading("role", role);
    std::string chain;
    std::vector<bool> visited(plant.roles.size(), false);
    for (model::RoleId up = model::RoleId{i}; plant.role(up).reports_to && !visited[up.index];) {
      visited[up.index] = true;
      up = *plant.role(up).reports_to;
      chain += " → " + RoleLink(plant, up);
    }
    out += fmt::format("<p>Reports to: {}</p>\n", chain.empty() ? "nobody (top of the plant)" : "<code>" +
                                                                         Escape(role.name) + "</code>" + chain);
    std::vector<model::RoleId> reports;
    for (uint32_t j = 0; j < plant.roles.size(); ++j) {
      if (plant.roles[j].reports_to == model::RoleId{i}) {
        reports.push_back(model::RoleId{j});
      }
    }
    out += fmt::format("<p>Direct reports: {}</p>\n", RoleList(plant, reports));
    if (!plant.people.empty()) {
      out += fmt::format("<p>Held by: {}</p>\n", PeopleHolding(plant, model::RoleId{i}));
    }
    if (owned[i].empty()) {
      out += "<p>Owns nothing.</p>\n";
      continue;
    }
    out += "<p>Owns:</p>\n<ul>\n";
    for (const std::string& item : owned[i]) {
      out += "<li>" + item + "</li>\n";
    }
    out += "</ul>\n";
  }
  return out + RosterHtml(plant);
}

namespace {

void ReasonNode(const model::Plant& plant, model::ReasonId id, std::string& out) {
  const model::Reason& reason = plant.reason(id);
  out += fmt::format("<li {}><code>{}</code>", AnchorAttribute("reason", reason.name), Escape(reason.name));
  if (!reason.title.empty()) {
    out += " <span class=\"title\">" + Escape(reason.title) + "</span>";
  }
  if (reason.from_module) {
    out += "<span class=\"module\">from a module</span>";
  }
  out += fmt::format(" — loss: {}; owner: {}", model::LossClassName(reason.loss),
                     reason.owner ? RoleLink(plant, *reason.owner) : std::string("none"));
  if (!reason.required.empty()) {
    out += "; an <code>up</code> must give";
    for (const std::string& field : reason.required) {
      out += " <code>" + Escape(field) + "</code>";
    }
  }
  out += DocHtml(reason.doc);
  if (!reason.children.empty()) {
    out += "\n<ul class=\"tree\">\n";
    for (model::ReasonId child : reason.children) {
      ReasonNode(plant, child, out);
    }
    out += "</ul>\n";
  }
  out += "</li>\n";
}

}  // namespace

auto ReasonsBody(const model::Plant& plant) -> std::string {
  std::string out =
      "<p>The full tree of stop reasons, the standard library's included. A reason's loss class is its own or its "
      "parent's; a stop coded with a reason must end with the fields it and every reason above it require.</p>\n"
      "<ul class=\"tree root\">\n";
  for (uint32_t i = 0; i < plant.reasons.size(); ++i) {
    if (!plant.reasons[i].parent) {
      ReasonNode(plant, model::ReasonId{i}, out);
    }
  }
  return out + "</ul>\n";
}

}  // namespace takt::doc
