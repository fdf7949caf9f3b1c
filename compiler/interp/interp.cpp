#include "compiler/interp/interp.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <set>
#include <vector>

#include "takt/sha256.h"

namespace takt::interp {

using model::ClauseId;
using model::Reaction;
using model::ReactionKind;
using model::SpcRule;

// ---- SPC rules. --------------------------------------------------------------------------------

// Side of a point relative to the band centre ± k·sigma: +1 beyond the upper limit, -1 beyond
// the lower one, 0 within (inclusive limits: the inequalities are strict).
static auto Beyond(double x, double center, double sigma, double k) -> int {
  if (x > center + k * sigma) {
    return 1;
  }
  if (x < center - k * sigma) {
    return -1;
  }
  return 0;
}

// `m` of the last `n` points beyond k·sigma on the side of the current point, which itself must
// be beyond: we2/n5 (2 of 3 beyond 2s) and we3/n6 (4 of 5 beyond 1s).
static auto MOfNBeyond(std::span<const double> last, double center, double sigma, double k, int m) -> bool {
  const int side = Beyond(last.back(), center, sigma, k);
  if (side == 0) {
    return false;
  }
  int count = 0;
  for (double x : last) {
    count += Beyond(x, center, sigma, k) == side ? 1 : 0;
  }
  return count >= m;
}

// All of the last points strictly above the centre, or all strictly below.
static auto SameSide(std::span<const double> last, double center) -> bool {
  const bool above = std::all_of(last.begin(), last.end(), [&](double x) { return x > center; });
  const bool below = std::all_of(last.begin(), last.end(), [&](double x) { return x < center; });
  return above || below;
}

auto SpcRuleFires(SpcRule rule, double center, double sigma, std::span<const double> history) -> bool {
  const auto window = static_cast<size_t>(model::SpcRuleWindow(rule));
  if (history.size() < window) {
    return false;
  }
  const std::span<const double> last = history.subspan(history.size() - window);
  switch (rule) {
    case SpcRule::We1:
    case SpcRule::N1: return Beyond(last.back(), center, sigma, 3) != 0;
    case SpcRule::We2:
    case SpcRule::N5: return MOfNBeyond(last, center, sigma, 2, 2);
    case SpcRule::We3:
    case SpcRule::N6: return MOfNBeyond(last, center, sigma, 1, 4);
    case SpcRule::We4:
    case SpcRule::N2: return SameSide(last, center);
    case SpcRule::N3: {
      bool increasing = true;
      bool decreasing = true;
      for (size_t i = 1; i < last.size(); ++i) {
        increasing = increasing && last[i] > last[i - 1];
        decreasing = decreasing && last[i] < last[i - 1];
      }
      return increasing || decreasing;
    }
    case SpcRule::N4: {
      // 14 points, 13 differences, each non-zero and of the opposite sign of the one before.
      for (size_t i = 1; i < last.size(); ++i) {
        const double difference = last[i] - last[i - 1];
        if (difference == 0) {
          return false;
        }
        if (i >= 2) {
          const double previous = last[i - 1] - last[i - 2];
          if ((difference > 0) == (previous > 0)) {
            return false;
          }
        }
      }
      return true;
    }
    case SpcRule::N7:
      // Strictly within: a point exactly on c ± s is neither within (n7) nor beyond (n8).
      return std::all_of(last.begin(), last.end(),
                         [&](double x) { return x > center - sigma && x < center + sigma; });
    case SpcRule::N8:
      return std::all_of(last.begin(), last.end(), [&](double x) { return Beyond(x, center, sigma, 1) != 0; });
  }
  return false;
}

auto FirstSpcSignal(std::span<const SpcRule> rules, double center, double sigma, std::span<const double> history)
    -> std::optional<SpcRule> {
  for (SpcRule rule : rules) {
    if (SpcRuleFires(rule, center, sigma, history)) {
      return rule;
    }
  }
  return std::nullopt;
}

auto PlantSourceHash(const model::Plant& plant, const source::SourceManager& sources) -> std::string {
  runtime::Sha256 sha;
  for (source::FileId file : plant.files) {
    sha.Update(sources.contents(file));
    sha.Update(std::string_view("\0", 1));
  }
  return sha.FinishHex();
}

// ---- State. ------------------------------------------------------------------------------------

namespace {

// The longest SPC window (n7: 15 points).
constexpr size_t kSpcHistory = 15;

struct WorkcenterState {
  bool down = false;
  uint32_t reason = TAKT_NONE;  // Current reason of the open stop; TAKT_NONE: uncoded.
  uint64_t stop = 0;            // Counts stop starts; tier timers carry it to detect staleness.
};

struct ControlState {
  std::array<double, kSpcHistory> ring{};
  size_t count = 0;  // Points seen, saturating at kSpcHistory.
  size_t next = 0;   // Ring slot of the next point.
};

struct OrderState {
  bool released = false;
  bool closed = false;  // Completed or scrapped.
  uint32_t routing = TAKT_NONE;
  uint32_t lot = TAKT_NONE;
  uint32_t next = 0;  // Index of the operation that may start next.
  bool started = false;
  bool confirmed = false;
  std::vector<int64_t> reworks;  // Per operation index.
};

struct LotState {
  bool held = false;
  bool scrapped = false;
};

struct CaseState {
  uint32_t decl = TAKT_NONE;
  bool open = false;
  uint32_t lot = TAKT_NONE;
  uint32_t line = TAKT_NONE;
};

struct DeviationState {
  std::set<uint32_t> approved;
  uint32_t risk = TAKT_NONE;
  bool active = false;
  uint64_t activation = 0;  // Counts activations; expiry timers carry it.
  int64_t lots_used = 0;
};

struct HandoverState {
  uint64_t reports = 0;  // Reports made so far; the current one is number `reports`.
  uint64_t acknowledged = 0;
};

// Stop starts of one recurrence key: only the last `count` start times matter.
struct RecurrenceKey {
  std::deque<int64_t> starts;
  std::optional<int64_t> last_fired;
};

// What a reaction acts on, and what its action reports.
struct Context {
  takt_cause cause;
  uint32_t lot = TAKT_NONE;
  uint32_t workcenter = TAKT_NONE;
  uint32_t line = TAKT_NONE;  // For `stop line`.
  uint32_t reason = TAKT_NONE;
  uint32_t control = TAKT_NONE;
  uint32_t tier = TAKT_NONE;
  uint32_t case_id = TAKT_NONE;
  uint32_t outcome = TAKT_NONE;
  uint32_t by = TAKT_NONE;
};

// Timer kinds of the interpreter, in takt_timer.arg1 for handovers.
constexpr uint64_t kHandoverReport = 0;
constexpr uint64_t kHandoverAcknowledge = 1;

}  // namespace

struct Interpreter::Impl {
  Impl(const model::Plant& plant, const source::SourceManager& sources);

