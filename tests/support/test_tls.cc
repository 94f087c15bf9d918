#include "tests/support/test_tls.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace consent::testing {
namespace {

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL: ") + what);
}

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;
using PKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

std::string Drain(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, size);
}

std::string CertPem(X509* cert) {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  Check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
  return Drain(bio.get());
}

std::string KeyPem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  Check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM_write_bio_PrivateKey");
  return Drain(bio.get());
}

PKey NewKey() {
  PKey key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  Check(key != nullptr, "EVP_EC_gen");
  return key;
}

void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  Check(ext != nullptr, "X509V3_EXT_conf_nid");
  Check(X509_add_ext(cert, ext, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `common_name`, signed by `issuer_key` (`issuer` null:
// self-signed).
Cert NewCert(EVP_PKEY* key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key) {
  Cert cert(X509_new(), &X509_free);
  Check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_new(), &BN_free);
  Check(BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1, "BN_rand");
  Check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr,
        "BN_to_ASN1_INTEGER");
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  Check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  Check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                                   -1, 0) == 1,
        "X509_NAME_add_entry_by_txt");
  X509* signer = issuer != nullptr ? issuer : cert.get();
  Check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1,
        "X509_set_issuer_name");
  return cert;
}

void Sign(X509* cert, EVP_PKEY* key) { Check(X509_sign(cert, key, EVP_sha256()) > 0, "X509_sign"); }

}  // namespace

struct TestCa::Key {
  PKey key{nullptr, &EVP_PKEY_free};
  Cert cert{nullptr, &X509_free};
};

TestCa::TestCa(const std::string& common_name) : key_(std::make_unique<Key>()) {
  key_->key = NewKey();
  key_->cert = NewCert(key_->key.get(), common_name, nullptr, nullptr);
  X509* cert = key_->cert.get();
  AddExtension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExtension(cert, cert, NID_subject_key_identifier, "hash");
  Sign(cert, key_->key.get());
  self_ = {CertPem(cert), KeyPem(key_->key.get())};
}

TestCa::~TestCa() = default;

Pem TestCa::Issue(const std::string& common_name, const std::vector<std::string>& sans) const {
  PKey key = NewKey();
  Cert cert = NewCert(key.get(), common_name, key_->cert.get(), key_->key.get());
  X509* issuer = key_->cert.get();
  AddExtension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
  AddExtension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature,keyAgreement");
  AddExtension(cert.get(), issuer, NID_ext_key_usage, "serverAuth,clientAuth");
  AddExtension(cert.get(), issuer, NID_authority_key_identifier, "keyid");
  if (!sans.empty()) {
    std::string list;
    for (const std::string& san : sans) list += (list.empty() ? "" : ",") + san;
    AddExtension(cert.get(), issuer, NID_subject_alt_name, list);
  }
  Sign(cert.get(), key_->key.get());
  return {CertPem(cert.get()), KeyPem(key.get())};
}

std::string TempDir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
  Check(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
  return pattern;
}

std::string WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
  return path;
}

void WriteFileAtomically(const std::string& path, const std::string& contents) {
  const std::string staged = WriteFile(path + ".new", contents);
  if (std::rename(staged.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("cannot rename " + staged);
  }
}

PemFiles WritePem(const std::string& dir, const std::string& name, const Pem& pem) {
  return {WriteFile(dir + "/" + name + ".crt", pem.cert),
          WriteFile(dir + "/" + name + ".key", pem.key)};
}

std::string CommonName(const std::string& pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
  Check(cert != nullptr, "PEM_read_bio_X509");
  char name[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, name, sizeof name);
  return name;
}

}  // namespace consent::testing
