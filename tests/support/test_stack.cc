#include "tests/support/test_stack.h"

#include <cstdlib>

namespace consent::testing {
namespace {

// Creates the object on first use and destroys it at exit, in reverse order of creation
// (the server stops before the cluster it uses).
template <typename T, typename Make>
T& ProcessWide(Make make) {
  static T* instance = nullptr;
  if (!instance) {
    instance = make();
    std::atexit([] { delete instance; });
  }
  return *instance;
}

}  // namespace

PostgresCluster& SharedCluster() {
  return ProcessWide<PostgresCluster>([] { return new PostgresCluster(); });
}

ServerProcess& SharedServer() {
  return ProcessWide<ServerProcess>([] { return new ServerProcess(SharedCluster().url()); });
}

GatewayProcess& SharedGateway() {
  return ProcessWide<GatewayProcess>([] {
    return new GatewayProcess(SharedServer().address(), {"--max-body-bytes", "65536"});
  });
}

}  // namespace consent::testing
