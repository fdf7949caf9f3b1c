// The SPC history of a control between measurements (SpcUpdate, called by each control shape of
// control.cpp): packed bit masks over the last points, and the rules as mask tests.
#include <algorithm>

#include "compiler/lower/lowerer.h"

namespace takt::lower {

using model::SpcRule;
using xir::Opcode;
using xir::Record;
using xir::Type;

// The SPC history of a control as bit masks over its last points, newest in bit 0: beyond ±1σ
// and ±2σ on each side (classified as docs/runtime.md's `Beyond` does: above first), above and
// below the centre, and for n3/n4 the comparison of each point with the one before it. Each
// point is classified once, when it arrives; each rule is then a mask test over its window.
//
// The masks are fields of one or two 64-bit words per control, each as wide as the widest window
// that reads it, so a measurement loads and stores a word instead of a slot per mask: shifting a
// word left by one ages every field at once, the keep mask drops what crossed into the next
// field, and the new point's bits go in at each field's base. The count of points (saturating at
// the longest window) sits in the top bits of the first word, outside the shift.
void Lowerer::SpcUpdate(Builder& b, const std::string& prefix, uint32_t controls, const model::Spc& spc, ExprId k,
                        ExprId value, const SpcLimits& limits, bool signal) {
  // Bits each mask must keep: the widest window of the rules reading it (0: not needed).
  int band_bits[2] = {0, 0};  // ±1σ, ±2σ
  int side_bits = 0;
  int trend_bits = 0;
  int alternation_bits = 0;
  int inside_bits = 0;  // strictly within ±1σ (n7): a point on a limit is neither within nor beyond
  int window = 1;
  for (SpcRule rule : spc.rules) {
    const int w = model::SpcRuleWindow(rule);
    window = std::max(window, w);
    switch (rule) {
      case SpcRule::We1:
      case SpcRule::N1: break;
      case SpcRule::We2:
      case SpcRule::N5: band_bits[1] = std::max(band_bits[1], w); break;
      case SpcRule::We3:
      case SpcRule::N6:
      case SpcRule::N8: band_bits[0] = std::max(band_bits[0], w); break;
      case SpcRule::N7: inside_bits = w; break;
      case SpcRule::We4:
      case SpcRule::N2: side_bits = std::max(side_bits, w); break;
      case SpcRule::N3: trend_bits = w - 1; break;
      case SpcRule::N4: alternation_bits = w - 1; break;
    }
  }
  // Fields first fit into 64-bit words; the count takes the top bits of word 0.
  constexpr int kWordBits = 64;
  constexpr int kCountBits = 4;
  static_assert((1 << kCountBits) > 15, "the count holds the longest window (n7: 15 points)");
  struct Field {
    int word = -1;
    int base = 0;
    int bits = 0;
  };
  std::vector<int> used = {kCountBits};
  auto allocate = [&](int bits) {
    if (bits == 0) {
      return Field{};
    }
    size_t word = 0;
    while (word < used.size() && used[word] + bits > kWordBits) {
      ++word;
    }
    if (word == used.size()) {
      used.push_back(0);
    }
    const Field field{.word = static_cast<int>(word), .base = used[word] - (word == 0 ? kCountBits : 0), .bits = bits};
    used[word] += bits;
    return field;
  };
  const Field above1 = allocate(band_bits[0]);
  const Field below1 = allocate(band_bits[0]);
  const Field above2 = allocate(band_bits[1]);
  const Field below2 = allocate(band_bits[1]);
  const Field above_center = allocate(side_bits);
  const Field below_center = allocate(side_bits);
  const Field rising = allocate(trend_bits);
  const Field falling = allocate(trend_bits);
  const Field flat = allocate(alternation_bits);
  const Field up = allocate(alternation_bits);
  const Field within1 = allocate(inside_bits);
  const auto words = static_cast<int>(used.size());
  const xir::SlotId state =
      module_.AddSlot(prefix + ".spc", Record::Global, Type::I64, controls * static_cast<uint32_t>(words));
  const ExprId base = b.Capture(b.Op(Opcode::Mul, k, b.I(words)));
  auto at = [&](int word) { return b.Op(Opcode::Add, base, b.I(word)); };
  auto ones = [&](int bits) { return b.I(static_cast<int64_t>(bits >= kWordBits ? ~uint64_t{0} : (uint64_t{1} << bits) - 1)); };

  // The words as loaded; the new point's bits, per word; the bits each word keeps when shifted.
  std::vector<ExprId> loaded;
  std::vector<ExprId> arriving(static_cast<size_t>(words), kNoExpr);
  std::vector<uint64_t> keep(static_cast<size_t>(words), 0);
  for (int w = 0; w < words; ++w) {
    loaded.push_back(b.Capture(b.Load(state, at(w))));
  }
  const int count_shift = kWordBits - kCountBits;
  const ExprId count = b.Capture(b.Op(
      Opcode::Min, b.Op(Opcode::Add, b.Op(Opcode::LShr, loaded[0], b.I(count_shift)), b.I(1)), b.I(window)));
  auto push = [&](const Field& field, ExprId bit) {
    if (field.word < 0) {
      return;
    }
    const auto w = static_cast<size_t>(field.word);
    const ExprId placed = field.base == 0 ? bit : b.Op(Opcode::Shl, bit, b.I(field.base));
    arriving[w] = arriving[w] == kNoExpr ? placed : b.Op(Opcode::BitOr, arriving[w], placed);
    // After the shift, bits base+1 … base+bits-1 are this field's older points.
    keep[w] |= ((field.bits >= kWordBits ? ~uint64_t{0} : (uint64_t{1} << field.bits) - 1) << field.base) &
               ~(uint64_t{1} << field.base);
  };
  auto above = [&](int band_index) { return b.Op(Opcode::FGt, value, limits.upper[band_index]); };
  // Beyond the lower limit and not beyond the upper one (the upper side is tested first).
  auto below = [&](int band_index) {
    return b.And(b.Not(above(band_index)), b.Op(Opcode::FLt, value, limits.lower[band_index]));
  };
  push(above1, above(0));
  push(below1, below(0));
  push(above2, above(1));
  push(below2, below(1));
  push(above_center, b.Op(Opcode::FGt, value, limits.center));
  push(below_center, b.Op(Opcode::FLt, value, limits.center));
  push(within1, b.And(b.Op(Opcode::FLt, value, limits.upper[0]), b.Op(Opcode::FGt, value, limits.lower[0])));
  if (trend_bits > 0 || alternation_bits > 0) {
    const xir::SlotId previous_slot = module_.AddSlot(prefix + ".previous", Record::Global, Type::F64, controls);
    const ExprId previous = b.Capture(b.Load(previous_slot, k));
    b.Store(previous_slot, k, value);
    push(rising, b.Op(Opcode::FGt, value, previous));
    push(falling, b.Op(Opcode::FLt, value, previous));
    const ExprId difference = b.Capture(b.Op(Opcode::FSub, value, previous));
    push(flat, b.Op(Opcode::FEq, difference, b.F(0.0)));
    push(up, b.Op(Opcode::FGt, difference, b.F(0.0)));
  }
  std::vector<ExprId> updated;
  for (int w = 0; w < words; ++w) {
    const auto i = static_cast<size_t>(w);
    ExprId word = b.Op(Opcode::BitAnd, b.Op(Opcode::Shl, loaded[i], b.I(1)), b.I(static_cast<int64_t>(keep[i])));
    if (arriving[i] != kNoExpr) {
      word = b.Op(Opcode::BitOr, word, arriving[i]);
    }
    if (w == 0) {
      word = b.Op(Opcode::BitOr, word, b.Op(Opcode::Shl, count, b.I(count_shift)));
    }
    updated.push_back(b.Capture(word));
    b.Store(state, at(w), updated.back());
  }
  spc_signal_local_ = b.NewLocal(Type::I64);
  if (!signal) {
    return;
  }
  // A field's points, newest in bit 0; bits above the field belong to others, every test masks.
  auto m = [&](const Field& field) {
    const ExprId word = updated[static_cast<size_t>(field.word)];
    return field.base == 0 ? word : b.Op(Opcode::LShr, word, b.I(field.base));
  };
  auto all = [&](const Field& field, int bits) {
    return b.Op(Opcode::Eq, b.Op(Opcode::BitAnd, m(field), ones(bits)), ones(bits));
  };
  auto none_of = [&](ExprId bits_mask, int bits) {
    return b.Op(Opcode::Eq, b.Op(Opcode::BitAnd, bits_mask, ones(bits)), b.I(0));
  };
  // `at_least` of the last `window` points beyond the band on the current point's side.
  auto m_of_n = [&](const Field& above_mask, const Field& below_mask, int points, int at_least) {
    auto enough = [&](const Field& field) {
      return b.Op(Opcode::Ge, b.Op(Opcode::PopCount, b.Op(Opcode::BitAnd, m(field), ones(points)), kNoExpr),
                  b.I(at_least));
    };
    const ExprId current_above = b.Op(Opcode::BitAnd, m(above_mask), b.I(1));
    const ExprId current_below = b.Op(Opcode::BitAnd, m(below_mask), b.I(1));
    return b.Select(current_above, enough(above_mask), b.And(current_below, enough(below_mask)));
  };
  auto condition = [&](SpcRule rule) -> ExprId {
    const int w = model::SpcRuleWindow(rule);
    switch (rule) {
      case SpcRule::We1:
      case SpcRule::N1:
        return b.Or(above(2), b.Op(Opcode::FLt, value, limits.lower[2]));
      case SpcRule::We2:
      case SpcRule::N5: return m_of_n(above2, below2, w, 2);
      case SpcRule::We3:
      case SpcRule::N6: return m_of_n(above1, below1, w, 4);
      case SpcRule::We4:
      case SpcRule::N2: return b.Or(all(above_center, w), all(below_center, w));
      case SpcRule::N3: return b.Or(all(rising, w - 1), all(falling, w - 1));
      case SpcRule::N4: {
        // w − 1 differences, none zero, each of the opposite sign of the one before.
        const ExprId alternating = b.Op(Opcode::BitXor, m(up), b.Op(Opcode::LShr, m(up), b.I(1)));
        return b.And(none_of(m(flat), w - 1),
                     b.Op(Opcode::Eq, b.Op(Opcode::BitAnd, alternating, ones(w - 2)), ones(w - 2)));
      }
      case SpcRule::N7: return all(within1, w);
      case SpcRule::N8:
        return b.Op(Opcode::Eq, b.Op(Opcode::BitAnd, b.Op(Opcode::BitOr, m(above1), m(below1)), ones(w)), ones(w));
    }
    return b.I(0);
  };
  // An if-chain: later rules are evaluated only when the earlier ones did not fire.
  std::function<void(size_t)> chain = [&](size_t r) {
    if (r == spc.rules.size()) {
      b.Set(spc_signal_local_, b.I(-1));
      return;
    }
    const SpcRule rule = spc.rules[r];
    const ExprId enough = b.Op(Opcode::Ge, count, b.I(model::SpcRuleWindow(rule)));
    b.If(b.And(enough, condition(rule)), [&] { b.Set(spc_signal_local_, b.I(static_cast<int64_t>(rule))); },
         [&] { chain(r + 1); });
  };
  chain(0);
}

}  // namespace takt::lower
