// `takt serve PLANT --journal plant.db --nats URL`: the plant's events come from its JetStream
// stream through the durable pull consumer, its actions go to its action stream, each with its
// stable id as `Nats-Msg-Id` (docs/deploy.md). A message is acknowledged only once its line is
// committed in the journal and the actions of its batch are acknowledged by the server.
#ifndef TAKT_COMPILER_DRIVER_NATS_SERVE_H_
#define TAKT_COMPILER_DRIVER_NATS_SERVE_H_

#include <signal.h>

#include <cstdint>
#include <string>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_env.h"
#include "compiler/driver/nats_options.h"
#include "compiler/driver/plant_executor.h"
#include "compiler/driver/serve_snapshots.h"

namespace takt::driver {

struct NatsServeRequest {
  NatsConnectOptions nats;
  std::string journal;
  SnapshotPolicy snapshot_policy;
  bool wall_clock = false;
  bool standby = false;  // Wait for the plant's lease instead of being refused.
  bool quiet = false;
  DiagnosticsOptions diagnostics_options;
};

// Serves `plant` until SIGTERM/SIGINT; returns the exit status.
// `waiting_mask`: InstallStopHandlers' mask, installed before the executor was loaded (and so
// before the client starts its threads, which inherit the blocked stop signals).
auto ServeFromNats(DriverEnv& env, const NatsServeRequest& request, const PlantExecutor& plant,
                   const sigset_t& waiting_mask) -> int;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_NATS_SERVE_H_
