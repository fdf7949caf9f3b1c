#include "compiler/doc/html.h"

#include <fmt/format.h>

namespace takt::doc {

namespace {

// Print-friendly, readable without colour; the control plan table scrolls on narrow screens.
constexpr std::string_view kStyle = R"(body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;line-height:1.45}
nav{background:#24323f;padding:.5em 1em;position:sticky;top:0}
nav a{color:#e8eef3;margin-right:1.2em;text-decoration:none;font-size:.95em}
nav a.here{font-weight:bold;text-decoration:underline}
main{padding:1em 2em;max-width:90em}
h1{font-size:1.6em;margin:.3em 0}
h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #d0d7de}
h3{font-size:1.05em}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
a{color:#0b5cad}
.title{color:#57606a;font-weight:normal}
.module{font-size:.75em;background:#eef1f4;border:1px solid #d0d7de;border-radius:3px;padding:0 .3em;margin-left:.5em;font-weight:normal}
.doc{margin:.4em 0 .8em;max-width:60em}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.6em 0}
th,td{border:1px solid #d0d7de;padding:.3em .6em;vertical-align:top;text-align:left}
th{background:#f3f5f7}
td.class{font-weight:bold}
ul.tree{list-style:none;padding-left:1.2em;border-left:1px dotted #a0a7ae}
ul.tree.root{border-left:none;padding-left:0}
figure{margin:1em 0;overflow-x:auto}
figure svg{max-width:100%;height:auto}
figcaption{color:#57606a;font-size:.9em}
pre{background:#f6f8fa;padding:.6em;overflow-x:auto}
footer{color:#57606a;font-size:.85em;padding:1em 2em}
)";

}  // namespace


auto Escape(std::string_view text) -> std::string {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

auto PageFile(PageKind page) -> std::string_view {
  switch (page) {
    case PageKind::Index:
      return "index.html";
    case PageKind::ControlPlan:
      return "control-plan.html";
    case PageKind::Routings:
      return "routings.html";
    case PageKind::Escalations:
      return "escalations.html";
    case PageKind::Cases:
      return "cases.html";
    case PageKind::Deviations:
      return "deviations.html";
    case PageKind::Roles:
      return "roles.html";
    case PageKind::Reasons:
      return "reasons.html";
  }
  return "";
}

auto PageTitle(PageKind page) -> std::string_view {
  switch (page) {
    case PageKind::Index:
      return "Overview";
    case PageKind::ControlPlan:
      return "Control plan";
    case PageKind::Routings:
      return "Routings";
    case PageKind::Escalations:
      return "Escalations";
    case PageKind::Cases:
      return "Cases";
    case PageKind::Deviations:
      return "Deviations";
    case PageKind::Roles:
      return "Roles";
    case PageKind::Reasons:
      return "Reasons";
  }
  return "";
}

auto AnchorAttribute(std::string_view kind, std::string_view name) -> std::string {
  return fmt::format("id=\"{}-{}\"", kind, Escape(name));
}

auto Link(PageKind page, std::string_view kind, std::string_view name) -> std::string {
  return fmt::format("<a href=\"{}#{}-{}\"><code>{}</code></a>", PageFile(page), kind, Escape(name), Escape(name));
}

auto RoleLink(const model::Plant& plant, model::RoleId role) -> std::string {
  return Link(PageKind::Roles, "role", plant.role(role).name);
}

auto ControlLink(const model::Plant& plant, model::ControlId control) -> std::string {
  return Link(PageKind::ControlPlan, "control", plant.control(control).name);
}

auto CaseLink(const model::Plant& plant, model::CaseId case_id) -> std::string {
  return Link(PageKind::Cases, "case", plant.case_of(case_id).name);
}

auto ReasonLink(const model::Plant& plant, model::ReasonId reason) -> std::string {
  return Link(PageKind::Reasons, "reason", plant.reason(reason).name);
}

auto RoutingLink(const model::Routing& routing) -> std::string {
  return Link(PageKind::Routings, "routing", routing.name);
}

auto ReactionHtml(const model::Plant& plant, const model::Reaction& reaction) -> std::string {
  const base::ReactionInfo& info = base::GetReaction(reaction.kind);
  switch (info.target) {
    case base::ReactionTarget::None:
      return Escape(info.spelling);
    case base::ReactionTarget::Role:
      return fmt::format("{} {}", Escape(info.spelling), RoleLink(plant, reaction.role));
    case base::ReactionTarget::Case:
      return fmt::format("{} {}", Escape(info.spelling), CaseLink(plant, reaction.case_id));
  }
  return "";
}

auto ReactionsHtml(const model::Plant& plant, const std::vector<model::Reaction>& reactions) -> std::string {
  if (reactions.empty()) {
    return "none";
  }
  std::string out;
  for (const model::Reaction& reaction : reactions) {
    out += (out.empty() ? "" : "<br>") + ReactionHtml(plant, reaction);
  }
  return out;
}

auto TriggerHtml(const model::Plant& plant, const model::StopTrigger& trigger) -> std::string {
  return trigger.uncoded ? std::string("down <code>uncoded</code>") : "down " + ReasonLink(plant, trigger.reason);
}

auto DeclarationHeading(std::string_view kind, const model::Named& named, std::string_view heading_tag)
    -> std::string {
  std::string out = fmt::format("<{} {}><code>{}</code>", heading_tag, AnchorAttribute(kind, named.name),
                                Escape(named.name));
  if (!named.title.empty()) {
    out += fmt::format(" <span class=\"title\">{}</span>", Escape(named.title));
  }
  if (named.from_module) {
    out += "<span class=\"module\">from a module</span>";
  }
  out += fmt::format("</{}>\n", heading_tag);
  return out + DocHtml(named.doc);
}

auto DocHtml(std::string_view doc) -> std::string {
  if (doc.find_first_not_of(" \t\n") == std::string_view::npos) {
    return "";
  }
  std::string out = "<div class=\"doc\"><p>";
  bool in_code = false;
  bool line_start = true;
  bool pending_break = false;
  for (size_t i = 0; i < doc.size(); ++i) {
    const char c = doc[i];
    if (c == '\n') {
      // A blank line ends the paragraph; a single line break is a space, as in Markdown.
      pending_break = pending_break || line_start;
      line_start = true;
      continue;
    }
    if (line_start && !out.ends_with("<p>")) {
      out += pending_break && !in_code ? "</p>\n<p>" : " ";
    }
    line_start = false;
    pending_break = false;
    if (c == '`') {
      out += in_code ? "</code>" : "<code>";
      in_code = !in_code;
      continue;
    }
    out += Escape(std::string_view(&doc[i], 1));
  }
  if (in_code) {
    out += "</code>";
  }
  return out + "</p></div>\n";
}

auto GraphHtml(std::string_view caption, const std::string& dot, const SvgRenderer& render_svg) -> std::string {
  std::optional<std::string> svg = render_svg ? render_svg(dot) : std::nullopt;
  if (svg && svg->find("<svg") != std::string::npos) {
    // The XML prolog and doctype of a stand-alone SVG file have no place inside HTML.
    return fmt::format("<figure>\n{}<figcaption>{}</figcaption>\n</figure>\n", svg->substr(svg->find("<svg")),
                       Escape(caption));
  }
  return fmt::format(
      "<figure>\n<pre>{}</pre>\n<figcaption>{} (Graphviz DOT; <code>takt doc --graphs svg</code> draws it where "
      "graphviz is installed)</figcaption>\n</figure>\n",
      Escape(dot), Escape(caption));
}

auto StandalonePage(const PageParts& parts) -> std::string {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // An empty icon: no browser asks any server, or the disk, for favicon.ico.
  out += "<link rel=\"icon\" href=\"data:,\">\n";
  out += fmt::format("<title>{}</title>\n", Escape(parts.title));
  out += fmt::format("<style>\n{}{}</style>\n</head>\n<body>\n", kStyle, parts.extra_style);
  if (!parts.nav.empty()) {
    out += fmt::format("<nav>{}</nav>\n", parts.nav);
  }
  out += fmt::format("<main>\n<h1>{}</h1>\n", parts.heading);
  out += parts.body;
  out += fmt::format("</main>\n<footer>{}</footer>\n</body>\n</html>\n", parts.footer);
  return out;
}

auto PageHtml(const model::Plant& plant, PageKind page, std::string_view body) -> std::string {
  std::string nav;
  for (PageKind other : kAllPages) {
    nav += fmt::format("<a href=\"{}\"{}>{}</a>", PageFile(other), other == page ? " class=\"here\"" : "",
                       Escape(PageTitle(other)));
  }
  const std::string title =
      fmt::format("{} — {}", PageTitle(page), plant.title.empty() ? plant.name : plant.title);
  const std::string heading = fmt::format("{} <span class=\"title\">{} · <code>{}</code></span>",
                                          Escape(PageTitle(page)), Escape(plant.title), Escape(plant.name));
  return StandalonePage(PageParts{.title = title,
                                  .extra_style = "",
                                  .nav = nav,
                                  .heading = heading,
                                  .body = body,
                                  .footer = "Generated by <code>takt doc</code> from the checked plant."});
}

}  // namespace takt::doc
