// The version function of the C ABI: lets a caller compiled against one header detect a runtime
// library built from another.
#include "takt/runtime.h"

extern "C" auto takt_runtime_abi_version() -> uint32_t { return TAKT_ABI_VERSION; }
