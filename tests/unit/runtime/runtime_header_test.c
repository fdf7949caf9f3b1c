/* The ABI header compiles as C99 and its version function links from C: generated code and C
 * hosts see exactly what this file sees. Built by runtime/CMakeLists.txt as `takt_runtime_c_test`. */
#include <stdio.h>
#include <string.h>

#include "takt/runtime.h"

static void OnStart(const takt_executor* self, void* state, int64_t t, const takt_host* host) {
  (void)self;
  (void)state;
  (void)t;
  (void)host;
}

static void OnEvent(const takt_executor* self, void* state, const takt_event* event, const takt_host* host) {
  takt_action action;
  (void)self;
  (void)state;
  takt_action_init(&action, TAKT_ACTION_NOTIFY, TAKT_CAUSE_TIER, 0);
  action.workcenter = event->workcenter;
  host->emit(host->ctx, &action);
}

static void OnTimer(const takt_executor* self, void* state, const takt_timer* timer, const takt_host* host) {
  (void)self;
  (void)state;
  (void)timer;
  (void)host;
}

static const takt_rule kRules[] = {{"rule", TAKT_RULE_OTHER, "plant.takt", 1, 1}};

const takt_executor takt_executor_v1 = {
    TAKT_ABI_VERSION, 0, "c_plant", "0000000000000000000000000000000000000000000000000000000000000000",
    1, kRules, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL,
    0, 0, 0, 0, OnStart, OnEvent, OnTimer, NULL, 0, NULL, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, 0, NULL,
    0, NULL, NULL};

int main(void) {
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_HOLD, TAKT_CAUSE_OUT_OF_SPEC, 3);
  if (takt_runtime_abi_version() != TAKT_ABI_VERSION) {
    fprintf(stderr, "ABI version mismatch\n");
    return 1;
  }
  if (action.lot != TAKT_NONE || action.op != TAKT_NO_INT || action.counts[4] != TAKT_NO_INT || action.rule != 3) {
    fprintf(stderr, "takt_action_init left a field set\n");
    return 1;
  }
  if (strcmp(takt_executor_v1.plant_name, "c_plant") != 0 || takt_executor_v1.on_event == NULL) {
    return 1;
  }
  return 0;
}