  static void OnStart(const takt_executor* self, void* state, int64_t t, const takt_host* host);
  static void OnEvent(const takt_executor* self, void* state, const takt_event* event, const takt_host* host);
  static void OnTimer(const takt_executor* self, void* state, const takt_timer* timer, const takt_host* host);

  void Reset();
  void Emit(const takt_action& action) { host->emit(host->ctx, &action); }
  void Schedule(int64_t due, takt_entity_kind kind, uint32_t entity, ClauseId clause, uint64_t arg0,
                uint64_t arg1);
  void Run(const Reaction& reaction, const Context& context);
  void RunAll(const std::vector<Reaction>& reactions, const Context& context);
  void Reject(takt_reject_reason reason, ClauseId clause, uint32_t order, int64_t op, uint32_t lot);

  void Down(const takt_event& event);
  void Up(const takt_event& event);
  void Measure(const takt_event& event);
  void Release(const takt_event& event);
  void OperationEvent(const takt_event& event);
  void Decide(const takt_event& event);
  void Approve(const takt_event& event);
  void Use(const takt_event& event);
  void Acknowledge(const takt_event& event);
  void Recur(uint32_t workcenter, uint32_t reason);

  void TierDue(const takt_timer& timer);
  void CaseDue(const takt_timer& timer);
  void DeviationDue(const takt_timer& timer);
  void HandoverDue(const takt_timer& timer);
  void ScheduleNextShiftEnd(uint32_t handover);
  void Expire(uint32_t deviation, takt_cause cause, uint32_t lot);

  auto LineOf(uint32_t workcenter) const -> uint32_t {
    return workcenter == TAKT_NONE ? TAKT_NONE : plant.workcenters[workcenter].line.index;
  }
  auto Order(uint32_t index) -> OrderState& {
    if (index >= orders.size()) {
      orders.resize(index + 1);
    }
    return orders[index];
  }
  auto Lot(uint32_t index) -> LotState& {
    if (index >= lots.size()) {
      lots.resize(index + 1);
    }
    return lots[index];
  }
  static auto Reason(uint32_t reason) -> std::optional<model::ReasonId> {
    return reason == TAKT_NONE ? std::nullopt : std::optional(model::ReasonId{reason});
  }

  const model::Plant& plant;

  // Descriptor tables; the C structs point into the strings and vectors here.
  std::string sha256;
  std::vector<std::string> rule_files;
  std::vector<takt_rule> rules;
  std::vector<takt_role> roles;
  std::vector<takt_shift> shifts;
  std::vector<const char*> lines;
  std::vector<takt_workcenter> workcenters;
  std::vector<const char*> controls;
  std::vector<takt_reason> reasons;
  std::vector<std::vector<int64_t>> routing_ops;
  std::vector<takt_routing> routings;
  std::vector<std::vector<const char*>> case_outcomes;
  std::vector<takt_case_decl> cases;
  std::vector<std::vector<const char*>> deviation_risks;
  std::vector<takt_deviation> deviations;
  std::vector<const char*> handovers;
  takt_executor descriptor{};
  std::vector<int32_t> shift_ends;  // Distinct shift end minutes, sorted.

