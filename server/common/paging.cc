#include "server/common/paging.h"

#include <absl/strings/escaping.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "lib/wire/status_details.h"
#include "server/db/statement.h"

namespace consent {
namespace {

// 128 bits of HMAC-SHA-256: forging one is out of reach, and tokens stay short.
constexpr size_t kMacBytes = 16;

const db::Statement kPageTokenKey("paging.key",
                                  "SELECT secret FROM service_keys WHERE name = 'page_tokens'");

std::string& Key() {
  static auto* key = new std::string;
  return *key;
}

std::string Mac(const std::string& scope, long long after_id) {
  const std::string message = absl::StrCat(scope, "\n", after_id);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), Key().data(), static_cast<int>(Key().size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &size);
  return std::string(reinterpret_cast<char*>(digest), kMacBytes);
}

}  // namespace

absl::Status LoadPageTokenKey(ConnectionPool& pool) {
  absl::StatusOr<std::string> key =
      pool.SingleStatement<std::string>([](pqxx::transaction_base& txn) {
        return absl::StatusOr<std::string>(kPageTokenKey.RunOne(txn)[0].as<std::string>());
      });
  if (!key.ok()) return key.status();
  Key() = *std::move(key);
  return absl::OkStatus();
}

absl::StatusOr<PageRequest> ParsePageRequest(int page_size, const std::string& page_token,
                                             std::string scope) {
  if (page_size < 0) return wire::FieldViolation("pageSize", "must not be negative");
  PageRequest page;
  page.limit = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  page.scope = std::move(scope);
  if (page_token.empty()) return page;
  // "<id>" "." "<mac>", base64url; anything else was not made here.
  std::string decoded;
  bool valid = page_token.size() <= 64 && absl::WebSafeBase64Unescape(page_token, &decoded);
  const size_t split = valid ? decoded.find('.') : std::string::npos;
  valid = split != std::string::npos && decoded.size() - split - 1 == kMacBytes &&
          absl::SimpleAtoi(decoded.substr(0, split), &page.after_id) && page.after_id >= 0;
  if (valid) {
    const std::string expected = Mac(page.scope, page.after_id);
    valid = CRYPTO_memcmp(expected.data(), decoded.data() + split + 1, kMacBytes) == 0;
  }
  if (!valid) {
    return absl::InvalidArgumentError(
        "pageToken is not a token this list returned: send the nextPageToken of the previous "
        "page unchanged, with the same query");
  }
  return page;
}

std::string NextPageToken(const PageRequest& page, int returned, long long last_id) {
  if (returned < page.limit) return "";
  return absl::WebSafeBase64Escape(absl::StrCat(last_id, ".", Mac(page.scope, last_id)));
}

}  // namespace consent
