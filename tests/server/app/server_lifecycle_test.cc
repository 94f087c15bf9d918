// The server as a process: data survives restarts, replicas can start together on an
// empty database, SQL that no longer fits the schema stops start-up, SIGTERM drains
// in-flight calls, health follows the database, bad settings stop start-up.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/support/gateway_process.h"
#include "tests/support/http_client.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/server_process.h"
#include "tests/support/test_identity.h"

namespace consent {
namespace {

using testing::GatewayProcess;
using testing::HttpClient;
using testing::HttpResponse;
using testing::PostgresCluster;
using testing::ServerProcess;
using testing::TenantContext;

grpc::Status CreatePerson(const ServerProcess& server, const std::string& tenant,
                          const std::string& name, v1::Person* out) {
  auto stub = v1::PersonService::NewStub(server.Channel());
  v1::CreatePersonRequest req;
  req.mutable_person()->set_first_name(name);
  return stub->CreatePerson(TenantContext(tenant).get(), req, out);
}

// Health as the Kubernetes grpc probe sees it ("" = the whole server).
std::string HealthOf(const ServerProcess& server, const std::string& service) {
  grpc::GenericStub stub(server.Channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  // HealthCheckRequest{service} encoded by hand: field 1, length-delimited.
  std::string request =
      service.empty() ? "" : std::string("\x0a", 1) + static_cast<char>(service.size()) + service;
  grpc::Slice slice(request);
  grpc::ByteBuffer req(&slice, 1), resp;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &req, &resp,
                 [&](grpc::Status s) { done.set_value(s); });
  grpc::Status s = done.get_future().get();
  if (!s.ok()) return "error:" + std::to_string(s.error_code());
  std::vector<grpc::Slice> slices;
  resp.Dump(&slices);
  std::string bytes;
  for (auto& sl : slices) bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
  // HealthCheckResponse{status = 1 SERVING | 2 NOT_SERVING}
  if (bytes.size() == 2 && bytes[1] == 1) return "SERVING";
  return "NOT_SERVING";
}

TEST(ServerLifecycle, DataSurvivesARestart) {
  PostgresCluster cluster;
  v1::Person created;
  {
    ServerProcess first(cluster.url());
    ASSERT_TRUE(CreatePerson(first, "restart", "Persisted", &created).ok());
    first.process().Signal(SIGTERM);
    EXPECT_EQ(first.process().Wait(), 0);
  }
  ServerProcess second(cluster.url());
  auto stub = v1::PersonService::NewStub(second.Channel());
  v1::GetPersonRequest get;
  get.set_person_id(created.person_id());
  v1::Person read;
  ASSERT_TRUE(stub->GetPerson(TenantContext("restart").get(), get, &read).ok());
  EXPECT_EQ(read.first_name(), "Persisted");
}

// A gateway in the server's pod can reach it over a Unix socket: no TCP, no port.
TEST(ServerLifecycle, ServesOnAUnixSocketAndTheGatewayReachesItThere) {
  PostgresCluster cluster;
  const std::string socket =
      (std::filesystem::temp_directory_path() / ("consent-" + std::to_string(getpid()) + ".sock"))
          .string();
  ServerProcess server(cluster.url(), {"--listen=unix:" + socket});
  EXPECT_EQ(server.address(), "unix:" + socket);
  v1::Person created;
  ASSERT_TRUE(CreatePerson(server, "unix", "Socketed", &created).ok());

  GatewayProcess gateway(server.address());
  HttpClient client(gateway.address());
  HttpResponse read = client.Request("GET", "/v1/persons/" + std::to_string(created.person_id()),
                                     {{"Authorization", testing::BearerFor("unix")}});
  EXPECT_EQ(read.status, 200) << read.body;
  EXPECT_NE(read.body.find("Socketed"), std::string::npos) << read.body;
  server.process().Signal(SIGTERM);
  EXPECT_EQ(server.process().Wait(), 0);
  std::filesystem::remove(socket);
}

TEST(ServerLifecycle, TwoServersStartingTogetherOnAnEmptyDatabaseBothServe) {
  PostgresCluster cluster;
  auto a = std::async(std::launch::async,
                      [&] { return std::make_unique<ServerProcess>(cluster.url()); });
  auto b = std::async(std::launch::async,
                      [&] { return std::make_unique<ServerProcess>(cluster.url()); });
  auto server_a = a.get();
  auto server_b = b.get();
  v1::Person pa, pb;
  EXPECT_TRUE(CreatePerson(*server_a, "twins", "A", &pa).ok());
  EXPECT_TRUE(CreatePerson(*server_b, "twins", "B", &pb).ok());
  EXPECT_NE(pa.person_id(), pb.person_id());
  pqxx::connection conn(cluster.url());
  pqxx::work txn(conn);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM schema_migrations")[0].as<int>(),
            txn.exec1("SELECT max(version) FROM schema_migrations")[0].as<int>());
}

TEST(ServerLifecycle, SigtermLetsAnInFlightCallFinishRefusesNewOnesAndExitsZero) {
  PostgresCluster cluster;
  ServerProcess server(cluster.url(), {"--grace_period_seconds=30"});
  v1::Person person;
  ASSERT_TRUE(CreatePerson(server, "drain", "Slow", &person).ok());

  // Hold the person's row lock so the next consent call blocks inside the server.
  pqxx::connection blocker(cluster.url());
  pqxx::work lock(blocker);
  lock.exec_params("SELECT 1 FROM persons WHERE person_id = $1 FOR UPDATE", person.person_id());

  auto stub = v1::PersonService::NewStub(server.Channel());
  auto in_flight = std::async(std::launch::async, [&] {
    v1::SetPersonConsentRequest req;
    req.set_person_id(person.person_id());
    req.mutable_consent()->set_status(v1::granted);
    google::protobuf::Empty out;
    return stub->SetPersonConsent(TenantContext("drain").get(), req, &out);
  });
  // Wait until the call is really waiting on our lock inside PostgreSQL.
  pqxx::connection observer(cluster.url());
  for (int waiting = 0; waiting == 0;) {
    pqxx::work txn(observer);
    waiting = txn.exec1("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")[0]
                  .as<int>();
  }
  server.process().Signal(SIGTERM);
  // The server stops accepting: health turns NOT_SERVING or the port closes, and new
  // calls fail (refused, not queued behind the drain) while the blocked call is still in
  // flight. Health flips just before gRPC stops accepting, so a call may still slip in
  // between; the loop waits for the refusal rather than racing that window.
  for (std::string health = "SERVING"; health == "SERVING";) health = HealthOf(server, "");
  auto fresh_stub = v1::PersonService::NewStub(
      grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
  v1::CreatePersonRequest create;  // valid: only the drain can refuse it
  create.mutable_person()->set_first_name("Late");
  for (bool accepted = true; accepted;) {
    v1::Person refused;
    grpc::ClientContext fresh;
    fresh.AddMetadata("customer-id", "drain");
    fresh.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    accepted = fresh_stub->CreatePerson(&fresh, create, &refused).ok();
  }
  EXPECT_EQ(in_flight.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  lock.commit();  // release: the in-flight call completes
  EXPECT_TRUE(in_flight.get().ok());
  EXPECT_EQ(server.process().Wait(), 0);
}

TEST(ServerLifecycle, WriteBatchesOutsideOneToPoolSizeIsRefusedAtStartUp) {
  for (const std::string flags : {"--write_batches=0", "--pool_size=2 --write_batches=3"}) {
    // Checked before the database is touched: no cluster needed.
    EXPECT_EQ(testing::RunCommand({"sh", "-c",
                                   "timeout 60 " + std::string(CONSENT_SERVER_BINARY) +
                                       " --listen=127.0.0.1:0 " + flags + " 2>/dev/null"}),
              2)
        << flags;
  }
}

TEST(ServerLifecycle, SqlThatNoLongerFitsTheSchemaStopsStartUpNamingTheStatement) {
  PostgresCluster cluster;
  {
    ServerProcess migrating(cluster.url());  // applies the migrations
    migrating.process().Signal(SIGTERM);
    ASSERT_EQ(migrating.process().Wait(), 0);
  }
  {
    pqxx::connection conn(cluster.url());
    pqxx::work txn(conn);
    txn.exec("ALTER TABLE persons RENAME COLUMN email TO e_mail");  // schema drifts from the SQL
    txn.commit();
  }
  const std::string log = ::testing::TempDir() + "/sql_check_" + std::to_string(getpid()) + ".log";
  const int exit_code = testing::RunCommand(
      {"sh", "-c",
       // timeout: a server that wrongly starts serving fails the test instead of hanging it
       "timeout 60 " + std::string(CONSENT_SERVER_BINARY) +
           " --listen=127.0.0.1:0 '--database_url=" + cluster.url() + "' 2>" + log});
  EXPECT_EQ(exit_code, 1);
  std::ifstream file(log);
  const std::string stderr_text((std::istreambuf_iterator<char>(file)),
                                std::istreambuf_iterator<char>());
  EXPECT_NE(stderr_text.find("SQL check failed"), std::string::npos) << stderr_text;
  // The first statement that reads the renamed column (persons.* or erasure.*), by name.
  EXPECT_NE(stderr_text.find("SQL statement "), std::string::npos) << stderr_text;
  EXPECT_NE(stderr_text.find("email"), std::string::npos) << stderr_text;
  EXPECT_NE(stderr_text.find("does not prepare"), std::string::npos) << stderr_text;
  std::remove(log.c_str());
}

TEST(ServerLifecycle, HealthFollowsTheDatabase) {
  PostgresCluster cluster;
  ServerProcess server(cluster.url());
  for (std::string h; h != "SERVING";) h = HealthOf(server, "");
  EXPECT_EQ(HealthOf(server, "consent.v1.PersonService"), "SERVING");
  cluster.Stop();
  for (std::string h = "SERVING"; h == "SERVING";) h = HealthOf(server, "");
  EXPECT_EQ(HealthOf(server, "consent.v1.PersonService"), "NOT_SERVING");
  EXPECT_EQ(HealthOf(server, "liveness"), "SERVING");  // no restart for a database outage
  cluster.Start();
  for (std::string h; h != "SERVING";) h = HealthOf(server, "");
  v1::Person person;
  EXPECT_TRUE(CreatePerson(server, "healed", "Back", &person).ok());
}

// A database that takes no writes (a standby after a failover, default_transaction_read_only)
// is an outage, not a client error: writes answer UNAVAILABLE (REST 503 with Retry-After)
// and health turns NOT_SERVING until writes can succeed again.
TEST(ServerLifecycle, AReadOnlyDatabaseIsUnavailableAndNotServing) {
  PostgresCluster cluster;
  ServerProcess server(cluster.url());
  for (std::string h; h != "SERVING";) h = HealthOf(server, "");
  pqxx::connection admin(cluster.url());
  auto set_read_only = [&](bool on) {
    pqxx::nontransaction txn(admin);
    txn.exec(std::string("ALTER DATABASE consent SET default_transaction_read_only = ") +
             (on ? "on" : "off"));
    // The server's sessions started writable: end them, so its next ones read the setting.
    txn.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = 'consent' AND pid <> pg_backend_pid()");
  };
  set_read_only(true);
  v1::Person person;
  grpc::Status refused;
  for (int i = 0; i < 10 && refused.error_message().find("no writes") == std::string::npos; ++i) {
    refused = CreatePerson(server, "read", "Only", &person);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE) << refused.error_message();
  }
  EXPECT_NE(refused.error_message().find("accepts no writes"), std::string::npos);
  for (std::string h = "SERVING"; h == "SERVING";) h = HealthOf(server, "");
  set_read_only(false);
  for (std::string h; h != "SERVING";) h = HealthOf(server, "");
  grpc::Status written;
  for (int i = 0; i < 10 && !written.ok(); ++i)
    written = CreatePerson(server, "writable", "Again", &person);
  EXPECT_TRUE(written.ok()) << written.error_message();
}

}  // namespace
}  // namespace consent
