#pragma once
// One PostgreSQL cluster and one consent-server per test executable, started on first
// use and shared by its tests. Tests stay independent by each using its own tenant.
#include "tests/support/gateway_process.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/server_process.h"

namespace consent::testing {

PostgresCluster& SharedCluster();
ServerProcess& SharedServer();
// In front of SharedServer(), with a 64 KiB body limit so tests can reach it cheaply.
GatewayProcess& SharedGateway();

}  // namespace consent::testing
