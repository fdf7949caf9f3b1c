#include "compiler/report/report.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/driver/driver.h"
#include "takt/timestamp.h"
#include "tests/unit/interp/plant_fixture.h"
#include "tests/unit/repo_files.h"

namespace takt::report {
namespace {

constexpr std::string_view kPlant = R"(plant mini "Mini <b>plant</b>"
use std.losses
use std.spc
role boss "Boss"
area hall "Hall" owner boss {
  line l1 "Line" owner boss {
    workcenter press "Press"
  }
}
control bore "Bore <i>" owner boss {
  measure diameter in mm
  spec 10 ± 0.1
  spc individuals center 10 sigma 0.02 rules western_electric
}
)";

auto MiniPlant() -> std::unique_ptr<interp::CheckedPlant> {
  auto checked = interp::CheckFiles({{"plant.takt", std::string(kPlant)}});
  REQUIRE_MESSAGE(checked->plant != nullptr, checked->errors);
  return checked;
}

// Until the handover reports `oee` (issue 12), the OEE section is fed here with the items the
// contract names (CONTRACT12: `item` `oee` and `loss`, their fields).
TEST_CASE("the OEE section charts the handover's oee items and lists its loss items") {
  auto checked = MiniPlant();
  History history;
  history.actions = {
      R"({"t":"2026-11-28T14:00:00Z","action":"report_item","rule":"shift_handover","handover":"shift_handover","item":"oee","workcenter":"press","since":"2026-11-28T06:00:00Z","planned_min":450,"stop_min":45,"run_min":405,"good":380,"scrap":20,"availability":0.9,"performance":0.8765,"quality":0.95,"oee":0.749})",
      R"({"t":"2026-11-28T14:00:00Z","action":"report_item","rule":"shift_handover","handover":"shift_handover","item":"loss","workcenter":"press","since":"2026-11-28T06:00:00Z","loss":"availability","stop_min":45})",
      R"({"t":"2026-11-28T22:00:00Z","action":"report_item","rule":"shift_handover","handover":"shift_handover","item":"oee","workcenter":"press","since":"2026-11-28T14:00:00Z","planned_min":0,"stop_min":0,"run_min":0,"good":0,"scrap":0})",
  };
  const Json data = ReportData(*checked->plant, history, Window{});
  const Json& shifts = data["oee"]["shifts"];
  REQUIRE(shifts.size() == 2);
  CHECK(shifts[0]["workcenter"] == "press");
  CHECK(shifts[0]["until"] == "2026-11-28T14:00:00Z");
  CHECK(shifts[0]["oee"] == 0.749);
  CHECK(shifts[1]["availability"].is_null());  // Undefined without planned time.
  REQUIRE(data["oee"]["losses"].size() == 1);
  CHECK(data["oee"]["losses"][0]["loss"] == "availability");
  // oee and loss items are numbers for the chart, not open items of the handover.
  CHECK(data["open_items"]["items"].empty());
  const std::string html = ReportHtml(data);
  CHECK(html.find("74.9%") != std::string::npos);
  CHECK(html.find("87.65%") != std::string::npos);
  CHECK(html.find("undefined") != std::string::npos);
  CHECK(html.find("No OEE in the period") == std::string::npos);
}

TEST_CASE("text from the plant and the history is escaped on the page") {
  auto checked = MiniPlant();
  History history;
  history.events = {
      R"({"t":"2026-11-28T06:00:00Z","type":"measure","control":"bore","value":10.01,"workcenter":"<script>x</script>"})",
      R"({"t":"2026-11-28T06:10:00Z","type":"down","workcenter":"press","reason":"<img src=x>"})",
  };
  const std::string html = ReportHtml(ReportData(*checked->plant, history, Window{}));
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;x&lt;/script&gt;") != std::string::npos);
}

TEST_CASE("the window keeps what lies at or after --from and before --to, and cuts open stops at its end") {
  auto checked = MiniPlant();
  History history;
  history.events = {
      R"({"t":"2026-11-28T05:59:00Z","type":"measure","control":"bore","value":10.2})",
      R"({"t":"2026-11-28T06:00:00Z","type":"measure","control":"bore","value":10.0})",
      R"({"t":"2026-11-28T06:30:00Z","type":"down","workcenter":"press"})",
      R"({"t":"2026-11-28T06:40:00Z","type":"down","workcenter":"press","reason":"unplanned.breakdown"})",
      R"({"t":"2026-11-28T07:00:00Z","type":"measure","control":"bore","value":10.0})",
  };
  const Window window{.from_ms = runtime::ParseTimestamp("2026-11-28T06:00:00Z"),
                      .to_ms = runtime::ParseTimestamp("2026-11-28T07:00:00Z")};
  const Json data = ReportData(*checked->plant, history, window);
  CHECK(data["spc"][0]["points"].size() == 1);
  REQUIRE(data["downtime"]["stops"].size() == 1);
  const Json& stop = data["downtime"]["stops"][0];
  CHECK(stop["reason"] == "unplanned.breakdown");  // The recode names the whole stop.
  CHECK(stop["loss"] == "availability");
  CHECK(stop["minutes"] == 30.0);
  CHECK(stop["open"] == true);
}

// porto's page and data, byte for byte: tests/golden/report/porto/ (TAKT_AUTOUPDATE=1 rewrites).
TEST_CASE("takt report of porto matches its golden page and data") {
  base::InMemoryFileSystem file_system;
  std::vector<std::string> args = {"report", "--interp", "--events", "examples/porto/events.jsonl",
                                   "-o", "report.html", "--data", "report.json"};
  for (const std::filesystem::path& path : testing::PlantFilesIn(testing::PortoDir())) {
    const std::string name = "examples/porto/" + path.filename().string();
    file_system.Add(name, testing::ReadText(path));
    args.push_back(name);
  }
  file_system.Add("examples/porto/events.jsonl",
                  testing::ReadText(std::filesystem::path(testing::PortoDir()) / "events.jsonl"));
  std::vector<std::string_view> arg_views(args.begin(), args.end());
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  driver::DriverEnv env{.file_system = file_system, .out = out, .err = err, .in = in, .color = false};
  REQUIRE_MESSAGE(driver::RunDriver(arg_views, env) == 0, err.str());
  CHECK(out.str().empty());
  const std::filesystem::path golden = std::filesystem::path(TAKT_SOURCE_DIR) / "tests" / "golden" / "report" / "porto";
  const char* autoupdate = std::getenv("TAKT_AUTOUPDATE");
  for (const std::string name : {"report.html", "report.json"}) {
    const std::string actual = file_system.files().at(name);
    if (autoupdate != nullptr && std::string_view(autoupdate) == "1") {
      std::ofstream(golden / name, std::ios::binary) << actual;
      continue;
    }
    CHECK_MESSAGE(actual == testing::ReadText(golden / name),
                  name << " differs from " << (golden / name).string() << ": review, then TAKT_AUTOUPDATE=1");
  }
}

}  // namespace
}  // namespace takt::report
