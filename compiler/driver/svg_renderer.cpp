#include "compiler/driver/svg_renderer.h"

#include "compiler/driver/driver_env.h"
#include "compiler/driver/subprocess.h"

namespace takt::driver {

auto RenderSvg(const std::string& dot) -> SvgDrawing {
  ProcessResult run = RunProcess({"dot", "-Tsvg"}, dot);
  SvgDrawing drawing;
  if (!run.started) {
    drawing.error.Emit(diag::SvgUnavailable, source::Span{}, FailureText(run))
        .Help("install graphviz (scripts/bootstrap does), or use `--format dot`");
    drawing.exit_code = kExitUsage;
  } else if (run.exit_code != 0) {
    drawing.error.Emit(diag::DotFailed, source::Span{}, run.exit_code).Note(FailureText(run));
    drawing.exit_code = kExitErrors;
  } else {
    drawing.svg = std::move(run.out);
  }
  return drawing;
}

}  // namespace takt::driver
