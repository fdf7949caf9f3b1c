// Reads an event stream in chunks, whatever its source: a file, stdin (`-`), or the in-memory
// file system of the tests. Used by `takt run` and `takt replay`.
#ifndef TAKT_COMPILER_DRIVER_EVENT_INPUT_H_
#define TAKT_COMPILER_DRIVER_EVENT_INPUT_H_

#include <functional>
#include <string>
#include <string_view>

#include "compiler/driver/driver_env.h"

namespace takt::driver {

// Calls `feed` with successive chunks of the events at `path` (`-`: the environment's input) to
// the end. False with `error` when they cannot be read (what was fed stays fed).
auto ReadEventChunks(DriverEnv& env, const std::string& path, const std::function<void(std::string_view)>& feed,
                     std::string& error) -> bool;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_EVENT_INPUT_H_