  // Session state, reset by on_start.
  const takt_host* host = nullptr;
  int64_t now = 0;
  std::vector<WorkcenterState> workcenter_states;
  std::vector<ControlState> control_states;
  std::vector<OrderState> orders;
  std::vector<LotState> lots;
  std::vector<CaseState> case_states;
  std::vector<DeviationState> deviation_states;
  std::vector<HandoverState> handover_states;
  // Per recurrence: (workcenter or TAKT_NONE, reason or TAKT_NONE) → starts.
  std::vector<std::map<std::pair<uint32_t, uint32_t>, RecurrenceKey>> recurrence_keys;
  int64_t held_lots = 0;
  int64_t open_cases = 0;
  int64_t down_workcenters = 0;
  int64_t active_deviations = 0;
  int64_t open_orders = 0;
};

// ---- Descriptor. -------------------------------------------------------------------------------

Interpreter::Impl::Impl(const model::Plant& model_plant, const source::SourceManager& sources)
    : plant(model_plant) {
  sha256 = PlantSourceHash(plant, sources);
  // Which kind of declaration each clause belongs to, for tools reading the rule table.
  std::vector<uint32_t> rule_kinds(plant.clauses.size(), TAKT_RULE_OTHER);
  auto mark = [&](ClauseId clause, takt_rule_kind kind) {
    if (clause.is_valid() && clause.index < rule_kinds.size()) {
      rule_kinds[clause.index] = kind;
    }
  };
  auto mark_all = [&](const std::vector<Reaction>& reactions, takt_rule_kind kind) {
    for (const Reaction& reaction : reactions) {
      mark(reaction.clause, kind);
    }
  };
  for (const auto& control : plant.controls) {
    mark(control.out_of_spec_clause, TAKT_RULE_CONTROL);
    mark(control.spc_clause, TAKT_RULE_CONTROL);
    mark_all(control.on_out_of_spec, TAKT_RULE_CONTROL);
    mark_all(control.on_spc_signal, TAKT_RULE_CONTROL);
  }
  for (const auto& routing : plant.routings) {
    mark(routing.clause, TAKT_RULE_ROUTING);
    for (const auto& op : routing.operations) {
      if (op.on_fail) {
        mark(op.on_fail->clause, TAKT_RULE_ROUTING);
      }
    }
  }
  for (const auto& case_decl : plant.cases) {
    mark(case_decl.timeout.clause, TAKT_RULE_CASE);
    for (const auto& outcome : case_decl.outcomes) {
      mark(outcome.clause, TAKT_RULE_CASE);
      mark_all(outcome.reactions, TAKT_RULE_CASE);
    }
  }
  for (const auto& deviation : plant.deviations) {
    mark(deviation.clause, TAKT_RULE_DEVIATION);
  }
  for (const auto& escalation : plant.escalations) {
    for (const auto& tier : escalation.tiers) {
      mark(tier.reaction.clause, TAKT_RULE_ESCALATION);
    }
  }
  for (const auto& recurrence : plant.recurrences) {
    mark(recurrence.clause, TAKT_RULE_RECURRENCE);
    mark_all(recurrence.reactions, TAKT_RULE_RECURRENCE);
  }
  for (const auto& handover : plant.handovers) {
    mark(handover.report_clause, TAKT_RULE_HANDOVER);
    mark(handover.acknowledge_clause, TAKT_RULE_HANDOVER);
  }
  rule_files.reserve(plant.clauses.size());
  for (const auto& clause : plant.clauses) {
    rule_files.push_back(clause.span.is_valid() ? sources.path(clause.span.file) : "<unknown>");
  }
  for (size_t i = 0; i < plant.clauses.size(); ++i) {
    const auto& clause = plant.clauses[i];
    source::LineCol position;
    if (clause.span.is_valid()) {
      position = sources.GetLineCol(clause.span.file, clause.span.begin);
    }
    rules.push_back(takt_rule{.name = clause.rule.c_str(),
                              .kind = rule_kinds[i],
                              .file = rule_files[i].c_str(),
                              .line = position.line,
                              .col = position.column});
  }
  for (const auto& role : plant.roles) {
    roles.push_back(takt_role{.name = role.name.c_str(),
                              .reports_to = role.reports_to ? role.reports_to->index : TAKT_NONE});
  }
  for (const auto& shift : plant.shifts) {
    shifts.push_back(takt_shift{.name = shift.name.c_str(),
                                .start_minute = shift.start_minute,
                                .end_minute = shift.end_minute});
    shift_ends.push_back(shift.end_minute % (24 * 60));
  }
  std::sort(shift_ends.begin(), shift_ends.end());
  shift_ends.erase(std::unique(shift_ends.begin(), shift_ends.end()), shift_ends.end());
  for (const auto& line : plant.lines) {
    lines.push_back(line.name.c_str());
  }
  for (const auto& workcenter : plant.workcenters) {
    workcenters.push_back(takt_workcenter{.name = workcenter.name.c_str(), .line = workcenter.line.index});
  }
  for (const auto& control : plant.controls) {
    controls.push_back(control.name.c_str());
  }
  for (const auto& reason : plant.reasons) {
    reasons.push_back(
        takt_reason{.name = reason.name.c_str(), .parent = reason.parent ? reason.parent->index : TAKT_NONE});
  }
  routing_ops.resize(plant.routings.size());
  for (size_t i = 0; i < plant.routings.size(); ++i) {
    for (const auto& op : plant.routings[i].operations) {
      routing_ops[i].push_back(op.number);
    }
    routings.push_back(takt_routing{.name = plant.routings[i].name.c_str(),
                                    .op_count = static_cast<uint32_t>(routing_ops[i].size()),
                                    .ops = routing_ops[i].data()});
  }
  case_outcomes.resize(plant.cases.size());
  for (size_t i = 0; i < plant.cases.size(); ++i) {
    for (const auto& outcome : plant.cases[i].outcomes) {
      case_outcomes[i].push_back(outcome.name.c_str());
    }
    cases.push_back(takt_case_decl{.name = plant.cases[i].name.c_str(),
                                   .outcome_count = static_cast<uint32_t>(case_outcomes[i].size()),
                                   .outcomes = case_outcomes[i].data()});
  }
  deviation_risks.resize(plant.deviations.size());
  for (size_t i = 0; i < plant.deviations.size(); ++i) {
    for (const auto& risk : plant.deviations[i].risk_approvals) {
      deviation_risks[i].push_back(risk.level.c_str());
    }
    deviations.push_back(takt_deviation{.name = plant.deviations[i].name.c_str(),
                                        .risk_count = static_cast<uint32_t>(deviation_risks[i].size()),
                                        .risks = deviation_risks[i].data()});
  }
  for (const auto& handover : plant.handovers) {
    handovers.push_back(handover.name.c_str());
  }
  auto count = [](const auto& table) { return static_cast<uint32_t>(table.size()); };
  descriptor = takt_executor{
      .abi_version = TAKT_ABI_VERSION,
      .reserved = 0,
      .plant_name = plant.name.c_str(),
      .source_sha256 = sha256.c_str(),
      .rule_count = count(rules),
      .rules = rules.data(),
      .role_count = count(roles),
      .roles = roles.data(),
      .shift_count = count(shifts),
      .shifts = shifts.data(),
      .line_count = count(lines),
      .lines = lines.data(),
      .workcenter_count = count(workcenters),
      .workcenters = workcenters.data(),
      .control_count = count(controls),
      .controls = controls.data(),
      .reason_count = count(reasons),
      .reasons = reasons.data(),
      .routing_count = count(routings),
      .routings = routings.data(),
      .case_count = count(cases),
      .cases = cases.data(),
      .deviation_count = count(deviations),
      .deviations = deviations.data(),
      .handover_count = count(handovers),
      .handovers = handovers.data(),
      .global_state_size = 0,
      .order_state_size = 0,
      .lot_state_size = 0,
      .case_state_size = 0,
      .on_start = &OnStart,
      .on_event = &OnEvent,
      .on_timer = &OnTimer,
      .user = this,
  };
}

Interpreter::Interpreter(const model::Plant& plant, const source::SourceManager& sources)
    : impl_(std::make_unique<Impl>(plant, sources)) {}

Interpreter::~Interpreter() = default;

auto Interpreter::descriptor() const -> const takt_executor& { return impl_->descriptor; }

// ---- Entry points. -----------------------------------------------------------------------------

void Interpreter::Impl::Reset() {
  workcenter_states.assign(plant.workcenters.size(), {});
  control_states.assign(plant.controls.size(), {});
  orders.clear();
  lots.clear();
  case_states.clear();
  deviation_states.assign(plant.deviations.size(), {});
  handover_states.assign(plant.handovers.size(), {});
  recurrence_keys.assign(plant.recurrences.size(), {});
  held_lots = open_cases = down_workcenters = active_deviations = open_orders = 0;
}

void Interpreter::Impl::OnStart(const takt_executor* self, void* /*state*/, int64_t t, const takt_host* host) {
  auto& impl = *static_cast<Impl*>(self->user);
  impl.host = host;
  impl.now = t;
  impl.Reset();
  for (uint32_t handover = 0; handover < impl.plant.handovers.size(); ++handover) {
    impl.ScheduleNextShiftEnd(handover);
  }
}

void Interpreter::Impl::OnEvent(const takt_executor* self, void* /*state*/, const takt_event* event,
                                const takt_host* host) {
  auto& impl = *static_cast<Impl*>(self->user);
  impl.host = host;
  impl.now = event->t;
  switch (event->kind) {
    case TAKT_EVENT_DOWN: impl.Down(*event); break;
    case TAKT_EVENT_UP: impl.Up(*event); break;
    case TAKT_EVENT_MEASURE: impl.Measure(*event); break;
    case TAKT_EVENT_RELEASE: impl.Release(*event); break;
    case TAKT_EVENT_START:
    case TAKT_EVENT_CONFIRM:
    case TAKT_EVENT_COMPLETE:
    case TAKT_EVENT_FAIL: impl.OperationEvent(*event); break;
    case TAKT_EVENT_DECIDE: impl.Decide(*event); break;
    case TAKT_EVENT_APPROVE: impl.Approve(*event); break;
    case TAKT_EVENT_USE: impl.Use(*event); break;
    case TAKT_EVENT_ACKNOWLEDGE: impl.Acknowledge(*event); break;
    default: break;
  }
}

void Interpreter::Impl::OnTimer(const takt_executor* self, void* /*state*/, const takt_timer* timer,
                                const takt_host* host) {
  auto& impl = *static_cast<Impl*>(self->user);
  impl.host = host;
  impl.now = timer->due;
  switch (timer->entity_kind) {
    case TAKT_ENTITY_WORKCENTER: impl.TierDue(*timer); break;
    case TAKT_ENTITY_CASE: impl.CaseDue(*timer); break;
    case TAKT_ENTITY_DEVIATION: impl.DeviationDue(*timer); break;
    case TAKT_ENTITY_HANDOVER: impl.HandoverDue(*timer); break;
    default: break;
  }
}

void Interpreter::Impl::Schedule(int64_t due, takt_entity_kind kind, uint32_t entity, ClauseId clause,
                                 uint64_t arg0, uint64_t arg1) {
  const takt_timer timer{.due = due,
                         .entity_kind = static_cast<uint32_t>(kind),
                         .entity = entity,
                         .clause = clause.index,
                         .reserved = 0,
                         .arg0 = arg0,
                         .arg1 = arg1};
  host->schedule(host->ctx, &timer);
}

// ---- Reactions. --------------------------------------------------------------------------------

static auto ActionOf(takt_action_kind kind, const Context& context, ClauseId clause) -> takt_action {
  takt_action action;
  takt_action_init(&action, kind, context.cause, clause.index);
  action.lot = context.lot;
  action.workcenter = context.workcenter;
  action.reason = context.reason;
  action.control = context.control;
  action.tier = context.tier;
  action.case_id = context.case_id;
  action.outcome = context.outcome;
  action.by = context.by;
  return action;
}

void Interpreter::Impl::Run(const Reaction& reaction, const Context& context) {
  switch (reaction.kind) {
    case ReactionKind::HoldLot: {
      Emit(ActionOf(TAKT_ACTION_HOLD, context, reaction.clause));
      if (context.lot != TAKT_NONE) {
        LotState& lot = Lot(context.lot);
        if (!lot.held && !lot.scrapped) {
          lot.held = true;
          ++held_lots;
        }
      }
      break;
    }
    case ReactionKind::ReleaseLot: {
      Emit(ActionOf(TAKT_ACTION_RELEASE, context, reaction.clause));
      if (context.lot != TAKT_NONE && Lot(context.lot).held) {
        Lot(context.lot).held = false;
        --held_lots;
      }
      break;
    }
    case ReactionKind::ScrapLot: {
      Emit(ActionOf(TAKT_ACTION_SCRAP, context, reaction.clause));
      if (context.lot != TAKT_NONE) {
        LotState& lot = Lot(context.lot);
        if (lot.held) {
          lot.held = false;
          --held_lots;
        }
        lot.scrapped = true;
      }
      break;
    }
    case ReactionKind::StopLine: {
      takt_action action = ActionOf(TAKT_ACTION_STOP_LINE, context, reaction.clause);
      action.line = context.line;
      Emit(action);
      break;
    }
    case ReactionKind::Notify: {
      takt_action action = ActionOf(TAKT_ACTION_NOTIFY, context, reaction.clause);
      action.role = reaction.role.index;
      Emit(action);
      break;
    }
    case ReactionKind::EscalateTo: {
      takt_action action = ActionOf(TAKT_ACTION_ESCALATE, context, reaction.clause);
      action.role = reaction.role.index;
      Emit(action);
      break;
    }
    case ReactionKind::OpenCase: {
      const model::Case& decl = plant.case_of(reaction.case_id);
      const uint32_t case_id = host->create(host->ctx, TAKT_ENTITY_CASE, reaction.case_id.index);
      if (case_id >= case_states.size()) {
        case_states.resize(case_id + 1);
      }
      case_states[case_id] =
          CaseState{.decl = reaction.case_id.index, .open = true, .lot = context.lot, .line = context.line};
      ++open_cases;
      const int64_t due = now + decl.decide_within_ms;
      takt_action action = ActionOf(TAKT_ACTION_OPEN_CASE, context, reaction.clause);
      action.case_id = case_id;
      action.outcome = TAKT_NONE;
      action.due = due;
      Emit(action);
      // arg0: the role the timeout escalates to first.
      const model::Timeout& timeout = decl.timeout;
      uint32_t first = TAKT_NONE;
      if (timeout.kind == model::TimeoutKind::EscalateTo) {
        first = timeout.role.index;
      } else if (const auto& up = plant.role(decl.owner).reports_to) {
        first = up->index;
      }
      if (first != TAKT_NONE) {
        Schedule(due, TAKT_ENTITY_CASE, case_id, timeout.clause, first, 0);
      }
      break;
    }
  }
}

void Interpreter::Impl::RunAll(const std::vector<Reaction>& reactions, const Context& context) {
  for (const Reaction& reaction : reactions) {
    Run(reaction, context);
  }
}

void Interpreter::Impl::Reject(takt_reject_reason reason, ClauseId clause, uint32_t order, int64_t op,
                               uint32_t lot) {
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, clause.index);
  action.reject_reason = reason;
  action.order = order;
  action.op = op;
  action.lot = lot;
  Emit(action);
}

