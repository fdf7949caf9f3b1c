#include "compiler/model/people.h"

#include <algorithm>

namespace takt::model {

auto PrintedName(const Person& person) -> const std::string& {
  return person.title.empty() ? person.name : person.title;
}

auto Holds(const Plant& plant, PersonId person, RoleId role) -> bool {
  const auto& roles = plant.people[person.index].roles;
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

auto IsQualified(const Plant& plant, PersonId person, QualificationId qualification) -> bool {
  const auto& held = plant.people[person.index].qualifications;
  return std::find(held.begin(), held.end(), qualification) != held.end();
}

auto EscalationPath(const Plant& plant, const Case& kase) -> std::vector<RoleId> {
  std::vector<RoleId> path = {kase.owner};
  if (kase.timeout.kind == TimeoutKind::EscalateTo) {
    if (kase.timeout.role.is_valid()) {
      path.push_back(kase.timeout.role);
    }
    return path;
  }
  // The reports_to chain has no cycle (check), so this ends.
  for (auto up = plant.role(kase.owner).reports_to; up; up = plant.role(*up).reports_to) {
    path.push_back(*up);
  }
  return path;
}

auto DecidingRoleOf(const Plant& plant, const std::vector<RoleId>& path, PersonId person)
    -> std::optional<DecidingRole> {
  for (size_t level = 0; level < path.size(); ++level) {
    if (Holds(plant, person, path[level])) {
      return DecidingRole{.level = level, .role = path[level]};
    }
  }
  return std::nullopt;
}

auto ApprovingRole(const Plant& plant, const Deviation& deviation, std::optional<size_t> risk, PersonId person)
    -> std::optional<RoleId> {
  auto first_held = [&](const std::vector<RoleId>& roles) -> std::optional<RoleId> {
    for (RoleId role : roles) {
      if (Holds(plant, person, role)) {
        return role;
      }
    }
    return std::nullopt;
  };
  if (auto role = first_held(deviation.approvers)) {
    return role;
  }
  if (risk) {
    return first_held(deviation.risk_approvals[*risk].approvers);
  }
  return std::nullopt;
}

}  // namespace takt::model
