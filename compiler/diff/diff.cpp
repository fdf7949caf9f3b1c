// Each declaration is flattened into an ordered list of facts (property → printed value),
// grouped by part (the declaration itself, `op 20`, `tier 2`, `outcome release`); two plants
// are compared fact by fact. Values are printed from the model, never copied from the source,
// so layout and comments cannot show up as changes.
#include "compiler/diff/diff.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace takt::diff {

namespace {

struct Fact {
  std::string part;  // Empty for the declaration itself.
  std::string field;
  std::string value;
  bool is_owner = false;
};

struct Decl {
  std::string kind;
  std::string name;
  std::vector<Fact> facts;
};

class Flattener {
 public:
  explicit Flattener(const model::Plant& plant) : plant_(plant) {}

  auto Run() -> std::vector<Decl>;

 private:
  auto Role(model::RoleId id) const -> std::string {
    return id.is_valid() ? plant_.role(id).name : std::string("none");
  }
  // A signature's meaning, quoted; `none` without one.
  auto Signature(const std::optional<model::Signature>& signature) const -> std::string {
    return signature ? "\"" + plant_.signature_meanings[signature->meaning] + "\"" : std::string("none");
  }
  auto Roles(const std::vector<model::RoleId>& ids) const -> std::string;
  auto Reactions(const std::vector<model::Reaction>& reactions) const -> std::string;
  auto Reaction(const model::Reaction& reaction) const -> std::string;
  auto Trigger(const model::StopTrigger& trigger) const -> std::string;

  void Begin(std::string kind, const model::Named& named) {
    decls_.push_back(Decl{.kind = std::move(kind), .name = named.name, .facts = {}});
    Add("", "title", named.title);
  }
  void Add(std::string part, std::string field, std::string value, bool is_owner = false) {
    decls_.back().facts.push_back(
        Fact{.part = std::move(part), .field = std::move(field), .value = std::move(value), .is_owner = is_owner});
  }
  void Owner(model::RoleId id) { Add("", "owner", Role(id), /*is_owner=*/true); }

  void Routings();
  void Controls();
  void Cases();

  const model::Plant& plant_;
  std::vector<Decl> decls_;
};

// The number of decimals the spec was written with, so limits print as `8.05`, not
// `8.050000000000001`.
auto Decimals(std::string_view text) -> int {
  int best = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      int count = 0;
      for (size_t j = i + 1; j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])); ++j) {
        ++count;
      }
      best = std::max(best, count);
    }
  }
  return best;
}

auto Number(double value, int decimals) -> std::string { return fmt::format("{:.{}f}", value, decimals); }

auto Join(const std::vector<std::string>& items) -> std::string {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : ", ") + item;
  }
  return text.empty() ? "none" : text;
}

auto Flattener::Roles(const std::vector<model::RoleId>& ids) const -> std::string {
  std::vector<std::string> names;
  for (model::RoleId id : ids) {
    names.push_back(Role(id));
  }
  return Join(names);
}

auto Flattener::Reaction(const model::Reaction& reaction) const -> std::string {
  const base::ReactionInfo& info = base::GetReaction(reaction.kind);
  switch (info.target) {
    case base::ReactionTarget::None: return std::string(info.spelling);
    case base::ReactionTarget::Role: return fmt::format("{} {}", info.spelling, Role(reaction.role));
    case base::ReactionTarget::Case: return fmt::format("{} {}", info.spelling, plant_.case_of(reaction.case_id).name);
  }
  return "?";
}

auto Flattener::Reactions(const std::vector<model::Reaction>& reactions) const -> std::string {
  std::vector<std::string> items;
  for (const model::Reaction& reaction : reactions) {
    items.push_back(Reaction(reaction));
  }
  return Join(items);
}

auto Flattener::Trigger(const model::StopTrigger& trigger) const -> std::string {
  return trigger.uncoded ? std::string("down uncoded") : "down " + plant_.reason(trigger.reason).name;
}

