// OEE and loss accounting (docs/oee.md), as the interpreter's interp/oee.cpp does: per workcenter,
// the shift window its numbers belong to, stop time per loss class (split at shift ends and
// breaks), pieces and their ideal cycle time; a handover's `report oee` lists them. Declared only
// when some handover reports `oee`.
#include <algorithm>

#include "compiler/lower/lowerer.h"

namespace takt::lower {

using xir::ActionField;
using xir::EventField;
using xir::Opcode;
using xir::Record;
using xir::Type;

// Stop time buckets per workcenter: one per model::LossClass (None first).
static constexpr int64_t kLossBuckets = 4;

static auto Max(Builder& b, ExprId x, ExprId y) -> ExprId { return b.Select(b.Op(Opcode::Gt, x, y), x, y); }

// The length of [a, b) ∩ [x, y), 0 when they do not meet.
static auto Overlap(Builder& b, ExprId a, ExprId end, ExprId x, ExprId y) -> ExprId {
  return Max(b, b.I(0), b.Op(Opcode::Sub, b.Op(Opcode::Min, end, y), Max(b, a, x)));
}

void Lowerer::ForEachBreak(Builder& b, const ShiftWindowExprs& window,
                           const std::function<void(ExprId, ExprId)>& each) {
  std::vector<size_t> with_breaks;
  std::vector<int64_t> labels;
  for (size_t s = 0; s < plant_.shifts.size(); ++s) {
    if (!plant_.shifts[s].breaks.empty()) {
      with_breaks.push_back(s);
      labels.push_back(static_cast<int64_t>(s));
    }
  }
  if (labels.empty()) {
    return;
  }
  b.Switch(window.shift, labels, [&](size_t k) {
    ExprId free_from = window.start;
    for (const model::ShiftBreak& pause : plant_.shifts[with_breaks[k]].breaks) {
      const ExprId at = b.Capture(UtcOfLocal(b, b.Op(Opcode::Add, window.start_local, b.I(pause.offset_ms))));
      const ExprId start = b.Capture(b.Op(Opcode::Min, Max(b, at, free_from), window.end));
      const ExprId end =
          b.Capture(b.Op(Opcode::Min, Max(b, b.Op(Opcode::Add, at, b.I(pause.length_ms)), start), window.end));
      each(start, end);
      free_from = end;
    }
  });
}

void Lowerer::LowerOee() {
  const model::Handover* reporter = nullptr;
  for (const model::Handover& handover : plant_.handovers) {
    if (std::find(handover.report.begin(), handover.report.end(), model::ReportItem::Oee) != handover.report.end()) {
      reporter = &handover;
      break;
    }
  }
  if (reporter == nullptr || plant_.shift_ends.empty()) {
    return;
  }
  const auto workcenters = static_cast<uint32_t>(std::max<size_t>(plant_.workcenters.size(), 1));
  OeeSlots slots{
      .window_end = module_.AddSlot("oee.window_end", Record::Global, Type::I64, workcenters),
      .counted = module_.AddSlot("oee.counted", Record::Global, Type::I64, workcenters),
      .stop = module_.AddSlot("oee.stop", Record::Global, Type::I64, workcenters * kLossBuckets),
      .good = module_.AddSlot("oee.good", Record::Global, Type::I64, workcenters),
      .scrap = module_.AddSlot("oee.scrap", Record::Global, Type::I64, workcenters),
      .ideal = module_.AddSlot("oee.ideal", Record::Global, Type::I64, workcenters),
  };
  std::vector<int64_t> losses;
  for (const model::Reason& reason : plant_.reasons) {
    losses.push_back(static_cast<int64_t>(reason.loss));
  }
  if (losses.empty()) {
    losses.push_back(0);
  }
  slots.reason_loss = module_.AddTable("reason.loss", std::move(losses));

  // (workcenter, window end): the accumulators start over for a new window.
  slots.roll = module_.AddFunction("oee.roll", xir::Context::Any, {Type::I64, Type::I64});
  {
    Builder b(module_, slots.roll);
    SetRule(b, reporter->report_clause);
    const ExprId w = b.Param(0);
    const ExprId end = b.Param(1);
    b.If(b.Op(Opcode::Ne, b.Load(slots.window_end, w), end), [&] {
      b.Store(slots.window_end, w, end);
      for (int64_t k = 0; k < kLossBuckets; ++k) {
        b.Store(slots.stop, b.Op(Opcode::Add, b.Op(Opcode::Mul, w, b.I(kLossBuckets)), b.I(k)), b.I(0));
      }
      b.Store(slots.good, w, b.I(0));
      b.Store(slots.scrap, w, b.I(0));
      b.Store(slots.ideal, w, b.I(0));
    });
  }
  // (workcenter, until): the open stop's time up to `until` goes to the window it lies in; called
  // at every shift end and at the stop's `up`, so it never crosses a shift end.
  slots.count_stop = module_.AddFunction("oee.count_stop", xir::Context::Any, {Type::I64, Type::I64});
  {
    Builder b(module_, slots.count_stop);
    SetRule(b, reporter->report_clause);
    const ExprId w = b.Param(0);
    const ExprId until = b.Param(1);
    const ExprId from = b.Capture(b.Load(slots.counted, w));
    b.If(b.And(b.Load(wc_down_, w), b.Op(Opcode::Lt, from, until)), [&] {
      const ShiftWindowExprs window = NextShiftEnd(b, from, true);
      const ExprId end = window.end;
      const ExprId start = window.start;
      const ExprId to = b.Capture(b.Op(Opcode::Min, until, end));
      const uint32_t ms = b.NewLocal(Type::I64);
      b.Set(ms, Overlap(b, from, to, start, end));
      ForEachBreak(b, window, [&](ExprId pause_start, ExprId pause_end) {
        b.Set(ms, b.Op(Opcode::Sub, b.Local(ms), Overlap(b, from, to, pause_start, pause_end)));
      });
      b.Call(slots.roll, {w, end});
      // An uncoded stop costs availability until it is coded.
      const ExprId reason = b.Capture(b.Load(wc_reason_, w));
      const ExprId bucket = b.Select(b.Op(Opcode::Eq, reason, b.I(xir::kNone)),
                                     b.I(static_cast<int64_t>(model::LossClass::Availability)),
                                     b.At(slots.reason_loss, reason));
      const ExprId at = b.Capture(b.Op(Opcode::Add, b.Op(Opcode::Mul, w, b.I(kLossBuckets)), bucket));
      b.Store(slots.stop, at, b.Op(Opcode::Add, b.Load(slots.stop, at), b.Local(ms)));
      b.Store(slots.counted, w, until);
    });
  }
  // (routing, operation index): the pieces of an accepted count or complete.
  if (!plant_.routings.empty()) {
    std::vector<int64_t> op_workcenter(plant_.routings.size() * max_ops_, 0);
    std::vector<int64_t> std_time(plant_.routings.size() * max_ops_, 0);
    for (size_t r = 0; r < plant_.routings.size(); ++r) {
      const auto& ops = plant_.routings[r].operations;
      for (size_t i = 0; i < ops.size(); ++i) {
        op_workcenter[r * max_ops_ + i] = ops[i].workcenter.index;
        std_time[r * max_ops_ + i] = ops[i].std_time_ms;
      }
    }
    const xir::TableId workcenter_of = module_.AddTable("op.workcenter", std::move(op_workcenter));
    const xir::TableId std_time_of = module_.AddTable("op.std_time", std::move(std_time));
    slots.pieces = module_.AddFunction("oee.pieces", xir::Context::Event, {Type::I64, Type::I64});
    Builder b(module_, *slots.pieces);
    SetRule(b, reporter->report_clause);
    const ExprId flat =
        b.Capture(b.Op(Opcode::Add, b.Op(Opcode::Mul, b.Param(0), b.I(static_cast<int64_t>(max_ops_))), b.Param(1)));
    const ExprId w = b.Capture(b.At(workcenter_of, flat));
    const ShiftWindowExprs window = NextShiftEnd(b, b.Now(), true);
    const ExprId end = window.end;
    const ExprId start = window.start;
    // Produced outside every shift: in no shift's numbers.
    b.If(b.Op(Opcode::Ge, b.Now(), start), [&] {
      b.Call(slots.roll, {w, end});
      const ExprId good = b.Ev(EventField::Good);
      const ExprId scrap = b.Ev(EventField::Scrap);
      b.Store(slots.good, w, b.Op(Opcode::Add, b.Load(slots.good, w), good));
      b.Store(slots.scrap, w, b.Op(Opcode::Add, b.Load(slots.scrap, w), scrap));
      b.Store(slots.ideal, w,
              b.Op(Opcode::Add, b.Load(slots.ideal, w),
                   b.Op(Opcode::Mul, b.At(std_time_of, flat), b.Op(Opcode::Add, good, scrap))));
    });
  }
  // (handover, rule): one `oee` item per workcenter, each followed by its `loss` items in loss
  // class order. The report falls at a shift end: the window is the shift ending now.
  slots.report = module_.AddFunction("oee.report", xir::Context::Timer, {Type::I64, Type::I64});
  {
    Builder b(module_, slots.report);
    SetRule(b, reporter->report_clause);
    const ExprId handover = b.Param(0);
    const ExprId rule = b.Param(1);
    const ShiftWindowExprs window = NextShiftEnd(b, b.Op(Opcode::Sub, b.Now(), b.I(1)), true);
    const ExprId end = window.end;
    const ExprId start = window.start;
    // Planned time: the real time from the shift's start to its end, less its breaks.
    const uint32_t base = b.NewLocal(Type::I64);
    b.Set(base, b.Op(Opcode::Sub, end, start));
    ForEachBreak(b, window, [&](ExprId pause_start, ExprId pause_end) {
      b.Set(base, b.Op(Opcode::Sub, b.Local(base), b.Op(Opcode::Sub, pause_end, pause_start)));
    });
    b.For(b.I(static_cast<int64_t>(plant_.workcenters.size())), [&](ExprId w) {
      b.Call(slots.count_stop, {w, b.Now()});
      b.Call(slots.roll, {w, end});
      auto stop_of = [&](model::LossClass loss) {
        return b.Capture(b.Load(slots.stop, b.Op(Opcode::Add, b.Op(Opcode::Mul, w, b.I(kLossBuckets)),
                                                 b.I(static_cast<int64_t>(loss)))));
      };
      const ExprId planned = b.Capture(b.Op(Opcode::Sub, b.Local(base), stop_of(model::LossClass::None)));
      const ExprId stopped = stop_of(model::LossClass::Availability);
      const ExprId item = b.I(TAKT_REPORT_OEE);
      b.Emit(TAKT_ACTION_REPORT_ITEM, TAKT_CAUSE_SHIFT_END, rule,
             {{ActionField::Workcenter, w},
              {ActionField::Handover, handover},
              {ActionField::Item, item},
              {ActionField::Since, start},
              {ActionField::PlannedMs, planned},
              {ActionField::StopMs, stopped},
              {ActionField::RunMs, b.Op(Opcode::Sub, planned, stopped)},
              {ActionField::IdealMs, b.Load(slots.ideal, w)},
              {ActionField::Good, b.Load(slots.good, w)},
              {ActionField::Scrap, b.Load(slots.scrap, w)}});
      for (const model::LossClass loss : model::kLossClasses) {
        const ExprId ms = stop_of(loss);
        b.If(b.Op(Opcode::Ne, ms, b.I(0)), [&] {
          b.Emit(TAKT_ACTION_REPORT_ITEM, TAKT_CAUSE_SHIFT_END, rule,
                 {{ActionField::Workcenter, w},
                  {ActionField::Handover, handover},
                  {ActionField::Item, b.I(TAKT_REPORT_LOSS)},
                  {ActionField::Since, start},
                  {ActionField::Loss, b.I(model::RuntimeLossClass(loss))},
                  {ActionField::StopMs, ms}});
        });
      }
    });
  }
  oee_ = slots;
}

}  // namespace takt::lower