// ---- Stops. ------------------------------------------------------------------------------------

void Interpreter::Impl::Down(const takt_event& event) {
  WorkcenterState& workcenter = workcenter_states[event.workcenter];
  if (workcenter.down) {
    // A recode: the open stop takes the new reason; nothing starts, nothing is counted.
    workcenter.reason = event.reason;
    return;
  }
  workcenter.down = true;
  workcenter.reason = event.reason;
  ++workcenter.stop;
  ++down_workcenters;
  // Every escalation's tiers are timed from the start; whether a tier acts is decided when it
  // falls due, against the stop's reason at that time (the stop may be recoded meanwhile).
  for (uint32_t e = 0; e < plant.escalations.size(); ++e) {
    const auto& tiers = plant.escalations[e].tiers;
    for (uint32_t i = 0; i < tiers.size(); ++i) {
      Schedule(now + tiers[i].after_ms, TAKT_ENTITY_WORKCENTER, event.workcenter, tiers[i].reaction.clause,
               workcenter.stop, (uint64_t{e} << 32) | i);
    }
  }
  Recur(event.workcenter, event.reason);
}

void Interpreter::Impl::Recur(uint32_t workcenter, uint32_t reason) {
  for (uint32_t r = 0; r < plant.recurrences.size(); ++r) {
    const model::Recurrence& recurrence = plant.recurrences[r];
    if (!plant.Matches(recurrence.trigger, Reason(reason))) {
      continue;
    }
    const std::pair key{recurrence.per_workcenter ? workcenter : TAKT_NONE,
                        recurrence.per_reason ? reason : TAKT_NONE};
    RecurrenceKey& starts = recurrence_keys[r][key];
    starts.starts.push_back(now);
    while (starts.starts.size() > static_cast<size_t>(recurrence.count)) {
      starts.starts.pop_front();
    }
    const int64_t window_start = now - recurrence.window_ms;  // The window is (now − W, now].
    const auto in_window = std::count_if(starts.starts.begin(), starts.starts.end(),
                                         [&](int64_t start) { return start > window_start; });
    if (in_window < recurrence.count) {
      continue;
    }
    if (starts.last_fired && *starts.last_fired > window_start) {
      continue;
    }
    starts.last_fired = now;
    Context context{.cause = TAKT_CAUSE_RECURRENCE};
    context.workcenter = workcenter;
    context.line = LineOf(workcenter);
    context.reason = reason;
    RunAll(recurrence.reactions, context);
  }
}

