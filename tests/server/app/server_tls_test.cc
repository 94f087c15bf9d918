// TLS and mTLS on the gRPC port of the real consent-server: a client trusting the CA is
// served and a plaintext one is not; with --tls-client-ca-file a caller without a client
// certificate, or with one from another CA, is refused; a renewed certificate is served
// without a restart; a half configuration does not start.
#include <chrono>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "proto/consent/v1/persons.grpc.pb.h"
#include "server/app/server.h"
#include "tests/support/server_process.h"
#include "tests/support/test_stack.h"
#include "tests/support/test_tls.h"

namespace consent {
namespace {

using testing::Pem;
using testing::PemFiles;
using testing::TestCa;

// One PKI for the whole file: a CA that issued the server's and a client's certificate,
// and another CA with a client certificate of its own.
struct Pki {
  Pki()
      : dir(testing::TempDir("server-tls")),
        ca("consent-tests CA"),
        other_ca("untrusted CA"),
        ca_file(testing::WriteFile(dir + "/ca.crt", ca.cert_pem())),
        server(testing::WritePem(dir, "server",
                                 ca.Issue("server-a", {"DNS:localhost", "IP:127.0.0.1"}))),
        client(ca.Issue("gateway", {"URI:spiffe://consent-tests/gateway"})),
        stranger(other_ca.Issue("gateway", {"URI:spiffe://consent-tests/gateway"})) {}
  std::string dir;
  TestCa ca;
  TestCa other_ca;
  std::string ca_file;
  PemFiles server;
  Pem client;
  Pem stranger;
};

Pki& SharedPki() {
  static Pki* pki = new Pki;
  return *pki;
}

std::vector<std::string> TlsFlags(const PemFiles& server, const std::string& client_ca = "") {
  std::vector<std::string> flags = {"--tls-cert-file=" + server.cert_file,
                                    "--tls-key-file=" + server.key_file};
  if (!client_ca.empty()) flags.push_back("--tls-client-ca-file=" + client_ca);
  return flags;
}

// A channel of its own (no connection shared with another test's).
std::shared_ptr<grpc::Channel> Dial(const std::string& address,
                                    std::shared_ptr<grpc::ChannelCredentials> credentials) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, credentials, args);
}

std::shared_ptr<grpc::ChannelCredentials> Tls(const std::string& ca_pem,
                                              const Pem* client = nullptr) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ca_pem;
  if (client != nullptr) {
    options.pem_cert_chain = client->cert;
    options.pem_private_key = client->key;
  }
  return grpc::SslCredentials(options);
}

// GetPerson of a person that does not exist: NOT_FOUND means the call was admitted.
grpc::Status GetMissingPerson(const std::shared_ptr<grpc::Channel>& channel,
                              std::string* server_common_name = nullptr) {
  auto stub = v1::PersonService::NewStub(channel);
  const std::string tenant = testing::UniqueTenant();
  auto ctx = testing::TenantContext(tenant);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::GetPersonRequest request;
  request.set_person_id(987654321);
  v1::Person person;
  grpc::Status status = stub->GetPerson(ctx.get(), request, &person);
  if (server_common_name != nullptr) {
    auto names = ctx->auth_context()->FindPropertyValues("x509_common_name");
    *server_common_name = names.empty() ? "" : std::string(names[0].data(), names[0].size());
  }
  return status;
}

