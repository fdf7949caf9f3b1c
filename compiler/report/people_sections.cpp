// The sections about people: the escalation timeline (every escalation tier that fired and every
// case escalated on timeout, when and to whom) and the open items with their owners at the end
// of the period: the last handover's report items when a handover fell in the period (what the
// supervisor signed for), else the cases still open and the lots still held at the end.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/doc/html.h"
#include "compiler/report/sections.h"
#include "compiler/report/svg.h"
#include "takt/timestamp.h"

namespace takt::report {

namespace {

constexpr double kLaneLeft = 200;
constexpr double kLaneRight = 900;
constexpr double kLane = 34;
constexpr std::string_view kItemKeys[] = {"role", "case", "id", "lot", "workcenter", "reason", "control", "since", "due"};

auto IsEscalation(const Json& action) -> bool {
  return StringField(action, "action") == "escalate" || StringField(action, "cause") == "tier";
}

void Copy(const Json& from, Json& to, std::string_view key) {
  if (const auto it = from.find(key); it != from.end() && !it->is_null()) {
    to[std::string(key)] = *it;
  }
}

auto TimelineSvg(const Json& escalations) -> std::string {
  std::vector<std::string> lanes;
  for (const Json& escalation : escalations) {
    const std::string rule = escalation["rule"].get<std::string>();
    if (std::find(lanes.begin(), lanes.end(), rule) == lanes.end()) {
      lanes.push_back(rule);
    }
  }
  const int64_t first = runtime::ParseTimestamp(escalations.front()["t"].get<std::string>()).value_or(0);
  const int64_t last = runtime::ParseTimestamp(escalations.back()["t"].get<std::string>()).value_or(0);
  auto x = [&](int64_t t_ms) {
    return last == first ? (kLaneLeft + kLaneRight) / 2 : kLaneLeft + double(t_ms - first) / double(last - first) * (kLaneRight - kLaneLeft);
  };
  const double height = kLane * double(lanes.size()) + 40;
  std::string out = fmt::format(
      "<figure>\n<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"Escalation timeline\">\n",
      Coord(kLaneRight + 100), Coord(height));
  for (size_t lane = 0; lane < lanes.size(); ++lane) {
    const double y = 24 + kLane * double(lane);
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", Coord(kLaneLeft - 12),
                       Coord(y + 4), doc::Escape(lanes[lane]));
    out += fmt::format("<line class=\"lane\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", Coord(kLaneLeft), Coord(y),
                       Coord(kLaneRight), Coord(y));
  }
  for (const Json& escalation : escalations) {
    const size_t lane = size_t(std::find(lanes.begin(), lanes.end(), escalation["rule"].get<std::string>()) - lanes.begin());
    const double y = 24 + kLane * double(lane);
    const double cx = x(runtime::ParseTimestamp(escalation["t"].get<std::string>()).value_or(0));
    const bool escalate = escalation["action"] == "escalate";
    const std::string label = escalation.contains("tier") ? "T" + Text(escalation, "tier") : "escalate";
    out += fmt::format("<circle class=\"mark{}\" cx=\"{}\" cy=\"{}\" r=\"5\"><title>{} {} {}{}</title></circle>",
                       escalate ? " escalate" : "", Coord(cx), Coord(y), Text(escalation, "t"), label,
                       Text(escalation, "role"),
                       escalation.contains("due") ? " due " + Text(escalation, "due") : std::string());
    out += fmt::format("<text class=\"note\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{} {}</text>\n", Coord(cx),
                       Coord(y + 16), label, Text(escalation, "role"));
  }
  out += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\">{}</text>", Coord(kLaneLeft), Coord(height - 4),
                     Text(escalations.front(), "t"));
  out += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", Coord(kLaneRight),
                     Coord(height - 4), Text(escalations.back(), "t"));
  return out + "</svg>\n<figcaption>Escalations in time, one lane per rule: tier notifications (T1, T2, …) and "
               "cases escalated on timeout (red)</figcaption>\n</figure>\n";
}

auto ItemRows(const Json& items) -> std::vector<std::vector<std::string>> {
  std::vector<std::vector<std::string>> rows;
  for (const Json& item : items) {
    std::string what = Text(item, "case").empty() ? "" : "<code>" + Text(item, "id") + "</code>";
    for (std::string_view key : {"lot", "workcenter", "reason", "control"}) {
      if (!Text(item, key).empty()) {
        what += fmt::format("{}{} <code>{}</code>", what.empty() ? "" : ", ", key, Text(item, key));
      }
    }
    rows.push_back({Text(item, "item"), what, "<code>" + Text(item, "role") + "</code>", Text(item, "since"),
                    Text(item, "due")});
  }
  return rows;
}

}  // namespace

