// Snapshots in JetStream (docs/deploy.md, "Snapshots in JetStream"): the active `takt serve
// --nats` copies every snapshot it commits in its journal into the plant's snapshot stream, and a
// standby whose journal is behind it goes on from there instead of replaying the events stream
// from its first message.
#ifndef TAKT_COMPILER_DRIVER_NATS_SNAPSHOTS_H_
#define TAKT_COMPILER_DRIVER_NATS_SNAPSHOTS_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "compiler/driver/nats_client.h"
#include "compiler/driver/serve_server.h"
#include "compiler/driver/serve_snapshots.h"
#include "takt/journal.h"

namespace takt::driver::nats {

// The stream `takt_<plant>_snapshots` on `takt.<plant>.snapshot.>`, one message per subject: the
// newest snapshot's manifest on `….snapshot.head`, its state in chunks on
// `….snapshot.chunk.<line>.<i>`.
struct SnapshotNames {
  explicit SnapshotNames(const std::string& plant);
  std::string stream;
  std::string subjects;  // `takt.<plant>.snapshot.>`.
  std::string head;
  std::string chunk_prefix;  // `takt.<plant>.snapshot.chunk.`.
};

// The state of a chunk message: below nats-server's default maximum payload (1 MiB).
inline constexpr size_t kSnapshotChunkBytes = 512 * 1024;
// The manifest's layout; another one is not restored.
inline constexpr int kSnapshotManifestFormat = 1;

// Creates the snapshot stream, or updates it (`takt nats setup`).
auto EnsureSnapshotStream(Client& client, const std::string& plant, int64_t replicas) -> bool;

// A snapshot read back: the journal's snapshot (its state included) and the stream sequence of
// the last events message its lines came from.
struct StoredSnapshot {
  runtime::JournalSnapshot snapshot;
  uint64_t stream_seq = 0;
};

class JetStreamSnapshots final : public SnapshotMirror {
 public:
  // Warnings go to `err`.
  JetStreamSnapshots(Client& client, const std::string& plant, std::ostream& err);

  // Stores the snapshot (chunks, then the manifest that names them, then the older chunks
  // purged): a crash in between leaves the previous manifest and its chunks whole. A failure
  // only warns: the journal has the snapshot, and a standby goes on from the previous one.
  void Store(const runtime::JournalSnapshot& snapshot, const runtime::JournalPositions& positions) override;

  // The stored snapshot when it goes on after a line past `after_seq` and was made by
  // `identity`, whole (its bytes and SHA-256 those of the manifest). False when there is none
  // past `after_seq`, or, with a warning on `err`, when it is unusable (the caller replays the
  // stream instead).
  auto Load(const runtime::ExecutorIdentity& identity, uint64_t after_seq, StoredSnapshot& out) -> bool;

  // Makes `server` (nothing restored or replayed yet) go on from the stored snapshot when it is
  // usable and past the journal's last line (`journal_last`); false when it is not (warned
  // about when it is unusable), and the server is as it was.
  auto GoOn(Server& server, const runtime::ExecutorIdentity& identity, uint64_t journal_last, StoredSnapshot& out)
      -> bool;

  auto stream() const -> const std::string& { return names_.stream; }

 private:
  // The warning of a snapshot that cannot be used.
  void WarnUnusable(uint64_t seq, const std::string& reason);

  Client& client_;
  SnapshotNames names_;
  std::ostream& err_;
  size_t chunk_bytes_;  // kSnapshotChunkBytes, or the test hook TAKT_NATS_SNAPSHOT_CHUNK_BYTES.
};

}  // namespace takt::driver::nats

#endif  // TAKT_COMPILER_DRIVER_NATS_SNAPSHOTS_H_
