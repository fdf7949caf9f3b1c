#pragma once
// What every command that reads a `takt serve` journal does the same way: open it read-only,
// refuse the journal of another plant, and re-derive the actions serve delivered (actions are
// never stored: a restart, `takt journal --actions` and `takt report --journal` all replay).

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "takt/journal.h"
#include "takt/runtime.h"

namespace takt::driver {

// Whether `journal` belongs to `plant_name` (or has no segment yet); otherwise the reason in `error`.
auto CheckJournalPlant(const runtime::Journal& journal, std::string_view plant_name, std::string& error) -> bool;

// The journal at `path`, opened read-only, if it belongs to `plant_name` (or has no segment yet).
// Otherwise null, with the reason in `error`.
auto OpenPlantJournal(const std::string& path, std::string_view plant_name, std::string& error)
    -> std::unique_ptr<runtime::Journal>;

// Replays every journal line through a fresh session of `executor` (whose build has
// `executor_sha256`), delivering the actions with the ids serve gave them to `out`; `on_line`
// sees each line before its actions. At a base (Journal::bases(), a journal that goes on from a
// snapshot taken elsewhere) the session starts again from the base's snapshot. False with
// `error` if the journal could not be read to its end or a base cannot be restored.
auto ReplayDelivered(runtime::Journal& journal, const takt_executor& executor, std::string_view executor_sha256,
                     runtime::ActionSink& out, std::string& error,
                     const std::function<void(std::string_view line)>& on_line = {}) -> bool;

// The refusal of a command that needs every line of the history for a journal that has a base:
// its lines up to the base are not in it. Empty when the journal has none.
auto MissingLinesReason(const runtime::Journal& journal) -> std::string;

}  // namespace takt::driver
