#pragma once
// Content negotiation (RFC 9110 12.5.1): which request bodies are accepted, and which of
// JSON and XML an Accept header asks for.
#include <optional>
#include <string>

namespace consent::gateway {

// "Application/JSON; charset=utf-8" -> "application/json" (lower case, no parameters).
std::string MediaType(const std::string& content_type);

// The quality of one item of an Accept-style header ("de;q=0.5" -> 0.5): its q parameter
// (absent or unreadable: 1), clamped to [0, 1].
double Quality(const std::string& item);

enum class BodyFormat { kJson, kXml, kForm };

// The format of a request body by its Content-Type, with no charset or UTF-8: JSON
// (application/json, text/json, application/json-patch+json, application/merge-patch+json;
// JSON is UTF-8: RFC 8259 8.1), XML (application/xml, text/xml) or a form
// (application/x-www-form-urlencoded). nullopt: not accepted.
std::optional<BodyFormat> RequestBodyFormat(const std::string& content_type);

struct Negotiated {
  bool acceptable;
  // What the answer's Content-Type names: application/json, text/json, application/xml,
  // text/xml or application/x-ndjson.
  const char* media_type;
  bool xml;
};

// Each representation the gateway produces gets the quality of the most specific range of
// `accept` that matches it (an exact type, type/*, */*; application/problem+json and the
// patch types count as application/json, application/problem+xml as application/xml); the
// highest non-zero quality wins, ties going to application/json, text/json,
// application/xml, text/xml in that order. An empty Accept means application/json. A
// `streaming` method's answer is NDJSON (one JSON object per line) when `accept` names
// application/x-ndjson with a non-zero quality.
Negotiated Negotiate(const std::string& accept, bool streaming);

}  // namespace consent::gateway
