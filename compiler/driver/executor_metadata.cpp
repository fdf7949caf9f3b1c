#include "compiler/driver/executor_metadata.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "runtime/src/names.h"

namespace takt::driver {

namespace {

using Json = nlohmann::ordered_json;

// A descriptor id as its name, null for TAKT_NONE (a role at the top, a root reason).
auto NameOrNull(uint32_t id, uint32_t count, auto name_of) -> Json {
  return id < count ? Json(name_of(id)) : Json(nullptr);
}

auto Names(const char* const* names, uint32_t count) -> Json {
  Json out = Json::array();
  for (uint32_t i = 0; i < count; ++i) {
    out.push_back(names[i]);
  }
  return out;
}

}  // namespace

auto ExecutorMetadata(const takt_executor& e, std::string_view executor_sha256) -> std::string {
  Json out;
  out["plant"] = e.plant_name;
  out["source_sha256"] = e.source_sha256;
  out["executor_sha256"] = executor_sha256;
  out["abi_version"] = e.abi_version;
  out["state_sizes"] = {{"global", e.global_state_size},
                        {"order", e.order_state_size},
                        {"lot", e.lot_state_size},
                        {"case", e.case_state_size}};
  Json rules = Json::array();
  for (uint32_t i = 0; i < e.rule_count; ++i) {
    const takt_rule& rule = e.rules[i];
    rules.push_back({{"id", i},
                     {"name", rule.name},
                     {"kind", rule.kind < runtime::kRuleKindNames.size() ? runtime::kRuleKindNames[rule.kind] : "other"},
                     {"src", fmt::format("{}:{}:{}", rule.file, rule.line, rule.col)}});
  }
  out["rules"] = std::move(rules);
  Json roles = Json::array();
  for (uint32_t i = 0; i < e.role_count; ++i) {
    roles.push_back({{"name", e.roles[i].name},
                     {"reports_to", NameOrNull(e.roles[i].reports_to, e.role_count,
                                               [&](uint32_t r) { return e.roles[r].name; })}});
  }
  out["roles"] = std::move(roles);
  Json shifts = Json::array();
  for (uint32_t i = 0; i < e.shift_count; ++i) {
    const takt_shift& shift = e.shifts[i];
    shifts.push_back({{"name", shift.name},
                      {"start", fmt::format("{:02}:{:02}", shift.start_minute / 60, shift.start_minute % 60)},
                      {"end", fmt::format("{:02}:{:02}", shift.end_minute / 60, shift.end_minute % 60)}});
  }
  out["shifts"] = std::move(shifts);
  out["lines"] = Names(e.lines, e.line_count);
  Json workcenters = Json::array();
  for (uint32_t i = 0; i < e.workcenter_count; ++i) {
    workcenters.push_back({{"name", e.workcenters[i].name},
                           {"line", NameOrNull(e.workcenters[i].line, e.line_count,
                                               [&](uint32_t l) { return e.lines[l]; })}});
  }
  out["workcenters"] = std::move(workcenters);
  out["controls"] = Names(e.controls, e.control_count);
  Json reasons = Json::array();
  for (uint32_t i = 0; i < e.reason_count; ++i) {
    reasons.push_back({{"name", e.reasons[i].name},
                       {"parent", NameOrNull(e.reasons[i].parent, e.reason_count,
                                             [&](uint32_t r) { return e.reasons[r].name; })}});
  }
  out["reasons"] = std::move(reasons);
  Json routings = Json::array();
  for (uint32_t i = 0; i < e.routing_count; ++i) {
    const takt_routing& routing = e.routings[i];
    routings.push_back({{"name", routing.name},
                        {"ops", std::vector<int64_t>(routing.ops, routing.ops + routing.op_count)}});
  }
  out["routings"] = std::move(routings);
  Json cases = Json::array();
  for (uint32_t i = 0; i < e.case_count; ++i) {
    cases.push_back({{"name", e.cases[i].name}, {"outcomes", Names(e.cases[i].outcomes, e.cases[i].outcome_count)}});
  }
  out["cases"] = std::move(cases);
  Json deviations = Json::array();
  for (uint32_t i = 0; i < e.deviation_count; ++i) {
    deviations.push_back(
        {{"name", e.deviations[i].name}, {"risks", Names(e.deviations[i].risks, e.deviations[i].risk_count)}});
  }
  out["deviations"] = std::move(deviations);
  out["handovers"] = Names(e.handovers, e.handover_count);
  return out.dump(2) + "\n";
}

auto MetadataPath(std::string_view executor_path) -> std::string {
  if (executor_path.ends_with(".so")) {
    executor_path.remove_suffix(3);
  }
  return std::string(executor_path) + ".json";
}

}  // namespace takt::driver
