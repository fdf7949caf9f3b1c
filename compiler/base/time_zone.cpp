#include "compiler/base/time_zone.h"

#include <algorithm>
#include <exception>
#include <fstream>

namespace takt::base {

auto FindTimeZone(std::string_view name) -> const date::time_zone* {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    // Not a zone, or no database: both mean the name cannot be resolved.
    return nullptr;
  }
}

auto TimeZoneNames() -> std::vector<std::string> {
  std::vector<std::string> names;
  try {
    for (const date::time_zone& zone : date::get_tzdb().zones) {
      names.emplace_back(zone.name());
    }
  } catch (const std::exception&) {
    return {};
  }
  std::sort(names.begin(), names.end());
  return names;
}

auto TzdbVersion() -> std::string {
  std::string version = "unknown";
  try {
    version = date::get_tzdb().version;
  } catch (const std::exception&) {
    return version;
  }
  if (version != "unknown") {
    return version;
  }
  // Debian builds the library on the system's database, where it looks for the release in a
  // `+VERSION` file that tzdata does not ship; tzdata.zi's first line names it (`# version 2025b`).
  std::ifstream zi("/usr/share/zoneinfo/tzdata.zi");
  std::string line;
  constexpr std::string_view kPrefix = "# version ";
  if (std::getline(zi, line) && line.starts_with(kPrefix)) {
    return line.substr(kPrefix.size());
  }
  return version;
}

}  // namespace takt::base