void Interpreter::Impl::Up(const takt_event& event) {
  WorkcenterState& workcenter = workcenter_states[event.workcenter];
  if (!workcenter.down) {
    takt_action action;
    takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, TAKT_NONE);
    action.reject_reason = TAKT_REJECT_NOT_DOWN;
    action.workcenter = event.workcenter;
    Emit(action);
    return;
  }
  // The stop's pending tiers become stale: TierDue compares the stop counter.
  workcenter.down = false;
  workcenter.reason = TAKT_NONE;
  --down_workcenters;
}

void Interpreter::Impl::TierDue(const takt_timer& timer) {
  const WorkcenterState& workcenter = workcenter_states[timer.entity];
  const auto escalation_index = static_cast<uint32_t>(timer.arg1 >> 32);
  const auto tier_index = static_cast<uint32_t>(timer.arg1 & 0xffffffffu);
  const model::Escalation& escalation = plant.escalations[escalation_index];
  if (!workcenter.down || workcenter.stop != timer.arg0 ||
      !plant.Matches(escalation.trigger, Reason(workcenter.reason))) {
    return;
  }
  Context context{.cause = TAKT_CAUSE_TIER};
  context.workcenter = timer.entity;
  context.line = LineOf(timer.entity);
  context.reason = workcenter.reason;
  context.tier = tier_index + 1;
  Run(escalation.tiers[tier_index].reaction, context);
}

