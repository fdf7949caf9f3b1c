// The roster's authority checks (docs/runtime.md, "People"): tables per person, built from the
// model's rules (model/people.h) so that both roads answer from the same definitions. A plant
// without a roster lowers none of this.
#include "compiler/lower/lowerer.h"
#include "compiler/model/people.h"

namespace takt::lower {

using xir::EventField;
using xir::Opcode;

auto Lowerer::PersonTable(std::string name, std::vector<int64_t> values) -> xir::TableId {
  return module_.AddTable(std::move(name), std::move(values));
}

auto Lowerer::PerPerson(Builder& b, xir::TableId table, ExprId row, int64_t absent) -> ExprId {
  const auto people = static_cast<int64_t>(plant_.people.size());
  const ExprId by = b.Ev(EventField::By);
  // The runtime lets only people of the roster through; `by` may still be absent.
  const ExprId named = b.Capture(b.Op(Opcode::Lt, by, b.I(people)));
  const ExprId person = b.Select(named, by, b.I(0));
  const ExprId value = b.At(table, b.Op(Opcode::Add, b.Op(Opcode::Mul, row, b.I(people)), person));
  return b.Capture(b.Select(named, value, b.I(absent)));
}

auto Lowerer::DecidingTables(const model::Case& decl) -> DecidingLookup {
  const std::vector<model::RoleId> path = model::EscalationPath(plant_, decl);
  std::vector<int64_t> levels, roles, path_roles;
  for (uint32_t p = 0; p < plant_.people.size(); ++p) {
    const auto deciding = model::DecidingRoleOf(plant_, path, model::PersonId{p});
    levels.push_back(deciding ? static_cast<int64_t>(deciding->level) : kNotOnPath);
    roles.push_back(deciding ? deciding->role.index : xir::kNone);
  }
  for (model::RoleId role : path) {
    path_roles.push_back(role.index);
  }
  return DecidingLookup{.level = PersonTable(decl.name + ".deciding_level", std::move(levels)),
                        .role = PersonTable(decl.name + ".deciding_role", std::move(roles)),
                        .path = module_.AddTable(decl.name + ".path", std::move(path_roles)),
                        .path_size = static_cast<int64_t>(path.size())};
}

auto Lowerer::ApprovingTable(const model::Deviation& deviation) -> xir::TableId {
  // Row 0: no risk level; row 1 + l: level l.
  std::vector<int64_t> roles;
  for (size_t row = 0; row <= deviation.risk_approvals.size(); ++row) {
    const auto risk = row == 0 ? std::nullopt : std::optional<size_t>(row - 1);
    for (uint32_t p = 0; p < plant_.people.size(); ++p) {
      const auto role = model::ApprovingRole(plant_, deviation, risk, model::PersonId{p});
      roles.push_back(role ? role->index : xir::kNone);
    }
  }
  return PersonTable(deviation.name + ".approving_role", std::move(roles));
}

auto Lowerer::HoldersTable(const std::string& name, model::RoleId role) -> xir::TableId {
  std::vector<int64_t> holds;
  for (uint32_t p = 0; p < plant_.people.size(); ++p) {
    holds.push_back(model::Holds(plant_, model::PersonId{p}, role) ? 1 : 0);
  }
  return PersonTable(name, std::move(holds));
}

auto Lowerer::Qualified(Builder& b, ExprId qualification) -> ExprId {
  if (!qualified_) {
    // Row q: who holds qualification q.
    std::vector<int64_t> held;
    for (uint32_t q = 0; q < plant_.qualifications.size(); ++q) {
      for (uint32_t p = 0; p < plant_.people.size(); ++p) {
        held.push_back(model::IsQualified(plant_, model::PersonId{p}, model::QualificationId{q}) ? 1 : 0);
      }
    }
    qualified_ = PersonTable("people.qualified", std::move(held));
  }
  const ExprId none = b.Capture(b.Op(Opcode::Eq, qualification, b.I(xir::kNone)));
  return b.Or(none, PerPerson(b, *qualified_, b.Select(none, b.I(0), qualification), 0));
}

}  // namespace takt::lower
