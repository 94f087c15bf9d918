#include "server/ledger/event_append.h"

#include <sodium.h>

#include <absl/strings/str_cat.h>

#include "lib/ledger/event_digest.h"
#include "lib/protojson/api_json.h"

namespace consent::ledger {
namespace {

std::string RandomBytes(std::size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

// A random (version 4) UUID.
std::string NewEventId() {
  std::string b = RandomBytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
  const std::string hex = ToHex(b);
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20));
}

std::string SubjectKind(const v1::ConsentEvent& e) {
  if (e.data_consent()) return "data_consent";
  return e.consent_purpose_id() != 0 ? "purpose" : "type";
}

nlohmann::json OrNull(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}

}  // namespace

const char kEventColumns[] =
    "tenant text, person_id int, event_id uuid, subject_kind text, subject_id int,"
    " version_id int, medium text, state text, legal_base_id int, source_id int, notice jsonb,"
    " collected_at timestamptz, recorded_at timestamptz, recorded_by text, request_id text,"
    " expires_at timestamptz, details_digest text, content_digest text, salt text,"
    " description text, evidence jsonb";

NewEvent Prepare(const CallContext& call, v1::ConsentEvent event, absl::Time now) {
  NewEvent out;
  out.salt = RandomBytes(16);
  event.set_event_id(NewEventId());
  event.set_recorded_at(Rfc3339(now));
  if (event.collected_at().empty()) event.set_collected_at(event.recorded_at());
  event.set_recorded_by(call.principal);
  event.set_request_id(call.request_id);
  event.set_details_digest(ToHex(DetailsDigest(out.salt, event)));
  out.event = std::move(event);
  return out;
}

nlohmann::json EventRecord(const CallContext& call, const NewEvent& n) {
  const v1::ConsentEvent& e = n.event;
  return {
      {"tenant", call.tenant},
      {"person_id", e.person_id()},
      {"event_id", e.event_id()},
      {"subject_kind", SubjectKind(e)},
      {"subject_id", e.consent_purpose_id() != 0 ? e.consent_purpose_id() : e.consent_type_id()},
      {"version_id", e.consent_version_id()},
      {"medium",
       e.medium() == v1::CONSENT_MEDIUM_UNSPECIFIED ? "" : v1::ConsentMedium_Name(e.medium())},
      {"state", v1::ConsentEvent::State_Name(e.state())},
      {"legal_base_id", e.legal_base_id()},
      {"source_id", e.consent_source_id()},
      {"notice", nlohmann::json::parse(protojson::ToApiJson(e.notice(), false))},
      {"collected_at", e.collected_at()},
      {"recorded_at", e.recorded_at()},
      {"recorded_by", e.recorded_by()},
      {"request_id", e.request_id()},
      {"expires_at", OrNull(e.expires_at())},
      {"details_digest", e.details_digest()},
      {"content_digest", ToHex(ContentDigest(call.tenant, e))},
      {"salt", ToHex(n.salt)},
      {"description", e.description()},
      {"evidence", nlohmann::json::parse(protojson::ToApiJson(e.evidence(), false))}};
}

std::string AppendEventsSql(absl::string_view source) {
  return absl::StrCat(
      " heads AS (INSERT INTO ledger_heads AS h"
      "     (tenant, person_id, sequence, prev_hash, hash, last_digest)"
      "   SELECT tenant, person_id, 1, '\\x",
      ToHex(GenesisHash()),
      "'::bytea,"
      "     sha256('\\x",
      ToHex(GenesisHash()),
      "'::bytea || decode(content_digest, 'hex')),"
      "     decode(content_digest, 'hex') FROM ",
      source,
      "   ON CONFLICT (tenant, person_id) DO UPDATE SET sequence = h.sequence + 1,"
      "     prev_hash = h.hash, hash = sha256(h.hash || EXCLUDED.last_digest),"
      "     last_digest = EXCLUDED.last_digest"
      "   RETURNING tenant, person_id, sequence, prev_hash, hash),"
      " appended AS (INSERT INTO consent_events (tenant, person_id, sequence, event_id,"
      "     subject_kind, subject_id, version_id, medium, state, legal_base_id, source_id,"
      "     notice, collected_at, recorded_at, recorded_by, request_id, expires_at,"
      "     details_digest, content_digest, prev_hash, hash)"
      "   SELECT s.tenant, s.person_id, h.sequence, s.event_id, s.subject_kind, s.subject_id,"
      "     s.version_id, s.medium, s.state, s.legal_base_id, s.source_id, s.notice,"
      "     s.collected_at, s.recorded_at, s.recorded_by, s.request_id, s.expires_at,"
      "     decode(s.details_digest, 'hex'), decode(s.content_digest, 'hex'), h.prev_hash, h.hash"
      "   FROM ",
      source,
      " s JOIN heads h USING (tenant, person_id)"
      "   RETURNING tenant, person_id, event_id, sequence, prev_hash, hash),"
      " details AS (INSERT INTO consent_event_details"
      "     (tenant, event_id, salt, description, evidence)"
      "   SELECT tenant, event_id, decode(salt, 'hex'), description, evidence FROM ",
      source, ")");
}

v1::ConsentEvent::State FromStatus(v1::ConsentStatus status) {
  switch (status) {
    case v1::awaiting:
      return v1::ConsentEvent::awaiting;
    case v1::refused:
      return v1::ConsentEvent::refused;
    case v1::granted:
      return v1::ConsentEvent::granted;
    default:
      return v1::ConsentEvent::STATE_UNSPECIFIED;
  }
}

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E6SZ", time, absl::UTCTimeZone());
}

bool ParseRfc3339(std::string_view text, absl::Time* time) {
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, absl::string_view(text.data(), text.size()), time,
                       &error))
    return false;
  return absl::ToUnixNanos(*time) % 1000 == 0;
}

}  // namespace consent::ledger
