#pragma once
// GET /docs: a browsable reference of GET /openapi.json, rendered by Swagger UI from files
// installed beside the gateway (deploy/install-docs-ui, --docs-dir) and read at start-up,
// so that the page works offline and loads nothing from elsewhere (its Content-Security-
// Policy allows this origin only).
#include <optional>
#include <string>

#include <absl/status/statusor.h>

#include "gateway/http_types.h"

namespace consent::gateway {

class DocsPage {
 public:
  // The page from the files in `dir`; NOT_FOUND naming the first missing one.
  static absl::StatusOr<DocsPage> Load(const std::string& dir);

  // The answer to GET `path` (/docs, or one of its files), or nullopt for any other path.
  std::optional<HttpResponse> Answer(const std::string& path) const;

 private:
  std::string bundle_js_;
  std::string css_;
};

}  // namespace consent::gateway
