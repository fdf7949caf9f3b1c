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
    Queued queued{timer, seq_++};
    queued.timer.due = std::max(queued.timer.due, now);
    heap_.push_back(queued);
    std::push_heap(heap_.begin(), heap_.end(), FiresLater{});
  }

  // Takes the next timer due at or before `t` into `timer`; false when there is none.
  auto PopDue(int64_t t, takt_timer& timer) -> bool {
    if (heap_.empty() || heap_.front().timer.due > t) {
      return false;
    }
    timer = heap_.front().timer;
    std::pop_heap(heap_.begin(), heap_.end(), FiresLater{});
    heap_.pop_back();
    return true;
  }

  auto size() const -> size_t { return heap_.size(); }
  // The earliest due time; only when size() > 0.
  auto next_due() const -> int64_t { return heap_.front().timer.due; }

  // The queued timers with their scheduling order, and the counter of that order, so a restored
  // queue fires exactly as this one would (Session::SaveSnapshot).
  void Save(SnapshotWriter& out) const {
    out.Put<uint64_t>(seq_);
    out.Put<uint64_t>(heap_.size());
    for (const Queued& queued : heap_) {
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
    heap_.resize(in.GetCount(sizeof(Queued)));
    for (Queued& queued : heap_) {
      takt_timer& timer = queued.timer;
      timer.due = in.Get<int64_t>();
      timer.entity_kind = in.Get<uint32_t>();
      timer.entity = in.Get<uint32_t>();
      timer.clause = in.Get<uint32_t>();
      timer.reserved = in.Get<uint32_t>();
      timer.arg0 = in.Get<uint64_t>();
      timer.arg1 = in.Get<uint64_t>();
      queued.seq = in.Get<uint64_t>();
    }
    // Saved in heap order, so the vector is a heap again as it stands.
  }

 private:
  struct Queued {
    takt_timer timer;
    uint64_t seq;
  };

  struct FiresLater {
    auto operator()(const Queued& a, const Queued& b) const -> bool {
      const auto& x = a.timer;
      const auto& y = b.timer;
      if (x.due != y.due) {
        return x.due > y.due;
      }
      if (x.entity_kind != y.entity_kind) {
        return x.entity_kind > y.entity_kind;
      }
      if (x.entity != y.entity) {
        return x.entity > y.entity;
      }
      if (x.clause != y.clause) {
        return x.clause > y.clause;
      }
      return a.seq > b.seq;
    }
  };

  // A binary heap under FiresLater (std::push_heap), kept as a plain vector so a snapshot can
  // read and restore it.
  std::vector<Queued> heap_;
  uint64_t seq_ = 0;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_TIMER_QUEUE_H_
