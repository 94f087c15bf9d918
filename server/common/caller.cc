#include "server/common/caller.h"

#include <array>

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>
#include <absl/synchronization/mutex.h>

namespace consent {
namespace {

// Every call puts, finds and erases its entry: shards by call, so that concurrent calls
// rarely wait on one another's lock.
struct Shard {
  mutable absl::Mutex mu;
  absl::flat_hash_map<const grpc::ServerContextBase*, Admission> by_call ABSL_GUARDED_BY(mu);
};
constexpr size_t kShards = 16;

Shard& ShardOf(const grpc::ServerContextBase* call) {
  static auto* shards = new std::array<Shard, kShards>;
  return (*shards)[absl::HashOf(call) % kShards];
}

}  // namespace

CallerRegistry& CallerRegistry::Instance() {
  static CallerRegistry registry;
  return registry;
}

void CallerRegistry::Put(const grpc::ServerContextBase* call, Admission admission) {
  Shard& shard = ShardOf(call);
  absl::MutexLock lock(&shard.mu);
  shard.by_call.insert_or_assign(call, std::move(admission));
}

void CallerRegistry::Erase(const grpc::ServerContextBase* call) {
  Shard& shard = ShardOf(call);
  absl::MutexLock lock(&shard.mu);
  shard.by_call.erase(call);
}

std::optional<Admission> CallerRegistry::Find(const grpc::ServerContextBase* call) const {
  const Shard& shard = ShardOf(call);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.by_call.find(call);
  if (it == shard.by_call.end()) return std::nullopt;
  return it->second;
}

}  // namespace consent
