// `first piece each shift` (interp's MissingFirstPiece): per (control, workcenter) check pair,
// the time of the last accepted measurement there; a start inside a planned shift of an
// operation that checks such a control needs one since the shift began.
#include "compiler/lower/lowerer.h"

namespace takt::lower {

using xir::ActionField;
using xir::EventField;
using xir::Opcode;
using xir::Type;

// Declared only for a plant with shifts and some control with the clause, so that every other
// plant lowers as before.
void Lowerer::DeclareFirstPiece() {
  if (plant_.shifts.empty()) {
    return;
  }
  // One entry per check pair (control × check_stride_).
  const int64_t pairs = std::max<int64_t>(static_cast<int64_t>(plant_.controls.size()) * check_stride_, 1);
  std::vector<int64_t> clauses(static_cast<size_t>(pairs), xir::kNone);
  bool any = false;
  for (size_t c = 0; c < plant_.controls.size(); ++c) {
    const model::ClauseId clause = plant_.controls[c].first_piece_clause;
    if (!clause.is_valid()) {
      continue;
    }
    any = true;
    for (int64_t k = 0; k < check_stride_; ++k) {
      clauses[static_cast<size_t>(static_cast<int64_t>(c) * check_stride_ + k)] = clause.index;
    }
  }
  if (!any) {
    return;
  }
  first_piece_clause_ = module_.AddTable("control.first_piece", std::move(clauses));
  // The measurement's time minus TAKT_TIME_MIN plus one: 0, a zero-filled slot, is "never".
  first_piece_at_ =
      module_.AddSlot("control.measured_at", xir::Record::Global, Type::I64, static_cast<uint32_t>(pairs));
}

auto Lowerer::MeasuredStamp(Builder& b, ExprId t) -> ExprId {
  return b.Op(Opcode::Add, b.Op(Opcode::Sub, t, b.I(TAKT_TIME_MIN)), b.I(1));
}

void Lowerer::CheckFirstPiece(Builder& b, ExprId routing, ExprId index, ExprId order, ExprId lot,
                              const std::function<void()>& start) {
  if (!first_piece_at_) {
    start();
    return;
  }
  const ShiftWindowExprs window = NextShiftEnd(b, b.Now(), true);
  const ExprId since = MeasuredStamp(b, window.start);
  const uint32_t missing = b.NewLocal(Type::I64);
  b.Set(missing, b.I(-1));
  // Between planned shifts (or on a day the calendar does not plan) nothing is required.
  b.If(b.Op(Opcode::Le, window.start, b.Now()), [&] {
    const ExprId base = OpChecksBase(b, routing, index);
    for (int64_t m = 0; m < op_check_stride_; ++m) {
      const ExprId pair = b.Capture(b.At(op_check_pairs_, b.Op(Opcode::Add, base, b.I(m))));
      b.If(b.And(b.Op(Opcode::Eq, b.Local(missing), b.I(-1)), b.Op(Opcode::Ne, pair, b.I(xir::kNone))), [&] {
        b.If(b.And(b.Op(Opcode::Ne, b.AtInRange(*first_piece_clause_, pair), b.I(xir::kNone)),
                   b.Op(Opcode::Lt, b.Load(*first_piece_at_, pair), since)),
             [&] { b.Set(missing, pair); });
      });
    }
  });
  const ExprId pair = b.Local(missing);
  b.If(
      b.Op(Opcode::Ne, pair, b.I(-1)),
      [&] {
        b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.AtInRange(*first_piece_clause_, pair),
               {{ActionField::Lot, lot},
                {ActionField::Order, order},
                {ActionField::Op, b.Ev(EventField::Op)},
                {ActionField::Workcenter, b.AtInRange(check_workcenter_, pair)},
                {ActionField::Control, b.Op(Opcode::Div, pair, b.I(check_stride_))},
                {ActionField::RejectReason, b.I(TAKT_REJECT_FIRST_PIECE_MISSING)},
                {ActionField::Since, window.start}});
      },
      start);
}

}  // namespace takt::lower
