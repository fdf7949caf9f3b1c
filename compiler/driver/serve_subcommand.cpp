#include "compiler/driver/serve_subcommand.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>

#include "compiler/driver/outputs.h"
#ifdef TAKT_WITH_NATS
#include "compiler/driver/nats_serve.h"
#endif
#include "compiler/driver/plant_executor.h"
#include "compiler/driver/serve_input.h"
#include "compiler/driver/serve_io.h"
#include "compiler/driver/serve_server.h"
#include "compiler/driver/serve_snapshots.h"
#include "takt/journal.h"

namespace takt::driver {

void ServeSubcommand::DeclareOptions(ArgParser& parser) {
  parser.SetPositionals("PLANT", "an executor `.so`, or the plant's `.takt` files or directories", &paths_, 1);
  parser.AddOption("journal", "FILE", "the journal (SQLite), created when missing (required)", &journal_);
  parser.AddOption("events", "FILE", "JSONL events, `-` for stdin (the default); a FILE is resumed where the "
                   "journal stopped reading it", &events_);
  parser.AddFlag("follow", "keep reading what is appended to the events FILE, like `tail -F` (rotation, "
                 "truncation, a file that appears late)", &follow_);
  parser.AddRepeated('o', "output", "FILE", "append the actions to FILE instead of writing them to stdout", &outputs_);
  parser.AddOption("clock", "CLOCK", "`events`: time moves with the events; `wall`: due timers also fire when "
                   "their time comes with no event", &clock_, {"events", "wall"});
  parser.AddFlag("interp", "run the plant's sources on the reference interpreter", &interp_);
  parser.AddRepeated('I', "include", "DIR", "search DIR for library modules (repeatable)", &include_dirs_);
  parser.AddFlag("quiet", "print no summary to stderr", &quiet_);
  parser.AddOption("snapshot-every", "N", "snapshot the whole state every N journaled lines (0: never; default "
                   "100000), so a restart replays only the lines after it", &snapshot_every_);
  parser.AddOption("snapshot-seconds", "S", "also snapshot when S seconds have passed with new lines (0: never; "
                   "default 300)", &snapshot_seconds_);
  parser.AddOption("batch-bytes", "N", "journal up to N bytes of lines that are ready at once per commit (default "
                   "1048576); a line that comes alone is committed alone", &batch_bytes_);
  AddNatsConnectOptions(parser,
                        "read the events from the plant's JetStream stream and publish the actions to its "
                        "action stream instead (docs/deploy.md)",
                        &nats_);
  parser.AddFlag("standby", "with `--nats`: wait while another serve holds the plant's lease, and take the plant "
                 "over when it stops renewing it", &standby_);
  AddDiagnosticsOptions(parser, &diagnostics_options_);
}

namespace {

// A count option: digits only.
auto ParseCount(const std::string& text, uint64_t& value) -> bool {
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  return status == std::errc() && end == text.data() + text.size();
}

}  // namespace

auto ServeSubcommand::Run(DriverEnv& env) -> int {
  const std::string command = "takt serve";
  if (journal_.empty()) {
    return ReportUsageError(env, diagnostics_options_, command, diag::MissingOption, "--journal FILE");
  }
  if (outputs_.size() > 1) {
    return ReportUsageError(env, diagnostics_options_, command, diag::OptionRepeated, "-o");
  }
  SnapshotPolicy snapshot_policy;
  if (!snapshot_every_.empty() && !ParseCount(snapshot_every_, snapshot_policy.every_lines)) {
    return ReportUsageError(env, diagnostics_options_, command, diag::UnknownOptionValue, snapshot_every_,
                            "--snapshot-every");
  }
  if (!snapshot_seconds_.empty() && !ParseCount(snapshot_seconds_, snapshot_policy.every_seconds)) {
    return ReportUsageError(env, diagnostics_options_, command, diag::UnknownOptionValue, snapshot_seconds_,
                            "--snapshot-seconds");
  }
  uint64_t batch_bytes = kDefaultBatchBytes;
  if (!batch_bytes_.empty() && (!ParseCount(batch_bytes_, batch_bytes) || batch_bytes == 0)) {
    return ReportUsageError(env, diagnostics_options_, command, diag::UnknownOptionValue, batch_bytes_,
                            "--batch-bytes");
  }
  if (const std::string_view missing = NatsTlsPairMissing(nats_); !missing.empty()) {
    return ReportUsageError(env, diagnostics_options_, command, diag::MissingOption, missing);
  }
  // With `--nats` the events come from JetStream and the actions go there.
  if (!nats_.url.empty() && (events_ != "-" || follow_)) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::EventsNotReadable, events_,
                              "with `--nats` the events come from the plant's JetStream stream");
  }
  if (!nats_.url.empty() && !outputs_.empty()) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, outputs_[0],
                              "with `--nats` the actions go to the plant's JetStream action stream");
  }
  // A standby takes over on its own journal, whose lines must be numbered as the leader's were:
  // the wall clock's ticks are journaled lines that come from no message (docs/deploy.md).
  if (standby_ && (nats_.url.empty() || clock_ == "wall")) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::EventsNotReadable, journal_,
                              "`--standby` needs `--nats` and the events' clock (ticks published to the stream)");
  }
  if (follow_ && events_ == "-") {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotFollow, "-",
                              "standard input is a stream, read until it ends: follow a FILE");
  }
  // A missing FILE is waited for; one that exists must be a regular file.
  if (struct stat events_stat {};
      follow_ && ::stat(events_.c_str(), &events_stat) == 0 && !S_ISREG(events_stat.st_mode)) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotFollow, events_,
                              "it is not a regular file: a FIFO or a device is read as a stream without `--follow`");
  }
  // From here on SIGTERM and SIGINT wait for the serving loop: a stop while the executor loads,
  // the journal replays or a standby waits is a clean stop as soon as serve can take it (a
  // supervisor's stop during start-up gets exit 0, not a death by signal).
  sigset_t waiting_mask;
  InstallStopHandlers(waiting_mask);
  PlantExecutor plant;
  const PlantExecutorRequest request{.command = "serve",
                                     .paths = paths_,
                                     .include_dirs = include_dirs_,
                                     .interp = interp_,
                                     .quiet = quiet_,
                                     .diagnostics_options = diagnostics_options_};
  if (int status = LoadPlantExecutor(env, request, plant); status != kExitOk) {
    return status;
  }
  if (!nats_.url.empty()) {
#ifdef TAKT_WITH_NATS
    return ServeFromNats(env,
                         {.nats = nats_,
                          .journal = journal_,
                          .snapshot_policy = snapshot_policy,
                          .wall_clock = clock_ == "wall",
                          .standby = standby_,
                          .quiet = quiet_,
                          .diagnostics_options = diagnostics_options_},
                         plant, waiting_mask);
#else
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::EventsNotReadable, nats_.url,
                              "this takt was built without the NATS client (libnats-dev)");
