#include "compiler/driver/nats_snapshots.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "takt/sha256.h"

namespace takt::driver::nats {

SnapshotNames::SnapshotNames(const std::string& plant)
    : stream(fmt::format("takt_{}_snapshots", plant)),
      subjects(fmt::format("takt.{}.snapshot.>", plant)),
      head(fmt::format("takt.{}.snapshot.head", plant)),
      chunk_prefix(fmt::format("takt.{}.snapshot.chunk.", plant)) {}

auto EnsureSnapshotStream(Client& client, const std::string& plant, int64_t replicas) -> bool {
  const SnapshotNames names(plant);
  // No age limit: the newest snapshot is kept however long the plant runs without a new one.
  return client.EnsureStream(
      {.name = names.stream, .subjects = {names.subjects}, .max_age_seconds = 0, .max_msgs_per_subject = 1},
      replicas);
}

JetStreamSnapshots::JetStreamSnapshots(Client& client, const std::string& plant, std::ostream& err)
    : client_(client), names_(plant), err_(err), chunk_bytes_(kSnapshotChunkBytes) {
  // Test only: smaller chunks, so that a short stream's snapshot spans several.
  if (const char* bytes = std::getenv("TAKT_NATS_SNAPSHOT_CHUNK_BYTES"); bytes != nullptr) {
    chunk_bytes_ = std::clamp<size_t>(std::strtoull(bytes, nullptr, 10), 1, kSnapshotChunkBytes);
  }
}

void JetStreamSnapshots::Store(const runtime::JournalSnapshot& snapshot, const runtime::JournalPositions& positions) {
  // The chunks of each snapshot have subjects of their own (its line), so a new snapshot never
  // overwrites the chunks the current manifest names.
  const std::string chunk_subject = fmt::format("{}{}.", names_.chunk_prefix, snapshot.seq);
  const std::string_view state = snapshot.state;
  const size_t chunks = std::max<size_t>(1, (state.size() + chunk_bytes_ - 1) / chunk_bytes_);
  uint64_t first_chunk_seq = 0;
  bool ok = true;
  for (size_t i = 0; ok && i < chunks; ++i) {
    uint64_t seq = 0;
    ok = client_.PublishStored(chunk_subject + std::to_string(i), state.substr(i * chunk_bytes_, chunk_bytes_),
                               seq);
    first_chunk_seq = i == 0 ? seq : first_chunk_seq;
  }
  const nlohmann::ordered_json manifest{{"format", kSnapshotManifestFormat},
                                        {"seq", snapshot.seq},
                                        {"stream_seq", positions.input_offset},
                                        {"plant", snapshot.executor.plant},
                                        {"source_sha256", snapshot.executor.source_sha256},
                                        {"executor_sha256", snapshot.executor.executor_sha256},
                                        {"last_action", snapshot.last_action},
                                        {"made", snapshot.made},
                                        {"bytes", state.size()},
                                        {"sha256", runtime::Sha256Hex(state)},
                                        {"chunks", chunks}};
  uint64_t head_seq = 0;
  ok = ok && client_.PublishStored(names_.head, manifest.dump(), head_seq) &&
       client_.PurgeBefore(names_.stream, names_.chunk_prefix + ">", first_chunk_seq);
  if (!ok) {
    err_ << fmt::format("takt serve: warning: the snapshot after line {} is not stored in `{}`: {}; a standby "
                        "goes on from the one before\n",
                        snapshot.seq, names_.stream, client_.error());
  }
}

void JetStreamSnapshots::WarnUnusable(uint64_t seq, const std::string& reason) {
  err_ << fmt::format("takt serve: warning: the snapshot after line {} in `{}` is unusable: {}; the state is "
                      "rebuilt from the journal and the events stream\n",
                      seq, names_.stream, reason);
}

auto JetStreamSnapshots::Load(const runtime::ExecutorIdentity& identity, uint64_t after_seq, StoredSnapshot& out)
    -> bool {
  std::string text;
  bool found = false;
  if (!client_.LastOnSubject(names_.stream, names_.head, text, found)) {
    // A plant set up before the snapshot stream existed: `takt nats setup` creates it.
    err_ << fmt::format("takt serve: warning: no snapshot read from `{}`: {}; the state is rebuilt from the "
                        "journal and the events stream (`takt nats setup` creates the stream)\n",
                        names_.stream, client_.error());
    return false;
  }
  if (!found) {
    return false;
  }
  const nlohmann::json manifest = nlohmann::json::parse(text, nullptr, false);
  // A field missing or of another type reads as 0 or "", which the checks below refuse.
  auto number = [&](const char* key) -> uint64_t {
    const auto at = manifest.is_object() ? manifest.find(key) : manifest.end();
    return at != manifest.end() && at->is_number_unsigned() ? at->get<uint64_t>() : 0;
  };
  auto text_of = [&](const char* key) -> std::string {
    const auto at = manifest.is_object() ? manifest.find(key) : manifest.end();
    return at != manifest.end() && at->is_string() ? at->get<std::string>() : std::string();
  };
  const uint64_t seq = number("seq");
  if (number("format") != kSnapshotManifestFormat || seq == 0) {
    WarnUnusable(seq, fmt::format("its manifest on `{}` is not of format {}", names_.head, kSnapshotManifestFormat));
    return false;
  }
  if (seq <= after_seq) {
    return false;  // The journal has its lines already.
  }
  out.snapshot = runtime::JournalSnapshot{
      .seq = seq,
      .executor = {.plant = text_of("plant"),
                   .source_sha256 = text_of("source_sha256"),
                   .executor_sha256 = text_of("executor_sha256")},
      .output_path = {},
      .output_bytes = 0,
      .last_action = text_of("last_action"),
      .made = text_of("made"),
      .state = {},
      .state_bytes = number("bytes")};
  out.stream_seq = number("stream_seq");
  const runtime::ExecutorIdentity& made_by = out.snapshot.executor;
  if (made_by != identity) {
    WarnUnusable(seq, fmt::format("it was made by executor {}, not {}", made_by.executor_sha256,
                                  identity.executor_sha256));
    return false;
  }
  const uint64_t chunks = number("chunks");
  for (uint64_t i = 0; i < chunks; ++i) {
    std::string chunk;
    const std::string subject = fmt::format("{}{}.{}", names_.chunk_prefix, seq, i);
    if (!client_.LastOnSubject(names_.stream, subject, chunk, found)) {
      WarnUnusable(seq, client_.error());
      return false;
    }
    if (!found) {
      WarnUnusable(seq, fmt::format("its chunk `{}` is missing", subject));
      return false;
    }
    out.snapshot.state += chunk;
  }
  if (out.snapshot.state.size() != out.snapshot.state_bytes ||
      runtime::Sha256Hex(out.snapshot.state) != text_of("sha256")) {
    WarnUnusable(seq, fmt::format("its {} bytes do not match the size and SHA-256 of its manifest",
                                  out.snapshot.state.size()));
    return false;
  }
  return true;
}

auto JetStreamSnapshots::GoOn(Server& server, const runtime::ExecutorIdentity& identity, uint64_t journal_last,
                              StoredSnapshot& out) -> bool {
  if (!Load(identity, journal_last, out)) {
    return false;
  }
  std::string error;
  if (!server.GoOnFrom(out.snapshot, error)) {
    WarnUnusable(out.snapshot.seq, error);
    return false;
  }
  return true;
}

}  // namespace takt::driver::nats
