// The reference interpreter: the checked plant model in, an executor out. It implements the same
// C ABI descriptor as a native executor (runtime/include/takt/runtime.h), so the runtime's
// decoding, timers and encoding are shared and an interpreter-vs-native differential test
// compares executor logic only. It works directly over model::Plant, no lowering: the code is
// meant to be read as the executable specification of docs/runtime.md.
//
// Unlike a native executor, the interpreter keeps its state in itself rather than in the
// runtime's records (its state sizes are 0); on_start resets it, so one Interpreter runs one
// session at a time.
#ifndef TAKT_COMPILER_INTERP_INTERP_H_
#define TAKT_COMPILER_INTERP_INTERP_H_

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"
#include "takt/runtime.h"

namespace takt::interp {

class Interpreter {
 public:
  // `plant` must outlive the interpreter. `sources` gives the descriptor its source hash
  // (model::SourceSha256); rule positions come from the model (model/metadata.h).
  Interpreter(const model::Plant& plant, const source::SourceManager& sources);
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  auto operator=(const Interpreter&) -> Interpreter& = delete;

  auto descriptor() const -> const takt_executor&;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Whether `rule` fires on `history` (oldest first, the current point last), for a chart with
// centre `center` and sigma `sigma`. Exposed for tests; see docs/runtime.md for the exact rules.
auto SpcRuleFires(model::SpcRule rule, double center, double sigma, std::span<const double> history) -> bool;

// The lowest of `rules` (sorted) that fires, if any.
auto FirstSpcSignal(std::span<const model::SpcRule> rules, double center, double sigma,
                    std::span<const double> history) -> std::optional<model::SpcRule>;

}  // namespace takt::interp

#endif  // TAKT_COMPILER_INTERP_INTERP_H_
