// One pair of functions per section of the report: its data from the history (report.cpp
// parses the lines once and keeps those of the period), its HTML from that data alone.
#ifndef TAKT_COMPILER_REPORT_SECTIONS_H_
#define TAKT_COMPILER_REPORT_SECTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/model/model.h"
#include "compiler/report/report.h"

namespace takt::report {

// A parsed line of the period with its time.
struct Line {
  int64_t t_ms = 0;
  Json json;
};

struct Period {
  std::vector<Line> events;
  std::vector<Line> actions;
  int64_t end_ms = 0;  // `--to`, or the last event's time: where an open stop is cut.
};

// `"2026-11-28T08:00:00Z"`.
auto TimeText(int64_t t_ms) -> std::string;
// The string at `key`, or empty.
auto StringField(const Json& object, std::string_view key) -> std::string;

// spc_chart.cpp: per control, the measurements, the limits and the signals.
auto SpcData(const model::Plant& plant, const Period& period) -> Json;
auto SpcHtml(const Json& spc) -> std::string;

// downtime_chart.cpp: stops from `down`/`up`, minutes by reason and by loss class.
auto DowntimeData(const model::Plant& plant, const Period& period) -> Json;
auto DowntimeHtml(const Json& downtime) -> std::string;

// oee_chart.cpp: the handover's `oee` and `loss` report items.
auto OeeData(const Period& period) -> Json;
auto OeeHtml(const Json& oee) -> std::string;

// people_sections.cpp: escalations and the open items with their owners.
auto EscalationData(const Period& period) -> Json;
auto EscalationHtml(const Json& escalations) -> std::string;
auto OpenItemsData(const model::Plant& plant, const Period& period) -> Json;
auto OpenItemsHtml(const Json& open_items) -> std::string;

}  // namespace takt::report

#endif  // TAKT_COMPILER_REPORT_SECTIONS_H_
