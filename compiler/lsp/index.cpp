#include "compiler/lsp/index.h"

#include <algorithm>
#include <tuple>


namespace takt::lsp {

auto SymbolKindName(SymbolKind kind) -> std::string_view {
  switch (kind) {
    case SymbolKind::Role:
      return "role";
    case SymbolKind::Area:
      return "area";
    case SymbolKind::Line:
      return "line";
    case SymbolKind::Workcenter:
      return "workcenter";
    case SymbolKind::Material:
      return "material";
    case SymbolKind::Product:
      return "product";
    case SymbolKind::Instruction:
      return "instruction";
    case SymbolKind::Routing:
      return "routing";
    case SymbolKind::Control:
      return "control";
    case SymbolKind::SpcRuleSet:
      return "spc_rules";
    case SymbolKind::Case:
      return "case";
    case SymbolKind::Outcome:
      return "outcome";
    case SymbolKind::Deviation:
      return "deviation";
    case SymbolKind::Reason:
      return "reason";
    case SymbolKind::Escalation:
      return "escalation";
    case SymbolKind::Recurrence:
      return "recurrence";
    case SymbolKind::Handover:
      return "handover";
    case SymbolKind::Person:
      return "person";
    case SymbolKind::Qualification:
      return "qualification";
  }
  return "";
}

// Walks the ASTs once: declarations are interned as they are met, references are kept aside and
// resolved at the end, since a name may be used in a file before the one that declares it.
class IndexBuilder {
 public:
  explicit IndexBuilder(Index& index) : index_(index) {}

  void AddFile(const ast::File& file) {
    for (const ast::Decl& decl : file.decls) {
      std::visit([this](const auto& node) { Add(node); }, decl);
    }
  }

  void Finish() {
    for (const Pending& pending : pending_) {
      index_.occurrences_.push_back(
          {.span = pending.span, .symbol = index_.Intern(pending.kind, pending.name), .extent = pending.span});
    }
    for (const ast::TestStep* step : steps_) {
      AddTestStep(*step);
    }
    std::sort(index_.occurrences_.begin(), index_.occurrences_.end(), [](const Occurrence& a, const Occurrence& b) {
      return std::tie(a.span.file, a.span.begin, a.span.end) < std::tie(b.span.file, b.span.begin, b.span.end);
    });
  }

 private:
  struct Pending {
    SymbolKind kind;
    std::string name;
    source::Span span;
  };

  auto Declare(SymbolKind kind, std::string name, const ast::DeclHead& head, const std::optional<ast::Owner>& owner,
               source::Span extent) -> Symbol& {
    const uint32_t id = index_.Intern(kind, std::move(name));
    Symbol& symbol = index_.symbols_[id];
    // A second declaration of one name is the checker's T02xx; the index keeps the first.
    if (!symbol.declaration.has_value()) {
      symbol.declaration = head.name.span;
      symbol.head = &head;
      symbol.owner = owner.has_value() ? &*owner : nullptr;
    }
    index_.occurrences_.push_back({.span = head.name.span, .symbol = id, .is_declaration = true, .extent = extent});
    return symbol;
  }

  void Refer(SymbolKind kind, const ast::Name& name) { pending_.push_back({kind, name.text, name.span}); }
  void Refer(SymbolKind kind, const std::optional<ast::Name>& name) {
    if (name.has_value()) {
      Refer(kind, *name);
    }
  }
  void ReferOwner(const std::optional<ast::Owner>& owner) {
    if (owner.has_value()) {
      Refer(SymbolKind::Role, owner->role);
    }
  }
  // Each part of a reason path names the reason the path has reached so far.
  void ReferPath(const ast::QualifiedName& path) {
    std::string prefix;
    for (const ast::Name& part : path.parts) {
      prefix += prefix.empty() ? part.text : "." + part.text;
      pending_.push_back({SymbolKind::Reason, prefix, part.span});
    }
  }
  void Unit(const ast::Name& unit) { index_.units_.push_back(unit.span); }
  void Unit(const std::optional<ast::Quantity>& quantity) {
    if (quantity.has_value()) {
      Unit(quantity->unit);
    }
  }
  void AddReactions(const std::vector<ast::Reaction>& reactions) {
    for (const ast::Reaction& reaction : reactions) {
      switch (base::kReactions[static_cast<size_t>(reaction.kind)].target) {
        case base::ReactionTarget::None:
          break;
        case base::ReactionTarget::Role:
          Refer(SymbolKind::Role, reaction.target);
          break;
        case base::ReactionTarget::Case:
          Refer(SymbolKind::Case, reaction.target);
          break;
      }
    }
  }

