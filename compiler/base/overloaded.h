// `std::visit(Overloaded{[](const A&) {…}, [](const B&) {…}}, v)`: one lambda per alternative of a
// variant. Written without a catch-all `auto` lambda, a visit stops compiling when the variant
// gains an alternative that no lambda takes, so a new declaration kind cannot be skipped silently.
#ifndef TAKT_COMPILER_BASE_OVERLOADED_H_
#define TAKT_COMPILER_BASE_OVERLOADED_H_

namespace takt::base {

template <typename... Lambdas>
struct Overloaded : Lambdas... {
  using Lambdas::operator()...;
};
// Spelled out for clang 14 (the fuzz build), which does not deduce an aggregate's arguments.
template <typename... Lambdas>
Overloaded(Lambdas...) -> Overloaded<Lambdas...>;

}  // namespace takt::base

#endif  // TAKT_COMPILER_BASE_OVERLOADED_H_
