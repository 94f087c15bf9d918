#pragma once
// One PostgreSQL cluster and one consent-server per test executable, started on first
// use and shared by its tests. Tests stay independent by each using its own tenant.
#include "postgres_cluster.h"
#include "server_process.h"

namespace consent::testing {

PostgresCluster& SharedCluster();
ServerProcess& SharedServer();

}  // namespace consent::testing
