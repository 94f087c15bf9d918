// HTTPS on the real gateway's listener and TLS/mTLS from it to the real server: a REST
// client trusting the CA reaches the API through both; the gateway without a client
// certificate is refused by an mTLS server; a renewed listener certificate is served
// without a restart, and SIGHUP reloads rather than ends the gateway.
#include <signal.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/gateway_process.h"
#include "tests/support/http_client.h"
#include "tests/support/https_client.h"
#include "tests/support/server_process.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_stack.h"
#include "tests/support/test_tls.h"

namespace consent {
namespace {

using testing::HttpsRequest;
using testing::HttpsResult;
using testing::PemFiles;
using testing::TestCa;

struct Pki {
  Pki()
      : dir(testing::TempDir("gateway-tls")),
        ca("consent-tests CA"),
        ca_file(testing::WriteFile(dir + "/ca.crt", ca.cert_pem())),
        server(testing::WritePem(dir, "server",
                                 ca.Issue("server", {"DNS:consent-server", "IP:127.0.0.1"}))),
        gateway_client(testing::WritePem(
            dir, "gateway-client", ca.Issue("gateway", {"URI:spiffe://consent-tests/gateway"}))) {}
  std::string dir;
  TestCa ca;
  std::string ca_file;
  PemFiles server;
  PemFiles gateway_client;
};

Pki& SharedPki() {
  static Pki* pki = new Pki;
  return *pki;
}

// consent-server with mTLS: a caller needs a certificate from the test CA. Stopped at exit
// before the cluster it uses (which was made first).
testing::ServerProcess& MtlsServer() {
  Pki& pki = SharedPki();
  static testing::ServerProcess server(
      testing::SharedCluster().url(),
      {"--tls-cert-file=" + pki.server.cert_file, "--tls-key-file=" + pki.server.key_file,
       "--tls-client-ca-file=" + pki.ca_file});
  return server;
}

std::vector<std::string> BackendMtlsFlags() {
  Pki& pki = SharedPki();
  return {"--backend-ca-file=" + pki.ca_file, "--backend-cert-file=" + pki.gateway_client.cert_file,
          "--backend-key-file=" + pki.gateway_client.key_file};
}

std::vector<std::string> HttpsFlags(const PemFiles& files) {
  return {"--tls-cert-file=" + files.cert_file, "--tls-key-file=" + files.key_file};
}

HttpsResult GetPerson(const std::string& gateway) {
  const std::string tenant = testing::UniqueTenant();
  return HttpsRequest(gateway, SharedPki().ca.cert_pem(), "GET", "/v1/persons/1",
                      {{"Authorization", testing::BearerFor(tenant)}});
}

TEST(GatewayTls, ServesHttpsAndReachesAnMtlsServer) {
  Pki& pki = SharedPki();
  PemFiles listener =
      testing::WritePem(pki.dir, "listener-1", pki.ca.Issue("gateway-a", {"DNS:localhost"}));
  std::vector<std::string> flags = BackendMtlsFlags();
  for (std::string& flag : HttpsFlags(listener)) flags.push_back(flag);
  testing::GatewayProcess gateway(MtlsServer().address(), flags);

  HttpsResult health = HttpsRequest(gateway.address(), pki.ca.cert_pem(), "GET", "/healthz");
  ASSERT_EQ(health.error, "");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.peer_common_name, "gateway-a");
  HttpsResult person = GetPerson(gateway.address());
  ASSERT_EQ(person.error, "");
  EXPECT_EQ(person.status, 404) << person.body;  // admitted: the tenant has no person 1

  // A client that trusts another CA does not accept the gateway; plain HTTP gets nothing.
  TestCa other("other CA");
  EXPECT_NE(HttpsRequest(gateway.address(), other.cert_pem(), "GET", "/healthz").error, "");
  EXPECT_ANY_THROW(testing::HttpClient(gateway.address()).Get("/healthz"));
}

TEST(GatewayTls, WithoutAClientCertificateTheMtlsServerRefusesTheGateway) {
  Pki& pki = SharedPki();
  testing::GatewayProcess gateway(MtlsServer().address(), {"--backend-ca-file=" + pki.ca_file});
  testing::HttpResponse r =
      testing::HttpClient(gateway.address())
          .Request("GET", "/v1/persons/1",
                   {{"Authorization", testing::BearerFor(testing::UniqueTenant())}});
  EXPECT_EQ(r.status, 503) << r.body;
}

TEST(GatewayTls, BackendServerNameOverridesTheHostChecked) {
  Pki& pki = SharedPki();
  // The server's certificate names consent-server and 127.0.0.1, not "localhost".
  const std::string port = MtlsServer().address().substr(MtlsServer().address().rfind(':'));
  std::vector<std::string> flags = BackendMtlsFlags();
  testing::GatewayProcess wrong_name("localhost" + port, flags);
  testing::HttpClient wrong(wrong_name.address());
  EXPECT_EQ(wrong
                .Request("GET", "/v1/persons/1",
                         {{"Authorization", testing::BearerFor(testing::UniqueTenant())}})
                .status,
            503);
  flags.push_back("--backend-server-name=consent-server");
  testing::GatewayProcess overridden("localhost" + port, flags);
  testing::HttpClient right(overridden.address());
  EXPECT_EQ(right
                .Request("GET", "/v1/persons/1",
                         {{"Authorization", testing::BearerFor(testing::UniqueTenant())}})
                .status,
            404);
}

TEST(GatewayTls, ServesARenewedCertificateAndSurvivesSighup) {
  Pki& pki = SharedPki();
  const std::string dir = testing::TempDir("gateway-tls-renew");
  PemFiles listener =
      testing::WritePem(dir, "listener", pki.ca.Issue("gateway-a", {"DNS:localhost"}));
  testing::GatewayProcess gateway(testing::SharedServer().address(), HttpsFlags(listener));
  ASSERT_EQ(HttpsRequest(gateway.address(), pki.ca.cert_pem(), "GET", "/healthz").peer_common_name,
            "gateway-a");

  const testing::Pem renewed = pki.ca.Issue("gateway-b", {"DNS:localhost"});
  testing::WriteFileAtomically(listener.key_file, renewed.key);
  testing::WriteFileAtomically(listener.cert_file, renewed.cert);
  // New connections look at the files at most once a second: poll until one is served
  // the new certificate.
  std::string served;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (served != "gateway-b" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    served = HttpsRequest(gateway.address(), pki.ca.cert_pem(), "GET", "/healthz").peer_common_name;
  }
  EXPECT_EQ(served, "gateway-b");

  // SIGHUP rereads the files (a plain HTTP gateway would end by it).
  gateway.process().Signal(SIGHUP);
  HttpsResult after = HttpsRequest(gateway.address(), pki.ca.cert_pem(), "GET", "/healthz");
  EXPECT_EQ(after.error, "");
  EXPECT_EQ(after.peer_common_name, "gateway-b");
}

TEST(GatewayTls, AHalfConfigurationDoesNotStart) {
  Pki& pki = SharedPki();
  const std::string backend = testing::SharedServer().address();
  EXPECT_THROW(testing::GatewayProcess(backend, {"--tls-cert-file=" + pki.server.cert_file}),
               std::runtime_error);
  EXPECT_THROW(testing::GatewayProcess(backend, {"--backend-cert-file=" + pki.server.cert_file}),
               std::runtime_error);
  EXPECT_THROW(testing::GatewayProcess(backend, {"--tls-cert-file=" + pki.server.cert_file,
                                                 "--tls-key-file=" + pki.gateway_client.key_file}),
               std::runtime_error);
}

}  // namespace
}  // namespace consent
