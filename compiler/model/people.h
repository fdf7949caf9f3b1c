// What a person of the roster may do: the authority checks both executors make at run time
// (docs/runtime.md, "People"). Persons are indices into Plant::people.
#ifndef TAKT_COMPILER_MODEL_PEOPLE_H_
#define TAKT_COMPILER_MODEL_PEOPLE_H_

#include <optional>
#include <string>
#include <vector>

#include "compiler/model/model.h"

namespace takt::model {

auto Holds(const Plant& plant, PersonId person, RoleId role) -> bool;
// The name a signature prints (the descriptor's `person_names`): the person's full name, or the
// roster name when the declaration gives none.
auto PrintedName(const Person& person) -> const std::string&;
auto IsQualified(const Plant& plant, PersonId person, QualificationId qualification) -> bool;

// The roles a case's decision passes through: its owner (level 0), then each role its timeout
// escalates to, in order (`escalate to R`: R; `escalate up every`: up the reports_to chain).
// After n escalations the roles of levels 0..n may decide.
auto EscalationPath(const Plant& plant, const Case& kase) -> std::vector<RoleId>;

// The lowest level of `path` whose role `person` holds, and that role: the role a decision is
// made under. Nullopt when the person holds none of them.
struct DecidingRole {
  size_t level = 0;
  RoleId role;
};
auto DecidingRoleOf(const Plant& plant, const std::vector<RoleId>& path, PersonId person)
    -> std::optional<DecidingRole>;

// The role under which `person` approves `deviation` at risk level `risk` (none: no level): the
// first of its approvers, then of the level's approvers, in the order written, that the person
// holds. One approval fills one role: a person holding two approver roles does not approve twice.
auto ApprovingRole(const Plant& plant, const Deviation& deviation, std::optional<size_t> risk, PersonId person)
    -> std::optional<RoleId>;

}  // namespace takt::model

#endif  // TAKT_COMPILER_MODEL_PEOPLE_H_
