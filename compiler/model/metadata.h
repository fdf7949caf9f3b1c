// Descriptive metadata of a checked plant: what every executor embeds in its descriptor besides
// the plant's own names (the sources' SHA-256, each clause's rule kind and position) and the
// distinct shift ends handovers report at. The interpreter and lowering both take it from here
// rather than computing it twice; the semantics stay on their two independent roads.
#ifndef TAKT_COMPILER_MODEL_METADATA_H_
#define TAKT_COMPILER_MODEL_METADATA_H_

#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"

namespace takt::model {

// Fills Plant::shift_ends and each clause's kind, file, line and col from the rest of `plant`
// and its `sources`. Called once by check/ on the model it produces.
void FillMetadata(Plant& plant, const source::SourceManager& sources);

// SHA-256 of the plant's sources as every executor embeds it (docs/runtime.md): each file of
// `plant.files` in order, its bytes followed by one NUL byte. Computed when an executor is made,
// not by check/: hashing is a tenth of what `takt check` would otherwise spend on a plant.
auto SourceSha256(const Plant& plant, const source::SourceManager& sources) -> std::string;

}  // namespace takt::model

#endif  // TAKT_COMPILER_MODEL_METADATA_H_
