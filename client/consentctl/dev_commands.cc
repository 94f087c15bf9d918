#include "client/consentctl/dev_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include <absl/strings/str_split.h>
#include <absl/time/clock.h>
#include <nlohmann/json.hpp>

#include "lib/jose/jose.h"

namespace consent::ctl {
namespace {

absl::StatusOr<std::shared_ptr<const jose::Key>> KeyFrom(Args& args) {
  const std::string path = args.Take("key");
  if (path.empty())
    return absl::InvalidArgumentError("--key: the PEM private key file is required");
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError("--key: cannot read " + path);
  std::stringstream pem;
  pem << in.rdbuf();
  return jose::Key::FromPrivateKeyPem(pem.str(), args.Take("kid"));
}

int Jwks(Context&, Args& args) {
  auto key = KeyFrom(args);
  if (!key.ok()) return ReportError(key.status());
  std::cout << jose::ToJwks({*key}) << "\n";
  return kOk;
}

int Token(Context&, Args& args) {
  auto key = KeyFrom(args);
  if (!key.ok()) return ReportError(key.status());
  absl::Duration ttl;
  if (!absl::ParseDuration(args.Take("ttl", "1h"), &ttl) || ttl <= absl::ZeroDuration()) {
    return ReportError(absl::InvalidArgumentError("--ttl: a positive duration (1h, 30m)"));
  }
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  nlohmann::json claims = {{"iss", args.Take("issuer")},
                           {"aud", args.Take("audience", "consent")},
                           {"sub", args.Take("subject", "developer")},
                           {"iat", now},
                           {"nbf", now},
                           {"exp", now + absl::ToInt64Seconds(ttl)}};
  const std::string tenant = args.Take("for-tenant");
  if (!tenant.empty()) claims[args.Take("tenant-claim", "tenant")] = tenant;
  const std::string scopes = args.Take("scopes");
  if (!scopes.empty()) claims["scope"] = scopes;
  absl::StatusOr<std::string> token = jose::Sign(claims.dump(), **key);
  if (!token.ok()) return ReportError(token.status());
  std::cout << *token << "\n";
  return kOk;
}

}  // namespace

std::vector<Command> DevCommands() {
  Command jwks{"dev", "jwks", "Print the JWKS (public key) of a PEM signing key.", {}};
  jwks.run = Jwks;
  jwks.details = "\n  --key FILE  PEM private key (EC P-256 or RSA)\n  --kid ID    the key's id\n";
  Command token{"dev", "token", "Sign a development bearer token with a PEM key.", {}};
  token.run = Token;
  token.details =
      "\n  --key FILE         PEM private key (EC P-256: ES256; RSA: RS256)\n"
      "  --kid ID           the key's id (the server picks the key by it)\n"
      "  --issuer ISS       the iss claim\n"
      "  --audience AUD     the aud claim (default consent)\n"
      "  --subject SUB      the sub claim, recorded as the actor (default developer)\n"
      "  --for-tenant ID    the tenant claim (omitted when empty)\n"
      "  --tenant-claim C   the tenant claim's name (default tenant)\n"
      "  --scopes \"A B\"     space-separated scopes\n"
      "  --ttl DURATION     lifetime (default 1h)\n";
  return {jwks, token};
}

}  // namespace consent::ctl