auto EscalationData(const Period& period) -> Json {
  std::map<std::string, std::string> case_due;  // By case id, from its open_case.
  Json escalations = Json::array();
  for (const Line& action : period.actions) {
    const Json& json = action.json;
    if (StringField(json, "action") == "open_case") {
      case_due[StringField(json, "id")] = StringField(json, "due");
    }
    if (!IsEscalation(json)) {
      continue;
    }
    Json escalation = {{"t", TimeText(action.t_ms)}, {"action", StringField(json, "action")},
                       {"rule", StringField(json, "rule")}};
    for (std::string_view key : {"tier", "role", "case", "id", "workcenter", "reason", "lot", "due"}) {
      Copy(json, escalation, key);
    }
    if (!escalation.contains("due") && case_due.contains(StringField(json, "id"))) {
      escalation["due"] = case_due[StringField(json, "id")];
    }
    escalations.push_back(escalation);
  }
  return escalations;
}

auto EscalationHtml(const Json& escalations) -> std::string {
  if (escalations.empty()) {
    return EmptyHtml("No escalations in the period.");
  }
  std::vector<std::vector<std::string>> rows;
  for (const Json& escalation : escalations) {
    std::string what;
    for (std::string_view key : {"id", "workcenter", "reason", "lot"}) {
      if (!Text(escalation, key).empty()) {
        what += fmt::format("{}{} <code>{}</code>", what.empty() ? "" : ", ", key, Text(escalation, key));
      }
    }
    rows.push_back({Text(escalation, "t"), "<code>" + Text(escalation, "rule") + "</code>",
                    escalation.contains("tier") ? "tier " + Text(escalation, "tier") : "escalate",
                    "<code>" + Text(escalation, "role") + "</code>", what, Text(escalation, "due")});
  }
  return TimelineSvg(escalations) + TableHtml({"time", "rule", "step", "to", "about", "due"}, rows);
}

auto OpenItemsData(const model::Plant& plant, const Period& period) -> Json {
  // The last handover of the period: its report items are the open items it handed over.
  const Line* handover = nullptr;
  for (const Line& action : period.actions) {
    if (StringField(action.json, "action") == "handover_report") {
      handover = &action;
    }
  }
  Json items = Json::array();
  if (handover != nullptr) {
    const std::string name = StringField(handover->json, "handover");
    for (const Line& action : period.actions) {
      const std::string item = StringField(action.json, "item");
      if (action.t_ms != handover->t_ms || StringField(action.json, "action") != "report_item" ||
          StringField(action.json, "handover") != name || item == "oee" || item == "loss") {
        continue;
      }
      Json row = {{"item", item}};
      for (std::string_view key : kItemKeys) {
        Copy(action.json, row, key);
      }
      items.push_back(row);
    }
    return {{"source", "handover"}, {"handover", name}, {"t", TimeText(handover->t_ms)}, {"items", items}};
  }
  // No handover: what is still open at the end, cases by id and holds by lot, in opening order.
  std::vector<std::pair<std::string, Json>> open;
  auto close = [&](const std::string& key) {
    std::erase_if(open, [&](const auto& entry) { return entry.first == key; });
  };
  for (const Line& action : period.actions) {
    const Json& json = action.json;
    const std::string kind = StringField(json, "action");
    if (kind == "open_case") {
      Json row = {{"item", "open_cases"}, {"since", TimeText(action.t_ms)}};
      for (const model::Case& case_decl : plant.cases) {
        if (case_decl.name == StringField(json, "case")) {
          row["role"] = plant.role(case_decl.owner).name;
        }
      }
      for (std::string_view key : {"case", "id", "lot", "workcenter", "reason", "control", "due"}) {
        Copy(json, row, key);
      }
      open.emplace_back("case " + StringField(json, "id"), row);
    } else if (kind == "close_case") {
      close("case " + StringField(json, "id"));
    } else if (kind == "hold") {
      Json row = {{"item", "open_holds"}, {"since", TimeText(action.t_ms)}};
      for (const model::Control& control : plant.controls) {
        if (control.name == StringField(json, "control")) {
          row["role"] = plant.role(control.owner).name;
        }
      }
      for (std::string_view key : {"lot", "workcenter", "control"}) {
        Copy(json, row, key);
      }
      open.emplace_back("lot " + StringField(json, "lot"), row);
    } else if (kind == "release" || kind == "scrap") {
      close("lot " + StringField(json, "lot"));
    }
  }
  for (auto& [key, row] : open) {
    items.push_back(std::move(row));
  }
  return {{"source", "end"}, {"items", items}};
}

auto OpenItemsHtml(const Json& open_items) -> std::string {
  std::string out =
      open_items["source"] == "handover"
          ? fmt::format("<p>As handed over by <code>{}</code> at {}.</p>\n", Text(open_items, "handover"),
                        Text(open_items, "t"))
          : std::string("<p>No handover in the period: the cases still open and the lots still held at its end.</p>\n");
  if (open_items["items"].empty()) {
    return out + EmptyHtml("Nothing is open.");
  }
  return out + TableHtml({"item", "what", "owner", "since", "due"}, ItemRows(open_items["items"]));
}

}  // namespace takt::report