// ---- Control points. ---------------------------------------------------------------------------

void Interpreter::Impl::Measure(const takt_event& event) {
  const model::Control& control = plant.controls[event.control];
  Context context{.cause = TAKT_CAUSE_OUT_OF_SPEC};
  context.control = event.control;
  context.lot = event.lot;
  context.workcenter = event.workcenter;
  if (event.workcenter != TAKT_NONE) {
    context.line = LineOf(event.workcenter);
  } else if (!control.checked_at.empty()) {
    context.line = LineOf(control.checked_at.front().index);
  }
  if (control.spec && (event.value < control.spec->lsl || event.value > control.spec->usl)) {
    RunAll(control.on_out_of_spec, context);
  }
  if (!control.spc) {
    return;
  }
  ControlState& history = control_states[event.control];
  history.ring[history.next] = event.value;
  history.next = (history.next + 1) % kSpcHistory;
  history.count = std::min(history.count + 1, kSpcHistory);
  std::array<double, kSpcHistory> points{};
  for (size_t i = 0; i < history.count; ++i) {
    points[i] = history.ring[(history.next + kSpcHistory - history.count + i) % kSpcHistory];
  }
  const model::Spc& spc = *control.spc;
  const auto signal = FirstSpcSignal(spc.rules, spc.center, spc.sigma, std::span(points.data(), history.count));
  // A chart without an `on spc_signal` plan has no clause to cite: nothing is demanded.
  if (!signal || !control.spc_clause.is_valid()) {
    return;
  }
  context.cause = TAKT_CAUSE_SPC;
  takt_action action = ActionOf(TAKT_ACTION_SPC_SIGNAL, context, control.spc_clause);
  action.spc_rule = static_cast<uint32_t>(*signal);
  Emit(action);
  RunAll(control.on_spc_signal, context);
}

// ---- Routings. ---------------------------------------------------------------------------------

void Interpreter::Impl::Release(const takt_event& event) {
  OrderState& order = Order(event.order);
  const model::Routing& routing = plant.routings[event.routing];
  if (order.released) {
    Reject(TAKT_REJECT_DUPLICATE_ORDER, routing.clause, event.order, TAKT_NO_INT, event.lot);
    return;
  }
  order.released = true;
  order.routing = event.routing;
  order.lot = event.lot;
  order.reworks.assign(routing.operations.size(), 0);
  ++open_orders;
  Lot(event.lot);
}

