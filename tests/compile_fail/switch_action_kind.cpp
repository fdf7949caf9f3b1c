// Compile-fail proof (tests/compile_fail/CMakeLists.txt): a `switch` over a registry enum with no
// `default` fails to build under -Werror when one kind has no case. Built as is it must compile
// (the control); with -DTAKT_DROP_ONE, one case is gone and the build must fail.
#include "takt/runtime.h"

auto Describe(takt_action_kind kind) -> const char* {
  switch (kind) {
    case TAKT_ACTION_NOTIFY: return "notify";
    case TAKT_ACTION_HOLD: return "hold";
    case TAKT_ACTION_RELEASE: return "release";
    case TAKT_ACTION_SCRAP: return "scrap";
    case TAKT_ACTION_STOP_LINE: return "stop_line";
    case TAKT_ACTION_OPEN_CASE: return "open_case";
    case TAKT_ACTION_CLOSE_CASE: return "close_case";
    case TAKT_ACTION_ESCALATE: return "escalate";
    case TAKT_ACTION_SPC_SIGNAL: return "spc_signal";
    case TAKT_ACTION_REJECT: return "reject";
    case TAKT_ACTION_REWORK: return "rework";
    case TAKT_ACTION_DEVIATION_ACTIVE: return "deviation_active";
    case TAKT_ACTION_DEVIATION_EXPIRED: return "deviation_expired";
    case TAKT_ACTION_WARNING: return "warning";
    case TAKT_ACTION_SAMPLE_MISSED: return "sample_missed";
    case TAKT_ACTION_GENEALOGY: return "genealogy";
    case TAKT_ACTION_RECORD_INCOMPLETE: return "record_incomplete";
    case TAKT_ACTION_REPORT_ITEM: return "report_item";
#ifndef TAKT_DROP_ONE
    case TAKT_ACTION_HANDOVER_REPORT: return "handover_report";
#endif
  }
  return "";
}

auto main() -> int { return Describe(TAKT_ACTION_HOLD)[0] == 'h' ? 0 : 1; }
