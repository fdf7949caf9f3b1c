// Renderings of a plant diff: text for the terminal, JSON for tools, Markdown for a pull-request
// comment. Owner changes are called out on their own: who answers for a standard is the change
// a reviewer must not miss.
#include <fmt/format.h>

#include "compiler/diff/diff.h"

namespace takt::diff {

namespace {

auto Subject(const Change& change) -> std::string {
  return change.name.empty() ? change.decl_kind : change.decl_kind + " " + change.name;
}

struct Counts {
  size_t added = 0;
  size_t removed = 0;
  size_t changed = 0;
  size_t owners = 0;
};

auto Count(const PlantDiff& diff) -> Counts {
  Counts counts;
  for (const Change& change : diff.changes) {
    switch (change.kind) {
      case Change::Kind::Added: ++counts.added; break;
      case Change::Kind::Removed: ++counts.removed; break;
      case Change::Kind::Changed: ++counts.changed; break;
    }
    for (const FieldChange& field : change.fields) {
      counts.owners += field.is_owner ? 1 : 0;
    }
  }
  return counts;
}

auto SummaryLine(const PlantDiff& diff) -> std::string {
  Counts counts = Count(diff);
  std::string text = fmt::format("{} added, {} removed, {} changed", counts.added, counts.removed, counts.changed);
  if (counts.owners > 0) {
    text += fmt::format(" ({} owner change{})", counts.owners, counts.owners == 1 ? "" : "s");
  }
  return text;
}

// The lines of one change without its subject: `usl 8.05 mm → 8.04 mm`, `op 25 added`.
auto DetailLines(const Change& change) -> std::vector<std::string> {
  std::vector<std::string> lines;
  for (const FieldChange& field : change.fields) {
    lines.push_back(fmt::format("{}{} {} → {}", field.is_owner ? "OWNER CHANGE: " : "", field.field, field.before,
                                field.after));
  }
  for (const std::string& part : change.parts_added) {
    lines.push_back(part + " added");
  }
  for (const std::string& part : change.parts_removed) {
    lines.push_back(part + " removed");
  }
  return lines;
}

auto JsonString(std::string_view text) -> std::string {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<int>(c));
        } else {
          out += c;
        }
        break;
    }
  }
  return out + "\"";
}

auto JsonStrings(const std::vector<std::string>& items) -> std::string {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : ", ") + JsonString(items[i]);
  }
  return out + "]";
}

// Markdown table cells: a pipe would end the cell.
auto Cell(std::string_view text) -> std::string {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

auto RenderText(const PlantDiff& diff) -> std::string {
  if (diff.empty()) {
    return "no semantic changes\n";
  }
  std::string text;
  for (const Change& change : diff.changes) {
    const std::string subject = Subject(change);
    switch (change.kind) {
      case Change::Kind::Added: text += fmt::format("+ {} added\n", subject); break;
      case Change::Kind::Removed: text += fmt::format("- {} removed\n", subject); break;
      case Change::Kind::Changed:
        for (const std::string& line : DetailLines(change)) {
          text += fmt::format("~ {}: {}\n", subject, line);
        }
        break;
    }
    for (const std::string& impact : change.impact) {
      text += fmt::format("    impact: {}\n", impact);
    }
  }
  text += SummaryLine(diff) + "\n";
  return text;
}

auto RenderJson(const PlantDiff& diff) -> std::string {
  Counts counts = Count(diff);
  std::string out = "{\n";
  out += fmt::format("  \"before\": {},\n  \"after\": {},\n", JsonString(diff.before_plant), JsonString(diff.after_plant));
  out += "  \"changes\": [";
  for (size_t i = 0; i < diff.changes.size(); ++i) {
    const Change& change = diff.changes[i];
    out += i == 0 ? "\n" : ",\n";
    out += fmt::format("    {{\"change\": {}, \"kind\": {}, \"name\": {}", JsonString(ChangeKindName(change.kind)),
                       JsonString(change.decl_kind), JsonString(change.name));
    out += ", \"fields\": [";
    for (size_t f = 0; f < change.fields.size(); ++f) {
      const FieldChange& field = change.fields[f];
      out += fmt::format("{}{{\"field\": {}, \"before\": {}, \"after\": {}, \"owner\": {}}}", f == 0 ? "" : ", ",
                         JsonString(field.field), JsonString(field.before), JsonString(field.after),
                         field.is_owner ? "true" : "false");
    }
    out += fmt::format("], \"parts_added\": {}, \"parts_removed\": {}, \"impact\": {}}}",
                       JsonStrings(change.parts_added), JsonStrings(change.parts_removed), JsonStrings(change.impact));
  }
  out += diff.changes.empty() ? "],\n" : "\n  ],\n";
  out += fmt::format("  \"added\": {},\n  \"removed\": {},\n  \"changed\": {},\n  \"owner_changes\": {}\n}}\n",
                     counts.added, counts.removed, counts.changed, counts.owners);
  return out;
}

auto RenderMarkdown(const PlantDiff& diff) -> std::string {
  std::string out = fmt::format("### Semantic changes to plant `{}`\n\n", diff.after_plant);
  if (diff.empty()) {
    return out + "No semantic changes.\n";
  }
  out += SummaryLine(diff) + ".\n\n";
  std::vector<std::string> owner_lines;
  for (const Change& change : diff.changes) {
    for (const FieldChange& field : change.fields) {
      if (field.is_owner) {
        owner_lines.push_back(fmt::format("- {} `{}`: owner `{}` → `{}`", change.decl_kind, change.name,
                                          field.before, field.after));
      }
    }
  }
  if (!owner_lines.empty()) {
    out += "> [!IMPORTANT]\n> **Owner changes**\n";
    for (const std::string& line : owner_lines) {
      out += "> " + line + "\n";
    }
    out += "\n";
  }
  out += "| | declaration | change |\n|---|---|---|\n";
  for (const Change& change : diff.changes) {
    const std::string subject =
        change.name.empty() ? change.decl_kind : fmt::format("{} `{}`", change.decl_kind, change.name);
    std::vector<std::string> lines = DetailLines(change);
    if (change.kind != Change::Kind::Changed) {
      lines = {std::string(ChangeKindName(change.kind))};
    }
    for (const std::string& impact : change.impact) {
      lines.push_back("*impact:* " + impact);
    }
    std::string cell;
    for (const std::string& line : lines) {
      cell += (cell.empty() ? "" : "<br>") + Cell(line);
    }
    const char* mark = change.kind == Change::Kind::Added ? "+" : change.kind == Change::Kind::Removed ? "−" : "~";
    out += fmt::format("| {} | {} | {} |\n", mark, Cell(subject), cell);
  }
  return out;
}

}  // namespace takt::diff
