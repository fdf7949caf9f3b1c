#include "takt/journal.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace takt::runtime {

namespace {

// `PRAGMA application_id` of a Takt journal ("TAKT"), so another program's database is told
// apart from an empty one; `user_version` is the schema version. Version 3 added the snapshots
// and the input file's identity and `output_seq` to the positions; version 4 journals a batch of
// lines (one commit) as one row of `batch`, not one row of `line` per line, since a row per line
// cost more than applying the line (docs/serve.md, "Commit policy"). Older journals are not
// upgraded: version 1 cannot say which file its input offset counts in, and serve never rewrites
// what it committed; their lines are exported with the takt that wrote them.
constexpr int kApplicationId = 0x54414b54;
constexpr int kSchemaVersion = 4;

constexpr const char* kSchema = R"sql(
-- `lines` lines from `seq` on, each ended by `\n` in `text`.
CREATE TABLE batch(seq INTEGER PRIMARY KEY, lines INTEGER NOT NULL, origin INTEGER NOT NULL, text BLOB NOT NULL);
CREATE TABLE segment(first_seq INTEGER PRIMARY KEY, plant TEXT NOT NULL, source_sha256 TEXT NOT NULL,
                     executor_sha256 TEXT NOT NULL, started TEXT NOT NULL);
CREATE TABLE position(id INTEGER PRIMARY KEY CHECK (id = 1), input_path TEXT NOT NULL,
                      input_offset INTEGER NOT NULL, output_path TEXT NOT NULL,
                      output_bytes INTEGER NOT NULL, last_action TEXT NOT NULL, input_device INTEGER NOT NULL,
                      input_inode INTEGER NOT NULL, input_head BLOB NOT NULL, output_seq INTEGER NOT NULL);
CREATE TABLE holder(id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL,
                    started TEXT NOT NULL);
CREATE TABLE snapshot(seq INTEGER PRIMARY KEY, plant TEXT NOT NULL, source_sha256 TEXT NOT NULL,
                      executor_sha256 TEXT NOT NULL, output_path TEXT NOT NULL, output_bytes INTEGER NOT NULL,
                      last_action TEXT NOT NULL, made TEXT NOT NULL, state BLOB NOT NULL);
)sql";

// The bases of Journal::bases(): the line before each segment whose first line does not follow
// the last line before it (each found by the batch key, not a scan).
constexpr const char* kBasesQuery = R"sql(
SELECT s.first_seq - 1 FROM segment s
WHERE s.first_seq - 1 > coalesce((SELECT b.seq + b.lines - 1 FROM batch b WHERE b.seq < s.first_seq
                                  ORDER BY b.seq DESC LIMIT 1), 0)
ORDER BY s.first_seq)sql";

// A prepared statement finalized at scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { status_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  auto operator=(const Statement&) -> Statement& = delete;
  auto ok() const -> bool { return status_ == SQLITE_OK; }
  auto get() const -> sqlite3_stmt* { return stmt_; }
  auto Text(int column) const -> std::string {
    const auto* text = sqlite3_column_text(stmt_, column);
    return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
  }
  auto Blob(int column) const -> std::string {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    const auto size = static_cast<size_t>(sqlite3_column_bytes(stmt_, column));
    return bytes == nullptr ? std::string() : std::string(bytes, size);
  }
  auto Int(int column) const -> uint64_t { return static_cast<uint64_t>(sqlite3_column_int64(stmt_, column)); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int status_;
};

auto WallTime() -> std::string {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

auto HostName() -> std::string {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

}  // namespace

auto Journal::Fail(std::string_view what) -> bool {
  error_ = fmt::format("{}: {}", what, sqlite3_errmsg(db_));
  return false;
}

auto Journal::Exec(const char* sql) -> bool {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    error_ = message != nullptr ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return false;
  }
  return true;
}

auto Journal::Begin() -> bool {
  if (!in_transaction_) {
    if (!Exec("BEGIN IMMEDIATE")) {
      return false;
    }
    in_transaction_ = true;
  }
  return true;
}

auto Journal::Initialize() -> bool {
  return Exec("BEGIN IMMEDIATE") && Exec(kSchema) &&
         Exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {}", kApplicationId, kSchemaVersion)
                  .c_str()) &&
         Exec("INSERT INTO position VALUES (1, '', 0, '', 0, '', 0, 0, x'', 0)") && Exec("COMMIT");
}

