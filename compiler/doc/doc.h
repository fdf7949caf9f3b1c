// `takt doc`: the checked plant as a self-contained HTML site for people who read standards in a
// browser: an overview, the control plan as an AIAG-style table, routings, escalation ladders,
// cases, deviations, roles with what each owns, and the full reason tree (the standard
// library's included), with the `///` doc comments and links between them.
//
// Consumes the checked model only and produces deterministic bytes: pages and their contents in
// declaration order, no dates, no paths of the machine. Every page stands alone: inline CSS, no
// script, no font, no request to any network (a browser opens it from a USB stick on the shop
// floor). Every text of the plant is HTML-escaped, so a title such as `<script>` stays text.
// The graphs are compiler/graph/'s DOT, drawn as inline SVG by the renderer the caller passes
// (the driver runs graphviz); without a drawing the page shows the DOT text itself.
#ifndef TAKT_COMPILER_DOC_DOC_H_
#define TAKT_COMPILER_DOC_DOC_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/model/model.h"

namespace takt::doc {

struct SiteFile {
  std::string name;  // `index.html`: a file name, no directory.
  std::string html;
};

// DOT text → an `<svg>` element, or nullopt when no drawing can be made.
using SvgRenderer = std::function<std::optional<std::string>(const std::string& dot)>;

// The site's pages, `index.html` first.
auto RenderSite(const model::Plant& plant, const SvgRenderer& render_svg) -> std::vector<SiteFile>;

}  // namespace takt::doc

#endif  // TAKT_COMPILER_DOC_DOC_H_
