#include "bench/plant_generator.h"

#include <algorithm>
#include <random>

#include <fmt/format.h>

namespace takt::bench {

static auto RolesText() -> std::string {
  return R"(plant generated "Generated plant"

use std.losses
use std.spc

role plant_manager "Plant manager"
role production_manager "Production manager" reports_to plant_manager
role line_supervisor "Line supervisor" reports_to production_manager
role operator "Operator" reports_to line_supervisor
role process_engineer "Process engineer" reports_to production_manager
role quality_manager "Quality manager" reports_to plant_manager
role quality_engineer "Quality engineer" reports_to quality_manager
role maintenance_lead "Maintenance lead" reports_to plant_manager
role maintenance_tech "Maintenance technician" reports_to maintenance_lead

shifts {
  shift early 06:00 to 14:00
  shift late 14:00 to 22:00
  shift night 22:00 to 06:00
}

material steel "Steel" unit kg
product part "Part" unit pcs

case containment "Containment decision" owner quality_engineer {
  decide within 30 min
  outcome release "Release the lot" { release lot }
  outcome scrap "Scrap the lot" { scrap lot }
  on timeout escalate up every 30 min
}

case review "Recurrence review" owner maintenance_lead {
  decide within 5 d
  outcome capa "Corrective action"
  on timeout escalate to plant_manager
}

handover shift_handover "Shift handover" owner line_supervisor {
  at end of shift
  report open holds, open cases, active downtime
  acknowledge by line_supervisor within 15 min
}
)";
}

auto GeneratePlant(const PlantShape& shape) -> std::vector<GeneratedFile> {
  std::mt19937_64 random(shape.seed);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<uint64_t>(n)); };
  std::vector<GeneratedFile> files;
  files.push_back({"plant.takt", RolesText()});

  std::string org;
  int workcenters = shape.lines * shape.workcenters_per_line;
  org += "area hall \"Main hall\" owner production_manager {\n";
  for (int l = 0; l < shape.lines; ++l) {
    org += fmt::format("  line line_{} \"Line {}\" owner line_supervisor {{\n", l, l);
    for (int w = 0; w < shape.workcenters_per_line; ++w) {
      org += fmt::format("    workcenter wc_{} \"Workcenter {}\"\n", l * shape.workcenters_per_line + w,
                         l * shape.workcenters_per_line + w);
    }
    org += "  }\n";
  }
  org += "}\n";
  files.push_back({"organisation.takt", std::move(org)});

  std::string quality;
  for (int c = 0; c < shape.controls; ++c) {
    double target = 5.0 + pick(1000) / 100.0;
    double tolerance = 0.05 + pick(10) / 100.0;
    double sigma = tolerance / 4;
    quality += fmt::format("/// Control point {} of the generated plant.\n", c);
    quality += fmt::format("control ctl_{} \"Characteristic {}\" owner quality_engineer {{\n", c, c);
    quality += "  measure size in mm\n";
    quality += fmt::format("  spec {:.2f} ± {:.2f}\n", target, tolerance);
    quality += "  sample 5 every 50 pcs\n";
    quality += fmt::format("  spc individuals center {:.2f} sigma {:.4f} rules {}\n", target, sigma,
                           c % 4 == 0 ? "nelson" : "western_electric");
    // Only a control some operation checks may hold a lot (T0606).
    bool checked = c < shape.routings * shape.operations_per_routing;
    quality += checked ? "\n  on out_of_spec {\n    hold lot\n    open containment\n  }\n"
                       : "\n  on out_of_spec {\n    stop line\n    notify quality_engineer\n  }\n";
    quality += "  on spc_signal {\n    notify quality_engineer\n  }\n}\n\n";
  }
  files.push_back({"quality.takt", std::move(quality)});

  std::string routing;
  int instruction = 0;
  for (int r = 0; r < shape.routings; ++r) {
    routing += fmt::format("instruction wi_{} \"Work instruction {}\" rev 1 owner process_engineer\n\n", instruction, instruction);
    routing += fmt::format("routing route_{} \"Route {}\" for part rev 1 owner process_engineer {{\n  confirm critical\n", r, r);
    for (int o = 1; o <= shape.operations_per_routing; ++o) {
      routing += fmt::format("\n  op {} step_{} at wc_{} {{\n", o * 10, o, pick(workcenters));
      if (o == 1) {
        routing += fmt::format("    instruction wi_{}\n", instruction);
        routing += "    consume steel 1.2 kg per pcs\n";
      }
      routing += "    std_time 12 s per pcs\n";
      routing += fmt::format("    check ctl_{}\n", (r * shape.operations_per_routing + o - 1) % shape.controls);
      if (o % 3 == 0) {
        routing += "    critical\n";
      }
      if (o > 1 && o == shape.operations_per_routing) {
        routing += fmt::format("    on fail rework {} max 2 then scrap\n", (o - 1) * 10);
      }
      routing += "  }\n";
    }
    routing += "}\n\n";
    ++instruction;
  }
  files.push_back({"routing.takt", std::move(routing)});

  std::string downtime;
  downtime += "reasons unplanned.breakdown owner maintenance_lead {\n";
  for (int g = 0; g < shape.reason_groups; ++g) {
    downtime += fmt::format("  reason group_{} \"Failure group {}\" owner maintenance_tech {{\n", g, g);
    for (int r = 0; r < shape.reasons_per_group; ++r) {
      downtime += fmt::format("    reason failure_{} \"Failure {}\"\n", r, r);
    }
    downtime += "  }\n";
  }
  downtime += "}\n\n";
  downtime += R"(escalation breakdown_response "Breakdown response" on down unplanned.breakdown owner maintenance_lead {
  after 10 min notify maintenance_tech
  after 30 min notify line_supervisor
  after 60 min notify plant_manager
}

escalation uncoded_stop "Stop without a reason" on down uncoded owner line_supervisor {
  after 2 min notify operator
  after 5 min notify line_supervisor
}

recurrence repeat_breakdown "Repeated breakdown" on down unplanned.breakdown owner maintenance_lead {
  when 3 times within 24 h per workcenter, reason
  open review
}
)";
  files.push_back({"downtime.takt", std::move(downtime)});
  return files;
}

auto CountLines(const std::vector<GeneratedFile>& files) -> size_t {
  size_t lines = 0;
  for (const GeneratedFile& file : files) {
    lines += static_cast<size_t>(std::count(file.text.begin(), file.text.end(), '\n'));
  }
  return lines;
}

}  // namespace takt::bench