// Reads what a journal knows about itself; refuses a database that is not one.
auto Journal::Load() -> bool {
  Statement id(db_, "PRAGMA application_id");
  if (!id.ok() || sqlite3_step(id.get()) != SQLITE_ROW) {
    return Fail("not a Takt journal");
  }
  if (static_cast<int>(id.Int(0)) != kApplicationId) {
    error_ = "not a Takt journal: an SQLite database of another application";
    return false;
  }
  Statement version(db_, "PRAGMA user_version");
  if (!version.ok() || sqlite3_step(version.get()) != SQLITE_ROW || version.Int(0) != kSchemaVersion) {
    error_ = fmt::format("journal schema version {} is not {}, the one this takt reads: export its lines with "
                         "the takt that wrote it (`takt journal FILE --events`) and serve them into a new journal",
                         version.Int(0), kSchemaVersion);
    return false;
  }
  Statement segments(db_,
                     "SELECT first_seq, plant, source_sha256, executor_sha256, started FROM segment ORDER BY first_seq");
  if (!segments.ok()) {
    return Fail("cannot read the segments");
  }
  int status;
  while ((status = sqlite3_step(segments.get())) == SQLITE_ROW) {
    segments_.push_back(JournalSegment{
        .first_seq = segments.Int(0),
        .executor = {.plant = segments.Text(1), .source_sha256 = segments.Text(2), .executor_sha256 = segments.Text(3)},
        .started = segments.Text(4)});
  }
  if (status != SQLITE_DONE) {
    return Fail("cannot read the segments");
  }
  Statement position(db_,
                     "SELECT input_path, input_offset, output_path, output_bytes, last_action, input_device, "
                     "input_inode, input_head, output_seq FROM position");
  if (!position.ok() || sqlite3_step(position.get()) != SQLITE_ROW) {
    return Fail("cannot read the positions");
  }
  positions_ = JournalPositions{.input_path = position.Text(0),
                                .input_offset = position.Int(1),
                                .input_device = position.Int(5),
                                .input_inode = position.Int(6),
                                .input_head = position.Blob(7),
                                .output_path = position.Text(2),
                                .output_bytes = position.Int(3),
                                .last_action = position.Text(4),
                                .output_seq = position.Int(8)};
  // The newest batch by its key, not a scan of them all: a restart costs the same however long
  // the journal is.
  Statement last(db_, "SELECT seq + lines - 1 FROM batch ORDER BY seq DESC LIMIT 1");
  const int step = last.ok() ? sqlite3_step(last.get()) : SQLITE_ERROR;
  if (step != SQLITE_ROW && step != SQLITE_DONE) {
    return Fail("cannot read the lines");
  }
  last_seq_ = step == SQLITE_ROW ? last.Int(0) : 0;
  // A journal rebased on a snapshot ends, before its first line, at the segment after the base.
  if (!segments_.empty()) {
    last_seq_ = std::max(last_seq_, segments_.back().first_seq - 1);
  }
  Statement bases(db_, kBasesQuery);
  if (!bases.ok()) {
    return Fail("cannot read the segments");
  }
  while ((status = sqlite3_step(bases.get())) == SQLITE_ROW) {
    bases_.push_back(bases.Int(0));
  }
  return status == SQLITE_DONE || Fail("cannot read the segments");
}

// Only one process may write: an advisory lock on the database file, held as long as the
// journal is open, which the kernel releases when the holder dies (even by SIGKILL), so a stale
// lock cannot refuse a restart. The `holder` row only names the holder in the refusal.
static auto TakeWriterLock(const std::string& path, sqlite3* db, std::string& error) -> int {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
    return fd;
  }
  ::close(fd);
  error = "it is in use by another `takt serve`";
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT pid, host, started FROM holder", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    error = fmt::format("it is in use by `takt serve` (pid {} on {}, since {})", sqlite3_column_int64(stmt, 0),
                        reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)),
                        reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2)));
  }
  sqlite3_finalize(stmt);
  return -1;
}

