// The reactions of Takt and where each may be used, expanded from reaction_kind.def: one enum
// for the AST (syntax/) and the model (model/), the spellings the checker, `takt diff` and
// `takt graph` print, and the contexts table behind T0608.
#ifndef TAKT_COMPILER_BASE_REACTION_KIND_H_
#define TAKT_COMPILER_BASE_REACTION_KIND_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace takt::base {

enum class ReactionKind : uint8_t {
#define TAKT_REACTION(Name, spelling, action, target, contexts) Name,
#include "compiler/base/reaction_kind.def"
};

// Where a reaction block sits.
enum class ReactionContext : uint8_t {
#define TAKT_REACTION_CONTEXT(Name, text) Name,
#include "compiler/base/reaction_kind.def"
};

// What follows a reaction's words: nothing, a role name, or a case name.
enum class ReactionTarget : uint8_t { None, Role, Case };

// One bit per context, for the contexts column of reaction_kind.def.
using ReactionContexts = uint32_t;
#define TAKT_REACTION_CONTEXT(Name, text) \
  inline constexpr ReactionContexts kIn##Name = 1u << static_cast<unsigned>(ReactionContext::Name);
#include "compiler/base/reaction_kind.def"

struct ReactionInfo {
  ReactionKind kind;
  // The words before the target: `hold lot`, `notify`, `escalate to`.
  std::string_view spelling;
  ReactionTarget target;
  ReactionContexts contexts;

  // The first word: `hold`, `notify`, `escalate`.
  constexpr auto verb() const -> std::string_view { return spelling.substr(0, spelling.find(' ')); }
  constexpr auto allowed_in(ReactionContext context) const -> bool {
    return (contexts & (1u << static_cast<unsigned>(context))) != 0;
  }
};

inline constexpr std::array kReactions = {
#define TAKT_REACTION(Name, words, action, follows, where)                                   \
  ReactionInfo{.kind = ReactionKind::Name, .spelling = words, .target = ReactionTarget::follows, \
               .contexts = (where)},
#include "compiler/base/reaction_kind.def"
};

// The parser tells reactions apart by their first word.
constexpr auto ReactionVerbsAreDistinct() -> bool {
  for (size_t i = 0; i < kReactions.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (kReactions[i].verb() == kReactions[j].verb()) {
        return false;
      }
    }
  }
  return true;
}
static_assert(ReactionVerbsAreDistinct(), "two reactions of reaction_kind.def start with the same word");

inline constexpr std::array kReactionContextTexts = {
#define TAKT_REACTION_CONTEXT(Name, text) std::string_view(text),
#include "compiler/base/reaction_kind.def"
};

constexpr auto GetReaction(ReactionKind kind) -> const ReactionInfo& {
  return kReactions[static_cast<size_t>(kind)];
}

// The reactions that act on the lot of their block: with no lot, they have nothing to act on.
constexpr auto IsLotReaction(ReactionKind kind) -> bool {
  switch (kind) {
    case ReactionKind::HoldLot:
    case ReactionKind::ReleaseLot:
    case ReactionKind::ScrapLot: return true;
    case ReactionKind::StopLine:
    case ReactionKind::Notify:
    case ReactionKind::OpenCase:
    case ReactionKind::EscalateTo: return false;
  }
  return false;
}

// How T0608 names a context: `a control's reaction plan`.
constexpr auto ReactionContextText(ReactionContext context) -> std::string_view {
  return kReactionContextTexts[static_cast<size_t>(context)];
}

}  // namespace takt::base

#endif  // TAKT_COMPILER_BASE_REACTION_KIND_H_
