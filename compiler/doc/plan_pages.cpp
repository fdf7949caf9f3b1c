// The control plan, the routings and the escalation ladders.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/doc/html.h"
#include "compiler/doc/pages.h"
#include "compiler/graph/graph.h"

namespace takt::doc {

namespace {

auto UnitSymbol(model::UnitId unit) -> std::string { return Escape(model::GetUnit(unit).symbol); }

auto OperationText(const model::Routing& routing, const model::Operation& op) -> std::string {
  return fmt::format("{} op {} <code>{}</code>", RoutingLink(routing), op.number, Escape(op.name));
}

// The AIAG "process number" column: every routing operation that checks `control`.
auto CheckedByHtml(const model::Plant& plant, model::ControlId control) -> std::string {
  std::string out;
  for (const model::Routing& routing : plant.routings) {
    for (const model::Operation& op : routing.operations) {
      if (std::find(op.checks.begin(), op.checks.end(), control) != op.checks.end()) {
        out += (out.empty() ? "" : "<br>") + OperationText(routing, op) + " at <code>" +
               Escape(plant.workcenter(op.workcenter).name) + "</code>";
      }
    }
  }
  return out.empty() ? "—" : out;
}

auto MethodHtml(const model::Control& control) -> std::string {
  std::string out = fmt::format("measure <code>{}</code> in {}", Escape(control.characteristic), UnitSymbol(control.unit));
  if (control.spc) {
    const model::Spc& spc = *control.spc;
    std::string rules;
    for (model::SpcRule rule : spc.rules) {
      rules += (rules.empty() ? "" : ", ") + Escape(model::SpcRuleName(rule));
    }
    out += fmt::format("<br>SPC {} chart, center {}, σ {}", Escape(spc.chart), spc.center, spc.sigma);
    if (!rules.empty()) {
      out += "<br>rules " + rules;
    }
  }
  return out;
}

auto SampleHtml(const model::Control& control) -> std::string {
  if (!control.sample_size) {
    return "—";
  }
  std::string out = fmt::format("{}", *control.sample_size);
  if (control.sample_every) {
    out += " every " + Escape(control.sample_every->text);
  }
  return out;
}

auto ReactionPlanHtml(const model::Plant& plant, const model::Control& control) -> std::string {
  std::string out = "<b>out of spec:</b> " + ReactionsHtml(plant, control.on_out_of_spec);
  if (control.spc) {
    out += "<br><b>SPC signal:</b> " + ReactionsHtml(plant, control.on_spc_signal);
  }
  return out;
}

}  // namespace

auto ControlPlanBody(const model::Plant& plant) -> std::string {
  if (plant.controls.empty()) {
    return "<p>The plant declares no control.</p>\n";
  }
  std::string out =
      "<p>One row per control point, in the columns of an AIAG control plan. Class: <code>CC</code> critical, "
      "<code>SC</code> significant characteristic.</p>\n<div class=\"scroll\"><table>\n<thead><tr><th>Operation</th>"
      "<th>Characteristic</th><th>Class</th><th>Specification</th><th>Method / measure unit</th><th>Sample</th>"
      "<th>Reaction plan</th><th>Owner</th></tr></thead>\n<tbody>\n";
  for (uint32_t i = 0; i < plant.controls.size(); ++i) {
    const model::Control& control = plant.controls[i];
    out += fmt::format("<tr {}>", AnchorAttribute("control", control.name));
    out += fmt::format("<td>{}</td>", CheckedByHtml(plant, model::ControlId{i}));
    out += fmt::format("<td><code>{}</code>{}{}{}</td>", Escape(control.name),
                       control.title.empty() ? "" : "<br>" + Escape(control.title),
                       control.from_module ? "<span class=\"module\">from a module</span>" : "", DocHtml(control.doc));
    out += fmt::format("<td class=\"class\">{}</td>",
                       control.characteristic_class ? Escape(*control.characteristic_class) : "—");
    out += fmt::format("<td>{}</td>", control.spec ? Escape(control.spec->text) + " " + UnitSymbol(control.unit) : "—");
    out += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", MethodHtml(control),
                       SampleHtml(control), ReactionPlanHtml(plant, control), RoleLink(plant, control.owner));
  }
  return out + "</tbody>\n</table></div>\n";
}

