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

// Replays every journal line through a fresh session of `executor`, delivering the actions with
// the ids serve gave them to `out`; `on_line` sees each line before its actions. False (with the
// journal's error) if the journal could not be read to its end.
auto ReplayDelivered(runtime::Journal& journal, const takt_executor& executor, runtime::ActionSink& out,
                     const std::function<void(std::string_view line)>& on_line = {}) -> bool;

}  // namespace takt::driver
