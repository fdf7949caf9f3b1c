#include "compiler/driver/serve_server.h"

#include <fmt/format.h>

#include <csignal>

#include "compiler/driver/serve_input.h"
#include "takt/timestamp.h"

namespace takt::driver {

namespace {

volatile std::sig_atomic_t stop_requested = 0;

void RequestStop(int) { stop_requested = 1; }

}  // namespace

void InstallStopHandlers(sigset_t& waiting_mask) {
  struct sigaction action {};
  action.sa_handler = &RequestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  // A vanished reader of stdout is a write error to report, not a silent death.
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGTERM);
  sigaddset(&blocked, SIGINT);
  sigprocmask(SIG_BLOCK, &blocked, &waiting_mask);
  sigdelset(&waiting_mask, SIGTERM);
  sigdelset(&waiting_mask, SIGINT);
}

// ppoll runs the handler of a pending stop only when it has to wait: while the input is always
// ready (a file being read, a busy pipe) the stop stays pending behind the mask, so look for it.
auto StopRequested() -> bool {
  if (stop_requested == 0) {
    sigset_t pending;
    sigpending(&pending);
    stop_requested = sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1;
  }
  return stop_requested != 0;
}

auto TickLine(int64_t t) -> std::string {
  char text[40];
  const int length = runtime::FormatTimestamp(t, text);
  return fmt::format(R"({{"t":"{}","type":"tick"}})", std::string_view(text, static_cast<size_t>(length)));
}

auto OpenServeJournal(const std::string& path, const runtime::ExecutorIdentity& identity, ServeJournal& out,
                      std::string& error) -> bool {
  out.journal = runtime::Journal::Open(path, runtime::Journal::Mode::kWrite, error);
  if (!out.journal) {
    return false;
  }
  out.fresh = out.journal->segments().empty();
  if (!out.fresh) {
    const runtime::ExecutorIdentity& last = out.journal->segments().back().executor;
    if (last.plant != identity.plant) {
      error = fmt::format("it is the journal of plant `{}`, not of `{}`", last.plant, identity.plant);
      return false;
    }
    out.upgrade = last.source_sha256 != identity.source_sha256 || last.executor_sha256 != identity.executor_sha256;
  }
  return true;
}

auto Server::RestoreSnapshot(const std::string& output_path, uint64_t verified, std::ostream& err) -> ReplayStart {
  ReplayStart start = RestoreNewestSnapshot(journal_, session_, identity_, output_path, verified, err);
  identify_.Resume(start.last_action);
  snapshots_.Covered(start.from_seq - 1);
  return start;
}

auto Server::GoOnFrom(const runtime::JournalSnapshot& snapshot, std::string& error) -> bool {
  if (!session_.RestoreSnapshot(identity_.executor_sha256, snapshot.state, error)) {
    return false;
  }
  // The session holds the snapshot's state now: a journal that cannot record it is an error of
  // this serve (error()), not a snapshot to pass over.
  if (!journal_.Rebase(snapshot)) {
    error = error_ = journal_.error();
    return false;
  }
  identify_.Resume(snapshot.last_action);
  snapshots_.Covered(snapshot.seq);
  return true;
}

auto Server::Replay(uint64_t from) -> bool {
  if (!journal_.bases().empty() && from <= journal_.bases().back()) {
    error_ = fmt::format("the journal goes on after line {} from a snapshot that cannot be restored (see the "
                         "warning): serve a new journal",
                         journal_.bases().back());
    return false;
  }
  return journal_.ForEachLine(from, [&](uint64_t seq, runtime::LineOrigin, std::string_view line) {
    identify_.Apply(session_, seq, line);
    return !output_.failed();
  });
}

auto Server::StartSegment(const runtime::JournalPositions& positions, bool upgrade) -> bool {
  char started[40];
  const int length = runtime::FormatTimestamp(WallMillis() / 1000 * 1000, started);
  return journal_.StartSegment(identity_, std::string_view(started, static_cast<size_t>(length))) &&
         journal_.SetPositions(positions) && Snapshot(positions, upgrade) && journal_.Commit();
}

auto Server::Snapshot(runtime::JournalPositions positions, bool force) -> bool {
  positions.output_bytes = output_.delivered();
  positions.last_action = identify_.last_action();
  positions.output_seq = journal_.last_seq();
  return snapshots_.Take(journal_, session_, identity_, positions, force);
}

auto Server::Accept(std::string_view lines, runtime::LineOrigin origin, runtime::JournalPositions positions) -> bool {
  const uint64_t first = journal_.last_seq() + 1;
  positions.output_bytes = output_.delivered();
  positions.last_action = identify_.last_action();
  positions.output_seq = first - 1;
  if (!journal_.Append(lines, origin) || !journal_.SetPositions(positions) || !journal_.Commit()) {
    return false;
  }
  for (uint64_t seq = first; !lines.empty(); ++seq) {
    const size_t end = lines.find('\n');
    identify_.Apply(session_, seq, lines.substr(0, end + 1));
    lines.remove_prefix(end + 1);
  }
  return !output_.failed();
}

}  // namespace takt::driver
