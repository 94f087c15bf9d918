#pragma once
// Throwaway X.509 material for TLS tests, made with OpenSSL in the test itself: a CA and
// the certificates it issues (EC P-256, valid for a day, for both server and client
// authentication), written to temporary files.
#include <memory>
#include <string>
#include <vector>

namespace consent::testing {

struct Pem {
  std::string cert;
  std::string key;
};

// Certificate and key in files, as the binaries' flags name them.
struct PemFiles {
  std::string cert_file;
  std::string key_file;
};

class TestCa {
 public:
  explicit TestCa(const std::string& common_name);
  ~TestCa();
  const std::string& cert_pem() const { return self_.cert; }

  // A certificate for `common_name` with the subject alternative names `sans`, in
  // OpenSSL's notation: "DNS:localhost", "IP:127.0.0.1", "URI:spiffe://consent-tests/x".
  Pem Issue(const std::string& common_name, const std::vector<std::string>& sans) const;

 private:
  struct Key;
  std::unique_ptr<Key> key_;
  Pem self_;
};

// A new directory under the temporary directory, removed by nothing (tests are short).
std::string TempDir(const std::string& prefix);
// Writes `contents` to `path` through a temporary file renamed over it, as a Kubernetes
// Secret update swaps its files: a reader sees the old file or the new one, never half.
void WriteFileAtomically(const std::string& path, const std::string& contents);
std::string WriteFile(const std::string& path, const std::string& contents);  // returns path
// <dir>/<name>.crt and <dir>/<name>.key
PemFiles WritePem(const std::string& dir, const std::string& name, const Pem& pem);

// The subject common name of the first certificate in `pem` (to tell two apart).
std::string CommonName(const std::string& pem);

}  // namespace consent::testing