  void Add(const ast::Role& role) {
    Symbol& symbol = Declare(SymbolKind::Role, role.head.name.text, role.head, std::nullopt, role.span);
    if (symbol.head == &role.head) {
      symbol.reports_to = role.reports_to.has_value() ? &*role.reports_to : nullptr;
    }
    Refer(SymbolKind::Role, role.reports_to);
  }
  void Add(const ast::Person& person) {
    Declare(SymbolKind::Person, person.head.name.text, person.head, std::nullopt, person.span);
    for (const ast::Name& role : person.roles) {
      Refer(SymbolKind::Role, role);
    }
    for (const ast::Name& qualification : person.qualifications) {
      Refer(SymbolKind::Qualification, qualification);
    }
  }
  void Add(const ast::Qualification& qualification) {
    Declare(SymbolKind::Qualification, qualification.head.name.text, qualification.head, std::nullopt,
            qualification.span);
  }
  void Add(const ast::Shifts& /*shifts*/) {}
  void Add(const ast::Area& area) {
    Declare(SymbolKind::Area, area.head.name.text, area.head, area.owner, area.span);
    ReferOwner(area.owner);
    for (const ast::Line& line : area.lines) {
      Declare(SymbolKind::Line, line.head.name.text, line.head, line.owner, line.span);
      ReferOwner(line.owner);
      for (const ast::Workcenter& workcenter : line.workcenters) {
        Declare(SymbolKind::Workcenter, workcenter.head.name.text, workcenter.head, workcenter.owner,
                workcenter.span);
        ReferOwner(workcenter.owner);
      }
    }
  }
  void Add(const ast::Item& item) {
    Declare(item.kind == ast::Item::Kind::Material ? SymbolKind::Material : SymbolKind::Product, item.head.name.text,
            item.head, std::nullopt, item.span);
    Unit(item.unit);
  }
  void Add(const ast::Instruction& instruction) {
    Declare(SymbolKind::Instruction, instruction.head.name.text, instruction.head, instruction.owner, instruction.span);
    ReferOwner(instruction.owner);
  }
  void Add(const ast::Routing& routing) {
    Declare(SymbolKind::Routing, routing.head.name.text, routing.head, routing.owner, routing.span);
    Refer(SymbolKind::Product, routing.product);
    ReferOwner(routing.owner);
    for (const ast::Operation& operation : routing.operations) {
      Refer(SymbolKind::Workcenter, operation.workcenter);
      Refer(SymbolKind::Instruction, operation.instruction);
      Refer(SymbolKind::Qualification, operation.requires_qualification);
      for (const ast::Consume& consume : operation.consumes) {
        Refer(SymbolKind::Material, consume.material);
        Unit(consume.amount.unit);
        Unit(consume.per_unit);
      }
      if (operation.std_time.has_value()) {
        Unit(operation.std_time->time.unit);
        Unit(operation.std_time->per_unit);
      }
      for (const ast::Check& check : operation.checks) {
        Refer(SymbolKind::Control, check.control);
      }
    }
  }
  void Add(const ast::Control& control) {
    Symbol& symbol = Declare(SymbolKind::Control, control.head.name.text, control.head, control.owner, control.span);
    if (symbol.head == &control.head) {
      symbol.control = &control;
    }
    ReferOwner(control.owner);
    if (control.measure.has_value()) {
      Unit(control.measure->unit);
    }
    if (control.spec.has_value() && control.spec->unit.has_value()) {
      Unit(*control.spec->unit);
    }
    if (control.sample.has_value()) {
      Unit(control.sample->every.unit);
    }
    if (control.spc.has_value()) {
      for (const ast::Name& rule : control.spc->rules) {
        Refer(SymbolKind::SpcRuleSet, rule);
      }
    }
    for (const ast::ReactionPlan& plan : control.plans) {
      AddReactions(plan.reactions);
    }
  }
  void Add(const ast::SpcRuleSet& rules) { Declare(SymbolKind::SpcRuleSet, rules.head.name.text, rules.head, std::nullopt, rules.span); }
  void Add(const ast::Case& case_decl) {
    Symbol& symbol = Declare(SymbolKind::Case, case_decl.head.name.text, case_decl.head, case_decl.owner, case_decl.span);
    if (symbol.head == &case_decl.head) {
      symbol.case_decl = &case_decl;
    }
    ReferOwner(case_decl.owner);
    Unit(case_decl.decide_within);
    for (const ast::Outcome& outcome : case_decl.outcomes) {
      const uint32_t id = index_.Intern(SymbolKind::Outcome, case_decl.head.name.text + "." + outcome.name.text);
      if (!index_.symbols_[id].declaration.has_value()) {
        index_.symbols_[id].declaration = outcome.name.span;
      }
      index_.occurrences_.push_back(
          {.span = outcome.name.span, .symbol = id, .is_declaration = true, .extent = outcome.span});
      AddReactions(outcome.reactions);
    }
    if (case_decl.on_timeout.has_value()) {
      Unit(case_decl.on_timeout->every);
      Refer(SymbolKind::Role, case_decl.on_timeout->role);
    }
  }
  void Add(const ast::Deviation& deviation) {
    Declare(SymbolKind::Deviation, deviation.head.name.text, deviation.head, deviation.owner, deviation.span);
    ReferOwner(deviation.owner);
    for (const ast::Name& approver : deviation.approvers) {
      Refer(SymbolKind::Role, approver);
    }
    for (const ast::RiskApproval& risk : deviation.risk_approvals) {
      for (const ast::Name& approver : risk.approvers) {
        Refer(SymbolKind::Role, approver);
      }
    }
    Unit(deviation.expires_after);
  }
  void AddReason(const std::string& parent, const ast::Reason& reason) {
    const std::string path = parent + "." + reason.head.name.text;
    Declare(SymbolKind::Reason, path, reason.head, reason.owner, reason.span);
    ReferOwner(reason.owner);
    for (const ast::Reason& child : reason.children) {
      AddReason(path, child);
    }
  }
  void Add(const ast::Reasons& reasons) {
    ReferPath(reasons.path);
    ReferOwner(reasons.owner);
    for (const ast::Reason& reason : reasons.reasons) {
      AddReason(reasons.path.text, reason);
    }
  }
  void AddTrigger(const ast::StopTrigger& trigger) {
    if (trigger.reason.has_value()) {
      ReferPath(*trigger.reason);
    }
  }
  void Add(const ast::Escalation& escalation) {
    Declare(SymbolKind::Escalation, escalation.head.name.text, escalation.head, escalation.owner, escalation.span);
    AddTrigger(escalation.trigger);
    ReferOwner(escalation.owner);
    for (const ast::Tier& tier : escalation.tiers) {
      Unit(tier.after.unit);
      AddReactions(tier.reactions);
    }
  }
  void Add(const ast::Recurrence& recurrence) {
    Declare(SymbolKind::Recurrence, recurrence.head.name.text, recurrence.head, recurrence.owner, recurrence.span);
    AddTrigger(recurrence.trigger);
    ReferOwner(recurrence.owner);
    Unit(recurrence.window.unit);
    AddReactions(recurrence.reactions);
  }
  void Add(const ast::Handover& handover) {
    Declare(SymbolKind::Handover, handover.head.name.text, handover.head, handover.owner, handover.span);
    ReferOwner(handover.owner);
    Refer(SymbolKind::Role, handover.acknowledge_by);
    Unit(handover.acknowledge_within);
  }
  void Add(const ast::Test& test) {
    for (const ast::TestStep& step : test.steps) {
      steps_.push_back(&step);
    }
  }

