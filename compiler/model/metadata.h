// Descriptive metadata of a checked plant: what every executor embeds in its descriptor besides
// the plant's own names (the sources' SHA-256, each clause's rule kind and position) and the
// distinct shift ends handovers report at. The interpreter and lowering both read it from the
// model rather than computing it twice; the semantics stay on their two independent roads.
#ifndef TAKT_COMPILER_MODEL_METADATA_H_
#define TAKT_COMPILER_MODEL_METADATA_H_

#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"

namespace takt::model {

// Fills Plant::source_sha256, Plant::shift_ends and each clause's kind, file, line and col from
// the rest of `plant` and its `sources`. Called once by check/ on the model it produces.
void FillMetadata(Plant& plant, const source::SourceManager& sources);

}  // namespace takt::model

#endif  // TAKT_COMPILER_MODEL_METADATA_H_
