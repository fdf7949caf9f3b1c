// The pieces every page of `takt doc` is made of: escaping, links to declarations, reactions,
// doc comments, graphs and the page frame. Each declaration has one anchor, `KIND-NAME` on the
// page that describes it, so any page links to it the same way.
#ifndef TAKT_COMPILER_DOC_HTML_H_
#define TAKT_COMPILER_DOC_HTML_H_

#include <string>
#include <string_view>
#include <vector>

#include "compiler/doc/doc.h"
#include "compiler/model/model.h"

namespace takt::doc {

// `text` with `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted
// attribute values alike.
auto Escape(std::string_view text) -> std::string;

// The pages of the site, in the order of the navigation bar.
enum class PageKind : uint8_t { Index, ControlPlan, Routings, Escalations, Cases, Deviations, Roles, Reasons };
inline constexpr PageKind kAllPages[] = {PageKind::Index,      PageKind::ControlPlan, PageKind::Routings,
                                         PageKind::Escalations, PageKind::Cases,       PageKind::Deviations,
                                         PageKind::Roles,      PageKind::Reasons};
auto PageFile(PageKind page) -> std::string_view;
auto PageTitle(PageKind page) -> std::string_view;

// `id="KIND-NAME"`, the anchor of a declaration on its page.
auto AnchorAttribute(std::string_view kind, std::string_view name) -> std::string;
// A link to a declaration's anchor, showing its name as code.
auto Link(PageKind page, std::string_view kind, std::string_view name) -> std::string;
auto RoleLink(const model::Plant& plant, model::RoleId role) -> std::string;
auto ControlLink(const model::Plant& plant, model::ControlId control) -> std::string;
auto CaseLink(const model::Plant& plant, model::CaseId case_id) -> std::string;
auto ReasonLink(const model::Plant& plant, model::ReasonId reason) -> std::string;
auto RoutingLink(const model::Routing& routing) -> std::string;

// A reaction as the standard writes it (`notify quality_engineer`), its target linked.
auto ReactionHtml(const model::Plant& plant, const model::Reaction& reaction) -> std::string;
// Reactions one per line; `none` when there are none.
auto ReactionsHtml(const model::Plant& plant, const std::vector<model::Reaction>& reactions) -> std::string;
// `down unplanned.breakdown` or `down uncoded`.
auto TriggerHtml(const model::Plant& plant, const model::StopTrigger& trigger) -> std::string;

// A declaration's heading: name, title, a mark when it comes from a module, its doc comment.
auto DeclarationHeading(std::string_view kind, const model::Named& named, std::string_view heading_tag = "h2")
    -> std::string;
// A `///` comment: paragraphs at blank lines, `code` spans as code.
auto DocHtml(std::string_view doc) -> std::string;

// A figure with the drawing of `dot`, or its DOT text when the renderer makes none.
auto GraphHtml(std::string_view caption, const std::string& dot, const SvgRenderer& render_svg) -> std::string;

// A stand-alone HTML page, the frame of `takt doc`'s pages and of `takt report`: head with the
// inline style sheet (plus `extra_style`), the empty icon, `nav`, `main` with `heading` and
// `body`, then `footer`. `title` is text; the other parts are HTML the caller escaped.
struct PageParts {
  std::string_view title;
  std::string_view extra_style;
  std::string_view nav;
  std::string_view heading;
  std::string_view body;
  std::string_view footer;
};
auto StandalonePage(const PageParts& parts) -> std::string;

// A page of the site: StandalonePage with the site's navigation and footer.
auto PageHtml(const model::Plant& plant, PageKind page, std::string_view body) -> std::string;

}  // namespace takt::doc

#endif  // TAKT_COMPILER_DOC_HTML_H_
