// `takt nats setup PLANT --nats URL`: creates (or brings up to date) what `takt serve --nats`
// needs on a NATS JetStream server for plant PLANT: the events stream, the action stream with its
// duplicate window, the durable pull consumer and the key-value bucket. Idempotent; the subjects,
// names and retention are in docs/deploy.md.
#ifndef TAKT_COMPILER_DRIVER_NATS_SUBCOMMAND_H_
#define TAKT_COMPILER_DRIVER_NATS_SUBCOMMAND_H_

#include <string>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_subcommand.h"
#include "compiler/driver/nats_options.h"

namespace takt::driver {

class NatsSubcommand final : public DriverSubcommand {
 public:
  auto name() const -> std::string_view override { return "nats"; }
  auto summary() const -> std::string_view override {
    return "Set up a plant's JetStream streams, consumer and bucket for `takt serve --nats`";
  }
  void DeclareOptions(ArgParser& parser) override;
  auto Run(DriverEnv& env) -> int override;
  auto diagnostics_options() const -> DiagnosticsOptions override { return diagnostics_options_; }

 private:
  std::vector<std::string> positionals_;  // `setup PLANT`.
  NatsConnectOptions nats_;
  std::string replicas_;
  DiagnosticsOptions diagnostics_options_;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_NATS_SUBCOMMAND_H_
