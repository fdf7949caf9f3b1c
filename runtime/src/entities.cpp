#include "runtime/src/entities.h"

#include <fmt/format.h>

namespace takt::runtime {

DeclaredNames::DeclaredNames(const takt_executor& exec) {
  for (uint32_t i = 0; i < exec.workcenter_count; ++i) {
    workcenters.Add(exec.workcenters[i].name);
  }
  for (uint32_t i = 0; i < exec.control_count; ++i) {
    controls.Add(exec.controls[i]);
  }
  for (uint32_t i = 0; i < exec.reason_count; ++i) {
    reasons.Add(exec.reasons[i].name);
  }
  for (uint32_t i = 0; i < exec.routing_count; ++i) {
    routings.Add(exec.routings[i].name);
  }
  for (uint32_t i = 0; i < exec.role_count; ++i) {
    roles.Add(exec.roles[i].name);
  }
  outcomes.resize(exec.case_count);
  for (uint32_t i = 0; i < exec.case_count; ++i) {
    case_decls.Add(exec.cases[i].name);
    for (uint32_t j = 0; j < exec.cases[i].outcome_count; ++j) {
      outcomes[i].Add(exec.cases[i].outcomes[j]);
    }
  }
  risks.resize(exec.deviation_count);
  for (uint32_t i = 0; i < exec.deviation_count; ++i) {
    deviations.Add(exec.deviations[i].name);
    for (uint32_t j = 0; j < exec.deviations[i].risk_count; ++j) {
      risks[i].Add(exec.deviations[i].risks[j]);
    }
  }
  for (uint32_t i = 0; i < exec.handover_count; ++i) {
    handovers.Add(exec.handovers[i]);
  }
  for (uint32_t i = 0; i < exec.material_count; ++i) {
    materials.Add(exec.materials[i]);
  }
  for (uint32_t i = 0; i < exec.line_count; ++i) {
    lines.Add(exec.lines[i]);
  }
  for (uint32_t i = 0; i < exec.evidence_count; ++i) {
    evidence.Add(exec.evidence[i]);
  }
  for (uint32_t i = 0; i < exec.field_count; ++i) {
    fields.Add(exec.fields[i]);
  }
  for (uint32_t i = 0; i < exec.person_count; ++i) {
    people.Add(exec.people[i]);
  }
}

Entities::Entities(const takt_executor& executor)
    : exec(executor),
      case_counter_(executor.case_count),
      order_records_(executor.order_state_size),
      lot_records_(executor.lot_state_size),
      case_records_(executor.case_state_size) {
  if (exec.global_state_size != 0) {
    global_record_ = std::make_unique<std::byte[]>(exec.global_state_size);
  }
  // The roster first: a person's text symbol is then their index in descriptor.people.
  for (uint32_t i = 0; i < exec.person_count; ++i) {
    InternText(exec.people[i]);
  }
}

auto Entities::AddOrder(std::string_view name) -> uint32_t {
  const uint32_t index = order_records_.Add();
  orders_.Insert(name, index);
  order_names.emplace_back(name);
  return index;
}

auto Entities::FindLot(std::string_view name) -> uint32_t {
  if (last_lot_ < lot_names.size() && SameName(lot_names[last_lot_], name)) {
    return last_lot_;
  }
  const uint32_t found = lots_.Find(name, lot_names);
  if (found != TAKT_NONE) {
    last_lot_ = found;
  }
  return found;
}

auto Entities::InternLot(std::string_view name) -> uint32_t {
  if (const uint32_t found = FindLot(name); found != TAKT_NONE) {
    return found;
  }
  const uint32_t index = lot_records_.Add();
  lots_.Insert(name, index);
  lot_names.emplace_back(name);
  last_lot_ = index;
  return index;
}

auto Entities::InternText(std::string_view name) -> uint32_t {
  if (last_text_ < text_names.size() && SameName(text_names[last_text_], name)) {
    return last_text_;
  }
  if (const uint32_t found = texts_.Find(name, text_names); found != TAKT_NONE) {
    last_text_ = found;
    return found;
  }
  const auto index = static_cast<uint32_t>(text_names.size());
  texts_.Insert(name, index);
  text_names.emplace_back(name);
  last_text_ = index;
  return index;
}

auto Entities::CreateCase(uint32_t decl) -> uint32_t {
  if (decl >= exec.case_count) {
    return TAKT_NONE;
  }
  const uint32_t index = case_records_.Add();
  const uint32_t n = ++case_counter_[decl];
  std::string id = fmt::format("{}-{}", exec.cases[decl].name, n);
  case_names_.Insert(id, index);
  case_ids.push_back(std::move(id));
  case_decl_of.push_back(decl);
  case_addresses.emplace_back();
  return index;
}

void Entities::Observe(const takt_action& action) {
  if (action.case_id >= case_addresses.size()) {
    return;
  }
  CaseAddress& address = case_addresses[action.case_id];
  if (action.kind == TAKT_ACTION_OPEN_CASE) {
    address = CaseAddress{.lot = action.lot, .control = action.control, .open = true};
  } else if (action.kind == TAKT_ACTION_CLOSE_CASE) {
    address.open = false;
  }
}

auto Entities::OpenCaseOf(uint32_t decl, std::string_view lot, uint32_t control, std::string& error) const
    -> uint32_t {
  const std::string_view kind = exec.cases[decl].name;
  if (lot.empty()) {
    error = fmt::format("`case` `{}` is a declaration: give `lot` (and `control`) to address its open case, or the "
                        "case id (`{}-1`)",
                        kind, kind);
    return TAKT_NONE;
  }
  const uint32_t lot_id = lots_.Find(lot, lot_names);
  std::vector<uint32_t> found;
  for (uint32_t i = 0; lot_id != TAKT_NONE && i < case_addresses.size(); ++i) {
    const CaseAddress& address = case_addresses[i];
    if (address.open && case_decl_of[i] == decl && address.lot == lot_id &&
        (control == TAKT_NONE || address.control == control)) {
      found.push_back(i);
    }
  }
  const std::string where = control == TAKT_NONE
                                ? fmt::format("lot `{}`", lot)
                                : fmt::format("lot `{}` and control `{}`", lot, exec.controls[control]);
  if (found.empty()) {
    error = fmt::format("no open case `{}` for {}", kind, where);
    return TAKT_NONE;
  }
  if (found.size() > 1) {
    std::string candidates;
    for (uint32_t i : found) {
      const uint32_t by = case_addresses[i].control;
      candidates += fmt::format("{}{} (control `{}`)", candidates.empty() ? "" : ", ", case_ids[i],
                                by == TAKT_NONE ? "none" : exec.controls[by]);
    }
    error = fmt::format("{} open cases `{}` for {}: {}; give `control` or the case id", found.size(), kind, where,
                        candidates);
    return TAKT_NONE;
  }
  return found.front();
}

auto Entities::Count(uint32_t entity_kind) const -> uint32_t {
  switch (entity_kind) {
    case TAKT_ENTITY_ORDER: return order_records_.count();
    case TAKT_ENTITY_LOT: return lot_records_.count();
    case TAKT_ENTITY_CASE: return case_records_.count();
    default: return 0;
  }
}


static void SaveNames(SnapshotWriter& out, const std::vector<std::string>& names) {
  out.Put<uint64_t>(names.size());
  for (const std::string& name : names) {
    out.PutString(name);
  }
}

// Names in creation order: entity i is the i-th name, so the table is rebuilt from the list.
static void RestoreNames(SnapshotReader& in, std::vector<std::string>& names, NameSlots& table) {
  names.resize(in.GetCount(sizeof(uint64_t)));
  for (uint32_t i = 0; i < names.size(); ++i) {
    names[i] = in.GetString();
    table.Insert(names[i], i);
  }
}

void Entities::Save(SnapshotWriter& out) {
  SaveNames(out, order_names);
  SaveNames(out, lot_names);
  SaveNames(out, text_names);
  SaveNames(out, case_ids);
  for (uint32_t i = 0; i < case_ids.size(); ++i) {
    out.Put(case_decl_of[i]);
    out.Put(case_addresses[i].lot);
    out.Put(case_addresses[i].control);
    out.Put<uint8_t>(case_addresses[i].open ? 1 : 0);
  }
  for (uint32_t counter : case_counter_) {
    out.Put(counter);
  }
  order_records_.Save(out);
  lot_records_.Save(out);
  case_records_.Save(out);
  if (exec.global_state_size != 0) {
    out.PutBytes(global_record_.get(), exec.global_state_size);
  }
}

auto Entities::Restore(SnapshotReader& in) -> bool {
  RestoreNames(in, order_names, orders_);
  RestoreNames(in, lot_names, lots_);
  RestoreNames(in, text_names, texts_);
  RestoreNames(in, case_ids, case_names_);
  case_decl_of.resize(case_ids.size());
  case_addresses.resize(case_ids.size());
  for (uint32_t i = 0; i < case_ids.size(); ++i) {
    case_decl_of[i] = in.Get<uint32_t>();
    case_addresses[i].lot = in.Get<uint32_t>();
    case_addresses[i].control = in.Get<uint32_t>();
    case_addresses[i].open = in.Get<uint8_t>() != 0;
  }
  for (uint32_t& counter : case_counter_) {
    counter = in.Get<uint32_t>();
  }
  order_records_.Restore(in);
  lot_records_.Restore(in);
  case_records_.Restore(in);
  if (exec.global_state_size != 0) {
    in.GetBytes(global_record_.get(), exec.global_state_size);
  }
  return order_records_.count() == order_names.size() && lot_records_.count() == lot_names.size() &&
         case_records_.count() == case_ids.size();
}

}  // namespace takt::runtime