auto Journal::Open(const std::string& path, Mode mode, std::string& error) -> std::unique_ptr<Journal> {
  sqlite3* db = nullptr;
  const int flags = mode == Mode::kWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    error = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return nullptr;
  }
  // Readers (`takt journal`) wait for a checkpoint rather than fail.
  sqlite3_busy_timeout(db, 5000);
  int lock_fd = -1;
  if (mode == Mode::kWrite && (lock_fd = TakeWriterLock(path, db, error)) < 0) {
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<Journal> journal(new Journal(db, lock_fd));
  if (mode == Mode::kWrite) {
    bool fresh = false;
    {
      // Finalized before the journal mode changes, which an open read would forbid.
      Statement tables(db, "SELECT count(*) FROM sqlite_schema");
      if (!tables.ok() || sqlite3_step(tables.get()) != SQLITE_ROW) {
        journal->Fail("not a Takt journal");
        error = journal->error_;
        return nullptr;
      }
      fresh = tables.Int(0) == 0;
    }
    // WAL: a commit appends to the log and readers never block the writer. FULL: the log is
    // synced at every commit, so a committed batch survives a power loss, not only a crash.
    // 16 KiB pages (set before the first table): a batch of lines is a blob over many pages, and
    // larger pages cost fewer writes, reads and checksums per byte journaled; a line that comes
    // alone still writes two pages (its batch row and the positions). The page cache is bounded
    // in bytes (2 MiB), not in pages, so the larger pages do not grow serve's memory: batches are
    // appended and replays read forward, neither needs a larger one.
    if ((fresh && !journal->Exec("PRAGMA page_size = 16384")) ||
        !journal->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -2048") ||
        (fresh && !journal->Initialize())) {
      error = journal->error_;
      return nullptr;
    }
  }
  if (!journal->Load()) {
    error = journal->error_;
    return nullptr;
  }
  if (mode == Mode::kWrite && !journal->RecordHolder()) {
    error = journal->error_;
    return nullptr;
  }
  return journal;
}

