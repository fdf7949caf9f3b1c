#include "compiler/report/report.h"

#include <fmt/format.h>

#include "compiler/doc/html.h"
#include "compiler/report/sections.h"
#include "compiler/report/svg.h"
#include "takt/timestamp.h"

namespace takt::report {

namespace {

// The charts' colours; the rest of the look is takt doc's style sheet.
constexpr std::string_view kChartStyle = R"(svg.chart{display:block;max-width:100%;height:auto;font-size:11px;font-family:inherit}
svg.chart .label,svg.chart .note,svg.chart .axis{fill:#1b1f24}
svg.chart .frame{fill:none;stroke:#a0a7ae}
svg.chart .series{fill:none;stroke:#0b5cad;stroke-width:1.5}
svg.chart .point{fill:#0b5cad}
svg.chart .point.out{fill:#c62828}
svg.chart .signal{fill:none;stroke:#c62828;stroke-width:2}
svg.chart .rule{fill:#c62828;font-weight:bold}
svg.chart .center{stroke:#2e7d32;stroke-width:1.5}
svg.chart .control{stroke:#ef6c00;stroke-dasharray:6 3}
svg.chart .spec{stroke:#c62828;stroke-width:1.5;stroke-dasharray:2 2}
svg.chart .band1{fill:#e8f5e9}
svg.chart .band2{fill:#fffde7}
svg.chart .band3{fill:#fff3e0}
svg.chart .bar{fill:#0b5cad}
svg.chart .bar.availability{fill:#ef6c00}
svg.chart .bar.performance{fill:#6a1b9a}
svg.chart .bar.quality{fill:#c62828}
svg.chart .bar.none{fill:#78909c}
svg.chart .bar.oee{fill:#2e7d32}
svg.chart .lane{stroke:#d0d7de}
svg.chart .mark{fill:#ef6c00}
svg.chart .mark.escalate{fill:#c62828}
p.empty{color:#57606a;font-style:italic}
dl.period dt{float:left;clear:left;width:9em;color:#57606a}
dl.period dd{margin-left:10em}
)";

auto ParseLines(const std::vector<std::string>& lines, const Window& window) -> std::vector<Line> {
  std::vector<Line> parsed;
  for (const std::string& text : lines) {
    Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) {
      continue;  // A line the executor rejected as malformed: nothing to chart.
    }
    const std::optional<int64_t> t_ms = runtime::ParseTimestamp(StringField(json, "t"));
    if (t_ms && window.Contains(*t_ms)) {
      parsed.push_back(Line{.t_ms = *t_ms, .json = std::move(json)});
    }
  }
  return parsed;
}

auto OptionalTime(const std::optional<int64_t>& t_ms) -> Json {
  return t_ms ? Json(TimeText(*t_ms)) : Json(nullptr);
}

}  // namespace

auto TimeText(int64_t t_ms) -> std::string {
  char buffer[40];
  const int length = runtime::FormatTimestamp(t_ms, buffer);
  return std::string(buffer, static_cast<size_t>(length));
}

auto StringField(const Json& object, std::string_view key) -> std::string {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

auto ReportData(const model::Plant& plant, const History& history, const Window& window) -> Json {
  Period period{.events = ParseLines(history.events, window), .actions = ParseLines(history.actions, window)};
  period.end_ms = window.to_ms ? *window.to_ms : period.events.empty() ? 0 : period.events.back().t_ms;
  Json data;
  data["plant"] = plant.name;
  data["title"] = plant.title;
  data["from"] = OptionalTime(window.from_ms);
  data["to"] = OptionalTime(window.to_ms);
  data["first_event"] = period.events.empty() ? Json(nullptr) : Json(TimeText(period.events.front().t_ms));
  data["last_event"] = period.events.empty() ? Json(nullptr) : Json(TimeText(period.events.back().t_ms));
  data["events"] = period.events.size();
  data["actions"] = period.actions.size();
  data["spc"] = SpcData(plant, period);
  data["downtime"] = DowntimeData(plant, period);
  data["oee"] = OeeData(period);
  data["escalations"] = EscalationData(period);
  data["open_items"] = OpenItemsData(plant, period);
  return data;
}

auto ReportHtml(const Json& data) -> std::string {
  const std::string plant = StringField(data, "plant");
  const std::string title = StringField(data, "title");
  std::string body = "<dl class=\"period\">\n";
  for (const auto& [key, label] : {std::pair{"from", "From"}, {"to", "To"}, {"first_event", "First event"},
                                   {"last_event", "Last event"}, {"events", "Events"}, {"actions", "Actions"}}) {
    const std::string value = Text(data, key);
    body += fmt::format("<dt>{}</dt><dd>{}</dd>\n", label, value.empty() ? "open" : value);
  }
  body += "</dl>\n";
  body += "<h2 id=\"spc\">SPC control charts</h2>\n" + SpcHtml(data["spc"]);
  body += "<h2 id=\"downtime\">Downtime</h2>\n" + DowntimeHtml(data["downtime"]);
  body += "<h2 id=\"oee\">OEE per workcenter</h2>\n" + OeeHtml(data["oee"]);
  body += "<h2 id=\"escalations\">Escalations</h2>\n" + EscalationHtml(data["escalations"]);
  body += "<h2 id=\"open-items\">Open items</h2>\n" + OpenItemsHtml(data["open_items"]);
  const std::string nav =
      "<a href=\"#spc\">SPC</a><a href=\"#downtime\">Downtime</a><a href=\"#oee\">OEE</a>"
      "<a href=\"#escalations\">Escalations</a><a href=\"#open-items\">Open items</a>";
  const std::string heading = fmt::format("Report <span class=\"title\">{} · <code>{}</code></span>",
                                          doc::Escape(title), doc::Escape(plant));
  return doc::StandalonePage(doc::PageParts{
      .title = fmt::format("Report — {}", title.empty() ? plant : title),
      .extra_style = kChartStyle,
      .nav = nav,
      .heading = heading,
      .body = body,
      .footer = "Generated by <code>takt report</code> from the plant and its history."});
}

}  // namespace takt::report