void Flattener::Routings() {
  for (const model::Routing& routing : plant_.routings) {
    if (routing.from_module) {
      continue;
    }
    Begin("routing", routing);
    Add("", "product", plant_.products[routing.product.index].name);
    Add("", "rev", std::to_string(routing.rev));
    Owner(routing.owner);
    Add("", "confirm critical", routing.confirm_critical ? "yes" : "no");
    // Facts of the roster's clauses only where written, so plants without them diff as before.
    if (routing.four_eyes) {
      Add("", "confirm by another person", "yes");
    }
    std::vector<std::string> order;
    for (const model::Operation& op : routing.operations) {
      order.push_back(std::to_string(op.number));
    }
    Add("", "operations", Join(order));
    for (const model::Operation& op : routing.operations) {
      std::string part = fmt::format("op {}", op.number);
      Add(part, "name", op.name);
      Add(part, "workcenter", plant_.workcenter(op.workcenter).name);
      Add(part, "instruction", op.instruction ? plant_.instructions[op.instruction->index].name : "none");
      std::vector<std::string> consumes;
      for (const model::Consume& consume : op.consumes) {
        consumes.push_back(fmt::format("{} {} per {}", plant_.materials[consume.material.index].name,
                                       consume.amount.text, model::GetUnit(consume.per_unit).symbol));
      }
      Add(part, "consume", Join(consumes));
      Add(part, "std_time",
          op.std_time ? op.std_time->text +
                            (op.std_time_per ? fmt::format(" per {}", model::GetUnit(*op.std_time_per).symbol) : "")
                      : "none");
      std::vector<std::string> checks;
      for (model::ControlId control : op.checks) {
        checks.push_back(plant_.control(control).name);
      }
      Add(part, "checks", Join(checks));
      Add(part, "critical", op.critical ? "yes" : "no");
      if (op.requires_qualification) {
        Add(part, "requires", plant_.qualifications[op.requires_qualification->index].name);
      }
      std::string on_fail = "none";
      if (op.on_fail) {
        on_fail = op.on_fail->rework_target
                      ? fmt::format("rework {} max {}{}", routing.operations[*op.on_fail->rework_target].number,
                                    op.on_fail->max_reworks, op.on_fail->then_scrap ? " then scrap" : "")
                      : std::string("scrap");
      }
      Add(part, "on fail", on_fail);
    }
  }
}

void Flattener::Controls() {
  for (const model::Control& control : plant_.controls) {
    if (control.from_module) {
      continue;
    }
    Begin("control", control);
    Owner(control.owner);
    const std::string unit(model::GetUnit(control.unit).symbol);
    Add("", "measure", fmt::format("{} in {}", control.characteristic, unit));
    if (control.spec) {
      const model::Spec& spec = *control.spec;
      int decimals = Decimals(spec.text);
      // A one-sided spec has no limit on its other side: `lsl none` (`spec max 1.5`).
      auto limit = [&](const std::optional<double>& value) {
        return value ? Number(*value, decimals) + " " + unit : std::string("none");
      };
      Add("", "lsl", limit(spec.lsl));
      Add("", "target", limit(spec.target));
      Add("", "usl", limit(spec.usl));
    } else {
      Add("", "spec", "none");
    }
    Add("", "class", control.characteristic_class.value_or("none"));
    Add("", "sample", control.sample_size ? fmt::format("{}{}", *control.sample_size,
                                                        control.sample_every ? " every " + control.sample_every->text : "")
                                          : "none");
    if (control.spc) {
      const model::Spc& spc = *control.spc;
      std::vector<std::string> rules;
      for (model::SpcRule rule : spc.rules) {
        rules.emplace_back(model::SpcRuleName(rule));
      }
      Add("", "spc chart", spc.chart);
      Add("", "spc center", fmt::format("{} {}", spc.center, unit));
      Add("", "spc sigma", fmt::format("{} {}", spc.sigma, unit));
      Add("", "spc rules", Join(rules));
    } else {
      Add("", "spc", "none");
    }
    Add("", "on out_of_spec", Reactions(control.on_out_of_spec));
    Add("", "on spc_signal", Reactions(control.on_spc_signal));
  }
}

