// The names a session knows: the descriptor's declared names (workcenters, controls, …) and the
// entities created at run time (orders, lots, cases, `by` texts) with their state records. The
// event decoder turns names into these ids, the host callbacks create cases and hand out state
// records, the action encoder turns ids back into names.
#ifndef TAKT_RUNTIME_SRC_ENTITIES_H_
#define TAKT_RUNTIME_SRC_ENTITIES_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/src/name_table.h"
#include "runtime/src/snapshot_codec.h"
#include "takt/runtime.h"

namespace takt::runtime {

// Declared names: views into the descriptor's tables, which outlive the session; name i is
// `names[i]`.
struct DeclTable {
  void Add(std::string_view name) {
    slots.Insert(name, static_cast<uint32_t>(names.size()));
    names.push_back(name);
  }
  auto Find(std::string_view name) const -> uint32_t { return slots.Find(name, names); }

  std::vector<std::string_view> names;
  NameSlots slots;
};

// Zero-filled state records with stable addresses, allocated in blocks.
class RecordArena {
 public:
  explicit RecordArena(uint64_t size) : size_(size), stride_((size + 15) / 16 * 16) {}
  auto Add() -> uint32_t {
    if (stride_ != 0 && count_ % kPerBlock == 0) {
      blocks_.push_back(std::make_unique<std::byte[]>(stride_ * kPerBlock));
    }
    return count_++;
  }
  auto Get(uint32_t index) -> void* {
    if (stride_ == 0 || index >= count_) {
      return nullptr;
    }
    return blocks_[index / kPerBlock].get() + (index % kPerBlock) * stride_;
  }
  auto count() const -> uint32_t { return count_; }
  // The records' bytes, `size` per record (without the padding to the stride).
  void Save(SnapshotWriter& out) {
    out.Put<uint64_t>(count_);
    for (uint32_t i = 0; i < count_ && size_ != 0; ++i) {
      out.PutBytes(Get(i), size_);
    }
  }
  // Into an empty arena.
  void Restore(SnapshotReader& in) {
    const uint64_t count = in.GetCount(size_);
    for (uint64_t i = 0; i < count && in.ok(); ++i) {
      const uint32_t index = Add();
      if (size_ != 0) {
        in.GetBytes(Get(index), size_);
      }
    }
  }

 private:
  static constexpr uint32_t kPerBlock = 256;
  uint64_t size_;
  uint64_t stride_;
  uint32_t count_ = 0;
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
};

// Declared names of the descriptor, by table.
struct DeclaredNames {
  explicit DeclaredNames(const takt_executor& exec);

  DeclTable workcenters, controls, reasons, routings, roles, case_decls, deviations, handovers, materials, lines;
  DeclTable evidence, fields;  // Names an event's evidence and fields give.
  DeclTable people;            // The roster: what `by` names when there is one.
  std::vector<DeclTable> outcomes;  // Per case declaration.
  std::vector<DeclTable> risks;     // Per deviation.
};

class Entities {
 public:
  explicit Entities(const takt_executor& exec);

  // The order named `name`, created (with its record) if new.
  auto AddOrder(std::string_view name) -> uint32_t;
  // The lot (or `by` text) named `name`, created if new. Streams name the same lot (or `by`) on
  // consecutive lines far more often than not: the last name looked up is checked before hashing.
  auto InternLot(std::string_view name) -> uint32_t;
  // The lot named `name`, TAKT_NONE if no event created it; checks the last name first too.
  auto FindLot(std::string_view name) -> uint32_t;
  auto InternText(std::string_view name) -> uint32_t;
  // The order, or the case, of that name; TAKT_NONE if no event (or `open`) created it.
  auto FindOrder(std::string_view name) const -> uint32_t { return orders_.Find(name, order_names); }
  auto FindCase(std::string_view name) const -> uint32_t { return case_names_.Find(name, case_ids); }
  // A new case of declaration `decl`, named `<case>-<n>`; TAKT_NONE for a bad declaration.
  auto CreateCase(uint32_t decl) -> uint32_t;
  // The state record of an entity; the global record is TAKT_ENTITY_PLANT. Inline: executors ask
  // for records on nearly every event.
  auto State(uint32_t entity_kind, uint32_t index) -> void* {
    switch (entity_kind) {
      case TAKT_ENTITY_PLANT: return global_record_.get();
      case TAKT_ENTITY_ORDER: return order_records_.Get(index);
      case TAKT_ENTITY_LOT: return lot_records_.Get(index);
      case TAKT_ENTITY_CASE: return case_records_.Get(index);
      default: return nullptr;
    }
  }
  auto Count(uint32_t entity_kind) const -> uint32_t;
  // Follows the cases the executor opens and closes (its open_case / close_case actions), so a
  // `decide` can address the open case of a declaration for a lot (and control).
  void Observe(const takt_action& action);
  // The open case of `decl` for the lot named `lot` (and `control` unless TAKT_NONE); on none or
  // several, TAKT_NONE and `error` says which field is missing or lists the candidates.
  auto OpenCaseOf(uint32_t decl, std::string_view lot, uint32_t control, std::string& error) const -> uint32_t;

  // Everything above and the records, in creation order (Session::SaveSnapshot). Restore fills
  // entities that hold nothing yet and rebuilds the name tables from the names; false when the
  // records do not match the names.
  void Save(SnapshotWriter& out);
  auto Restore(SnapshotReader& in) -> bool;

  const takt_executor& exec;
  std::vector<std::string> order_names, lot_names, text_names, case_ids;
  std::vector<uint32_t> case_decl_of;
  struct CaseAddress {
    uint32_t lot = TAKT_NONE;
    uint32_t control = TAKT_NONE;
    bool open = false;
  };
  std::vector<CaseAddress> case_addresses;  // Per case, from Observe.

 private:
  // The index of each name of order_names, lot_names, text_names and case_ids.
  NameSlots orders_, lots_, texts_, case_names_;
  uint32_t last_lot_ = TAKT_NONE;   // InternLot's and FindLot's last answer.
  uint32_t last_text_ = TAKT_NONE;  // InternText's last answer.
  std::vector<uint32_t> case_counter_;  // Per declaration.
  RecordArena order_records_, lot_records_, case_records_;
  std::unique_ptr<std::byte[]> global_record_;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_ENTITIES_H_
