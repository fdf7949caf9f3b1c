// Compile-fail proof (tests/compile_fail/CMakeLists.txt): a name table indexed by a registry
// enum fails its static_assert when it has an entry fewer than the registry. Built as is it must
// compile (the control); with -DTAKT_DROP_ONE, a name is gone and the build must fail.
#include <string_view>

#include "takt/names.h"

constexpr auto kNames = takt::runtime::RegistryTable<TAKT_ACTION_KIND_COUNT, std::string_view>({
    "notify", "hold", "release", "scrap", "stop_line", "open_case", "close_case", "escalate",
    "spc_signal", "reject", "rework", "deviation_active", "deviation_expired",
#ifndef TAKT_DROP_ONE
    "handover_report",
#endif
    "warning", "sample_missed", "genealogy", "record_incomplete", "report_item",
});

static_assert(kNames[TAKT_ACTION_HOLD] == "hold");

auto main() -> int { return 0; }
