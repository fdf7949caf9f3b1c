// `takt report`: what happened in a shift or a period, as one self-contained HTML page for the
// people who run the plant: an SPC control chart per control, the downtime Pareto by reason and
// by loss class, OEE per workcenter and shift, the escalation timeline and the open items.
//
// The input is a history: the event lines that were fed to the plant's executor and the action
// lines it emitted for them (the driver re-derives the actions by running the plant, as `takt
// journal --actions` does). Measurements and stops come from the events; signals, escalations,
// OEE and handover items from the actions; limits, SPC parameters and loss classes from the
// checked model. ReportData gathers the numbers behind every chart as JSON (`--data`, golden
// tested); ReportHtml draws the page from that JSON alone, so the page shows nothing the data
// does not hold. Both are deterministic bytes: no clock, no path of the machine.
#ifndef TAKT_COMPILER_REPORT_REPORT_H_
#define TAKT_COMPILER_REPORT_REPORT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/model/model.h"

namespace takt::report {

using Json = nlohmann::ordered_json;

// The period: events and actions at or after `from_ms` and before `to_ms` (either open).
struct Window {
  std::optional<int64_t> from_ms;
  std::optional<int64_t> to_ms;
  auto Contains(int64_t t_ms) const -> bool {
    return (!from_ms || t_ms >= *from_ms) && (!to_ms || t_ms < *to_ms);
  }
};

struct History {
  std::vector<std::string> events;   // JSON lines, in the order they were fed.
  std::vector<std::string> actions;  // JSON lines, as the executor emitted them.
};

auto ReportData(const model::Plant& plant, const History& history, const Window& window) -> Json;
auto ReportHtml(const Json& data) -> std::string;

}  // namespace takt::report

#endif  // TAKT_COMPILER_REPORT_REPORT_H_
