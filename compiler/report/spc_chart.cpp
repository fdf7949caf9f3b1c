// The SPC section: one individuals control chart per control of the plan, drawn from the
// `measure` events of the period. The centre line and sigma come from the control's `spc`
// clause (the standard's, not re-estimated from the period, as the executor tests against them);
// without one, the centre is the spec's target or the mean of the points and no bands are drawn.
// Signals are the executor's `spc_signal` actions, each marked on the measurement it fired on
// with the rule it names.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "compiler/doc/html.h"
#include "compiler/report/sections.h"
#include "compiler/report/svg.h"

namespace takt::report {

namespace {

constexpr double kWidth = 780;
constexpr double kHeight = 280;
constexpr double kLeft = 80;
constexpr double kRight = 640;
constexpr double kTop = 20;
constexpr double kBottom = 240;

auto OptionalNumber(const std::optional<double>& value) -> Json { return value ? Json(*value) : Json(nullptr); }

auto ControlData(const model::Control& control, const Period& period) -> Json {
  Json points = Json::array();
  std::vector<int64_t> point_times;
  double sum = 0;
  for (const Line& event : period.events) {
    const Json& json = event.json;
    if (StringField(json, "type") != "measure" || StringField(json, "control") != control.name ||
        !json.contains("value") || !json["value"].is_number()) {
      continue;
    }
    const double value = json["value"].get<double>();
    sum += value;
    point_times.push_back(event.t_ms);
    points.push_back({{"t", TimeText(event.t_ms)},
                      {"value", value},
                      {"workcenter", StringField(json, "workcenter")},
                      {"lot", StringField(json, "lot")},
                      {"out_of_spec", control.spec && control.spec->Excludes(value)}});
  }
  // Each signal on the last measurement of its control (and workcenter) at or before it: the
  // executor signals on the measurement itself, so that one has the signal's time.
  Json signals = Json::array();
  for (const Line& action : period.actions) {
    const Json& json = action.json;
    if (StringField(json, "action") != "spc_signal" || StringField(json, "control") != control.name) {
      continue;
    }
    const std::string workcenter = StringField(json, "workcenter");
    Json point = nullptr;
    for (size_t i = 0; i < points.size(); ++i) {
      if (point_times[i] <= action.t_ms &&
          (workcenter.empty() || points[i]["workcenter"] == workcenter)) {
        point = i;
      }
    }
    signals.push_back({{"t", TimeText(action.t_ms)},
                       {"rule", StringField(json, "spc_rule")},
                       {"workcenter", workcenter},
                       {"point", point}});
  }
  Json data;
  data["control"] = control.name;
  data["title"] = control.title;
  data["unit"] = std::string(model::GetUnit(control.unit).symbol);
  if (control.spec) {
    data["spec"] = {{"text", control.spec->text},
                    {"lsl", OptionalNumber(control.spec->lsl)},
                    {"target", OptionalNumber(control.spec->target)},
                    {"usl", OptionalNumber(control.spec->usl)}};
  } else {
    data["spec"] = nullptr;
  }
  if (control.spc) {
    Json rules = Json::array();
    for (model::SpcRule rule : control.spc->rules) {
      rules.push_back(std::string(model::SpcRuleName(rule)));
    }
    data["spc"] = {{"chart", control.spc->chart},
                   {"center", control.spc->center},
                   {"sigma", control.spc->sigma},
                   {"rules", rules}};
    data["center"] = control.spc->center;
  } else {
    data["spc"] = nullptr;  // Like `spec`: every chart has the member, null without the clause.
    if (control.spec && control.spec->target) {
      data["center"] = *control.spec->target;
    } else {
      data["center"] = points.empty() ? Json(nullptr) : Json(Rounded(sum / double(points.size()), 6));
    }
  }
  data["points"] = points;
  data["signals"] = signals;
  return data;
}

// The horizontal lines of a chart: centre, control limits and bands at ±1..3 sigma, spec limits.
struct Limit {
  std::string name;
  double value;
  std::string kind;
};

auto LimitsOf(const Json& chart) -> std::vector<Limit> {
  std::vector<Limit> limits;
  const Json& spec = chart["spec"];
  if (spec.is_object() && spec["usl"].is_number()) {
    limits.push_back({"USL", spec["usl"].get<double>(), "spec"});
  }
  if (spec.is_object() && spec["lsl"].is_number()) {
    limits.push_back({"LSL", spec["lsl"].get<double>(), "spec"});
  }
  if (chart["center"].is_number()) {
    limits.push_back({"CL", chart["center"].get<double>(), "center"});
  }
  if (chart["spc"].is_object()) {
    const double center = chart["spc"]["center"].get<double>();
    const double sigma = chart["spc"]["sigma"].get<double>();
    limits.push_back({"UCL", center + 3 * sigma, "control"});
    limits.push_back({"LCL", center - 3 * sigma, "control"});
  }
  return limits;
}

auto ChartSvg(const Json& chart) -> std::string {
  const Json& points = chart["points"];
  const std::vector<Limit> limits = LimitsOf(chart);
  double low = std::numeric_limits<double>::max();
  double high = std::numeric_limits<double>::lowest();
  for (const Json& point : points) {
    low = std::min(low, point["value"].get<double>());
    high = std::max(high, point["value"].get<double>());
  }
  for (const Limit& limit : limits) {
    low = std::min(low, limit.value);
    high = std::max(high, limit.value);
  }
  if (high <= low) {
    const double spread = std::max(1.0, std::abs(low) * 0.01);
    low -= spread;
    high += spread;
  }
  const double pad = (high - low) * 0.08;
  low -= pad;
  high += pad;
  auto y = [&](double value) { return kBottom - (value - low) / (high - low) * (kBottom - kTop); };
  auto x = [&](size_t index) {
    return points.size() <= 1 ? (kLeft + kRight) / 2
                              : kLeft + 10 + double(index) * (kRight - kLeft - 20) / double(points.size() - 1);
  };
  const std::string name = chart["control"].get<std::string>();
  std::string out = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"Control chart of {2}\">\n",
      Coord(kWidth), Coord(kHeight), doc::Escape(name));
  if (chart["spc"].is_object()) {
    const double center = chart["spc"]["center"].get<double>();
    const double sigma = chart["spc"]["sigma"].get<double>();
    for (int band = 3; band >= 1; --band) {
      out += fmt::format("<rect class=\"band{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>±{} sigma</title></rect>\n",
                         band, Coord(kLeft), Coord(y(center + band * sigma)), Coord(kRight - kLeft),
                         Coord(y(center - band * sigma) - y(center + band * sigma)), band);
    }
  }
  out += fmt::format("<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n", Coord(kLeft),
                     Coord(kTop), Coord(kRight - kLeft), Coord(kBottom - kTop));
  for (const Limit& limit : limits) {
    out += fmt::format("<line class=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", limit.kind, Coord(kLeft),
                       Coord(y(limit.value)), Coord(kRight), Coord(y(limit.value)));
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\">{} {}</text>\n", Coord(kRight + 6),
                       Coord(y(limit.value) + 4), limit.name, Number(limit.value));
  }
  for (const auto& [value, anchor] : {std::pair{high, kTop + 4}, {low, kBottom}}) {
    out += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", Coord(kLeft - 6),
                       Coord(anchor), Number(value));
  }
  if (!points.empty()) {
    std::string series;
    for (size_t i = 0; i < points.size(); ++i) {
      series += fmt::format("{}{},{}", i == 0 ? "" : " ", Coord(x(i)), Coord(y(points[i]["value"].get<double>())));
    }
    out += fmt::format("<polyline class=\"series\" points=\"{}\"/>\n", series);
    for (size_t i = 0; i < points.size(); ++i) {
      const Json& point = points[i];
      out += fmt::format("<circle class=\"point{}\" cx=\"{}\" cy=\"{}\" r=\"3.5\"><title>{} {} {}{}</title></circle>\n",
                         point["out_of_spec"].get<bool>() ? " out" : "", Coord(x(i)),
                         Coord(y(point["value"].get<double>())), Text(point, "t"), Text(point, "value"),
                         Text(point, "workcenter"), point["out_of_spec"].get<bool>() ? " (out of spec)" : "");
    }
    for (const Json& signal : chart["signals"]) {
      if (!signal["point"].is_number()) {
        continue;
      }
      const size_t i = signal["point"].get<size_t>();
      const double cy = y(points[i]["value"].get<double>());
      out += fmt::format("<circle class=\"signal\" cx=\"{}\" cy=\"{}\" r=\"7\"/>", Coord(x(i)), Coord(cy));
      out += fmt::format("<text class=\"rule\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", Coord(x(i)),
                         Coord(cy - 11), Text(signal, "rule"));
    }
    out += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\">{}</text>", Coord(kLeft), Coord(kBottom + 16),
                       Text(points.front(), "t"));
    out += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", Coord(kRight),
                       Coord(kBottom + 16), Text(points.back(), "t"));
  }
  return out + "</svg>\n";
}

}  // namespace

