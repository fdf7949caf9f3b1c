#include "compiler/driver/executor_metadata.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "takt/names.h"

namespace takt::driver {

namespace {

using Json = nlohmann::ordered_json;

// `{"name": …, key: …}` per item, the reference given by the name it refers to: null for
// TAKT_NONE (a role at the top, a root reason).
template <typename Item>
auto Linked(const Item* items, uint32_t count, const char* key, uint32_t Item::*reference, uint32_t targets,
            auto target_name) -> Json {
  Json out = Json::array();
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t target = items[i].*reference;
    out.push_back({{"name", items[i].name}, {key, target < targets ? Json(target_name(target)) : Json(nullptr)}});
  }
  return out;
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
  out["roles"] = Linked(e.roles, e.role_count, "reports_to", &takt_role::reports_to, e.role_count,
                        [&](uint32_t r) { return e.roles[r].name; });
  Json shifts = Json::array();
  for (uint32_t i = 0; i < e.shift_count; ++i) {
    const takt_shift& shift = e.shifts[i];
    shifts.push_back({{"name", shift.name},
                      {"start", fmt::format("{:02}:{:02}", shift.start_minute / 60, shift.start_minute % 60)},
                      {"end", fmt::format("{:02}:{:02}", shift.end_minute / 60, shift.end_minute % 60)}});
  }
  out["shifts"] = std::move(shifts);
  // Plant time: only a plant that declares a zone has these keys (docs/runtime.md, "Plant time").
  if (e.timezone != nullptr) {
    out["timezone"] = e.timezone;
    out["tzdb_version"] = e.tzdb_version != nullptr ? e.tzdb_version : "unknown";
  }
  out["lines"] = Names(e.lines, e.line_count);
  out["workcenters"] = Linked(e.workcenters, e.workcenter_count, "line", &takt_workcenter::line, e.line_count,
                              [&](uint32_t l) { return e.lines[l]; });
  out["controls"] = Names(e.controls, e.control_count);
  out["reasons"] = Linked(e.reasons, e.reason_count, "parent", &takt_reason::parent, e.reason_count,
                          [&](uint32_t r) { return e.reasons[r].name; });
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
  out["evidence"] = Names(e.evidence, e.evidence_count);
  out["fields"] = Names(e.fields, e.field_count);
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

namespace {

// Reads the top-level `executor_sha256` while nlohmann checks that the whole text is JSON, without
// building the document: a large plant's metadata is half a megabyte, and building it cost a
// tenth of `takt run` on a million events. A key given twice counts once, the last, as in a
// parsed document.
class Sha256Reader : public nlohmann::json_sax<nlohmann::json> {
 public:
  auto null() -> bool override { return Scalar(nullptr); }
  auto boolean(bool /*value*/) -> bool override { return Scalar(nullptr); }
  auto number_integer(number_integer_t /*value*/) -> bool override { return Scalar(nullptr); }
  auto number_unsigned(number_unsigned_t /*value*/) -> bool override { return Scalar(nullptr); }
  auto number_float(number_float_t /*value*/, const string_t& /*text*/) -> bool override { return Scalar(nullptr); }
  auto string(string_t& value) -> bool override { return Scalar(&value); }
  auto binary(binary_t& /*value*/) -> bool override { return Scalar(nullptr); }
  auto start_object(std::size_t /*count*/) -> bool override {
    top_is_object_ = top_is_object_ || depth_ == 0;
    return Open();
  }
  auto key(string_t& key) -> bool override {
    at_sha256_ = depth_ == 1 && key == "executor_sha256";
    return true;
  }
  auto end_object() -> bool override { return Close(); }
  auto start_array(std::size_t /*count*/) -> bool override { return Open(); }
  auto end_array() -> bool override { return Close(); }
  auto parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*error*/) -> bool override {
    return false;
  }

  // The value, when the text is an object whose `executor_sha256` is a string.
  auto sha256() const -> std::optional<std::string> {
    return top_is_object_ && sha256_is_string_ ? std::optional<std::string>(sha256_) : std::nullopt;
  }

 private:
  // A value; `text` is the string's, null for any other scalar.
  auto Scalar(const string_t* text) -> bool {
    if (at_sha256_) {
      sha256_is_string_ = text != nullptr;
      sha256_ = text != nullptr ? *text : std::string();
      at_sha256_ = false;
    }
    return true;
  }
  auto Open() -> bool {
    if (at_sha256_) {
      sha256_is_string_ = false;
      at_sha256_ = false;
    }
    ++depth_;
    return true;
  }
  auto Close() -> bool {
    --depth_;
    return true;
  }

  size_t depth_ = 0;
  bool top_is_object_ = false;
  bool at_sha256_ = false;  // The next value is the top level's `executor_sha256`.
  bool sha256_is_string_ = false;
  std::string sha256_;
};

}  // namespace

auto RecordedExecutorSha256(std::string_view metadata_json, std::string& error) -> std::optional<std::string> {
  Sha256Reader reader;
  if (!nlohmann::json::sax_parse(metadata_json, &reader)) {
    error = "the metadata is not valid JSON";
    return std::nullopt;
  }
  std::optional<std::string> sha256 = reader.sha256();
  if (!sha256) {
    error = "the metadata has no `executor_sha256`";
  }
  return sha256;
}

auto MetadataPath(std::string_view executor_path) -> std::string {
  if (executor_path.ends_with(".so")) {
    executor_path.remove_suffix(3);
  }
  return std::string(executor_path) + ".json";
}

}  // namespace takt::driver
