#include "server/app/server_credentials.h"

#include <fstream>
#include <sstream>

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace consent {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError("--" + flag + ": cannot read " + path);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
Bio MemoryBio(const std::string& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
}

// The files gRPC would otherwise only complain about in its log, at the first handshake.
absl::Status CheckFiles(const ServerTlsFiles& tls) {
  absl::StatusOr<std::string> cert = ReadPem("tls-cert-file", tls.cert_file);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem("tls-key-file", tls.key_file);
  if (!key.ok()) return key.status();
  std::unique_ptr<X509, decltype(&X509_free)> x509(
      PEM_read_bio_X509(MemoryBio(*cert).get(), nullptr, nullptr, nullptr), &X509_free);
  if (!x509)
    return absl::InvalidArgumentError("--tls-cert-file: no PEM certificate in " + tls.cert_file);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      PEM_read_bio_PrivateKey(MemoryBio(*key).get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!pkey)
    return absl::InvalidArgumentError("--tls-key-file: no PEM private key in " + tls.key_file);
  if (X509_check_private_key(x509.get(), pkey.get()) != 1) {
    return absl::InvalidArgumentError("--tls-key-file: " + tls.key_file +
                                      " is not the key of the certificate in " + tls.cert_file);
  }
  if (!tls.client_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadPem("tls-client-ca-file", tls.client_ca_file);
    if (!ca.ok()) return ca.status();
    std::unique_ptr<X509, decltype(&X509_free)> ca_cert(
        PEM_read_bio_X509(MemoryBio(*ca).get(), nullptr, nullptr, nullptr), &X509_free);
    if (!ca_cert) {
      return absl::InvalidArgumentError("--tls-client-ca-file: no PEM certificate in " +
                                        tls.client_ca_file);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsFiles& tls) {
  if (tls.cert_file.empty() && tls.key_file.empty() && tls.client_ca_file.empty()) {
    return grpc::InsecureServerCredentials();
  }
  if (tls.cert_file.empty() || tls.key_file.empty()) {
    return absl::FailedPreconditionError(
        "TLS needs both --tls-cert-file and --tls-key-file (--tls-client-ca-file needs them"
        " too)");
  }
  if (absl::Status checked = CheckFiles(tls); !checked.ok()) return checked;
  namespace tls_api = grpc::experimental;
  auto provider = tls.client_ca_file.empty()
                      ? std::make_shared<tls_api::FileWatcherCertificateProvider>(
                            tls.key_file, tls.cert_file, kTlsRefreshSeconds)
                      : std::make_shared<tls_api::FileWatcherCertificateProvider>(
                            tls.key_file, tls.cert_file, tls.client_ca_file, kTlsRefreshSeconds);
  tls_api::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (tls.client_ca_file.empty()) {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return tls_api::TlsServerCredentials(options);
}

}  // namespace consent
