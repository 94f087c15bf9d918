#include "server/common/caller.h"

#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>

namespace consent {
namespace {

struct Entries {
  mutable absl::Mutex mu;
  absl::flat_hash_map<const grpc::ServerContextBase*, Admission> by_call ABSL_GUARDED_BY(mu);
};

Entries& Table() {
  static auto* entries = new Entries;
  return *entries;
}

}  // namespace

CallerRegistry& CallerRegistry::Instance() {
  static CallerRegistry registry;
  return registry;
}

void CallerRegistry::Put(const grpc::ServerContextBase* call, Admission admission) {
  absl::MutexLock lock(&Table().mu);
  Table().by_call.insert_or_assign(call, std::move(admission));
}

void CallerRegistry::Erase(const grpc::ServerContextBase* call) {
  absl::MutexLock lock(&Table().mu);
  Table().by_call.erase(call);
}

std::optional<Admission> CallerRegistry::Find(const grpc::ServerContextBase* call) const {
  absl::MutexLock lock(&Table().mu);
  auto it = Table().by_call.find(call);
  if (it == Table().by_call.end()) return std::nullopt;
  return it->second;
}

}  // namespace consent
