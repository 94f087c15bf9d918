#include "lib/ledger/event_digest.h"

#include <sodium.h>

#include <absl/strings/ascii.h>
#include <absl/strings/escaping.h>
#include <nlohmann/json.hpp>

#include "proto/consent/v1/persons.pb.h"

namespace consent::ledger {
namespace {

nlohmann::json Evidence(const v1::ConsentEvidence& e) {
  return {{"collectionMethod", e.collection_method()},
          {"formUrl", e.form_url()},
          {"ipAddress", e.ip_address()},
          {"userAgent", e.user_agent()},
          {"note", e.note()}};
}

nlohmann::json Notice(const v1::ConsentNotice& n) {
  return {{"locale", n.locale()},           {"name", n.name()},
          {"description", n.description()}, {"consentText", n.consent_text()},
          {"formText", n.form_text()},      {"versionLabel", n.version_label()}};
}

nlohmann::json Subject(const v1::ConsentEvent& e) {
  if (e.data_consent()) return {{"kind", "data_consent"}};
  if (e.consent_purpose_id() != 0) return {{"kind", "purpose"}, {"id", e.consent_purpose_id()}};
  return {{"kind", "type"}, {"id", e.consent_type_id()}, {"version", e.consent_version_id()}};
}

std::string MediumName(v1::ConsentMedium medium) {
  return medium == v1::CONSENT_MEDIUM_UNSPECIFIED ? "" : v1::ConsentMedium_Name(medium);
}

// Invalid UTF-8 cannot reach here (the server refuses it); replacing keeps dump() total.
std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string Sha256(std::string_view data) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

std::string ToHex(std::string_view bytes) {
  return absl::BytesToHexString(absl::string_view(bytes.data(), bytes.size()));
}

std::string FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return "";
  for (char c : hex) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return "";
  }
  return absl::HexStringToBytes(absl::string_view(hex.data(), hex.size()));
}

std::string GenesisHash() { return std::string(kDigestBytes, '\0'); }

std::string DetailsDigest(std::string_view salt, const v1::ConsentEvent& event) {
  const nlohmann::json details = {{"description", event.description()},
                                  {"evidence", Evidence(event.evidence())}};
  std::string input(salt);
  input += Dump(details);
  return Sha256(input);
}

std::string CanonicalContent(std::string_view tenant, const v1::ConsentEvent& e) {
  const nlohmann::json content = {{"v", 1},
                                  {"tenant", std::string(tenant)},
                                  {"eventId", e.event_id()},
                                  {"personId", e.person_id()},
                                  {"subject", Subject(e)},
                                  {"medium", MediumName(e.medium())},
                                  {"state", v1::ConsentEvent::State_Name(e.state())},
                                  {"legalBaseId", e.legal_base_id()},
                                  {"sourceId", e.consent_source_id()},
                                  {"notice", Notice(e.notice())},
                                  {"collectedAt", e.collected_at()},
                                  {"recordedAt", e.recorded_at()},
                                  {"recordedBy", e.recorded_by()},
                                  {"requestId", e.request_id()},
                                  {"expiresAt", e.expires_at()},
                                  {"details", e.details_digest()}};
  return Dump(content);
}

std::string ContentDigest(std::string_view tenant, const v1::ConsentEvent& event) {
  return Sha256(CanonicalContent(tenant, event));
}

std::string ChainHash(std::string_view prev_hash, std::string_view content_digest) {
  std::string input(prev_hash);
  input += content_digest;
  return Sha256(input);
}

}  // namespace consent::ledger
