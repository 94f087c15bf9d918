// Server::Start runs the whole server in this process (so it can be debugged or run under a
// sanitizer): it migrates, serves the API and health, and shuts down cleanly; a bad setting
// is an error, not an exit.
#include "server/app/server.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

ServerConfig InProcessConfig() {
  ServerConfig config;
  config.listen = "127.0.0.1:0";
  config.database_url = testing::SharedCluster().url();
  config.migrations_dir = DefaultMigrationsDir();
  config.pool_size = 2;
  config.auth.insecure_no_auth = true;  // this test is about the process, not identity
  return config;
}

TEST(InProcessServer, ServesTheApiAndShutsDown) {
  auto server = Server::Start(InProcessConfig());
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_GT((*server)->schema_version(), 0);
  auto channel = grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials());
  auto stub = v1::PersonService::NewStub(channel);
  v1::CreatePersonRequest request;
  request.mutable_person()->set_first_name("Ada");
  v1::Person created;
  const std::string tenant = testing::UniqueTenant();
  ASSERT_TRUE(stub->CreatePerson(testing::TenantContext(tenant).get(), request, &created).ok());
  v1::GetPersonRequest get;
  get.set_person_id(created.person_id());
  v1::Person read;
  ASSERT_TRUE(stub->GetPerson(testing::TenantContext(tenant).get(), get, &read).ok());
  EXPECT_EQ(read.first_name(), "Ada");

  (*server)->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::ClientContext after;
  after.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  EXPECT_FALSE(stub->GetPerson(&after, get, &read).ok());
}

TEST(InProcessServer, AnUnreachableDatabaseIsAnErrorNotAnExit) {
  ServerConfig config = InProcessConfig();
  config.database_url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2";
  auto server = Server::Start(config);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(std::string(server.status().message()).find("migration failed"), std::string::npos)
      << server.status();
}

}  // namespace
}  // namespace consent
