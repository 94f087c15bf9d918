#include "server/auth/access_policy.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <google/protobuf/descriptor.h>

namespace consent::auth {

absl::StatusOr<AccessPolicy> AccessPolicy::ForServices(const std::vector<std::string>& services) {
  AccessPolicy policy;
  std::vector<std::string> undeclared;
  for (const std::string& name : services) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (service == nullptr) {
      undeclared.push_back(name);
      continue;
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      const v1::Access& access = method->options().GetExtension(v1::access);
      if (access.scope().empty() == !access.public_()) {  // neither, or both
        undeclared.push_back(method->full_name());
        continue;
      }
      policy.by_path_[absl::StrCat("/", service->full_name(), "/", method->name())] = access;
    }
  }
  if (!undeclared.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("every RPC must declare exactly one of a scope or public access"
                     " ((consent.v1.access)); these do not: ",
                     absl::StrJoin(undeclared, ", ")));
  }
  return policy;
}

const v1::Access& AccessPolicy::For(const std::string& method_path) const {
  static const v1::Access* kPublic = [] {
    auto* access = new v1::Access;
    access->set_public_(true);
    return access;
  }();
  auto it = by_path_.find(method_path);
  return it == by_path_.end() ? *kPublic : it->second;
}

}  // namespace consent::auth