#endif
  }
  const std::string output_path = outputs_.empty() || outputs_[0] == "-" ? "" : outputs_[0];
  const std::string input_path = events_ == "-" ? "" : events_;
  if (!output_path.empty()) {
    std::vector<std::string> inputs = plant.InputPaths();
    inputs.push_back(journal_);
    inputs.push_back(events_);
    if (!CheckOutputIsNotInput(env, diagnostics_options_, output_path, inputs)) {
      return kExitUsage;
    }
  }
  auto refuse = [&](const std::string& message) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::JournalRefused, journal_, message);
  };

  const runtime::ExecutorIdentity identity{.plant = plant.executor->plant_name,
                                           .source_sha256 = plant.executor->source_sha256,
                                           .executor_sha256 = plant.executor_sha256};
  std::string error;
  ServeJournal opened;
  if (!OpenServeJournal(journal_, identity, opened, error)) {
    return refuse(error);
  }
  runtime::Journal* journal = opened.journal.get();
  const bool upgrade = opened.upgrade;

  // The output: appended to, never truncated; what it holds already was delivered.
  env.stdout_carries_output = output_path.empty();
  const int out_fd = output_path.empty()
                         ? STDOUT_FILENO
                         : ::open(output_path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  struct stat out_stat {};
  if (out_fd < 0 || ::fstat(out_fd, &out_stat) != 0) {
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::CannotWrite, output_path,
                              std::strerror(errno));
  }
  const uint64_t existing = output_path.empty() ? 0 : static_cast<uint64_t>(out_stat.st_size);
  Delivery delivery(out_fd, existing);
  // Verification starts at the watermark when the journal knows this file: the bytes before it
  // were checked by an earlier start.
  const runtime::JournalPositions recorded = journal->positions();
  const uint64_t verify_from =
      recorded.output_path == output_path ? std::min(recorded.output_bytes, existing) : 0;
  Server server(*journal, *plant.executor, delivery, identity, snapshot_policy);
  // A new standard rebuilds its state from the first line: the snapshots are the old one's.
  const ReplayStart start = upgrade ? ReplayStart{} : server.RestoreSnapshot(output_path, verify_from, env.err);
  delivery.CatchUp(!output_path.empty() && !upgrade, verify_from, start.output_bytes);
  if (!server.Replay(start.from_seq)) {
    return refuse(server.error().empty() ? journal->error() : server.error());
  }
  if (!delivery.GoLive()) {
    return refuse(fmt::format("output `{}`: {}", output_path, delivery.error()));
  }
  runtime::JournalPositions positions{.input_path = input_path,
                                      .input_offset = 0,
                                      .output_path = output_path,
                                      .output_bytes = delivery.delivered(),
                                      .last_action = server.last_action(),
                                      .output_seq = journal->last_seq()};

  // The input: a regular file the journal was reading resumes where it stopped; a stream (stdin,
  // a FIFO) has no offset, its producer re-sends what was not acknowledged.
  ServeInput input(input_path, follow_, quiet_ ? nullptr : &env.err);
  if (bool refused = false; !input.Open(recorded, refused)) {
    return refused ? refuse(input.error())
                   : ReportCommandError(env, diagnostics_options_, kExitUsage,
                                        follow_ ? diag::CannotFollow : diag::EventsNotReadable, input_path,
                                        input.error());
  }
  input.Record(positions);
  if ((opened.fresh || upgrade) && !server.StartSegment(positions, upgrade)) {
    return refuse(journal->error());
  }

  const bool wall = clock_ == "wall";
  std::string buffer(kReadBytes, '\0');
  std::string lines;
  uint64_t accepted = 0;
  bool ok = true;
  bool more = true;
  while (ok && more && !StopRequested()) {
    int64_t due = 0;
    const bool timer = wall && server.NextTimerDue(due);
    switch (input.Next(buffer, batch_bytes, timer ? std::optional(due) : std::nullopt, waiting_mask, lines)) {
      case ServeInput::Step::kDue:
        // Nothing came and a timer is due: the wall clock's tick is an input like any other, so
        // a restart replays it at the same point.
        lines = TickLine(due);
        lines.push_back('\n');
        ok = server.Accept(lines, runtime::LineOrigin::kClock, positions) && server.Snapshot(positions, false);
        break;
      case ServeInput::Step::kEnd:
        more = false;
        [[fallthrough]];
      case ServeInput::Step::kLines: {
        input.Record(positions);
        const uint64_t before = journal->last_seq();
        ok = lines.empty() ||
             (server.Accept(lines, runtime::LineOrigin::kInput, positions) && server.Snapshot(positions, false));
        accepted += journal->last_seq() - before;
        break;
      }
      case ServeInput::Step::kInterrupted:
        break;
      case ServeInput::Step::kError:
        ok = false;
        error = input.error();
        break;
    }
  }
  // Stopped, at the end of the input or on an error: the watermark of what was delivered, and on
  // a clean stop a snapshot, so the next start replays nothing.
  positions.output_bytes = delivery.delivered();
  positions.last_action = server.last_action();
  if (ok) {
    positions.output_seq = journal->last_seq();
  }
  const bool committed = (!ok || server.Snapshot(positions, true)) && journal->SetPositions(positions) &&
                         journal->Commit();
  if (!ok || !committed) {
    const std::string reason = delivery.failed() ? fmt::format("output: {}", delivery.error())
                               : !journal->error().empty() ? journal->error()
                                                           : fmt::format("input `{}`: {}", events_, error);
    return ReportCommandError(env, diagnostics_options_, kExitUsage, diag::ServingStopped, reason, journal_);
  }
  if (!quiet_ && diagnostics_options_.human()) {
    const std::string restored =
        start.from_seq == 1 ? "the first line" : fmt::format("the snapshot after line {}", start.from_seq - 1);
    env.err << fmt::format("{}: started from {}, {} lines accepted, {} in the journal, last action {}\n",
                           identity.plant, restored, accepted, journal->last_seq(),
                           server.last_action().empty() ? "none" : server.last_action());
  }
  return kExitOk;
}

}  // namespace takt::driver
