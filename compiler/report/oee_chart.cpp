// The OEE section. The numbers are the executor's, not recomputed here: at each shift end the
// handover emits, per workcenter, a `report_item` with `"item":"oee"` (planned, stop and run
// minutes, good and scrap counts, availability, performance, quality and OEE, each factor absent
// when undefined) and one with `"item":"loss"` per loss class with stop minutes (docs/runtime.md).
// The report charts the four factors per workcenter and shift and lists the loss minutes.
#include <fmt/format.h>

#include "compiler/report/sections.h"
#include "compiler/report/svg.h"

namespace takt::report {

namespace {

constexpr std::string_view kFactors[] = {"availability", "performance", "quality", "oee"};
constexpr std::string_view kShiftNumbers[] = {"planned_min", "stop_min", "run_min", "good", "scrap",
                                              "availability", "performance", "quality", "oee"};

auto Field(const Json& object, std::string_view key) -> Json {
  const auto it = object.find(key);
  return it == object.end() || !it->is_number() ? Json(nullptr) : *it;
}

}  // namespace

auto OeeData(const Period& period) -> Json {
  Json shifts = Json::array();
  Json losses = Json::array();
  for (const Line& action : period.actions) {
    const Json& json = action.json;
    if (StringField(json, "action") != "report_item") {
      continue;
    }
    const std::string item = StringField(json, "item");
    if (item == "oee") {
      Json shift = {{"workcenter", StringField(json, "workcenter")},
                    {"since", StringField(json, "since")},
                    {"until", TimeText(action.t_ms)}};
      for (std::string_view key : kShiftNumbers) {
        shift[std::string(key)] = Field(json, key);
      }
      shifts.push_back(shift);
    } else if (item == "loss") {
      losses.push_back({{"workcenter", StringField(json, "workcenter")},
                        {"since", StringField(json, "since")},
                        {"until", TimeText(action.t_ms)},
                        {"loss", StringField(json, "loss")},
                        {"stop_min", Field(json, "stop_min")}});
    }
  }
  return {{"shifts", shifts}, {"losses", losses}};
}

auto OeeHtml(const Json& oee) -> std::string {
  if (oee["shifts"].empty()) {
    return EmptyHtml(
        "No OEE in the period: OEE comes from the handover's `oee` report items at each shift end (a handover "
        "that reports `oee`).");
  }
  std::string out;
  std::vector<std::vector<std::string>> rows;
  for (const Json& shift : oee["shifts"]) {
    const std::string workcenter = shift["workcenter"].get<std::string>();
    std::vector<Bar> bars;
    for (std::string_view factor : kFactors) {
      const Json& value = shift[std::string(factor)];
      bars.push_back(Bar{.label = std::string(factor),
                         .value = value.is_number() ? value.get<double>() : 0,
                         .note = value.is_number() ? Number(value.get<double>() * 100) + "%" : "undefined",
                         .kind = factor == "oee" ? "oee" : "bar"});
    }
    out += fmt::format("<h3><code>{}</code> <span class=\"title\">{} to {}</span></h3>\n", Text(shift, "workcenter"),
                       Text(shift, "since"), Text(shift, "until"));
    out += BarChart(fmt::format("OEE of {} from {} to {}", workcenter, shift["since"].get<std::string>(),
                                shift["until"].get<std::string>()),
                    bars, 1);
    rows.push_back({"<code>" + Text(shift, "workcenter") + "</code>", Text(shift, "since"), Text(shift, "until"),
                    Text(shift, "planned_min"), Text(shift, "stop_min"), Text(shift, "run_min"), Text(shift, "good"),
                    Text(shift, "scrap"), Text(shift, "oee")});
  }
  out += TableHtml({"workcenter", "from", "to", "planned min", "stop min", "run min", "good", "scrap", "OEE"}, rows);
  if (!oee["losses"].empty()) {
    std::vector<std::vector<std::string>> loss_rows;
    for (const Json& loss : oee["losses"]) {
      loss_rows.push_back({"<code>" + Text(loss, "workcenter") + "</code>", Text(loss, "since"), Text(loss, "until"),
                           Text(loss, "loss"), Text(loss, "stop_min")});
    }
    out += "<h3>Loss minutes</h3>\n" + TableHtml({"workcenter", "from", "to", "loss class", "stop min"}, loss_rows);
  }
  return out;
}

}  // namespace takt::report