void Flattener::Cases() {
  for (const model::Case& case_decl : plant_.cases) {
    if (case_decl.from_module) {
      continue;
    }
    Begin("case", case_decl);
    Owner(case_decl.owner);
    Add("", "decide within", model::FormatDuration(case_decl.decide_within_ms));
    Add("", "evidence", Join(case_decl.evidence));
    Add("", "signature", Signature(case_decl.signature));
    std::vector<std::string> outcomes;
    for (const model::Outcome& outcome : case_decl.outcomes) {
      outcomes.push_back(outcome.name);
    }
    Add("", "outcomes", Join(outcomes));
    for (const model::Outcome& outcome : case_decl.outcomes) {
      std::string part = "outcome " + outcome.name;
      Add(part, "title", outcome.title);
      Add(part, "reactions", Reactions(outcome.reactions));
    }
    const model::Timeout& timeout = case_decl.timeout;
    Add("", "on timeout",
        timeout.kind == model::TimeoutKind::EscalateUpEvery ? "escalate up every " + model::FormatDuration(timeout.every_ms)
                                                            : "escalate to " + Role(timeout.role));
  }
}

auto Flattener::Run() -> std::vector<Decl> {
  for (const model::Role& role : plant_.roles) {
    if (role.from_module) {
      continue;
    }
    Begin("role", role);
    Add("", "reports_to", role.reports_to ? Role(*role.reports_to) : "none");
  }
  for (const model::Qualification& qualification : plant_.qualifications) {
    Begin("qualification", qualification);
  }
  for (const model::Person& person : plant_.people) {
    Begin("person", person);
    Add("", "roles", Roles(person.roles));
    std::vector<std::string> qualifications;
    for (model::QualificationId id : person.qualifications) {
      qualifications.push_back(plant_.qualifications[id.index].name);
    }
    Add("", "qualified", Join(qualifications));
  }
  for (const model::Shift& shift : plant_.shifts) {
    decls_.push_back(Decl{.kind = "shift", .name = shift.name, .facts = {}});
    Add("", "hours", fmt::format("{:02}:{:02} to {:02}:{:02}", shift.start_minute / 60, shift.start_minute % 60,
                                 shift.end_minute / 60, shift.end_minute % 60));
    // Breaks change planned time, so a diff shows them (`breaks` only when the shift has any).
    std::vector<std::string> breaks;
    for (const model::ShiftBreak& pause : shift.breaks) {
      const int64_t minute = (shift.start_minute + pause.offset_ms / 60'000) % (24 * 60);
      const bool whole = pause.length_ms % 60'000 == 0;
      breaks.push_back(fmt::format("{:02}:{:02} for {} {}", minute / 60, minute % 60,
                                   whole ? pause.length_ms / 60'000 : pause.length_ms, whole ? "min" : "ms"));
    }
    if (!breaks.empty()) {
      Add("", "breaks", fmt::format("{}", fmt::join(breaks, ", ")));
    }
  }
  for (const model::Area& area : plant_.areas) {
    Begin("area", area);
    Owner(area.owner);
  }
  for (const model::Line& line : plant_.lines) {
    Begin("line", line);
    Add("", "area", plant_.areas[line.area.index].name);
    Owner(line.owner);
  }
  for (const model::Workcenter& workcenter : plant_.workcenters) {
    Begin("workcenter", workcenter);
    Add("", "line", plant_.line(workcenter.line).name);
    Owner(workcenter.owner);
  }
  for (const auto& [kind, items] : {std::pair{"material", &plant_.materials}, std::pair{"product", &plant_.products}}) {
    for (const model::Item& item : *items) {
      if (item.from_module) {
        continue;
      }
      Begin(kind, item);
      Add("", "unit", std::string(model::GetUnit(item.unit).symbol));
    }
  }
  for (const model::Instruction& instruction : plant_.instructions) {
    if (instruction.from_module) {
      continue;
    }
    Begin("instruction", instruction);
    Add("", "rev", std::to_string(instruction.rev));
    Owner(instruction.owner ? *instruction.owner : model::RoleId{});
  }
  Routings();
  Controls();
  Cases();
  for (const model::Deviation& deviation : plant_.deviations) {
    if (deviation.from_module) {
      continue;
    }
    Begin("deviation", deviation);
    Owner(deviation.owner);
    Add("", "approve by", Roles(deviation.approvers));
    for (const model::RiskApproval& risk : deviation.risk_approvals) {
      Add("", "when risk " + risk.level + " approve by", Roles(risk.approvers));
    }
    Add("", "expires after", deviation.expires_after_ms ? model::FormatDuration(*deviation.expires_after_ms) : "none");
    Add("", "expires after lots", deviation.expires_lots ? std::to_string(*deviation.expires_lots) : "none");
    Add("", "signature", Signature(deviation.signature));
  }
  for (const model::Reason& reason : plant_.reasons) {
    if (reason.from_module) {
      continue;
    }
    Begin("reason", reason);
    Owner(reason.owner ? *reason.owner : model::RoleId{});
    Add("", "require", Join(reason.required));
  }
  for (const model::Escalation& escalation : plant_.escalations) {
    if (escalation.from_module) {
      continue;
    }
    Begin("escalation", escalation);
    Add("", "trigger", Trigger(escalation.trigger));
    Owner(escalation.owner);
    for (size_t i = 0; i < escalation.tiers.size(); ++i) {
      const model::Tier& tier = escalation.tiers[i];
      std::string part = fmt::format("tier {}", i + 1);
      Add(part, part, model::FormatDuration(tier.after_ms));
      Add(part, part + " action", Reactions(tier.reactions));
    }
  }
  for (const model::Recurrence& recurrence : plant_.recurrences) {
    if (recurrence.from_module) {
      continue;
    }
    Begin("recurrence", recurrence);
    Add("", "trigger", Trigger(recurrence.trigger));
    Owner(recurrence.owner);
    std::vector<std::string> keys;
    if (recurrence.per_workcenter) {
      keys.emplace_back("workcenter");
    }
    if (recurrence.per_reason) {
      keys.emplace_back("reason");
    }
    Add("", "when", fmt::format("{} times within {} per {}", recurrence.count, model::FormatDuration(recurrence.window_ms),
                                keys.empty() ? std::string("plant") : Join(keys)));
    Add("", "reactions", Reactions(recurrence.reactions));
  }
  for (const model::Handover& handover : plant_.handovers) {
    if (handover.from_module) {
      continue;
    }
    Begin("handover", handover);
    Owner(handover.owner);
    std::vector<std::string> items;
    for (model::ReportItem item : handover.report) {
      items.emplace_back(model::ReportItemName(item));
    }
    Add("", "report", Join(items));
    Add("", "acknowledge",
        handover.acknowledge_by
            ? fmt::format("by {} within {}", Role(*handover.acknowledge_by), model::FormatDuration(handover.acknowledge_within_ms))
            : "none");
  }
  for (const model::Test& test : plant_.tests) {
    decls_.push_back(Decl{.kind = "test", .name = fmt::format("\"{}\"", test.name), .facts = {}});
    for (size_t i = 0; i < test.steps.size(); ++i) {
      const model::TestStep& step = test.steps[i];
      std::string text = step.at_minute ? fmt::format("at {} ", model::FormatTestTime(*step.at_minute)) : std::string();
      text += step.kind == model::TestStep::Kind::Event ? "" : step.kind == model::TestStep::Kind::Expect ? "expect " : "expect no ";
      text += step.verb;
      for (const model::TestField& field : step.fields) {
        text += fmt::format(" {} {}", field.key, field.value);
      }
      Add("", fmt::format("step {}", i + 1), text);
    }
  }
  return std::move(decls_);
}

// The facts of one part, by field name.
auto PartFacts(const Decl& decl, const std::string& part) -> std::vector<const Fact*> {
  std::vector<const Fact*> facts;
  for (const Fact& fact : decl.facts) {
    if (fact.part == part) {
      facts.push_back(&fact);
    }
  }
  return facts;
}

// Parts in order of first appearance, `before`'s first, then `after`'s new ones.
auto Parts(const Decl* before, const Decl* after) -> std::vector<std::string> {
  std::vector<std::string> parts;
  for (const Decl* decl : {before, after}) {
    if (decl == nullptr) {
      continue;
    }
    for (const Fact& fact : decl->facts) {
      if (std::find(parts.begin(), parts.end(), fact.part) == parts.end()) {
        parts.push_back(fact.part);
      }
    }
  }
  return parts;
}

auto Compare(const Decl& before, const Decl& after) -> Change {
  Change change{.kind = Change::Kind::Changed, .decl_kind = after.kind, .name = after.name};
  for (const std::string& part : Parts(&before, &after)) {
    std::vector<const Fact*> old_facts = PartFacts(before, part);
    std::vector<const Fact*> new_facts = PartFacts(after, part);
    if (old_facts.empty()) {
      change.parts_added.push_back(part);
      continue;
    }
    if (new_facts.empty()) {
      change.parts_removed.push_back(part);
      continue;
    }
    std::vector<std::string> fields;
    for (const auto* list : {&old_facts, &new_facts}) {
      for (const Fact* fact : *list) {
        if (std::find(fields.begin(), fields.end(), fact->field) == fields.end()) {
          fields.push_back(fact->field);
        }
      }
    }
    for (const std::string& field : fields) {
      auto find = [&](const std::vector<const Fact*>& facts) -> const Fact* {
        auto it = std::find_if(facts.begin(), facts.end(), [&](const Fact* f) { return f->field == field; });
        return it == facts.end() ? nullptr : *it;
      };
      const Fact* old_fact = find(old_facts);
      const Fact* new_fact = find(new_facts);
      std::string old_value = old_fact ? old_fact->value : "none";
      std::string new_value = new_fact ? new_fact->value : "none";
      if (old_value == new_value) {
        continue;
      }
      // Inside a part the field reads `op 20 workcenter`; the tier's own time is `tier 2`.
      std::string label = part.empty() || field.starts_with(part) ? field : part + " " + field;
      change.fields.push_back(FieldChange{.field = label,
                                          .before = old_value,
                                          .after = new_value,
                                          .is_owner = (old_fact && old_fact->is_owner) || (new_fact && new_fact->is_owner)});
    }
  }
  return change;
}

// Routings and operations that check `control`, the reach of a change to it.
auto ControlImpact(const model::Plant& plant, std::string_view control) -> std::vector<std::string> {
  std::vector<std::string> impact;
  for (const model::Routing& routing : plant.routings) {
    for (const model::Operation& op : routing.operations) {
      for (model::ControlId id : op.checks) {
        if (plant.control(id).name == control) {
          impact.push_back(fmt::format("checked by routing {} op {} {} at {}", routing.name, op.number, op.name,
                                       plant.workcenter(op.workcenter).name));
        }
      }
    }
  }
  return impact;
}

// Operations that follow `instruction`, and reactions that open `case_name`.
auto OtherImpact(const model::Plant& plant, const Change& change) -> std::vector<std::string> {
  std::vector<std::string> impact;
  if (change.decl_kind == "control") {
    return ControlImpact(plant, change.name);
  }
  if (change.decl_kind == "instruction") {
    for (const model::Routing& routing : plant.routings) {
      for (const model::Operation& op : routing.operations) {
        if (op.instruction && plant.instructions[op.instruction->index].name == change.name) {
          impact.push_back(fmt::format("followed at routing {} op {} {}", routing.name, op.number, op.name));
        }
      }
    }
  }
  if (change.decl_kind == "case") {
    auto opens = [&](const std::vector<model::Reaction>& reactions) {
      return std::any_of(reactions.begin(), reactions.end(), [&](const model::Reaction& r) {
        return r.kind == model::ReactionKind::OpenCase && plant.case_of(r.case_id).name == change.name;
      });
    };
    for (const model::Control& control : plant.controls) {
      if (opens(control.on_out_of_spec) || opens(control.on_spc_signal)) {
        impact.push_back("opened by control " + control.name);
      }
    }
    for (const model::Recurrence& recurrence : plant.recurrences) {
      if (opens(recurrence.reactions)) {
        impact.push_back("opened by recurrence " + recurrence.name);
      }
    }
  }
  return impact;
}

}  // namespace

auto ChangeKindName(Change::Kind kind) -> std::string_view {
  switch (kind) {
    case Change::Kind::Added: return "added";
    case Change::Kind::Removed: return "removed";
    case Change::Kind::Changed: return "changed";
  }
  return "changed";
}

auto DiffPlants(const model::Plant& before, const model::Plant& after) -> PlantDiff {
  PlantDiff diff{.before_plant = before.name, .after_plant = after.name, .changes = {}};
  // The plant header and its modules are a declaration of their own.
  auto header = [](const model::Plant& plant) {
    Decl decl{.kind = "plant", .name = "", .facts = {}};
    decl.facts.push_back(Fact{.part = "", .field = "name", .value = plant.name});
    decl.facts.push_back(Fact{.part = "", .field = "title", .value = plant.title});
    // A new zone moves every shift end: a change to show.
    decl.facts.push_back(
        Fact{.part = "", .field = "timezone", .value = plant.timezone.empty() ? "UTC" : plant.timezone});
    decl.facts.push_back(Fact{.part = "", .field = "uses", .value = Join(plant.modules)});
    return decl;
  };
  std::vector<Decl> old_decls = Flattener(before).Run();
  std::vector<Decl> new_decls = Flattener(after).Run();
  old_decls.insert(old_decls.begin(), header(before));
  new_decls.insert(new_decls.begin(), header(after));

  std::map<std::pair<std::string, std::string>, const Decl*> old_by_name;
  for (const Decl& decl : old_decls) {
    old_by_name[{decl.kind, decl.name}] = &decl;
  }
  std::set<std::pair<std::string, std::string>> seen;
  // New declarations in their order; removed ones are placed where they used to be in kind order.
  std::vector<std::string> kinds;
  for (const auto* list : {&old_decls, &new_decls}) {
    for (const Decl& decl : *list) {
      if (std::find(kinds.begin(), kinds.end(), decl.kind) == kinds.end()) {
        kinds.push_back(decl.kind);
      }
    }
  }
  for (const std::string& kind : kinds) {
    for (const Decl& decl : new_decls) {
      if (decl.kind != kind) {
        continue;
      }
      seen.insert({decl.kind, decl.name});
      auto it = old_by_name.find({decl.kind, decl.name});
      if (it == old_by_name.end()) {
        diff.changes.push_back(Change{.kind = Change::Kind::Added, .decl_kind = decl.kind, .name = decl.name});
        continue;
      }
      Change change = Compare(*it->second, decl);
      if (!change.fields.empty() || !change.parts_added.empty() || !change.parts_removed.empty()) {
        change.impact = OtherImpact(after, change);
        diff.changes.push_back(std::move(change));
      }
    }
    for (const Decl& decl : old_decls) {
      if (decl.kind == kind && !seen.contains({decl.kind, decl.name})) {
        Change change{.kind = Change::Kind::Removed, .decl_kind = decl.kind, .name = decl.name};
        // What used the removed declaration in the old plant (the new one no longer can).
        change.impact = OtherImpact(before, change);
        diff.changes.push_back(std::move(change));
      }
    }
  }
  return diff;
}

}  // namespace takt::diff