TEST(ServerTls, ServesAClientTrustingItsCaAndRefusesPlaintext) {
  Pki& pki = SharedPki();
  testing::ServerProcess server(testing::SharedCluster().url(), TlsFlags(pki.server));
  std::string name;
  grpc::Status tls = GetMissingPerson(Dial(server.address(), Tls(pki.ca.cert_pem())), &name);
  EXPECT_EQ(tls.error_code(), grpc::StatusCode::NOT_FOUND) << tls.error_message();
  EXPECT_EQ(name, "server-a");
  // Without a client CA, a client certificate is not needed and one sent does no harm.
  grpc::Status with_cert =
      GetMissingPerson(Dial(server.address(), Tls(pki.ca.cert_pem(), &pki.client)));
  EXPECT_EQ(with_cert.error_code(), grpc::StatusCode::NOT_FOUND) << with_cert.error_message();

  grpc::Status plain = GetMissingPerson(Dial(server.address(), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(plain.error_code(), grpc::StatusCode::UNAVAILABLE) << plain.error_message();
  // A client that trusts another CA does not accept the server.
  grpc::Status distrusting = GetMissingPerson(Dial(server.address(), Tls(pki.other_ca.cert_pem())));
  EXPECT_EQ(distrusting.error_code(), grpc::StatusCode::UNAVAILABLE) << distrusting.error_message();
}

TEST(ServerMtls, RefusesCallersWithoutATrustedClientCertificate) {
  Pki& pki = SharedPki();
  testing::ServerProcess server(testing::SharedCluster().url(), TlsFlags(pki.server, pki.ca_file));
  grpc::Status none = GetMissingPerson(Dial(server.address(), Tls(pki.ca.cert_pem())));
  EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAVAILABLE) << none.error_message();
  grpc::Status untrusted =
      GetMissingPerson(Dial(server.address(), Tls(pki.ca.cert_pem(), &pki.stranger)));
  EXPECT_EQ(untrusted.error_code(), grpc::StatusCode::UNAVAILABLE) << untrusted.error_message();
  grpc::Status plain = GetMissingPerson(Dial(server.address(), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(plain.error_code(), grpc::StatusCode::UNAVAILABLE) << plain.error_message();

  grpc::Status trusted =
      GetMissingPerson(Dial(server.address(), Tls(pki.ca.cert_pem(), &pki.client)));
  EXPECT_EQ(trusted.error_code(), grpc::StatusCode::NOT_FOUND) << trusted.error_message();
}

TEST(ServerMtls, TheBearerTokenIsStillRequired) {
  Pki& pki = SharedPki();
  testing::ServerProcess server(testing::SharedCluster().url(), TlsFlags(pki.server, pki.ca_file));
  auto stub =
      v1::PersonService::NewStub(Dial(server.address(), Tls(pki.ca.cert_pem(), &pki.client)));
  grpc::ClientContext ctx;
  ctx.AddMetadata("customer-id", testing::UniqueTenant());
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::GetPersonRequest request;
  request.set_person_id(1);
  v1::Person person;
  EXPECT_EQ(stub->GetPerson(&ctx, request, &person).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST(ServerTls, ServesARenewedCertificateWithoutARestart) {
  Pki& pki = SharedPki();
  const std::string dir = testing::TempDir("server-tls-renew");
  PemFiles files = testing::WritePem(dir, "server", pki.ca.Issue("server-a", {"IP:127.0.0.1"}));
  testing::ServerProcess server(testing::SharedCluster().url(), TlsFlags(files));
  std::string name;
  ASSERT_TRUE(
      GetMissingPerson(Dial(server.address(), Tls(pki.ca.cert_pem())), &name).error_code() ==
      grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(name, "server-a");

  const Pem renewed = pki.ca.Issue("server-b", {"IP:127.0.0.1"});
  testing::WriteFileAtomically(files.key_file, renewed.key);
  testing::WriteFileAtomically(files.cert_file, renewed.cert);
  // The server rereads its files every few seconds (kTlsRefreshSeconds): poll new
  // connections until one is served the new certificate.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (name != "server-b" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    GetMissingPerson(Dial(server.address(), Tls(pki.ca.cert_pem())), &name);
  }
  EXPECT_EQ(name, "server-b");
}

ServerConfig InProcessConfig() {
  ServerConfig config;
  config.listen = "127.0.0.1:0";
  config.database_url = testing::SharedCluster().url();
  config.migrations_dir = DefaultMigrationsDir();
  config.auth.insecure_no_auth = true;
  return config;
}

TEST(ServerTls, AHalfConfigurationDoesNotStart) {
  Pki& pki = SharedPki();
  struct Case {
    ServerTlsFiles tls;
    absl::StatusCode code;
    std::string says;
  };
  const PemFiles other = testing::WritePem(pki.dir, "other", pki.ca.Issue("other", {}));
  const Case cases[] = {
      {{.cert_file = pki.server.cert_file},
       absl::StatusCode::kFailedPrecondition,
       "--tls-key-file"},
      {{.key_file = pki.server.key_file}, absl::StatusCode::kFailedPrecondition, "--tls-cert-file"},
      {{.client_ca_file = pki.ca_file}, absl::StatusCode::kFailedPrecondition, "--tls-cert-file"},
      {{.cert_file = pki.server.cert_file, .key_file = other.key_file},
       absl::StatusCode::kInvalidArgument,
       "is not the key of"},
      {{.cert_file = pki.dir + "/absent.crt", .key_file = pki.server.key_file},
       absl::StatusCode::kInvalidArgument,
       "cannot read"},
      {{.cert_file = pki.server.cert_file,
        .key_file = pki.server.key_file,
        .client_ca_file = pki.server.key_file},
       absl::StatusCode::kInvalidArgument,
       "--tls-client-ca-file"},
  };
  for (const Case& c : cases) {
    ServerConfig config = InProcessConfig();
    config.tls = c.tls;
    auto server = Server::Start(config);
    ASSERT_FALSE(server.ok()) << c.says;
    EXPECT_EQ(server.status().code(), c.code) << server.status();
    EXPECT_NE(server.status().message().find(c.says), std::string::npos) << server.status();
  }
}

TEST(ServerTls, TheBinaryRefusesAHalfConfiguration) {
  Pki& pki = SharedPki();
  EXPECT_THROW(testing::ServerProcess(testing::SharedCluster().url(),
                                      {"--tls-cert-file=" + pki.server.cert_file}),
               std::runtime_error);
}

}  // namespace
}  // namespace consent
