#include "gateway/tls_certificate.h"

#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include "lib/observability/json_log.h"

namespace consent::gateway {
namespace {

namespace ssl = boost::asio::ssl;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError("cannot read " + path);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace

TlsCertificate::TlsCertificate(std::string cert_file, std::string key_file)
    : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)) {}

absl::StatusOr<std::unique_ptr<TlsCertificate>> TlsCertificate::Load(const std::string& cert_file,
                                                                     const std::string& key_file) {
  if (cert_file.empty() != key_file.empty()) {
    return absl::FailedPreconditionError("HTTPS needs both --tls-cert-file and --tls-key-file");
  }
  std::unique_ptr<TlsCertificate> tls(new TlsCertificate(cert_file, key_file));
  tls->stamp_ = tls->Read();
  absl::StatusOr<std::shared_ptr<ssl::context>> context = tls->Build();
  if (!context.ok()) return context.status();
  tls->current_ = *std::move(context);
  tls->next_check_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  return tls;
}

TlsCertificate::Stamp TlsCertificate::Read() const {
  Stamp stamp;
  long long* out = stamp.values;
  for (const std::string* path : {&cert_file_, &key_file_}) {
    struct stat st {};
    if (stat(path->c_str(), &st) == 0) {
      *out++ = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
      *out++ = st.st_size;
      *out++ = static_cast<long long>(st.st_ino);
    } else {
      out += 3;
    }
  }
  return stamp;
}

absl::StatusOr<std::shared_ptr<ssl::context>> TlsCertificate::Build() const {
  absl::StatusOr<std::string> cert = ReadFile(cert_file_);
  if (!cert.ok())
    return absl::InvalidArgumentError("--tls-cert-file: " + std::string(cert.status().message()));
  absl::StatusOr<std::string> key = ReadFile(key_file_);
  if (!key.ok())
    return absl::InvalidArgumentError("--tls-key-file: " + std::string(key.status().message()));
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  boost::system::error_code ec;
  context->use_certificate_chain(boost::asio::buffer(*cert), ec);
  if (ec) return absl::InvalidArgumentError("--tls-cert-file " + cert_file_ + ": " + ec.message());
  context->use_private_key(boost::asio::buffer(*key), ssl::context::pem, ec);
  if (ec) return absl::InvalidArgumentError("--tls-key-file " + key_file_ + ": " + ec.message());
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return absl::InvalidArgumentError("--tls-key-file " + key_file_ +
                                      " is not the key of the certificate in " + cert_file_);
  }
  return context;
}

std::shared_ptr<ssl::context> TlsCertificate::Current() {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now < next_check_) return current_;
  next_check_ = now + std::chrono::seconds(1);
  Stamp stamp = Read();
  if (stamp == stamp_) return current_;
  stamp_ = stamp;  // a failure is retried when the files change again, not every second
  absl::StatusOr<std::shared_ptr<ssl::context>> context = Build();
  if (context.ok()) {
    current_ = *std::move(context);
    observability::LogJson("info", "TLS certificate reloaded", {{"cert_file", cert_file_}});
  } else {
    observability::LogJson("warning", "TLS certificate not reloaded; the previous one is served",
                           {{"error", std::string(context.status().message())}});
  }
  return current_;
}

void TlsCertificate::Reload() {
  {
    std::lock_guard lock(mutex_);
    stamp_ = Stamp{};  // differs from any file's
    next_check_ = {};
  }
  Current();
}

}  // namespace consent::gateway
