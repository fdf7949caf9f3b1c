// The session's timers, fired in the exact order docs/runtime.md promises: by due time, then
// entity kind, entity, clause, and scheduling order. Inline: scheduling and firing run on every
// event of a plant with deadlines.
#ifndef TAKT_RUNTIME_SRC_TIMER_QUEUE_H_
#define TAKT_RUNTIME_SRC_TIMER_QUEUE_H_

#include <algorithm>
#include <cstdint>
#include <queue>
#include <vector>

#include "takt/runtime.h"

namespace takt::runtime {

class TimerQueue {
 public:
  // A due time before `now` counts as `now`: a timer never fires in the past.
  void Schedule(const takt_timer& timer, int64_t now) {
    Queued queued{timer, seq_++};
    queued.timer.due = std::max(queued.timer.due, now);
    queue_.push(queued);
  }

  // Takes the next timer due at or before `t` into `timer`; false when there is none.
  auto PopDue(int64_t t, takt_timer& timer) -> bool {
    if (queue_.empty() || queue_.top().timer.due > t) {
      return false;
    }
    timer = queue_.top().timer;
    queue_.pop();
    return true;
  }

  auto size() const -> size_t { return queue_.size(); }
  // The earliest due time; only when size() > 0.
  auto next_due() const -> int64_t { return queue_.top().timer.due; }

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

  std::priority_queue<Queued, std::vector<Queued>, FiresLater> queue_;
  uint64_t seq_ = 0;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_TIMER_QUEUE_H_
