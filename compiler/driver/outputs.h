// What every command that writes shares: an output must not be one of its inputs, and a lost
// standard output is an error. The writes themselves are all-or-nothing in base::FileSystem.
#ifndef TAKT_COMPILER_DRIVER_OUTPUTS_H_
#define TAKT_COMPILER_DRIVER_OUTPUTS_H_

#include <span>
#include <string>
#include <vector>

#include "compiler/driver/diagnostics_output.h"
#include "compiler/driver/driver_env.h"
#include "compiler/source/source_manager.h"

namespace takt::driver {

// The plant's files on disk (the embedded standard library is not on disk).
auto SourcePaths(const source::SourceManager& sources) -> std::vector<std::string>;

// False, after reporting T0029 (`cannot write OUTPUT: it is the input INPUT`) in the command's
// diagnostics format, when writing `output` would overwrite one of `inputs` (`run --events
// ev.jsonl -o ev.jsonl`). Call it before anything is written; the caller exits with kExitUsage.
auto CheckOutputIsNotInput(DriverEnv& env, const DiagnosticsOptions& options, const std::string& output,
                           std::span<const std::string> inputs) -> bool;

// Flushes stdout; when any write to it failed (`> /dev/full`, a closed pipe) reports T0030 and
// turns a successful exit into kExitUsage, so no command claims output it lost.
auto FinishStdout(DriverEnv& env, int exit_code) -> int;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_OUTPUTS_H_
