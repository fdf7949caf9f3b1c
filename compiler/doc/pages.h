// One function per page of `takt doc`, each the page's body (html.h's PageHtml frames it).
#ifndef TAKT_COMPILER_DOC_PAGES_H_
#define TAKT_COMPILER_DOC_PAGES_H_

#include <string>

#include "compiler/doc/doc.h"
#include "compiler/model/model.h"

namespace takt::doc {

// plan_pages.cpp: what is made and checked.
auto ControlPlanBody(const model::Plant& plant) -> std::string;
auto RoutingsBody(const model::Plant& plant, const SvgRenderer& render_svg) -> std::string;
auto EscalationsBody(const model::Plant& plant, const SvgRenderer& render_svg) -> std::string;

// people_pages.cpp: who decides and owns what.
auto IndexBody(const model::Plant& plant) -> std::string;
auto CasesBody(const model::Plant& plant) -> std::string;
auto DeviationsBody(const model::Plant& plant) -> std::string;
auto RolesBody(const model::Plant& plant, const SvgRenderer& render_svg) -> std::string;
auto ReasonsBody(const model::Plant& plant) -> std::string;

}  // namespace takt::doc

#endif  // TAKT_COMPILER_DOC_PAGES_H_
