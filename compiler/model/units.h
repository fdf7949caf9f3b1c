// The unit table of units.def: lookup by symbol, dimension, and conversion to base units.
#ifndef TAKT_COMPILER_MODEL_UNITS_H_
#define TAKT_COMPILER_MODEL_UNITS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace takt::model {

enum class Dimension : uint8_t {
  Length, Mass, Count, Time, Current, Voltage, Force, Torque, Pressure, Temperature, Ratio, Volume,
  Frequency, Speed, Flow
};

auto DimensionName(Dimension dimension) -> std::string_view;

struct UnitInfo {
  std::string_view symbol;
  Dimension dimension;
  double factor;  // Multiply by this to convert to the dimension's base unit.
  double offset = 0;  // Then add this (a reading on a shifted scale: °F, K).
};

struct UnitId {
  uint16_t index = 0;
  friend auto operator==(UnitId, UnitId) -> bool = default;
};

auto FindUnit(std::string_view symbol) -> std::optional<UnitId>;
auto GetUnit(UnitId unit) -> const UnitInfo&;
auto AllUnits() -> std::span<const UnitInfo>;

// A reading (`spec max 86 °F`) in `from` as a reading in `to`, of the same dimension.
auto ConvertReading(double value, UnitId from, UnitId to) -> double;
// A difference of readings (a tolerance: `± 2 °F`) in `from` as a difference in `to`.
auto ConvertDifference(double value, UnitId from, UnitId to) -> double;

}  // namespace takt::model

#endif  // TAKT_COMPILER_MODEL_UNITS_H_
