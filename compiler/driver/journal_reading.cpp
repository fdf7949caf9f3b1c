#include "compiler/driver/journal_reading.h"

#include <fmt/format.h>

#include "takt/session.h"

namespace takt::driver {

auto CheckJournalPlant(const runtime::Journal& journal, std::string_view plant_name, std::string& error) -> bool {
  if (!journal.segments().empty() && journal.segments().back().executor.plant != plant_name) {
    error = fmt::format("it is the journal of plant `{}`, not of `{}`", journal.segments().back().executor.plant,
                        plant_name);
    return false;
  }
  return true;
}

auto OpenPlantJournal(const std::string& path, std::string_view plant_name, std::string& error)
    -> std::unique_ptr<runtime::Journal> {
  std::unique_ptr<runtime::Journal> journal = runtime::Journal::Open(path, runtime::Journal::Mode::kRead, error);
  if (journal && !CheckJournalPlant(*journal, plant_name, error)) {
    return nullptr;
  }
  return journal;
}

auto ReplayDelivered(runtime::Journal& journal, const takt_executor& executor, runtime::ActionSink& out,
                     const std::function<void(std::string_view line)>& on_line) -> bool {
  runtime::IdentifyingSink identify(out);
  runtime::Session session(executor, identify);
  return journal.ForEachLine(1, [&](uint64_t seq, runtime::LineOrigin, std::string_view line) {
    if (on_line) {
      on_line(line);
    }
    identify.Apply(session, seq, line);
    return true;
  });
}

}  // namespace takt::driver