namespace {

auto OnFailHtml(const model::Routing& routing, const std::optional<model::OnFail>& on_fail) -> std::string {
  if (!on_fail) {
    return "—";
  }
  if (!on_fail->rework_target) {
    return "scrap";
  }
  const model::Operation& target = routing.operations[*on_fail->rework_target];
  return fmt::format("rework at op {} (max {}){}", target.number, on_fail->max_reworks,
                     on_fail->then_scrap ? ", then scrap" : "");
}

auto OperationRow(const model::Plant& plant, const model::Routing& routing, const model::Operation& op)
    -> std::string {
  const model::Workcenter& workcenter = plant.workcenter(op.workcenter);
  std::string instruction = "—";
  if (op.instruction) {
    const model::Instruction& used = plant.instructions[op.instruction->index];
    instruction = fmt::format("<code>{}</code> rev {}", Escape(used.name), used.rev);
  }
  std::string std_time = "—";
  if (op.std_time) {
    std_time = Escape(op.std_time->text) + (op.std_time_per ? " per " + UnitSymbol(*op.std_time_per) : "");
  }
  std::string consumes;
  for (const model::Consume& consume : op.consumes) {
    consumes += fmt::format("{}<code>{}</code> {} per {}", consumes.empty() ? "" : "<br>",
                            Escape(plant.materials[consume.material.index].name), Escape(consume.amount.text),
                            UnitSymbol(consume.per_unit));
  }
  std::string checks;
  for (model::ControlId control : op.checks) {
    checks += (checks.empty() ? "" : "<br>") + ControlLink(plant, control);
  }
  return fmt::format(
      "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td>"
      "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
      op.number, Escape(op.name), Escape(workcenter.name),
      workcenter.title.empty() ? "" : "<br>" + Escape(workcenter.title), instruction, std_time,
      consumes.empty() ? "—" : consumes, checks.empty() ? "—" : checks, op.critical ? "critical" : "",
      OnFailHtml(routing, op.on_fail));
}

}  // namespace

auto RoutingsBody(const model::Plant& plant, const SvgRenderer& render_svg) -> std::string {
  if (plant.routings.empty()) {
    return "<p>The plant declares no routing.</p>\n";
  }
  std::string out = GraphHtml("The plant's routings: operations in order, controls checked, rework loops.",
                              graph::RenderDot(plant, graph::View::Routing), render_svg);
  for (const model::Routing& routing : plant.routings) {
    out += DeclarationHeading("routing", routing);
    out += fmt::format("<p>Makes <code>{}</code>, revision {}, owned by {}.{}</p>\n",
                       Escape(plant.products[routing.product.index].name), routing.rev,
                       RoleLink(plant, routing.owner),
                       routing.confirm_critical ? " Operators confirm critical operations." : "");
    out += "<div class=\"scroll\"><table>\n<thead><tr><th>Op</th><th>Operation</th><th>Workcenter</th>"
           "<th>Instruction</th><th>Standard time</th><th>Consumes</th><th>Checks</th><th>Critical</th>"
           "<th>On fail</th></tr></thead>\n<tbody>\n";
    for (const model::Operation& op : routing.operations) {
      out += OperationRow(plant, routing, op);
    }
    out += "</tbody>\n</table></div>\n";
  }
  return out;
}

auto EscalationsBody(const model::Plant& plant, const SvgRenderer& render_svg) -> std::string {
  std::string out = GraphHtml("Stops → escalation tiers → the roles they reach; recurrences → the cases they open; "
                              "cases → their timeouts.",
                              graph::RenderDot(plant, graph::View::Escalation), render_svg);
  out += "<h2>Escalation ladders</h2>\n";
  if (plant.escalations.empty()) {
    out += "<p>None.</p>\n";
  }
  for (const model::Escalation& escalation : plant.escalations) {
    out += DeclarationHeading("escalation", escalation, "h3");
    out += fmt::format("<p>On {}, owned by {}.</p>\n", TriggerHtml(plant, escalation.trigger),
                       RoleLink(plant, escalation.owner));
    out += "<table>\n<thead><tr><th>Tier</th><th>After</th><th>Reactions</th></tr></thead>\n<tbody>\n";
    for (size_t i = 0; i < escalation.tiers.size(); ++i) {
      const model::Tier& tier = escalation.tiers[i];
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", i + 1,
                         Escape(tier.after_text.empty() ? model::FormatDuration(tier.after_ms) : tier.after_text),
                         ReactionsHtml(plant, tier.reactions));
    }
    out += "</tbody>\n</table>\n";
  }
  out += "<h2>Recurrences</h2>\n";
  if (plant.recurrences.empty()) {
    out += "<p>None.</p>\n";
  }
  for (const model::Recurrence& recurrence : plant.recurrences) {
    out += DeclarationHeading("recurrence", recurrence, "h3");
    std::string scope;
    if (recurrence.per_workcenter) {
      scope += " per workcenter";
    }
    if (recurrence.per_reason) {
      scope += " per reason";
    }
    out += fmt::format("<p>When {} happens {} times within {}{}, owned by {}: {}.</p>\n",
                       TriggerHtml(plant, recurrence.trigger), recurrence.count,
                       Escape(model::FormatDuration(recurrence.window_ms)), scope, RoleLink(plant, recurrence.owner),
                       ReactionsHtml(plant, recurrence.reactions));
  }
  return out;
}

}  // namespace takt::doc
