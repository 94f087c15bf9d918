// `cmake --install` into a temporary prefix yields a tree whose binaries start and serve
// on their own: the server finds its migrations under <prefix>/share/consent/migrations.
#include <filesystem>

#include <gtest/gtest.h>

#include "proto/consent/v1/persons.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/server_process.h"

namespace consent {
namespace {

namespace fs = std::filesystem;

class InstallTree : public ::testing::Test {
 protected:
  void SetUp() override {
    prefix_ = fs::temp_directory_path() / ("consent-install-" + std::to_string(getpid()));
    ASSERT_EQ(testing::RunCommand(
                  {CMAKE_COMMAND, "--install", CONSENT_BUILD_DIR, "--prefix", prefix_.string()}),
              0);
  }
  void TearDown() override { fs::remove_all(prefix_); }
  fs::path prefix_;
};

TEST_F(InstallTree, HasBinariesAndMigrations) {
  EXPECT_TRUE(fs::exists(prefix_ / "bin/consent-server"));
  EXPECT_TRUE(fs::exists(prefix_ / "share/consent/migrations/0001_initial_schema.sql"));
}

TEST_F(InstallTree, InstalledServerMigratesAndServes) {
  testing::PostgresCluster cluster;
  // Run from a directory unrelated to the source tree, as in the container image.
  testing::ServerProcess server(cluster.url(), {}, (prefix_ / "bin/consent-server").string());
  auto stub = v1::PersonService::NewStub(server.Channel());
  v1::CreatePersonRequest req;
  req.mutable_person()->set_first_name("Installed");
  v1::Person out;
  ASSERT_TRUE(stub->CreatePerson(testing::TenantContext("installed").get(), req, &out).ok());
  EXPECT_GT(out.person_id(), 0);
}

}  // namespace
}  // namespace consent
