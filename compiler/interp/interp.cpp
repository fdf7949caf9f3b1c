// The interpreter's descriptor (the tables the runtime decodes names with and encodes actions
// from, the same content a native executor embeds) and its entry points: on_start, on_event and
// on_timer dispatch to the handler of each construct (state.h).
#include "compiler/interp/interp.h"

#include "compiler/base/time_zone.h"
#include "compiler/interp/state.h"
#include "compiler/model/people.h"

namespace takt::interp {

using model::ClauseId;

// ---- Descriptor. -------------------------------------------------------------------------------

Interpreter::Impl::Impl(const model::Plant& model_plant, const source::SourceManager& sources)
    : plant(model_plant),
      source_sha256(model::SourceSha256(model_plant, sources)),
      tzdb_version(model_plant.timezone.empty() ? "" : base::TzdbVersion()),
      clock(model_plant.timezone) {
  for (const auto& control : plant.controls) {
    needs_lot.push_back(plant.NeedsLot(control));
  }
  for (const auto& clause : plant.clauses) {
    rules.push_back(takt_rule{.name = clause.rule.c_str(),
                              .kind = clause.kind,
                              .file = clause.file.c_str(),
                              .line = clause.line,
                              .col = clause.col});
  }
  for (const auto& role : plant.roles) {
    roles.push_back(takt_role{.name = role.name.c_str(),
                              .reports_to = role.reports_to ? role.reports_to->index : TAKT_NONE});
  }
  for (const auto& shift : plant.shifts) {
    shifts.push_back(takt_shift{.name = shift.name.c_str(),
                                .start_minute = shift.start_minute,
                                .end_minute = shift.end_minute});
  }
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
  for (const auto& material : plant.materials) {
    materials.push_back(material.name.c_str());
  }
  for (const auto& person : plant.people) {
    people.push_back(person.name.c_str());
    person_names.push_back(model::PrintedName(person).c_str());
  }
  for (const auto& meaning : plant.signature_meanings) {
    meanings.push_back(meaning.c_str());
  }
  for (const auto& qualification : plant.qualifications) {
    qualifications.push_back(qualification.name.c_str());
  }
  for (const auto& name : plant.evidence_names) {
    evidence.push_back(name.c_str());
  }
  for (const auto& name : plant.field_names) {
    fields.push_back(name.c_str());
  }
  auto count = [](const auto& table) { return static_cast<uint32_t>(table.size()); };
  descriptor = takt_executor{
      .abi_version = TAKT_ABI_VERSION,
      .reserved = 0,
      .plant_name = plant.name.c_str(),
      .source_sha256 = source_sha256.c_str(),
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
      .material_count = count(materials),
      .materials = materials.data(),
      .evidence_count = count(evidence),
      .evidence = evidence.data(),
      .field_count = count(fields),
      .fields = fields.data(),
      .timezone = plant.timezone.empty() ? nullptr : plant.timezone.c_str(),
      .tzdb_version = tzdb_version.empty() ? nullptr : tzdb_version.c_str(),
      .person_count = count(people),
      .people = people.data(),
      .qualification_count = count(qualifications),
      .qualifications = qualifications.data(),
      .meaning_count = count(meanings),
      .meanings = meanings.data(),
      .person_names = person_names.data(),
  };
}

Interpreter::Interpreter(const model::Plant& plant, const source::SourceManager& sources)
    : impl_(std::make_unique<Impl>(plant, sources)) {}

Interpreter::~Interpreter() = default;

auto Interpreter::descriptor() const -> const takt_executor& { return impl_->descriptor; }

// ---- Entry points. -----------------------------------------------------------------------------

void Interpreter::Impl::Reset() {
  workcenter_states.assign(plant.workcenters.size(), {});
  oee_states.assign(plant.workcenters.size(), {});
  line_stopped.assign(plant.lines.size(), false);
  control_states.assign(plant.controls.size(), {});
  measured_at.clear();
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
  // No `default`: a new event kind fails the build here until the interpreter gives it a meaning.
  switch (static_cast<takt_event_kind>(event->kind)) {
    case TAKT_EVENT_TICK: break;
    case TAKT_EVENT_DOWN: impl.Down(*event); break;
    case TAKT_EVENT_UP: impl.Up(*event); break;
    case TAKT_EVENT_MEASURE: impl.Measure(*event); break;
    case TAKT_EVENT_RELEASE: impl.Release(*event); break;
    case TAKT_EVENT_START:
    case TAKT_EVENT_CONFIRM:
    case TAKT_EVENT_COMPLETE:
    case TAKT_EVENT_FAIL:
    case TAKT_EVENT_COUNT:
    case TAKT_EVENT_CONSUME: impl.OperationEvent(*event); break;
    case TAKT_EVENT_DECIDE: impl.Decide(*event); break;
    case TAKT_EVENT_APPROVE: impl.Approve(*event); break;
    case TAKT_EVENT_USE: impl.Use(*event); break;
    case TAKT_EVENT_ACKNOWLEDGE: impl.Acknowledge(*event); break;
    case TAKT_EVENT_RESUME: impl.Resume(*event); break;
  }
}

void Interpreter::Impl::OnTimer(const takt_executor* self, void* /*state*/, const takt_timer* timer,
                                const takt_host* host) {
  auto& impl = *static_cast<Impl*>(self->user);
  impl.host = host;
  impl.now = timer->due;
  // The interpreter schedules timers only on these entities (Schedule); the others own none.
  switch (static_cast<takt_entity_kind>(timer->entity_kind)) {
    case TAKT_ENTITY_WORKCENTER: impl.TierDue(*timer); break;
    case TAKT_ENTITY_CASE: impl.CaseDue(*timer); break;
    case TAKT_ENTITY_DEVIATION: impl.DeviationDue(*timer); break;
    case TAKT_ENTITY_HANDOVER: impl.HandoverDue(*timer); break;
    case TAKT_ENTITY_ORDER: impl.StdTimeDue(*timer); break;
    case TAKT_ENTITY_LOT: impl.SampleWindowDue(*timer); break;
    case TAKT_ENTITY_PLANT:
    case TAKT_ENTITY_CONTROL: break;
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

}  // namespace takt::interp