  // A test step's words get their meaning from the checker (`down press_01 reason r`); here a
  // word is a reference when it is the name of a declaration of one of the kinds a step names,
  // a reason path part by part, and the word after `outcome` an outcome of the step's case.
  void AddTestStep(const ast::TestStep& step) {
    static constexpr SymbolKind kStepKinds[] = {SymbolKind::Workcenter, SymbolKind::Control, SymbolKind::Case,
                                                SymbolKind::Role, SymbolKind::Routing, SymbolKind::Deviation};
    std::optional<uint32_t> step_case;
    for (size_t i = 0; i < step.args.size(); ++i) {
      const ast::Word& word = step.args[i];
      if (word.kind != ast::Word::Kind::Name) {
        continue;
      }
      if (i > 0 && step.args[i - 1].text == "outcome" && step_case.has_value()) {
        if (auto outcome = index_.Find(SymbolKind::Outcome, index_.symbol(*step_case).name + "." + word.text)) {
          index_.occurrences_.push_back({.span = word.span, .symbol = *outcome, .extent = word.span});
        }
        continue;
      }
      bool found = false;
      for (SymbolKind kind : kStepKinds) {
        if (auto id = index_.Find(kind, word.text); id.has_value() && index_.symbol(*id).declaration.has_value()) {
          index_.occurrences_.push_back({.span = word.span, .symbol = *id, .extent = word.span});
          if (kind == SymbolKind::Case) {
            step_case = id;
          }
          found = true;
          break;
        }
      }
      if (!found && word.text.find('.') != std::string::npos &&
          word.span.end - word.span.begin == word.text.size() && index_.Find(SymbolKind::Reason, word.text)) {
        AddWordPath(word);
      }
    }
  }
  void AddWordPath(const ast::Word& word) {
    size_t start = 0;
    while (start <= word.text.size()) {
      size_t dot = word.text.find('.', start);
      size_t end = dot == std::string::npos ? word.text.size() : dot;
      const source::Span span{.file = word.span.file,
                              .begin = word.span.begin + static_cast<uint32_t>(start),
                              .end = word.span.begin + static_cast<uint32_t>(end)};
      index_.occurrences_.push_back(
          {.span = span, .symbol = index_.Intern(SymbolKind::Reason, word.text.substr(0, end)), .extent = span});
      if (dot == std::string::npos) {
        break;
      }
      start = dot + 1;
    }
  }

