#include "compiler/model/units.h"

namespace takt::model {

static constexpr UnitInfo kUnits[] = {
#define TAKT_UNIT(Symbol, Dim, Factor) {Symbol, Dimension::Dim, Factor},
#include "compiler/model/units.def"
};

auto DimensionName(Dimension dimension) -> std::string_view {
  switch (dimension) {
    case Dimension::Length: return "length";
    case Dimension::Mass: return "mass";
    case Dimension::Count: return "count";
    case Dimension::Time: return "duration";
    case Dimension::Current: return "electric current";
    case Dimension::Voltage: return "voltage";
    case Dimension::Force: return "force";
    case Dimension::Torque: return "torque";
    case Dimension::Pressure: return "pressure";
    case Dimension::Temperature: return "temperature";
    case Dimension::Ratio: return "ratio";
  }
  return "unknown";
}

auto FindUnit(std::string_view symbol) -> std::optional<UnitId> {
  for (uint16_t i = 0; i < std::size(kUnits); ++i) {
    if (kUnits[i].symbol == symbol) {
      return UnitId{i};
    }
  }
  return std::nullopt;
}

auto GetUnit(UnitId unit) -> const UnitInfo& { return kUnits[unit.index]; }

auto AllUnits() -> std::span<const UnitInfo> { return kUnits; }

}  // namespace takt::model
