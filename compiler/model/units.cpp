#include "compiler/model/units.h"

namespace takt::model {

static constexpr UnitInfo kUnits[] = {
#define TAKT_UNIT(Symbol, Dim, Factor) {Symbol, Dimension::Dim, Factor},
#define TAKT_OFFSET_UNIT(Symbol, Dim, Factor, Offset) {Symbol, Dimension::Dim, Factor, Offset},
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
    case Dimension::Volume: return "volume";
    case Dimension::Frequency: return "frequency";
    case Dimension::Speed: return "speed";
    case Dimension::Flow: return "flow rate";
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

auto ConvertReading(double value, UnitId from, UnitId to) -> double {
  if (from == to) {
    return value;  // Exact: no rounding through the base unit.
  }
  const UnitInfo& source = GetUnit(from);
  const UnitInfo& target = GetUnit(to);
  return (value * source.factor + source.offset - target.offset) / target.factor;
}

auto ConvertDifference(double value, UnitId from, UnitId to) -> double {
  if (from == to) {
    return value;
  }
  return value * GetUnit(from).factor / GetUnit(to).factor;
}

}  // namespace takt::model
