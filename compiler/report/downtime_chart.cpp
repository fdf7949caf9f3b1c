// The downtime section: the stops of the period from the `down` and `up` events, as the runtime
// sees them (docs/runtime.md): a stop runs from a workcenter's `down` to its `up`; a `down` on a
// stopped workcenter recodes the open stop, whose minutes all go to its last reason. A stop
// still open at the end is cut there (`--to`, else the last event) and marked open; a stop whose
// `down` lies before the period is not in it. Minutes are added up by reason and by the loss
// class the plant's reason tree gives each reason, and shown as Pareto charts (largest first,
// with the cumulative share).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/doc/html.h"
#include "compiler/report/sections.h"
#include "compiler/report/svg.h"

namespace takt::report {

namespace {

constexpr std::string_view kUncoded = "uncoded";

auto FindReason(const model::Plant& plant, std::string_view name) -> const model::Reason* {
  for (const model::Reason& reason : plant.reasons) {
    if (reason.name == name) {
      return &reason;
    }
  }
  return nullptr;
}

struct OpenStop {
  int64_t start_ms = 0;
  std::string reason;  // Empty: uncoded.
};

struct Total {
  std::string loss;
  std::string title;
  int64_t ms = 0;
  int64_t stops = 0;
};

auto Minutes(int64_t ms) -> double { return Rounded(double(ms) / 60000.0, 3); }

// Largest first (then by name), with each entry's share of the whole and the running share.
auto Pareto(const std::map<std::string, Total>& totals, std::string_view key, bool with_loss) -> Json {
  std::vector<std::pair<std::string, Total>> sorted(totals.begin(), totals.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second.ms > b.second.ms; });
  int64_t all = 0;
  for (const auto& [name, total] : sorted) {
    all += total.ms;
  }
  Json rows = Json::array();
  int64_t running = 0;
  for (const auto& [name, total] : sorted) {
    running += total.ms;
    Json row;
    row[std::string(key)] = name;
    if (with_loss) {
      row["title"] = total.title;
      row["loss"] = total.loss;
    }
    row["stops"] = total.stops;
    row["minutes"] = Minutes(total.ms);
    row["share"] = all == 0 ? 0.0 : Rounded(double(total.ms) / double(all), 4);
    row["cumulative"] = all == 0 ? 0.0 : Rounded(double(running) / double(all), 4);
    rows.push_back(row);
  }
  return rows;
}

auto ParetoChart(std::string_view caption, const Json& rows, std::string_view key, bool by_loss) -> std::string {
  std::vector<Bar> bars;
  for (const Json& row : rows) {
    const std::string name = row[key].get<std::string>();
    bars.push_back(Bar{.label = name,
                       .value = row["minutes"].get<double>(),
                       .note = fmt::format("{} min · {} stops · {}% · cumulative {}%", Number(row["minutes"].get<double>()),
                                           row["stops"].get<int64_t>(), Number(row["share"].get<double>() * 100),
                                           Number(row["cumulative"].get<double>() * 100)),
                       .kind = by_loss ? name : StringField(row, "loss")});
  }
  return BarChart(caption, bars, 0);
}

}  // namespace

auto DowntimeData(const model::Plant& plant, const Period& period) -> Json {
  std::map<std::string, OpenStop> open;  // By workcenter.
  Json stops = Json::array();
  std::map<std::string, Total> by_reason;
  std::map<std::string, Total> by_loss;
  auto close = [&](const std::string& workcenter, const OpenStop& stop, int64_t end_ms, bool still_open) {
    const model::Reason* reason = stop.reason.empty() ? nullptr : FindReason(plant, stop.reason);
    const std::string name = stop.reason.empty() ? std::string(kUncoded) : stop.reason;
    const std::string loss = stop.reason.empty() ? std::string(kUncoded)
                             : reason == nullptr ? std::string("none")
                                                 : std::string(model::LossClassName(reason->loss));
    const int64_t ms = std::max<int64_t>(0, end_ms - stop.start_ms);
    stops.push_back({{"workcenter", workcenter},
                     {"reason", name},
                     {"loss", loss},
                     {"start", TimeText(stop.start_ms)},
                     {"end", TimeText(std::max(end_ms, stop.start_ms))},
                     {"minutes", Minutes(ms)},
                     {"open", still_open}});
    for (auto [totals, key] : {std::pair{&by_reason, name}, {&by_loss, loss}}) {
      Total& total = (*totals)[key];
      total.loss = loss;
      total.title = reason == nullptr ? "" : reason->title;
      total.ms += ms;
      ++total.stops;
    }
  };
  for (const Line& event : period.events) {
    const std::string type = StringField(event.json, "type");
    const std::string workcenter = StringField(event.json, "workcenter");
    if (type == "down") {
      const std::string reason = StringField(event.json, "reason");
      auto [it, inserted] = open.try_emplace(workcenter, OpenStop{.start_ms = event.t_ms, .reason = reason});
      if (!inserted && !reason.empty()) {
        it->second.reason = reason;
      }
    } else if (type == "up") {
      if (auto it = open.find(workcenter); it != open.end()) {
        close(workcenter, it->second, event.t_ms, false);
        open.erase(it);
      }
    }
  }
  for (const auto& [workcenter, stop] : open) {
    close(workcenter, stop, period.end_ms, true);
  }
  Json data;
  data["stops"] = stops;
  data["by_reason"] = Pareto(by_reason, "reason", true);
  data["by_loss"] = Pareto(by_loss, "loss", false);
  return data;
}

auto DowntimeHtml(const Json& downtime) -> std::string {
  if (downtime["stops"].empty()) {
    return EmptyHtml("No stops in the period.");
  }
  std::string out = "<h3>By reason</h3>\n" +
                    ParetoChart("Stop minutes by reason, largest first (colour: loss class)", downtime["by_reason"],
                                "reason", false);
  out += "<h3>By loss class</h3>\n" +
         ParetoChart("Stop minutes by loss class, largest first", downtime["by_loss"], "loss", true);
  std::vector<std::vector<std::string>> rows;
  for (const Json& stop : downtime["stops"]) {
    rows.push_back({"<code>" + Text(stop, "workcenter") + "</code>", "<code>" + Text(stop, "reason") + "</code>",
                    Text(stop, "loss"), Text(stop, "start"),
                    Text(stop, "end") + (stop["open"].get<bool>() ? " (still down)" : ""), Text(stop, "minutes")});
  }
  return out + "<h3>Stops</h3>\n" + TableHtml({"workcenter", "reason", "loss class", "down", "up", "minutes"}, rows);
}

}  // namespace takt::report
