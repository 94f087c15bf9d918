#pragma once
// The HTTPS listener's certificate and key as an OpenSSL context, rebuilt when the files
// change: each new connection checks their modification times, at most once a second, and
// SIGHUP rebuilds at once. Connections keep the context they started with, so a renewal
// drops none of them. A file that does not load (half written, key and certificate not a
// pair) keeps the previous context and is logged.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include <absl/status/statusor.h>
#include <boost/asio/ssl/context.hpp>

namespace consent::gateway {

class TlsCertificate {
 public:
  // Fails when the files do not load.
  static absl::StatusOr<std::unique_ptr<TlsCertificate>> Load(const std::string& cert_file,
                                                              const std::string& key_file);

  // The context for a new connection. Thread-safe.
  std::shared_ptr<boost::asio::ssl::context> Current();
  // Rebuilds from the files now (SIGHUP). Thread-safe.
  void Reload();

 private:
  // What tells a changed file: modification time, size and inode of both files.
  struct Stamp {
    bool operator==(const Stamp&) const = default;
    long long values[6] = {};
  };
  TlsCertificate(std::string cert_file, std::string key_file);
  Stamp Read() const;
  absl::StatusOr<std::shared_ptr<boost::asio::ssl::context>> Build() const;

  const std::string cert_file_;
  const std::string key_file_;
  std::mutex mutex_;
  std::shared_ptr<boost::asio::ssl::context> current_;
  Stamp stamp_;  // of the files current_ was built from (or last failed to build from)
  std::chrono::steady_clock::time_point next_check_;
};

}  // namespace consent::gateway
