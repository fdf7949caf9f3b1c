// The diagnostic explanations compiled into the binary (docs/diagnostics/T0xxx.md, embedded by
// cmake/embed.cmake), so `takt explain` and SARIF rule help work without the repository.
#ifndef TAKT_COMPILER_DRIVER_EXPLANATIONS_H_
#define TAKT_COMPILER_DRIVER_EXPLANATIONS_H_

#include <string_view>

namespace takt::driver {

// The markdown for `code` (`T0203`, upper case), or empty when none is embedded.
auto FindExplanation(std::string_view code) -> std::string_view;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_EXPLANATIONS_H_
