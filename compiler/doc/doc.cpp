#include "compiler/doc/doc.h"

#include "compiler/doc/html.h"
#include "compiler/doc/pages.h"

namespace takt::doc {

auto RenderSite(const model::Plant& plant, const SvgRenderer& render_svg) -> std::vector<SiteFile> {
  std::vector<SiteFile> site;
  for (PageKind page : kAllPages) {
    std::string body;
    switch (page) {
      case PageKind::Index:
        body = IndexBody(plant);
        break;
      case PageKind::ControlPlan:
        body = ControlPlanBody(plant);
        break;
      case PageKind::Routings:
        body = RoutingsBody(plant, render_svg);
        break;
      case PageKind::Escalations:
        body = EscalationsBody(plant, render_svg);
        break;
      case PageKind::Cases:
        body = CasesBody(plant);
        break;
      case PageKind::Deviations:
        body = DeviationsBody(plant);
        break;
      case PageKind::Roles:
        body = RolesBody(plant, render_svg);
        break;
      case PageKind::Reasons:
        body = ReasonsBody(plant);
        break;
    }
    site.push_back(SiteFile{.name = std::string(PageFile(page)), .html = PageHtml(plant, page, body)});
  }
  return site;
}

}  // namespace takt::doc
