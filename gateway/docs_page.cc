#include "gateway/docs_page.h"

#include <fstream>
#include <sstream>

#include <absl/strings/str_cat.h>

namespace consent::gateway {
namespace {

constexpr char kHtml[] = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Consent service API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
)";

// Not inline, so that the policy below needs no 'unsafe-inline' for scripts.
constexpr char kInit[] =
    "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#ui', deepLinking: true,"
    " docExpansion: 'list', defaultModelsExpandDepth: 0});\n";

// Swagger UI sets style attributes and shows inline SVG and data: images.
constexpr char kPolicy[] =
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'";

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(absl::StrCat(path, " is missing: run deploy/install-docs-ui"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

HttpResponse File(const char* media_type, const std::string& body) {
  HttpResponse response(http::status::ok, 11);
  response.set(http::field::content_type, media_type);
  response.set("Content-Security-Policy", kPolicy);
  response.body() = body;
  return response;
}

}  // namespace

absl::StatusOr<DocsPage> DocsPage::Load(const std::string& dir) {
  DocsPage page;
  absl::StatusOr<std::string> js = ReadFile(dir + "/swagger-ui-bundle.js");
  if (!js.ok()) return js.status();
  absl::StatusOr<std::string> css = ReadFile(dir + "/swagger-ui.css");
  if (!css.ok()) return css.status();
  page.bundle_js_ = *std::move(js);
  page.css_ = *std::move(css);
  return page;
}

std::optional<HttpResponse> DocsPage::Answer(const std::string& path) const {
  if (path == "/docs" || path == "/docs/") return File("text/html; charset=utf-8", kHtml);
  if (path == "/docs/init.js") return File("text/javascript; charset=utf-8", kInit);
  if (path == "/docs/swagger-ui-bundle.js") {
    return File("text/javascript; charset=utf-8", bundle_js_);
  }
  if (path == "/docs/swagger-ui.css") return File("text/css; charset=utf-8", css_);
  return std::nullopt;
}

}  // namespace consent::gateway
