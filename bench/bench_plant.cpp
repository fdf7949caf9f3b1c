#include "bench/bench_plant.h"

#include <fmt/format.h>

#include <algorithm>

namespace takt::bench {

auto BenchPlantText(int controls) -> std::string {
  std::string t = R"(plant bench "Benchmark plant"

use std.losses
use std.spc

role plant_manager "Plant manager"
role line_supervisor "Line supervisor" reports_to plant_manager
role operator "Operator" reports_to line_supervisor
role quality_engineer "Quality engineer" reports_to plant_manager
role maintenance_lead "Maintenance lead" reports_to plant_manager
role maintenance_tech "Maintenance technician" reports_to maintenance_lead

shifts {
  shift early 06:00 to 14:00
  shift late 14:00 to 22:00
  shift night 22:00 to 06:00
}

material steel "Steel" unit kg
product part "Part" unit pcs

case containment "Containment" owner quality_engineer {
  decide within 30 min
  outcome release "Release" { release lot }
  outcome scrap "Scrap" { scrap lot }
  on timeout escalate up every 30 min
}

case review "Recurrence review" owner maintenance_lead {
  decide within 5 d
  outcome capa "Corrective action"
  on timeout escalate to plant_manager
}

reasons unplanned.breakdown owner maintenance_lead {
  reason jam "Jam" owner maintenance_tech
  reason crack "Crack" owner maintenance_tech
}

escalation breakdown "Breakdown response" on down unplanned.breakdown owner maintenance_lead {
  after 10 min notify maintenance_tech
  after 30 min notify line_supervisor
  after 60 min notify plant_manager
}

recurrence repeat "Repeated breakdown" on down unplanned.breakdown owner maintenance_lead {
  when 3 times within 24 h per workcenter, reason
  open review
}

)";
  t += "area hall \"Hall\" owner plant_manager {\n";
  for (int l = 0; l < kLines; ++l) {
    t += fmt::format("  line l{} \"Line {}\" owner line_supervisor {{\n", l, l);
    for (int w = 0; w < kWorkcentersPerLine; ++w) {
      t += fmt::format("    workcenter w{} \"W{}\"\n", l * kWorkcentersPerLine + w, l * kWorkcentersPerLine + w);
    }
    t += "  }\n";
  }
  t += "}\n\n";
  for (int c = 0; c < controls; ++c) {
    const int center = 10 + c % 90;
    t += fmt::format(
        "control c{} \"C{}\" owner quality_engineer {{\n  measure size in mm\n  spec {}.00 ± 0.50\n"
        "  spc individuals center {}.00 sigma 0.1000 rules western_electric\n"
        "  on out_of_spec {{\n    hold lot\n    open containment\n  }}\n"
        "  on spc_signal {{\n    notify quality_engineer\n  }}\n}}\n\n",
        c, c, center, center);
  }
  // Every control is checked by a routing operation (lot reactions need one).
  for (int r = 0; r * kChecksPerRouting < controls; ++r) {
    t += fmt::format("routing rt{} \"Route {}\" for part rev 1 owner quality_engineer {{\n  op 10 make at w{} {{\n", r, r,
                     r % (kLines * kWorkcentersPerLine));
    for (int c = r * kChecksPerRouting; c < std::min(controls, (r + 1) * kChecksPerRouting); ++c) {
      t += fmt::format("    check c{}\n", c);
    }
    t += "  }\n}\n\n";
  }
  return t;
}

}  // namespace takt::bench
