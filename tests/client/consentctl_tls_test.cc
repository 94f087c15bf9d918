// consentctl against the real server with mTLS: --ca-file, --cert-file and --key-file reach
// it; without a client certificate, or plaintext, the server is unavailable (exit 6); a
// half configuration is a usage error (exit 2).
#include <gtest/gtest.h>

#include "tests/support/child_process.h"
#include "tests/support/server_process.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"
#include "tests/support/test_tls.h"

namespace consent {
namespace {

int Ctl(std::vector<std::string> args) {
  testing::ChildProcess child(CONSENTCTL_BINARY, args);
  while (child.WaitForLine("")) {
  }
  return child.Wait();
}

TEST(ConsentctlTls, CallsAnMtlsServerWithItsCertificate) {
  const std::string dir = testing::TempDir("consentctl-tls");
  testing::TestCa ca("consentctl CA");
  const std::string ca_file = testing::WriteFile(dir + "/ca.crt", ca.cert_pem());
  testing::PemFiles server_files =
      testing::WritePem(dir, "server", ca.Issue("server", {"IP:127.0.0.1"}));
  testing::PemFiles client =
      testing::WritePem(dir, "client", ca.Issue("ops", {"URI:spiffe://consent-tests/ops"}));
  testing::ServerProcess server(
      testing::SharedCluster().url(),
      {"--tls-cert-file=" + server_files.cert_file, "--tls-key-file=" + server_files.key_file,
       "--tls-client-ca-file=" + ca_file});
  const std::string tenant = testing::UniqueTenant();
  const std::vector<std::string> common = {
      "--server",  server.address(),
      "--tenant",  tenant,
      "--token",   testing::SignTestToken(testing::TestClaims(tenant)),
      "--timeout", "5s"};
  auto run = [&](std::vector<std::string> tls) {
    std::vector<std::string> args = common;
    args.insert(args.end(), tls.begin(), tls.end());
    args.insert(args.end(), {"persons", "get", "987654321"});
    return Ctl(args);
  };
  EXPECT_EQ(
      run({"--ca-file", ca_file, "--cert-file", client.cert_file, "--key-file", client.key_file}),
      3);  // not found: admitted
  EXPECT_EQ(run({"--ca-file", ca_file}), 6);
  EXPECT_EQ(run({}), 6);
  EXPECT_EQ(run({"--ca-file", ca_file, "--cert-file", client.cert_file}), 2);
  EXPECT_EQ(run({"--ca-file", dir + "/absent.crt"}), 2);
}

}  // namespace
}  // namespace consent
