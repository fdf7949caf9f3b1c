#include "compiler/syntax/ast.h"

#include <type_traits>

namespace takt::ast {

auto DeclSpan(const Decl& decl) -> Span {
  return std::visit([](const auto& d) -> Span { return d.span; }, decl);
}

auto DeclHeadOf(const Decl& decl) -> const DeclHead* {
  return std::visit(
      [](const auto& d) -> const DeclHead* {
        // Shifts, Reasons and Test have no `keyword name "title"` head.
        if constexpr (requires { d.head; }) {
          return &d.head;
        } else {
          return nullptr;
        }
      },
      decl);
}

}  // namespace takt::ast
