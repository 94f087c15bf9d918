// The transport identity of an mTLS caller, as the admission interceptor records it for
// the handler (Caller::peer): real handshakes with the server's own credentials
// (MakeServerCredentials) against an in-process server whose one handler answers what the
// interceptor left for it. No PostgreSQL.
#include "server/auth/peer_identity.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "proto/consent/v1/persons.grpc.pb.h"
#include "server/app/server_credentials.h"
#include "server/auth/access_policy.h"
#include "server/auth/admission.h"
#include "server/common/caller.h"
#include "tests/support/test_tls.h"

namespace consent {
namespace {

using testing::Pem;
using testing::TestCa;

// GetPerson answers NOT_FOUND with the caller's peer identity as its message.
class PeerEcho : public v1::PersonService::Service {
  grpc::Status GetPerson(grpc::ServerContext* ctx, const v1::GetPersonRequest*,
                         v1::Person*) override {
    std::optional<Admission> admission = CallerRegistry::Instance().Find(ctx);
    if (!admission || !admission->caller.ok()) return {grpc::StatusCode::INTERNAL, "no caller"};
    return {grpc::StatusCode::NOT_FOUND, admission->caller->peer};
  }
};

class InProcessServer {
 public:
  explicit InProcessServer(const ServerTlsFiles& tls)
      : admission_(auth::AuthConfig{.insecure_no_auth = true},
                   *auth::AccessPolicy::ForServices({"consent.v1.PersonService"}), nullptr, nullptr,
                   {}) {
    auto credentials = MakeServerCredentials(tls);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", *credentials, &port_);
    builder.RegisterService(&service_);
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
    factories.push_back(admission_.InterceptorFactory());
    builder.experimental().SetInterceptorCreators(std::move(factories));
    server_ = builder.BuildAndStart();
  }
  ~InProcessServer() { server_->Shutdown(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  auth::Admission admission_;
  PeerEcho service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

// The peer the server recorded for a call with `client`'s certificate (none: nullptr).
std::string PeerSeen(const InProcessServer& server, const TestCa& ca, const Pem* client) {
  grpc::SslCredentialsOptions options{.pem_root_certs = ca.cert_pem()};
  if (client != nullptr) {
    options.pem_private_key = client->key;
    options.pem_cert_chain = client->cert;
  }
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto stub = v1::PersonService::NewStub(
      grpc::CreateCustomChannel(server.address(), grpc::SslCredentials(options), args));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::GetPersonRequest request;
  v1::Person person;
  grpc::Status status = stub->GetPerson(&ctx, request, &person);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  return status.error_message();
}

struct Files {
  Files() : dir(testing::TempDir("peer-identity")), ca("peer CA") {
    server = testing::WritePem(dir, "server", ca.Issue("server", {"IP:127.0.0.1"}));
    ca_file = testing::WriteFile(dir + "/ca.crt", ca.cert_pem());
  }
  std::string dir;
  TestCa ca;
  testing::PemFiles server;
  std::string ca_file;
};

TEST(PeerIdentity, IsTheSpiffeIdOfAVerifiedClientCertificate) {
  Files files;
  InProcessServer server({files.server.cert_file, files.server.key_file, files.ca_file});
  const Pem spiffe =
      files.ca.Issue("gateway", {"DNS:gateway.internal", "URI:spiffe://consent-tests/gateway"});
  EXPECT_EQ(PeerSeen(server, files.ca, &spiffe), "spiffe://consent-tests/gateway");
  const Pem dns = files.ca.Issue("gateway", {"DNS:gateway.internal"});
  EXPECT_EQ(PeerSeen(server, files.ca, &dns), "gateway.internal");
  const Pem no_san = files.ca.Issue("batch-job", {});
  EXPECT_EQ(PeerSeen(server, files.ca, &no_san), "batch-job");
}

TEST(PeerIdentity, IsEmptyWithoutAClientCertificate) {
  Files files;
  InProcessServer server({files.server.cert_file, files.server.key_file, ""});
  EXPECT_EQ(PeerSeen(server, files.ca, nullptr), "");
  // Not asked for, so not verified: a certificate sent anyway names nobody.
  const Pem client = files.ca.Issue("gateway", {"URI:spiffe://consent-tests/gateway"});
  EXPECT_EQ(PeerSeen(server, files.ca, &client), "");
}

}  // namespace
}  // namespace consent
