#include "compiler/graph/graph.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace takt::graph {

namespace {

// A DOT double-quoted string; `\n` in `text` becomes DOT's centred line break.
auto Quote(std::string_view text) -> std::string {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

class Writer {
 public:
  Writer(std::string_view name, std::string_view rankdir) {
    text_ = fmt::format("digraph {} {{\n", Quote(name));
    text_ += fmt::format("  graph [rankdir={}, fontname=\"Helvetica\", fontsize=11];\n", rankdir);
    text_ += "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=rounded];\n";
    text_ += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  }
  void Line(std::string_view line) {
    text_.append(indent_, ' ');
    text_ += line;
    text_ += '\n';
  }
  void Node(std::string_view id, std::string_view label, std::string_view attributes = "") {
    Line(fmt::format("{} [label={}{}{}];", Quote(id), Quote(label), attributes.empty() ? "" : ", ", attributes));
  }
  void Edge(std::string_view from, std::string_view to, std::string_view attributes = "") {
    Line(fmt::format("{} -> {}{}{}{};", Quote(from), Quote(to), attributes.empty() ? "" : " [", attributes,
                     attributes.empty() ? "" : "]"));
  }
  void BeginCluster(std::string_view id, std::string_view label) {
    Line(fmt::format("subgraph {} {{", Quote("cluster_" + std::string(id))));
    indent_ += 2;
    Line(fmt::format("label={}; style=rounded; color=gray50;", Quote(label)));
  }
  void EndCluster() {
    indent_ -= 2;
    Line("}");
  }
  auto Finish() -> std::string { return text_ + "}\n"; }

 private:
  std::string text_;
  size_t indent_ = 2;
};

auto RoleId(const model::Plant& plant, model::RoleId role) -> std::string { return "role:" + plant.role(role).name; }

void RoutingView(const model::Plant& plant, Writer& out) {
  for (const model::Routing& routing : plant.routings) {
    if (routing.from_module) {
      continue;
    }
    auto op_id = [&](const model::Operation& op) { return fmt::format("{}.{}", routing.name, op.number); };
    out.BeginCluster(routing.name, fmt::format("routing {} rev {} for {}\nowner {}", routing.name, routing.rev,
                                               plant.products[routing.product.index].name,
                                               plant.role(routing.owner).name));
    for (const model::Operation& op : routing.operations) {
      std::string label = fmt::format("op {} {}\nat {}", op.number, op.name, plant.workcenter(op.workcenter).name);
      if (op.instruction) {
        label += "\n" + plant.instructions[op.instruction->index].name;
      }
      out.Node(op_id(op), label, op.critical ? "peripheries=2, xlabel=\"critical\"" : "");
      for (model::ControlId control : op.checks) {
        std::string check_id = op_id(op) + ".check." + plant.control(control).name;
        out.Node(check_id, "check " + plant.control(control).name, "shape=note, style=\"\", color=gray40");
        out.Edge(op_id(op), check_id, "style=dashed, arrowhead=none, color=gray40");
      }
    }
    for (size_t i = 0; i + 1 < routing.operations.size(); ++i) {
      out.Edge(op_id(routing.operations[i]), op_id(routing.operations[i + 1]), "weight=10");
    }
    for (const model::Operation& op : routing.operations) {
      if (!op.on_fail) {
        continue;
      }
      const model::OnFail& on_fail = *op.on_fail;
      if (on_fail.rework_target) {
        out.Edge(op_id(op), op_id(routing.operations[*on_fail.rework_target]),
                 fmt::format("label={}, style=dashed, color=firebrick, constraint=false",
                             Quote(fmt::format("rework max {}", on_fail.max_reworks))));
      }
      if (!on_fail.rework_target || on_fail.then_scrap) {
        std::string scrap_id = op_id(op) + ".scrap";
        out.Node(scrap_id, "scrap", "shape=octagon, style=\"\", color=firebrick");
        out.Edge(op_id(op), scrap_id,
                 fmt::format("label={}, style=dashed, color=firebrick",
                             Quote(on_fail.rework_target ? "then scrap" : "on fail")));
      }
    }
    out.EndCluster();
  }
}

// Nodes drawn once however many edges lead to them: roles by index, the rest by id.
struct Drawn {
  std::vector<bool> roles;
  std::vector<std::string> ids;
  auto First(const std::string& id) -> bool {
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
      return false;
    }
    ids.push_back(id);
    return true;
  }
};

void RoleNode(const model::Plant& plant, model::RoleId role, Writer& out, Drawn& drawn) {
  if (drawn.roles[role.index]) {
    return;
  }
  drawn.roles[role.index] = true;
  out.Node(RoleId(plant, role), plant.role(role).name, "shape=hexagon, style=\"\"");
}

auto TriggerId(const model::Plant& plant, const model::StopTrigger& trigger) -> std::string {
  return trigger.uncoded ? std::string("down:uncoded") : "down:" + plant.reason(trigger.reason).name;
}

void TriggerNode(const model::Plant& plant, const model::StopTrigger& trigger, Writer& out, Drawn& drawn) {
  std::string id = TriggerId(plant, trigger);
  if (!drawn.First(id)) {
    return;
  }
  out.Node(id, trigger.uncoded ? std::string("down uncoded") : "down " + plant.reason(trigger.reason).name,
           "shape=ellipse, style=\"\"");
}

auto CaseNodeId(const model::Case& case_decl) -> std::string { return "case:" + case_decl.name; }

// `label="notify", color=steelblue`; no colour attribute when `color` is empty.
auto EdgeAttributes(std::string_view label, std::string_view color) -> std::string {
  std::string attributes = label.empty() ? "" : "label=" + Quote(label);
  if (!color.empty()) {
    attributes += fmt::format("{}color={}", attributes.empty() ? "" : ", ", color);
  }
  return attributes;
}

// What a tier or a recurrence does, as an edge from `from`: to the role it notifies or escalates
// to, to the case it opens, or to a node of its own for a reaction without a target (`stop
// line`). Every reaction gets its edge, so no tier of the standard is missing from the picture.
void ReactionEdge(const model::Plant& plant, const std::string& from, const model::Reaction& reaction,
                  std::string_view color, Writer& out, Drawn& drawn) {
  const base::ReactionInfo& info = base::GetReaction(reaction.kind);
  switch (info.target) {
    case base::ReactionTarget::Role:
      RoleNode(plant, reaction.role, out, drawn);
      out.Edge(from, RoleId(plant, reaction.role), EdgeAttributes(info.verb(), color));
      return;
    case base::ReactionTarget::Case: {
      const model::Case& case_decl = plant.case_of(reaction.case_id);
      // The plant's own cases are drawn with their owner below; a module's only as a node.
      if (case_decl.from_module && drawn.First(CaseNodeId(case_decl))) {
        out.Node(CaseNodeId(case_decl), "case " + case_decl.name, "shape=box3d, style=\"\"");
      }
      out.Edge(from, CaseNodeId(case_decl), EdgeAttributes(info.verb(), color));
      return;
    }
    case base::ReactionTarget::None: {
      const std::string id = fmt::format("{}.{}", from, info.spelling);
      if (drawn.First(id)) {
        out.Node(id, info.spelling, "shape=octagon, style=\"\", color=firebrick");
      }
      out.Edge(from, id, EdgeAttributes("", color));
      return;
    }
  }
}

void EscalationView(const model::Plant& plant, Writer& out) {
  Drawn drawn{.roles = std::vector<bool>(plant.roles.size(), false), .ids = {}};
  for (const model::Escalation& escalation : plant.escalations) {
    if (escalation.from_module) {
      continue;
    }
    TriggerNode(plant, escalation.trigger, out, drawn);
    std::string previous = TriggerId(plant, escalation.trigger);
    for (size_t i = 0; i < escalation.tiers.size(); ++i) {
      const model::Tier& tier = escalation.tiers[i];
      std::string tier_id = fmt::format("{}.tier{}", escalation.name, i + 1);
      // The time as the standard writes it (`60 min`), which is what readers look for.
      out.Node(tier_id, fmt::format("{} tier {}\nafter {}", escalation.name, i + 1,
                                    tier.after_text.empty() ? model::FormatDuration(tier.after_ms) : tier.after_text));
      out.Edge(previous, tier_id);
      previous = tier_id;
      for (const model::Reaction& reaction : tier.reactions) {
        ReactionEdge(plant, tier_id, reaction, "steelblue", out, drawn);
      }
    }
  }
  for (const model::Recurrence& recurrence : plant.recurrences) {
    if (recurrence.from_module) {
      continue;
    }
    TriggerNode(plant, recurrence.trigger, out, drawn);
    std::string id = "recurrence:" + recurrence.name;
    out.Node(id, fmt::format("recurrence {}\n{} times within {}", recurrence.name, recurrence.count,
                             model::FormatDuration(recurrence.window_ms)),
             "shape=box, style=\"rounded,dashed\"");
    out.Edge(TriggerId(plant, recurrence.trigger), id, "style=dashed");
    for (const model::Reaction& reaction : recurrence.reactions) {
      ReactionEdge(plant, id, reaction, "", out, drawn);
    }
  }
  for (const model::Case& case_decl : plant.cases) {
    if (case_decl.from_module) {
      continue;
    }
    std::string id = CaseNodeId(case_decl);
    out.Node(id, fmt::format("case {}\ndecide within {}", case_decl.name, model::FormatDuration(case_decl.decide_within_ms)),
             "shape=box3d, style=\"\"");
    RoleNode(plant, case_decl.owner, out, drawn);
    out.Edge(id, RoleId(plant, case_decl.owner), "label=\"decides\", color=gray40");
    const model::Timeout& timeout = case_decl.timeout;
    if (timeout.kind == model::TimeoutKind::EscalateTo) {
      RoleNode(plant, timeout.role, out, drawn);
      out.Edge(id, RoleId(plant, timeout.role),
               fmt::format("label={}, color=firebrick",
                           Quote("timeout " + model::FormatDuration(case_decl.decide_within_ms) + ": escalate")));
      continue;
    }
    // `escalate up every P`: one edge per step up the `reports_to` chain.
    model::RoleId current = case_decl.owner;
    int64_t at_ms = case_decl.decide_within_ms;
    std::vector<bool> visited(plant.roles.size(), false);
    while (plant.role(current).reports_to && !visited[current.index]) {
      visited[current.index] = true;
      model::RoleId up = *plant.role(current).reports_to;
      RoleNode(plant, up, out, drawn);
      out.Edge(RoleId(plant, current), RoleId(plant, up),
               fmt::format("label={}, color=firebrick, style=dashed",
                           Quote(fmt::format("{} +{}", case_decl.name, model::FormatDuration(at_ms)))));
      at_ms += timeout.every_ms;
      current = up;
    }
  }
}

void OwnershipView(const model::Plant& plant, Writer& out) {
  std::vector<std::vector<std::string>> owned(plant.roles.size());
  auto own = [&](model::RoleId role, std::string_view kind, const model::Named& named) {
    if (role.is_valid() && !named.from_module) {
      owned[role.index].push_back(fmt::format("{} {}", kind, named.name));
    }
  };
  for (const model::Area& area : plant.areas) {
    own(area.owner, "area", area);
  }
  for (const model::Line& line : plant.lines) {
    own(line.owner, "line", line);
  }
  for (const model::Instruction& instruction : plant.instructions) {
    own(instruction.owner.value_or(model::RoleId{}), "instruction", instruction);
  }
  for (const model::Routing& routing : plant.routings) {
    own(routing.owner, "routing", routing);
  }
  for (const model::Control& control : plant.controls) {
    own(control.owner, "control", control);
  }
  for (const model::Case& case_decl : plant.cases) {
    own(case_decl.owner, "case", case_decl);
  }
  for (const model::Deviation& deviation : plant.deviations) {
    own(deviation.owner, "deviation", deviation);
  }
  for (const model::Reason& reason : plant.reasons) {
    own(reason.owner.value_or(model::RoleId{}), "reason", reason);
  }
  for (const model::Escalation& escalation : plant.escalations) {
    own(escalation.owner, "escalation", escalation);
  }
  for (const model::Recurrence& recurrence : plant.recurrences) {
    own(recurrence.owner, "recurrence", recurrence);
  }
  for (const model::Handover& handover : plant.handovers) {
    own(handover.owner, "handover", handover);
  }
  for (uint32_t i = 0; i < plant.roles.size(); ++i) {
    const model::Role& role = plant.roles[i];
    std::string label = fmt::format("{}\n{}", role.name, role.title);
    out.Node(RoleId(plant, model::RoleId{i}), label, "shape=hexagon, style=\"\"");
    if (!owned[i].empty()) {
      std::string list;
      for (const std::string& item : owned[i]) {
        // `\l` left-justifies each line of the note.
        list += item + "\\l";
      }
      std::string owns_id = "owns:" + role.name;
      // Written by hand: the label holds DOT's own `\l` escapes, which Quote would double.
      out.Line(fmt::format("{} [label=\"{}\", shape=note, style=\"\", color=gray40];", Quote(owns_id), list));
      out.Edge(RoleId(plant, model::RoleId{i}), owns_id, "label=\"owns\", style=dashed, arrowhead=none, color=gray40");
    }
  }
  for (uint32_t i = 0; i < plant.roles.size(); ++i) {
    if (plant.roles[i].reports_to) {
      out.Edge(RoleId(plant, *plant.roles[i].reports_to), RoleId(plant, model::RoleId{i}), "label=\"manages\"");
    }
  }
}

}  // namespace

auto FindView(std::string_view name) -> std::optional<View> {
  if (name == "routing") {
    return View::Routing;
  }
  if (name == "escalation") {
    return View::Escalation;
  }
  if (name == "ownership") {
    return View::Ownership;
  }
  return std::nullopt;
}

auto RenderDot(const model::Plant& plant, View view) -> std::string {
  switch (view) {
    case View::Routing: {
      Writer out(plant.name + " routings", "LR");
      RoutingView(plant, out);
      return out.Finish();
    }
    case View::Escalation: {
      Writer out(plant.name + " escalations", "LR");
      EscalationView(plant, out);
      return out.Finish();
    }
    case View::Ownership: {
      Writer out(plant.name + " ownership", "TB");
      OwnershipView(plant, out);
      return out.Finish();
    }
  }
  return "";
}

}  // namespace takt::graph
