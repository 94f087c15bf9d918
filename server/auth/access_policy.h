#pragma once
// What each RPC requires, read from its (consent.v1.access) method option
// (proto/consent/v1/access.proto): a scope, or nothing (public).
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/status/statusor.h>

#include "proto/consent/v1/access.pb.h"

namespace consent::auth {

class AccessPolicy {
 public:
  // Every method of `services` (full names, "consent.v1.PersonService") must declare a
  // scope or `public`; FAILED_PRECONDITION naming each that does not.
  static absl::StatusOr<AccessPolicy> ForServices(const std::vector<std::string>& services);

  // The access rule for a method path ("/consent.v1.PersonService/GetPerson"); methods of
  // other services (health, reflection) are public.
  const v1::Access& For(const std::string& method_path) const;

 private:
  absl::flat_hash_map<std::string, v1::Access> by_path_;
};

}  // namespace consent::auth
