// `takt serve PLANT... --journal plant.db [--events -|FILE] [--follow] [-o FILE|-] [--clock events|wall]`:
// runs a plant live and durably. Every input line is journaled (SQLite, WAL) before it is
// applied, each event's actions are written and flushed as soon as it is applied, each with a
// stable id (`"action_id":"SEQ.ORDINAL"`), and a restart after any crash replays the journal and goes
// on where the output stopped: the action log of a run killed any number of times equals one
// uninterrupted run. Operation: docs/serve.md.
#ifndef TAKT_COMPILER_DRIVER_SERVE_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_SERVE_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_subcommand.h"
#include "compiler/driver/nats_options.h"

namespace takt::driver {

class ServeSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "serve"; }
  auto summary() const -> std::string_view override {
    return "Run a plant live on a durable journal: actions at once, restart without loss";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;
  auto diagnostics_options() const -> DiagnosticsOptions override { return diagnostics_options_; }

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> include_dirs_;
  std::vector<std::string> outputs_;
  std::string journal_;
  std::string events_ = "-";
  std::string clock_ = "events";
  std::string snapshot_every_;
  std::string snapshot_seconds_;
  std::string batch_bytes_;
  NatsConnectOptions nats_;
  bool follow_ = false;
  bool standby_ = false;
  bool interp_ = false;
  bool quiet_ = false;
  DiagnosticsOptions diagnostics_options_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_SERVE_SUBCOMMAND_H_
