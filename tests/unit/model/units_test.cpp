// Unit conversions: readings on shifted scales carry the offset, differences do not.
#include "compiler/model/units.h"

#include <doctest/doctest.h>

namespace takt::model {
namespace {

auto Unit(std::string_view symbol) -> UnitId {
  const auto unit = FindUnit(symbol);
  REQUIRE(unit.has_value());
  return *unit;
}

TEST_CASE("readings convert with the offset of a shifted scale, differences without it") {
  CHECK(ConvertReading(86, Unit("°F"), Unit("°C")) == doctest::Approx(30));
  CHECK(ConvertReading(30, Unit("degC"), Unit("degF")) == doctest::Approx(86));
  CHECK(ConvertReading(0, Unit("K"), Unit("°C")) == doctest::Approx(-273.15));
  CHECK(ConvertDifference(9, Unit("°F"), Unit("°C")) == doctest::Approx(5));
  CHECK(ConvertReading(4, Unit("bar"), Unit("kPa")) == doctest::Approx(400));
  CHECK(ConvertReading(1, Unit("psi"), Unit("kPa")) == doctest::Approx(6.894757));
  CHECK(ConvertReading(0.5, Unit("L"), Unit("mL")) == doctest::Approx(500));
  CHECK(ConvertReading(60, Unit("rpm"), Unit("Hz")) == doctest::Approx(1));
  CHECK(ConvertReading(1, Unit("m/s"), Unit("m/min")) == doctest::Approx(60));
  CHECK(ConvertReading(5, Unit("%"), Unit("ppm")) == doctest::Approx(50000));
  // The same unit converts exactly, without a round trip through the base unit.
  CHECK(ConvertReading(0.1, Unit("°F"), Unit("°F")) == 0.1);
}

TEST_CASE("each dimension has a base unit, of factor 1 and no offset") {
  for (const UnitInfo& info : AllUnits()) {
    INFO(info.symbol);
    CHECK(info.factor > 0);
    // A ratio's base is the plain number 1, which has no symbol.
    bool has_base = info.dimension == Dimension::Ratio;
    for (const UnitInfo& other : AllUnits()) {
      has_base = has_base || (other.dimension == info.dimension && other.factor == 1 && other.offset == 0);
    }
    CHECK(has_base);
  }
}

}  // namespace
}  // namespace takt::model