// Names this process in the `holder` row and prepares the statements every batch goes through.
auto Journal::RecordHolder() -> bool {
  Statement holder(db_, "INSERT OR REPLACE INTO holder VALUES (1, ?, ?, ?)");
  const std::string host = HostName();
  const std::string started = WallTime();
  sqlite3_bind_int64(holder.get(), 1, static_cast<int64_t>(::getpid()));
  sqlite3_bind_text(holder.get(), 2, host.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_text(holder.get(), 3, started.c_str(), -1, SQLITE_STATIC);
  if (!holder.ok() || sqlite3_step(holder.get()) != SQLITE_DONE) {
    return Fail("cannot record the holder");
  }
  return (sqlite3_prepare_v2(db_, "INSERT INTO batch(seq, lines, origin, text) VALUES (?, ?, ?, ?)", -1, &append_,
                             nullptr) == SQLITE_OK &&
          sqlite3_prepare_v2(db_,
                             "UPDATE position SET input_path = ?, input_offset = ?, output_path = ?, output_bytes = ?, "
                             "last_action = ?, input_device = ?, input_inode = ?, input_head = ?, output_seq = ?",
                             -1, &set_positions_, nullptr) == SQLITE_OK) ||
         Fail("cannot prepare");
}

Journal::~Journal() {
  if (in_transaction_) {
    Commit();
  }
  sqlite3_finalize(append_);
  sqlite3_finalize(set_positions_);
  sqlite3_close(db_);
  // After the database is closed: closing another descriptor of the file first would drop
  // SQLite's own POSIX locks on it.
  if (lock_fd_ >= 0) {
    ::close(lock_fd_);
  }
}

auto Journal::StartSegment(const ExecutorIdentity& executor, std::string_view started) -> bool {
  if (!Begin()) {
    return false;
  }
  // A segment that got no line is replaced by the one that follows it at the same sequence.
  Statement insert(db_, "INSERT OR REPLACE INTO segment VALUES (?, ?, ?, ?, ?)");
  const uint64_t first_seq = last_seq_ + 1;
  sqlite3_bind_int64(insert.get(), 1, static_cast<int64_t>(first_seq));
  sqlite3_bind_text(insert.get(), 2, executor.plant.data(), static_cast<int>(executor.plant.size()), SQLITE_STATIC);
  sqlite3_bind_text(insert.get(), 3, executor.source_sha256.data(), static_cast<int>(executor.source_sha256.size()),
                    SQLITE_STATIC);
  sqlite3_bind_text(insert.get(), 4, executor.executor_sha256.data(),
                    static_cast<int>(executor.executor_sha256.size()), SQLITE_STATIC);
  sqlite3_bind_text(insert.get(), 5, started.data(), static_cast<int>(started.size()), SQLITE_STATIC);
  if (!insert.ok() || sqlite3_step(insert.get()) != SQLITE_DONE) {
    return Fail("cannot record the segment");
  }
  if (!segments_.empty() && segments_.back().first_seq == first_seq) {
    segments_.pop_back();
  }
  segments_.push_back(JournalSegment{.first_seq = first_seq, .executor = executor, .started = std::string(started)});
  return true;
}

auto Journal::Append(std::string_view lines, LineOrigin origin) -> bool {
  if (!Begin()) {
    return false;
  }
  const auto count = static_cast<uint64_t>(std::count(lines.begin(), lines.end(), '\n'));
  sqlite3_reset(append_);
  sqlite3_bind_int64(append_, 1, static_cast<int64_t>(last_seq_ + 1));
  sqlite3_bind_int64(append_, 2, static_cast<int64_t>(count));
  sqlite3_bind_int(append_, 3, static_cast<int>(origin));
  sqlite3_bind_blob64(append_, 4, lines.data(), lines.size(), SQLITE_STATIC);
  if (sqlite3_step(append_) != SQLITE_DONE) {
    return Fail("cannot journal a batch");
  }
  last_seq_ += count;
  return true;
}

auto Journal::SetPositions(const JournalPositions& positions) -> bool {
  if (!Begin()) {
    return false;
  }
  sqlite3_stmt* update = set_positions_;
  sqlite3_reset(update);
  sqlite3_bind_text(update, 1, positions.input_path.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_int64(update, 2, static_cast<int64_t>(positions.input_offset));
  sqlite3_bind_text(update, 3, positions.output_path.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_int64(update, 4, static_cast<int64_t>(positions.output_bytes));
  sqlite3_bind_text(update, 5, positions.last_action.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_int64(update, 6, static_cast<int64_t>(positions.input_device));
  sqlite3_bind_int64(update, 7, static_cast<int64_t>(positions.input_inode));
  sqlite3_bind_blob64(update, 8, positions.input_head.data(), positions.input_head.size(), SQLITE_STATIC);
  sqlite3_bind_int64(update, 9, static_cast<int64_t>(positions.output_seq));
  if (sqlite3_step(update) != SQLITE_DONE) {
    return Fail("cannot record the positions");
  }
  positions_ = positions;
  return true;
}

auto Journal::SaveSnapshot(const JournalSnapshot& snapshot, size_t keep) -> bool {
  if (!Begin()) {
    return false;
  }
  Statement insert(db_, "INSERT OR REPLACE INTO snapshot VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_stmt* stmt = insert.get();
  sqlite3_bind_int64(stmt, 1, static_cast<int64_t>(snapshot.seq));
  sqlite3_bind_text(stmt, 2, snapshot.executor.plant.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 3, snapshot.executor.source_sha256.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 4, snapshot.executor.executor_sha256.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 5, snapshot.output_path.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 6, static_cast<int64_t>(snapshot.output_bytes));
  sqlite3_bind_text(stmt, 7, snapshot.last_action.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 8, snapshot.made.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_blob64(stmt, 9, snapshot.state.data(), snapshot.state.size(), SQLITE_STATIC);
  if (!insert.ok() || sqlite3_step(stmt) != SQLITE_DONE) {
    return Fail("cannot save a snapshot");
  }
  Statement prune(db_, fmt::format("DELETE FROM snapshot WHERE seq NOT IN (SELECT seq FROM snapshot ORDER BY seq DESC "
                                   "LIMIT ?) AND seq NOT IN ({})",
                                   kBasesQuery)
                           .c_str());
  sqlite3_bind_int64(prune.get(), 1, static_cast<int64_t>(keep));
  return (prune.ok() && sqlite3_step(prune.get()) == SQLITE_DONE) || Fail("cannot delete old snapshots");
}

auto Journal::Rebase(const JournalSnapshot& snapshot) -> bool {
  if (snapshot.seq <= last_seq_) {
    error_ = fmt::format("cannot go on from the snapshot after line {}: the journal has line {}", snapshot.seq,
                         last_seq_);
    return false;
  }
  // Saved before the segment that makes it a base: none is pruned in between (keep is large).
  if (!SaveSnapshot(snapshot, SIZE_MAX)) {
    return false;
  }
  last_seq_ = snapshot.seq;
  bases_.push_back(snapshot.seq);
  return true;
}

auto Journal::Snapshots(std::vector<JournalSnapshot>& snapshots) -> bool {
  snapshots.clear();
  Statement select(db_,
                   "SELECT seq, plant, source_sha256, executor_sha256, output_path, output_bytes, last_action, made, "
                   "length(state) FROM snapshot ORDER BY seq DESC");
  if (!select.ok()) {
    return Fail("cannot read the snapshots");
  }
  int status;
  while ((status = sqlite3_step(select.get())) == SQLITE_ROW) {
    snapshots.push_back(JournalSnapshot{
        .seq = select.Int(0),
        .executor = {.plant = select.Text(1), .source_sha256 = select.Text(2), .executor_sha256 = select.Text(3)},
        .output_path = select.Text(4),
        .output_bytes = select.Int(5),
        .last_action = select.Text(6),
        .made = select.Text(7),
        .state = {},
        .state_bytes = select.Int(8)});
  }
  return status == SQLITE_DONE || Fail("cannot read the snapshots");
}

auto Journal::LoadSnapshotState(uint64_t seq, std::string& state) -> bool {
  Statement select(db_, "SELECT state FROM snapshot WHERE seq = ?");
  sqlite3_bind_int64(select.get(), 1, static_cast<int64_t>(seq));
  if (!select.ok() || sqlite3_step(select.get()) != SQLITE_ROW) {
    return Fail(fmt::format("cannot read the snapshot at line {}", seq));
  }
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(select.get(), 0));
  state.assign(bytes == nullptr ? "" : bytes, static_cast<size_t>(sqlite3_column_bytes(select.get(), 0)));
  return true;
}

auto Journal::Commit() -> bool {
  if (!in_transaction_) {
    return true;
  }
  in_transaction_ = false;
  return Exec("COMMIT") || Fail("cannot commit");
}

auto Journal::ForEachLine(uint64_t from, const LineVisitor& visit) -> bool {
  // From the batch that holds line `from`: the one with the greatest first seq not after it.
  Statement select(db_,
                   "SELECT seq, origin, text FROM batch WHERE seq >= coalesce((SELECT max(seq) FROM batch WHERE seq <= "
                   "?1), 0) ORDER BY seq");
  if (!select.ok()) {
    return Fail("cannot read the lines");
  }
  sqlite3_bind_int64(select.get(), 1, static_cast<int64_t>(from));
  int status;
  while ((status = sqlite3_step(select.get())) == SQLITE_ROW) {
    const auto* text = static_cast<const char*>(sqlite3_column_blob(select.get(), 2));
    std::string_view lines(text == nullptr ? "" : text, static_cast<size_t>(sqlite3_column_bytes(select.get(), 2)));
    const auto origin = sqlite3_column_int(select.get(), 1) == 1 ? LineOrigin::kClock : LineOrigin::kInput;
    for (uint64_t seq = select.Int(0); !lines.empty(); ++seq) {
      const size_t end = lines.find('\n');
      if (seq >= from && !visit(seq, origin, lines.substr(0, end))) {
        return true;
      }
      lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 1);
    }
  }
  return status == SQLITE_DONE || Fail("cannot read the lines");
}

auto Journal::Stats(JournalStats& stats) -> bool {
  Statement lines(db_,
                  "SELECT coalesce(sum(lines * (origin = 0)), 0), coalesce(sum(lines * (origin = 1)), 0), "
                  "coalesce(sum(length(text) - lines), 0) FROM batch");
  Statement pages(db_, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  if (!lines.ok() || sqlite3_step(lines.get()) != SQLITE_ROW || !pages.ok() ||
      sqlite3_step(pages.get()) != SQLITE_ROW) {
    return Fail("cannot count the lines");
  }
  stats = JournalStats{
      .input_lines = lines.Int(0), .clock_lines = lines.Int(1), .line_bytes = lines.Int(2), .file_bytes = pages.Int(0)};
  return true;
}

// ---- Identifying sink. -------------------------------------------------------------------------

void IdentifyingSink::Write(std::string_view lines) {
  buffer_.clear();
  while (!lines.empty()) {
    const size_t end = lines.find('\n');
    const std::string_view line = lines.substr(0, end == std::string_view::npos ? lines.size() : end + 1);
    lines.remove_prefix(line.size());
    last_action_ = fmt::format("{}.{}", seq_, ordinal_++);
    // Every action line is an object: `{"t":…}` becomes `{"action_id":"42.0","t":…}`.
    buffer_.append("{\"action_id\":\"").append(last_action_).append("\",").append(line.substr(1));
  }
  out_.Write(buffer_);
}

void IdentifyingSink::Apply(Session& session, uint64_t seq, std::string_view line) {
  seq_ = seq;
  ordinal_ = 0;
  session.Feed(line);
  if (!line.ends_with('\n')) {
    session.Feed("\n");
  }
  session.Flush();
}

}  // namespace takt::runtime
