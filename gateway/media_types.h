#pragma once
// Content negotiation for a JSON API: which request bodies are accepted and whether the
// client's Accept header admits a JSON (or problem+json) response.
#include <string>

namespace consent::gateway {

// "Application/JSON; charset=utf-8" -> "application/json" (lower case, no parameters).
std::string MediaType(const std::string& content_type);

// A Content-Type header naming application/json, text/json, application/json-patch+json or
// application/merge-patch+json, with no charset or UTF-8 (JSON is UTF-8: RFC 8259 8.1).
bool IsAcceptedRequestContentType(const std::string& content_type);

struct JsonNegotiation {
  // `accept` (absent = empty) admits application/json, text/json (or text/*),
  // application/problem+json, application/json-patch+json, application/merge-patch+json,
  // application/* or */* with a non-zero quality.
  bool acceptable;
  // What to label the answer: text/json when the client names it or text/*, and none of
  // application/json, application/* or */*; else application/json.
  const char* media_type;
};
JsonNegotiation NegotiateJson(const std::string& accept);

// `accept` names application/x-ndjson with a non-zero quality: a server-streaming method's
// messages then go one JSON object per line instead of one JSON array.
bool AcceptsNdjson(const std::string& accept);

}  // namespace consent::gateway
