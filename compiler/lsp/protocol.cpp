#include "compiler/lsp/protocol.h"

#include <cctype>

#include <fmt/format.h>

namespace takt::lsp {

static constexpr std::string_view kFileScheme = "file://";

static auto HexValue(char c) -> int {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

auto PathOfUri(std::string_view uri) -> std::optional<std::string> {
  if (!uri.starts_with(kFileScheme)) {
    return std::nullopt;
  }
  uri.remove_prefix(kFileScheme.size());
  // `file://host/path`: only the local host (empty or `localhost`) names a file of ours.
  if (uri.starts_with("localhost/")) {
    uri.remove_prefix(std::string_view("localhost").size());
  }
  if (!uri.starts_with('/')) {
    return std::nullopt;
  }
  std::string path;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && HexValue(uri[i + 1]) >= 0 && HexValue(uri[i + 2]) >= 0) {
      path.push_back(static_cast<char>(HexValue(uri[i + 1]) * 16 + HexValue(uri[i + 2])));
      i += 2;
    } else {
      path.push_back(uri[i]);
    }
  }
  return path;
}

auto UriOfPath(std::string_view path) -> std::string {
  std::string uri(kFileScheme);
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || std::string_view("/-._~").find(c) != std::string_view::npos) {
      uri.push_back(c);
    } else {
      uri += fmt::format("%{:02X}", byte);
    }
  }
  return uri;
}

auto ToJson(const Position& position) -> json {
  return json{{"line", position.line}, {"character", position.character}};
}

auto ToJson(const Range& range) -> json { return json{{"start", ToJson(range.start)}, {"end", ToJson(range.end)}}; }

auto PositionFromJson(const json& position) -> Position {
  return Position{.line = position.at("line").get<uint32_t>(), .character = position.at("character").get<uint32_t>()};
}

auto RangeFromJson(const json& range) -> Range {
  return Range{.start = PositionFromJson(range.at("start")), .end = PositionFromJson(range.at("end"))};
}

auto DocumentPath(const json& params) -> std::string {
  const auto uri = params.at("textDocument").at("uri").get<std::string>();
  std::optional<std::string> path = PathOfUri(uri);
  if (!path.has_value()) {
    throw RequestError(ErrorCode::InvalidParams, fmt::format("`{}` is not a file URI", uri));
  }
  return *path;
}

auto RangeOfSpan(const Analysis& analysis, source::Span span) -> std::optional<Range> {
  if (!span.is_valid()) {
    return std::nullopt;
  }
  return analysis.LinesOf(span.file).RangeOf(span.begin, span.end);
}

auto LocationOf(const Analysis& analysis, source::Span span) -> std::optional<json> {
  if (!span.is_valid() || analysis.sources.is_stdlib(span.file)) {
    return std::nullopt;
  }
  return json{{"uri", UriOfPath(analysis.sources.path(span.file))}, {"range", ToJson(*RangeOfSpan(analysis, span))}};
}

auto CursorOf(const Analysis& analysis, const json& params) -> Cursor {
  const std::string path = DocumentPath(params);
  std::optional<source::FileId> file = analysis.FileOf(path);
  if (!file.has_value()) {
    throw RequestError(ErrorCode::RequestFailed, fmt::format("`{}` is not a file of the workspace's plant", path));
  }
  const uint32_t offset = analysis.LinesOf(*file).Offset(PositionFromJson(params.at("position")));
  return Cursor{.file = *file, .offset = offset};
}

}  // namespace takt::lsp
