#include "gateway/idempotency_key.h"

#include <absl/strings/str_cat.h>

#include "lib/wire/request_id.h"

namespace consent::gateway {
namespace {

// RFC 8941 3.3.3: DQUOTE *( unescaped / "\" ( DQUOTE / "\" ) ) DQUOTE; nullopt if malformed.
std::optional<std::string> UnquoteString(std::string_view value) {
  if (value.size() < 2 || value.back() != '"') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < value.size(); ++i) {
    char c = value[i];
    if (c == '\\') {
      if (i + 2 >= value.size() || (value[i + 1] != '"' && value[i + 1] != '\\'))
        return std::nullopt;
      c = value[++i];
    } else if (c == '"') {
      return std::nullopt;
    }
    out.push_back(c);
  }
  return out;
}

Problem Refusal(std::string message) {
  Problem problem;
  problem.status = http::status::bad_request;
  problem.detail = absl::StrCat("The ", kIdempotencyKeyHeader, " header ", message, ".");
  problem.errors[kIdempotencyKeyHeader].push_back(std::move(message));
  return problem;
}

}  // namespace

std::optional<Problem> ReadIdempotencyKey(const Route& route, const HttpRequest& request,
                                          std::optional<std::string>& key) {
  key.reset();
  if (route.idempotency_key == nullptr) return std::nullopt;
  auto [first, last] = request.equal_range(kIdempotencyKeyHeader);
  if (first == last) return std::nullopt;
  if (std::next(first) != last) return Refusal("must be sent once");
  std::string_view value(first->value().data(), first->value().size());
  std::optional<std::string> parsed =
      value.empty() || value.front() != '"' ? std::string(value) : UnquoteString(value);
  if (!parsed || !wire::IsAcceptableRequestId(*parsed)) {
    return Refusal(absl::StrCat("must be 1..", wire::kMaxRequestIdLength,
                                " printable ASCII characters, bare or as a quoted string"));
  }
  key = *std::move(parsed);
  return std::nullopt;
}

void NameTheHeader(const Route& route, Problem& problem) {
  if (route.idempotency_key == nullptr) return;
  const std::string& field = route.idempotency_key->json_name();
  if (!problem.errors.is_object() || !problem.errors.contains(field)) return;
  problem.errors[kIdempotencyKeyHeader] = std::move(problem.errors[field]);
  problem.errors.erase(field);
}

}  // namespace consent::gateway