void Interpreter::Impl::OperationEvent(const takt_event& event) {
  OrderState& order = Order(event.order);
  const model::Routing& routing = plant.routings[order.routing];
  auto reject = [&](takt_reject_reason reason) {
    Reject(reason, routing.clause, event.order, event.op, order.lot);
  };
  const auto& ops = routing.operations;
  const auto found =
      std::find_if(ops.begin(), ops.end(), [&](const model::Operation& op) { return op.number == event.op; });
  if (found == ops.end()) {
    reject(TAKT_REJECT_UNKNOWN_OP);
    return;
  }
  const auto index = static_cast<uint32_t>(found - ops.begin());
  const model::Operation& op = *found;
  if (order.closed || Lot(order.lot).scrapped) {
    reject(TAKT_REJECT_ORDER_CLOSED);
    return;
  }
  const bool is_current = order.started && order.next == index;
  switch (event.kind) {
    case TAKT_EVENT_START: {
      if (is_current) {
        reject(TAKT_REJECT_ALREADY_STARTED);
      } else if (order.started || index != order.next) {
        reject(TAKT_REJECT_OUT_OF_ORDER);
      } else if (Lot(order.lot).held) {
        reject(TAKT_REJECT_LOT_HELD);
      } else {
        order.started = true;
        order.confirmed = false;
      }
      return;
    }
    case TAKT_EVENT_CONFIRM: {
      if (!is_current) {
        reject(TAKT_REJECT_NOT_STARTED);
      } else if (!op.critical) {
        reject(TAKT_REJECT_NOT_CRITICAL);
      } else {
        order.confirmed = true;
      }
      return;
    }
    case TAKT_EVENT_COMPLETE: {
      if (!is_current) {
        reject(TAKT_REJECT_NOT_STARTED);
      } else if (routing.confirm_critical && op.critical && !order.confirmed) {
        reject(TAKT_REJECT_NOT_CONFIRMED);
      } else {
        order.started = false;
        order.confirmed = false;
        order.next = index + 1;
        if (order.next == ops.size()) {
          order.closed = true;
          --open_orders;
        }
      }
      return;
    }
    case TAKT_EVENT_FAIL: {
      if (!is_current) {
        reject(TAKT_REJECT_NOT_STARTED);
        return;
      }
      if (!op.on_fail) {
        reject(TAKT_REJECT_NO_ON_FAIL);
        return;
      }
      const model::OnFail& on_fail = *op.on_fail;
      order.started = false;
      order.confirmed = false;
      takt_action action;
      if (on_fail.rework_target && order.reworks[index] < on_fail.max_reworks) {
        ++order.reworks[index];
        order.next = *on_fail.rework_target;
        takt_action_init(&action, TAKT_ACTION_REWORK, TAKT_CAUSE_FAIL, on_fail.clause.index);
        action.target_op = ops[*on_fail.rework_target].number;
      } else {
        takt_action_init(&action, TAKT_ACTION_SCRAP, TAKT_CAUSE_FAIL, on_fail.clause.index);
        order.closed = true;
        --open_orders;
        LotState& lot = Lot(order.lot);
        if (lot.held) {
          lot.held = false;
          --held_lots;
        }
        lot.scrapped = true;
      }
      action.order = event.order;
      action.op = event.op;
      action.lot = order.lot;
      action.by = event.by;
      Emit(action);
      return;
    }
    default: return;
  }
}

// ---- Cases. ------------------------------------------------------------------------------------

void Interpreter::Impl::Decide(const takt_event& event) {
  CaseState& state = case_states[event.case_id];
  const model::Outcome& outcome = plant.cases[state.decl].outcomes[event.outcome];
  if (!state.open) {
    takt_action action;
    takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, outcome.clause.index);
    action.reject_reason = TAKT_REJECT_ALREADY_DECIDED;
    action.case_id = event.case_id;
    action.by = event.by;
    Emit(action);
    return;
  }
  state.open = false;
  --open_cases;
  Context context{.cause = TAKT_CAUSE_OUTCOME};
  context.case_id = event.case_id;
  context.outcome = event.outcome;
  context.by = event.by;
  context.lot = state.lot;
  context.line = state.line;
  Emit(ActionOf(TAKT_ACTION_CLOSE_CASE, context, outcome.clause));
  RunAll(outcome.reactions, context);
}

void Interpreter::Impl::CaseDue(const takt_timer& timer) {
  const CaseState& state = case_states[timer.entity];
  if (!state.open) {
    return;
  }
  const model::Case& decl = plant.cases[state.decl];
  const auto role = static_cast<uint32_t>(timer.arg0);
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_ESCALATE, TAKT_CAUSE_TIMEOUT, decl.timeout.clause.index);
  action.role = role;
  action.case_id = timer.entity;
  action.lot = state.lot;
  Emit(action);
  if (decl.timeout.kind == model::TimeoutKind::EscalateUpEvery) {
    if (const auto& up = plant.roles[role].reports_to) {
      Schedule(now + decl.timeout.every_ms, TAKT_ENTITY_CASE, timer.entity, decl.timeout.clause, up->index, 0);
    }
  }
}

// ---- Deviations. -------------------------------------------------------------------------------

void Interpreter::Impl::Approve(const takt_event& event) {
  const model::Deviation& deviation = plant.deviations[event.deviation];
  DeviationState& state = deviation_states[event.deviation];
  const uint32_t risk = event.risk != TAKT_NONE ? event.risk : state.risk;
  auto contains = [](const std::vector<model::RoleId>& roles, uint32_t role) {
    return std::any_of(roles.begin(), roles.end(), [&](model::RoleId id) { return id.index == role; });
  };
  const bool approver = contains(deviation.approvers, event.role) ||
                        (risk != TAKT_NONE && contains(deviation.risk_approvals[risk].approvers, event.role));
  if (!approver) {
    takt_action action;
    takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, deviation.clause.index);
    action.reject_reason = TAKT_REJECT_NOT_AN_APPROVER;
    action.deviation = event.deviation;
    action.role = event.role;
    Emit(action);
    return;
  }
  state.risk = risk;
  state.approved.insert(event.role);
  if (state.active) {
    return;
  }
  auto all_approved = [&](const std::vector<model::RoleId>& roles) {
    return std::all_of(roles.begin(), roles.end(),
                       [&](model::RoleId id) { return state.approved.contains(id.index); });
  };
  if (!all_approved(deviation.approvers) ||
      (risk != TAKT_NONE && !all_approved(deviation.risk_approvals[risk].approvers))) {
    return;
  }
  state.active = true;
  ++state.activation;
  state.lots_used = 0;
  ++active_deviations;
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_DEVIATION_ACTIVE, TAKT_CAUSE_APPROVAL, deviation.clause.index);
  action.deviation = event.deviation;
  action.role = event.role;
  if (deviation.expires_after_ms) {
    action.due = now + *deviation.expires_after_ms;
    Schedule(action.due, TAKT_ENTITY_DEVIATION, event.deviation, deviation.clause, state.activation, 0);
  }
  Emit(action);
}

