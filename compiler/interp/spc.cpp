// SPC rules: whether a chart's run of points fires a Western Electric (we1..we4) or Nelson
// (n1..n8) rule, as docs/runtime.md defines them.
#include <algorithm>

#include "compiler/interp/state.h"

namespace takt::interp {

using model::SpcRule;

// Side of a point relative to the band centre ± k·sigma: +1 beyond the upper limit, -1 beyond
// the lower one, 0 within (inclusive limits: the inequalities are strict).
static auto Beyond(double x, double center, double sigma, double k) -> int {
  if (x > center + k * sigma) {
    return 1;
  }
  if (x < center - k * sigma) {
    return -1;
  }
  return 0;
}

// `m` of the last `n` points beyond k·sigma on the side of the current point, which itself must
// be beyond: we2/n5 (2 of 3 beyond 2s) and we3/n6 (4 of 5 beyond 1s).
static auto MOfNBeyond(std::span<const double> last, double center, double sigma, double k, int m) -> bool {
  const int side = Beyond(last.back(), center, sigma, k);
  if (side == 0) {
    return false;
  }
  int count = 0;
  for (double x : last) {
    count += Beyond(x, center, sigma, k) == side ? 1 : 0;
  }
  return count >= m;
}

// All of the last points strictly above the centre, or all strictly below.
static auto SameSide(std::span<const double> last, double center) -> bool {
  const bool above = std::all_of(last.begin(), last.end(), [&](double x) { return x > center; });
  const bool below = std::all_of(last.begin(), last.end(), [&](double x) { return x < center; });
  return above || below;
}

auto SpcRuleFires(SpcRule rule, double center, double sigma, std::span<const double> history) -> bool {
  const auto window = static_cast<size_t>(model::SpcRuleWindow(rule));
  if (history.size() < window) {
    return false;
  }
  const std::span<const double> last = history.subspan(history.size() - window);
  switch (rule) {
    case SpcRule::We1:
    case SpcRule::N1: return Beyond(last.back(), center, sigma, 3) != 0;
    case SpcRule::We2:
    case SpcRule::N5: return MOfNBeyond(last, center, sigma, 2, 2);
    case SpcRule::We3:
    case SpcRule::N6: return MOfNBeyond(last, center, sigma, 1, 4);
    case SpcRule::We4:
    case SpcRule::N2: return SameSide(last, center);
    case SpcRule::N3: {
      bool increasing = true;
      bool decreasing = true;
      for (size_t i = 1; i < last.size(); ++i) {
        increasing = increasing && last[i] > last[i - 1];
        decreasing = decreasing && last[i] < last[i - 1];
      }
      return increasing || decreasing;
    }
    case SpcRule::N4: {
      // 14 points, 13 differences, each non-zero and of the opposite sign of the one before.
      for (size_t i = 1; i < last.size(); ++i) {
        const double difference = last[i] - last[i - 1];
        if (difference == 0) {
          return false;
        }
        if (i >= 2) {
          const double previous = last[i - 1] - last[i - 2];
          if ((difference > 0) == (previous > 0)) {
            return false;
          }
        }
      }
      return true;
    }
    case SpcRule::N7:
      // Strictly within: a point exactly on c ± s is neither within (n7) nor beyond (n8).
      return std::all_of(last.begin(), last.end(),
                         [&](double x) { return x > center - sigma && x < center + sigma; });
    case SpcRule::N8:
      return std::all_of(last.begin(), last.end(), [&](double x) { return Beyond(x, center, sigma, 1) != 0; });
  }
  return false;
}

auto FirstSpcSignal(std::span<const SpcRule> rules, double center, double sigma, std::span<const double> history)
    -> std::optional<SpcRule> {
  for (SpcRule rule : rules) {
    if (SpcRuleFires(rule, center, sigma, history)) {
      return rule;
    }
  }
  return std::nullopt;
}

}  // namespace takt::interp
