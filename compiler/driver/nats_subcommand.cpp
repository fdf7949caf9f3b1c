#include "compiler/driver/nats_subcommand.h"

#include <fmt/format.h>

#include <charconv>

#include "compiler/driver/nats_client.h"
#include "compiler/driver/nats_snapshots.h"

namespace takt::driver {

namespace {

// Retention (docs/deploy.md, "Streams"): a month of events and of actions, so a plant can be
// replayed or audited from the streams alone and a standby catches up from them; the action
// stream drops a copy of an action id it stored in the last ten minutes, which covers a restart
// re-publishing the actions of its last batch.
constexpr int64_t kRetentionSeconds = int64_t{30} * 24 * 3600;
constexpr int64_t kDuplicateWindowSeconds = 10 * 60;
// The bucket keeps one value per key, the lease of the serve that runs the plant, for
// kLeaseSeconds after it was last written (docs/deploy.md, "Leadership").
constexpr int kBucketHistory = 1;

}  // namespace

void NatsSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("setup PLANT", "`setup` and the plant's name (`plant NAME` in its sources)", &positionals_, 2);
  AddNatsConnectOptions(parser, "the NATS server(s), e.g. `nats://127.0.0.1:4222` (required)", &nats_);
  parser.AddOption("replicas", "N", "replicas of each stream and of the bucket in a JetStream cluster (default 1)",
                   &replicas_);
  AddDiagnosticsOptions(parser, &diagnostics_options_);
}

auto NatsSubcommand::Run(DriverEnv& env) -> int {
  const std::string command = "takt nats";
  if (positionals_.size() != 2 || positionals_[0] != "setup") {
    return ReportUsageError(env, diagnostics_options_, command, diag::UnknownOptionValue,
                            positionals_.empty() ? "" : positionals_[0], "ACTION (only `setup`)");
  }
  if (nats_.url.empty()) {
    return ReportUsageError(env, diagnostics_options_, command, diag::MissingOption, "--nats URL");
  }
  if (const std::string_view missing = NatsTlsPairMissing(nats_); !missing.empty()) {
    return ReportUsageError(env, diagnostics_options_, command, diag::MissingOption, missing);
  }
  int64_t replicas = 1;
  if (!replicas_.empty()) {
    const auto [end, status] = std::from_chars(replicas_.data(), replicas_.data() + replicas_.size(), replicas);
    if (status != std::errc() || end != replicas_.data() + replicas_.size() || replicas < 1) {
      return ReportUsageError(env, diagnostics_options_, command, diag::UnknownOptionValue, replicas_, "--replicas");
    }
  }
  std::string error;
  std::unique_ptr<nats::Client> client = nats::Client::Connect(nats_, error);
  const nats::PlantNames names(positionals_[1]);
  const bool ok =
      client && client->EnsureStream({.name = names.events_stream,
                                      .subjects = names.events_subjects,
                                      .max_age_seconds = kRetentionSeconds,
                                      .duplicate_window_seconds = 0},
                                     replicas) &&
      client->EnsureStream({.name = names.actions_stream,
                            .subjects = {names.actions_prefix + ">"},
                            .max_age_seconds = kRetentionSeconds,
                            .duplicate_window_seconds = kDuplicateWindowSeconds},
                           replicas) &&
      client->EnsureBucket(names.bucket, kBucketHistory, nats::kLeaseSeconds, replicas) &&
      nats::EnsureSnapshotStream(*client, positionals_[1], replicas);
  // The consumer is created only when missing: one that exists holds serve's place in the stream.
  if (!ok || !client->EnsureConsumer(names.events_stream, names.consumer)) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::EventsNotReadable, nats_.url,
                              client ? client->error() : error);
  }
  const nats::SnapshotNames snapshots(positionals_[1]);
  env.out << fmt::format("{}: streams `{}` ({}) and `{}` ({}), consumer `{}`, bucket `{}`, snapshots `{}` ({})\n",
                         positionals_[1], names.events_stream, fmt::join(names.events_subjects, ", "),
                         names.actions_stream, names.actions_prefix + ">", names.consumer, names.bucket,
                         snapshots.stream, snapshots.subjects);
  return kExitOk;
}

}  // namespace takt::driver