void Interpreter::Impl::Expire(uint32_t deviation, takt_cause cause, uint32_t lot) {
  DeviationState& state = deviation_states[deviation];
  state.active = false;
  state.approved.clear();
  state.risk = TAKT_NONE;
  --active_deviations;
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_DEVIATION_EXPIRED, cause, plant.deviations[deviation].clause.index);
  action.deviation = deviation;
  action.lot = lot;
  Emit(action);
}

void Interpreter::Impl::Use(const takt_event& event) {
  const model::Deviation& deviation = plant.deviations[event.deviation];
  DeviationState& state = deviation_states[event.deviation];
  if (!state.active) {
    takt_action action;
    takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, deviation.clause.index);
    action.reject_reason = TAKT_REJECT_NOT_ACTIVE;
    action.deviation = event.deviation;
    action.lot = event.lot;
    Emit(action);
    return;
  }
  ++state.lots_used;
  if (deviation.expires_lots && state.lots_used >= *deviation.expires_lots) {
    Expire(event.deviation, TAKT_CAUSE_LOTS, event.lot);
  }
}

void Interpreter::Impl::DeviationDue(const takt_timer& timer) {
  const DeviationState& state = deviation_states[timer.entity];
  if (state.active && state.activation == timer.arg0) {
    Expire(timer.entity, TAKT_CAUSE_EXPIRY, TAKT_NONE);
  }
}

// ---- Handovers. --------------------------------------------------------------------------------

void Interpreter::Impl::ScheduleNextShiftEnd(uint32_t handover) {
  if (shift_ends.empty()) {
    return;
  }
  constexpr int64_t kDay = 86'400'000;
  int64_t day = now / kDay;
  if (now % kDay < 0) {
    --day;
  }
  for (int64_t d = day;; ++d) {
    for (int32_t minute : shift_ends) {
      const int64_t end = d * kDay + int64_t{minute} * 60'000;
      if (end > now) {
        Schedule(end, TAKT_ENTITY_HANDOVER, handover, plant.handovers[handover].report_clause, 0, kHandoverReport);
        return;
      }
    }
  }
}

void Interpreter::Impl::HandoverDue(const takt_timer& timer) {
  const model::Handover& handover = plant.handovers[timer.entity];
  HandoverState& state = handover_states[timer.entity];
  if (timer.arg1 == kHandoverAcknowledge) {
    if (state.acknowledged >= timer.arg0) {
      return;
    }
    const model::Role& acknowledger = plant.role(*handover.acknowledge_by);
    takt_action action;
    takt_action_init(&action, TAKT_ACTION_ESCALATE, TAKT_CAUSE_TIMEOUT, handover.acknowledge_clause.index);
    action.role = acknowledger.reports_to ? acknowledger.reports_to->index : handover.owner.index;
    action.handover = timer.entity;
    Emit(action);
    return;
  }
  ++state.reports;
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_HANDOVER_REPORT, TAKT_CAUSE_SHIFT_END, handover.report_clause.index);
  action.handover = timer.entity;
  for (model::ReportItem item : handover.report) {
    int64_t count = 0;
    switch (item) {
      case model::ReportItem::OpenHolds: count = held_lots; break;
      case model::ReportItem::OpenCases: count = open_cases; break;
      case model::ReportItem::ActiveDowntime: count = down_workcenters; break;
      case model::ReportItem::ActiveDeviations: count = active_deviations; break;
      case model::ReportItem::OpenOrders: count = open_orders; break;
    }
    action.counts[static_cast<size_t>(item)] = count;
  }
  if (handover.acknowledge_by) {
    action.role = handover.acknowledge_by->index;
    action.due = now + handover.acknowledge_within_ms;
    Schedule(action.due, TAKT_ENTITY_HANDOVER, timer.entity, handover.acknowledge_clause, state.reports,
             kHandoverAcknowledge);
  } else {
    // Nothing to acknowledge: the report is closed as soon as it is made.
    state.acknowledged = state.reports;
  }
  Emit(action);
  ScheduleNextShiftEnd(timer.entity);
}

void Interpreter::Impl::Acknowledge(const takt_event& event) {
  const model::Handover& handover = plant.handovers[event.handover];
  HandoverState& state = handover_states[event.handover];
  const ClauseId clause = handover.acknowledge_clause.is_valid() ? handover.acknowledge_clause : handover.report_clause;
  auto reject = [&](takt_reject_reason reason) {
    takt_action action;
    takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, clause.index);
    action.reject_reason = reason;
    action.handover = event.handover;
    action.role = event.role;
    Emit(action);
  };
  if (state.acknowledged >= state.reports) {
    reject(TAKT_REJECT_NOTHING_TO_ACKNOWLEDGE);
    return;
  }
  if (event.role != TAKT_NONE && handover.acknowledge_by && event.role != handover.acknowledge_by->index) {
    reject(TAKT_REJECT_WRONG_ROLE);
    return;
  }
  state.acknowledged = state.reports;
}

}  // namespace takt::interp
