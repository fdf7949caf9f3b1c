// The action each reaction emits: the action column of reaction_kind.def. Apart from
// reaction_kind.h because it needs the runtime's C header: only the executors' stages (lower/,
// interp/), which link the runtime, include it.
#ifndef TAKT_COMPILER_BASE_REACTION_ACTION_H_
#define TAKT_COMPILER_BASE_REACTION_ACTION_H_

#include "compiler/base/reaction_kind.h"
#include "takt/runtime.h"

namespace takt::base {

constexpr auto ReactionAction(ReactionKind kind) -> takt_action_kind {
  switch (kind) {
#define TAKT_REACTION(Name, spelling, action, target, contexts) \
  case ReactionKind::Name:                                      \
    return action;
#include "compiler/base/reaction_kind.def"
  }
  return TAKT_ACTION_NOTIFY;
}

}  // namespace takt::base

#endif  // TAKT_COMPILER_BASE_REACTION_ACTION_H_
