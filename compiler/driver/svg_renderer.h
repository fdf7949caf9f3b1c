// Graphviz's `dot -Tsvg`, shared by `takt graph --format svg` and `takt doc`: the drawing, or the
// diagnostic of why there is none (graphviz missing: T0024; dot failing: T0025).
#ifndef TAKT_COMPILER_DRIVER_SVG_RENDERER_H_
#define TAKT_COMPILER_DRIVER_SVG_RENDERER_H_

#include <string>

#include "compiler/diagnostics/diagnostic.h"

namespace takt::driver {

struct SvgDrawing {
  std::string svg;  // When `exit_code` is kExitOk.
  // kExitUsage when graphviz is not installed, kExitErrors when `dot` rejected the DOT.
  int exit_code = 0;
  diagnostics::Diagnostics error;
};

auto RenderSvg(const std::string& dot) -> SvgDrawing;

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_SVG_RENDERER_H_
