// The descriptive metadata check/ fills in once for both executors (model/metadata.h).
#include "compiler/model/metadata.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/interp/plant_fixture.h"

namespace takt::model {

static constexpr std::string_view kPlant = R"(plant tiny "Tiny"
role boss "Boss"
shifts {
  shift late 14:00 to 22:00
  shift early 06:00 to 14:00
  shift night 22:00 to 06:00
  shift swing 14:00 to 06:00
}
area hall "Hall" owner boss {
  line l1 "Line 1" owner boss {
    workcenter press_01 "Press"
  }
}
escalation uncoded_stop "Uncoded" on down uncoded owner boss {
  after 2 min notify boss
}
)";

TEST_CASE("the model carries the source hash, each clause's rule kind and position, and the shift ends") {
  const auto checked = interp::CheckFiles({{"tiny.takt", std::string(kPlant)}});
  REQUIRE_MESSAGE(checked->plant, checked->errors);
  const Plant& plant = *checked->plant;
  CHECK(SourceSha256(plant, checked->sources) == runtime::Sha256Hex(std::string(kPlant) + std::string(1, '\0')));
  // Each end minute (06:00 ends two shifts) once, sorted.
  CHECK(plant.shift_ends == std::vector<int32_t>{6 * 60, 14 * 60, 22 * 60});
  REQUIRE(plant.clauses.size() == 1);
  const Clause& tier = plant.clauses[0];
  CHECK(tier.kind == TAKT_RULE_ESCALATION);
  CHECK(tier.file == "tiny.takt");
  CHECK(tier.line == 15);
  CHECK(tier.col > 0);
}

}  // namespace takt::model
