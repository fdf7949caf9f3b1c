// The metadata `takt build` writes next to an executor (`porto.so` → `porto.json`): what the
// executor says about itself through its descriptor, as JSON a reviewer, a dashboard or a CI job
// reads without loading the library. It is built from the loaded descriptor, so it cannot
// disagree with the executor, and it is deterministic: same sources, same bytes.
#ifndef TAKT_COMPILER_DRIVER_EXECUTOR_METADATA_H_
#define TAKT_COMPILER_DRIVER_EXECUTOR_METADATA_H_

#include <optional>
#include <string>
#include <string_view>

#include "takt/runtime.h"

namespace takt::driver {

// `executor_sha256` is the hash of the library file itself (which build), next to the source
// hash the descriptor embeds (which revision of the standard).
auto ExecutorMetadata(const takt_executor& executor, std::string_view executor_sha256) -> std::string;

// The `executor_sha256` that metadata written by ExecutorMetadata records; nullopt with the
// reason in `error` when `metadata_json` is not such metadata.
auto RecordedExecutorSha256(std::string_view metadata_json, std::string& error) -> std::optional<std::string>;

// `plant.so` → `plant.json`; any other name gets `.json` appended.
auto MetadataPath(std::string_view executor_path) -> std::string;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_EXECUTOR_METADATA_H_