  Index& index_;
  std::vector<Pending> pending_;
  std::vector<const ast::TestStep*> steps_;
};

Index::Index(std::span<const ast::File> files) {
  IndexBuilder builder(*this);
  for (const ast::File& file : files) {
    builder.AddFile(file);
  }
  builder.Finish();
}

auto Index::Intern(SymbolKind kind, std::string name) -> uint32_t {
  auto [it, inserted] = by_name_.try_emplace({kind, name}, static_cast<uint32_t>(symbols_.size()));
  if (inserted) {
    symbols_.push_back(Symbol{.kind = kind, .name = std::move(name)});
  }
  return it->second;
}

auto Index::Find(SymbolKind kind, std::string_view name) const -> std::optional<uint32_t> {
  auto it = by_name_.find(std::pair(kind, std::string(name)));
  if (it == by_name_.end()) {
    return std::nullopt;
  }
  return it->second;
}

auto Index::At(source::FileId file, uint32_t offset) const -> const Occurrence* {
  for (const Occurrence& occurrence : occurrences_) {
    if (occurrence.span.file == file && occurrence.span.begin <= offset && offset <= occurrence.span.end) {
      return &occurrence;
    }
  }
  return nullptr;
}

auto Index::OccurrencesOf(uint32_t symbol) const -> std::vector<Occurrence> {
  std::vector<Occurrence> result;
  for (const Occurrence& occurrence : occurrences_) {
    if (occurrence.symbol == symbol) {
      result.push_back(occurrence);
    }
  }
  std::stable_partition(result.begin(), result.end(), [](const Occurrence& o) { return o.is_declaration; });
  return result;
}

auto Index::OccurrencesIn(source::FileId file) const -> std::vector<Occurrence> {
  std::vector<Occurrence> result;
  std::copy_if(occurrences_.begin(), occurrences_.end(), std::back_inserter(result),
               [&](const Occurrence& occurrence) { return occurrence.span.file == file; });
  return result;
}

auto Index::OfKind(SymbolKind kind) const -> std::vector<uint32_t> {
  std::vector<uint32_t> result;
  for (uint32_t id = 0; id < symbols_.size(); ++id) {
    if (symbols_[id].kind == kind && symbols_[id].declaration.has_value()) {
      result.push_back(id);
    }
  }
  return result;
}

}  // namespace takt::lsp
