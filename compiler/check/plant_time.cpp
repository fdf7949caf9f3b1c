// Plant time: the plant's `timezone` must name a zone of the tz database, which both executors
// then follow for shift boundaries (docs/language.md, "Shifts").
#include <fmt/format.h>

#include "compiler/base/time_zone.h"
#include "compiler/check/checker.h"

namespace takt::check {

void Checker::CheckTimezone(const ast::StringLit& zone) {
  if (base::FindTimeZone(zone.value) != nullptr) {
    plant_->timezone = zone.value;
    return;
  }
  auto diag = diagnostics_.Emit(diag::UnknownTimezone, zone.span, zone.value);
  const std::vector<std::string> names = base::TimeZoneNames();
  std::vector<std::string_view> candidates(names.begin(), names.end());
  if (auto best = diagnostics::ClosestMatch(zone.value, candidates)) {
    diag.Primary("not a zone of the tz database")
        .Help(fmt::format("did you mean `{}`?", *best))
        .Fix(zone.span, fmt::format("\"{}\"", *best));
  } else {
    diag.Primary("not a zone of the tz database")
        .Note("a zone is named `Area/City` as in the tz database: `Europe/Lisbon`, `America/Chicago`, `UTC`");
  }
}

}  // namespace takt::check
