#include "lib/httpclient/http_client.h"

#include <memory>
#include <mutex>

#include <absl/strings/str_cat.h>
#include <curl/curl.h>

namespace consent::httpclient {
namespace {

struct Body {
  std::string text;
  size_t limit;
  bool too_long = false;
};

size_t Append(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const size_t bytes = size * count;
  if (body->text.size() + bytes > body->limit) {
    body->too_long = true;
    return 0;  // makes curl abort the transfer
  }
  body->text.append(data, bytes);
  return bytes;
}

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

absl::StatusOr<Response> Get(const std::string& url, const Limits& limits) {
  InitCurlOnce();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return absl::InternalError("cannot start an HTTP client");
  Body body{.text = {}, .limit = limits.max_body_bytes};
  const long timeout_ms = static_cast<long>(absl::ToInt64Milliseconds(limits.timeout));
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body);
  const CURLcode code = curl_easy_perform(handle);
  if (body.too_long) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the answer from ", url, " is over ", limits.max_body_bytes, " bytes"));
  }
  if (code != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat("GET ", url, ": ", curl_easy_strerror(code)));
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  return Response{static_cast<int>(status), std::move(body.text)};
}

}  // namespace consent::httpclient
