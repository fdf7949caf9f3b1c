// The session's timers, fired in the exact order docs/runtime.md promises: by due time, then
// entity kind, entity, clause, and scheduling order. Inline: scheduling and firing run on every
// event of a plant with deadlines.
#ifndef TAKT_RUNTIME_SRC_TIMER_QUEUE_H_
#define TAKT_RUNTIME_SRC_TIMER_QUEUE_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "runtime/src/snapshot_codec.h"
#include "takt/runtime.h"

namespace takt::runtime {

class TimerQueue {
 public:
  // A due time before `now` counts as `now`: a timer never fires in the past.
  void Schedule(const takt_timer& timer, int64_t now) {
    uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<uint32_t>(timers_.size());
      timers_.emplace_back();
    } else {
      slot = free_.back();
      free_.pop_back();
    }
    Queued& queued = timers_[slot];
    queued = Queued{timer, seq_++};
    queued.timer.due = std::max(queued.timer.due, now);
    heap_.push_back(NodeOf(queued.timer, slot));
    std::push_heap(heap_.begin(), heap_.end(), FiresLater{timers_});
  }

  // Takes the next timer due at or before `t` into `timer`; false when there is none.
  auto PopDue(int64_t t, takt_timer& timer) -> bool {
    if (heap_.empty() || heap_.front().due > t) {
      return false;
    }
    const uint32_t slot = heap_.front().slot;
    timer = timers_[slot].timer;
    std::pop_heap(heap_.begin(), heap_.end(), FiresLater{timers_});
    heap_.pop_back();
    free_.push_back(slot);
    return true;
  }

  auto size() const -> size_t { return heap_.size(); }
  // The earliest due time; only when size() > 0.
  auto next_due() const -> int64_t { return heap_.front().due; }

  // The queued timers with their scheduling order, and the counter of that order, so a restored
  // queue fires exactly as this one would (Session::SaveSnapshot).
  void Save(SnapshotWriter& out) const {
    out.Put<uint64_t>(seq_);
    out.Put<uint64_t>(heap_.size());
    for (const Node& node : heap_) {
      const Queued& queued = timers_[node.slot];
      const takt_timer& timer = queued.timer;
      out.Put(timer.due);
      out.Put(timer.entity_kind);
      out.Put(timer.entity);
      out.Put(timer.clause);
      out.Put(timer.reserved);
      out.Put(timer.arg0);
      out.Put(timer.arg1);
      out.Put(queued.seq);
    }
  }
  void Restore(SnapshotReader& in) {
    seq_ = in.Get<uint64_t>();
    timers_.resize(in.GetCount(sizeof(Queued)));
    heap_.resize(timers_.size());
    free_.clear();
    for (uint32_t slot = 0; slot < timers_.size(); ++slot) {
      Queued& queued = timers_[slot];
      takt_timer& timer = queued.timer;
      timer.due = in.Get<int64_t>();
      timer.entity_kind = in.Get<uint32_t>();
      timer.entity = in.Get<uint32_t>();
      timer.clause = in.Get<uint32_t>();
      timer.reserved = in.Get<uint32_t>();
      timer.arg0 = in.Get<uint64_t>();
      timer.arg1 = in.Get<uint64_t>();
      queued.seq = in.Get<uint64_t>();
      heap_[slot] = NodeOf(timer, slot);
    }
    // Saved in heap order, so the vector is a heap again as it stands.
  }

 private:
  struct Queued {
    takt_timer timer;
    uint64_t seq;
  };

  // What the heap moves and compares: the order's keys but the scheduling order, which decides
  // only between timers of one clause of one entity due at once, and where the timer lies. Half
  // the size of a whole timer, so a pop (a dozen levels for a few thousand pending timers) moves
  // half the bytes and reads no timer.
  struct Node {
    int64_t due;
    uint64_t entity;  // Entity kind in the high half, entity in the low.
    uint32_t clause;
    uint32_t slot;
  };

  static auto NodeOf(const takt_timer& timer, uint32_t slot) -> Node {
    return Node{.due = timer.due,
                .entity = uint64_t{timer.entity_kind} << 32 | timer.entity,
                .clause = timer.clause,
                .slot = slot};
  }

  struct FiresLater {
    const std::vector<Queued>& timers;
    auto operator()(const Node& a, const Node& b) const -> bool {
      if (a.due != b.due) {
        return a.due > b.due;
      }
      if (a.entity != b.entity) {
        return a.entity > b.entity;
      }
      if (a.clause != b.clause) {
        return a.clause > b.clause;
      }
      return timers[a.slot].seq > timers[b.slot].seq;
    }
  };

  // A binary heap under FiresLater (std::push_heap) of the queued timers, which lie in
  // `timers_`; a fired timer's slot is reused (`free_`), so memory follows the pending count.
  std::vector<Node> heap_;
  std::vector<Queued> timers_;
  std::vector<uint32_t> free_;
  uint64_t seq_ = 0;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_TIMER_QUEUE_H_