auto SpcData(const model::Plant& plant, const Period& period) -> Json {
  Json charts = Json::array();
  for (const model::Control& control : plant.controls) {
    charts.push_back(ControlData(control, period));
  }
  return charts;
}

auto SpcHtml(const Json& spc) -> std::string {
  if (spc.empty()) {
    return EmptyHtml("The plant has no controls.");
  }
  std::string out;
  for (const Json& chart : spc) {
    out += fmt::format("<h3 id=\"control-{0}\"><code>{0}</code> <span class=\"title\">{1}</span></h3>\n",
                       Text(chart, "control"), Text(chart, "title"));
    std::string facts = fmt::format("unit <code>{}</code>", Text(chart, "unit"));
    if (chart["spec"].is_object()) {
      facts += fmt::format(" · spec <code>{}</code>", Text(chart["spec"], "text"));
    }
    if (chart["spc"].is_object()) {
      std::string rules;
      for (const Json& rule : chart["spc"]["rules"]) {
        rules += (rules.empty() ? "" : ", ") + doc::Escape(rule.get<std::string>());
      }
      facts += fmt::format(" · {} chart, centre {}, sigma {}, rules {}", Text(chart["spc"], "chart"),
                           Text(chart["spc"], "center"), Text(chart["spc"], "sigma"), rules.empty() ? "none" : rules);
    }
    out += fmt::format("<p>{} · {} measurements, {} signals</p>\n", facts, chart["points"].size(),
                       chart["signals"].size());
    if (chart["points"].empty()) {
      out += EmptyHtml("No measurements in the period.");
      continue;
    }
    out += "<figure>\n" + ChartSvg(chart) +
           fmt::format("<figcaption>Individuals of <code>{}</code> in time order; red: out of spec; circled: an SPC "
                       "signal, with its rule</figcaption>\n</figure>\n",
                       Text(chart, "control"));
    if (!chart["signals"].empty()) {
      std::vector<std::vector<std::string>> rows;
      for (const Json& signal : chart["signals"]) {
        const std::string value =
            signal["point"].is_number() ? Text(chart["points"][signal["point"].get<size_t>()], "value") : "";
        rows.push_back({Text(signal, "t"), "<code>" + Text(signal, "workcenter") + "</code>",
                        "<code>" + Text(signal, "rule") + "</code>", value});
      }
      out += TableHtml({"time", "workcenter", "rule", "value"}, rows);
    }
  }
  return out;
}

}  // namespace takt::report
