#include "tests/support/test_identity.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <google/protobuf/descriptor.h>

#include "lib/jose/jose.h"
#include "proto/consent/v1/access.pb.h"
#include "proto/consent/v1/api_users.pb.h"
#include "proto/consent/v1/consent_persons.pb.h"
#include "proto/consent/v1/consent_types.pb.h"
#include "proto/consent/v1/ledger.pb.h"
#include "proto/consent/v1/list_items.pb.h"
#include "proto/consent/v1/person_data.pb.h"
#include "proto/consent/v1/persons.pb.h"

namespace consent::testing {
namespace {

struct TestKey {
  std::shared_ptr<const jose::Key> key;
  std::string jwks_file;
};

const TestKey& Key() {
  static const TestKey* test_key = [] {
    auto key = jose::Key::Generate("ES256", "test-key-1");
    if (!key.ok()) throw std::runtime_error(std::string(key.status().message()));
    auto path = std::filesystem::temp_directory_path() /
                ("consent-test-jwks-" + std::to_string(getpid()) + ".json");
    std::ofstream(path) << jose::ToJwks({*key});
    return new TestKey{*key, path.string()};
  }();
  return *test_key;
}

}  // namespace

const std::vector<std::string>& AllScopes() {
  static const auto* scopes = [] {
    auto* out = new std::vector<std::string>;
    // Every method's declared scope (naming a message of each file links the file in).
    for (const auto* file :
         {v1::Person::descriptor()->file(), v1::ConsentPurpose::descriptor()->file(),
          v1::ConsentPerson::descriptor()->file(), v1::ConsentTypeEntry::descriptor()->file(),
          v1::ApiUser::descriptor()->file(), v1::ConsentEvent::descriptor()->file(),
          v1::ErasePersonRequest::descriptor()->file()}) {
      const auto* descriptor = file->service_count() == 1 ? file->service(0) : nullptr;
      for (int i = 0; descriptor != nullptr && i < descriptor->method_count(); ++i) {
        const std::string& scope =
            descriptor->method(i)->options().GetExtension(v1::access).scope();
        if (!scope.empty() && std::find(out->begin(), out->end(), scope) == out->end()) {
          out->push_back(scope);
        }
      }
    }
    return out;
  }();
  return *scopes;
}

std::vector<std::string> TestAuthFlags() {
  return {std::string("--jwt-issuer=") + kTestIssuer,
          std::string("--jwt-audience=") + kTestAudience, "--jwks-file=" + Key().jwks_file};
}

std::string TestJwks() { return jose::ToJwks({Key().key}); }

nlohmann::json TestClaims(const std::string& tenant, const std::vector<std::string>& scopes) {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  std::string scope;
  for (const std::string& s : scopes) scope += (scope.empty() ? "" : " ") + s;
  return {{"iss", kTestIssuer}, {"aud", kTestAudience}, {"sub", "tester@" + tenant},
          {"tenant", tenant},   {"scope", scope},       {"iat", now},
          {"exp", now + 3600}};
}

std::string SignTestToken(const nlohmann::json& claims) {
  auto token = jose::Sign(claims.dump(), *Key().key);
  if (!token.ok()) throw std::runtime_error(std::string(token.status().message()));
  return *token;
}

std::string BearerFor(const std::string& tenant, const std::string& subject) {
  nlohmann::json claims = TestClaims(tenant);
  if (!subject.empty()) claims["sub"] = subject;
  return "Bearer " + SignTestToken(claims);
}

}  // namespace consent::testing
