#pragma once
// What a ledger event's hash commits to, shared by the server (which appends events) and
// consentctl (which verifies an export offline). docs/ledger.md describes the encoding;
// changing it breaks every chain already recorded.
//
//   details digest = SHA-256(salt || canonical JSON {description, evidence})
//   content digest = SHA-256(canonical JSON of the event's fields, the notice seen, and
//                    the details digest instead of the details)
//   event hash     = SHA-256(previous event's hash || content digest); the first event of
//                    a person's chain follows 32 zero bytes.
//
// Canonical JSON: an object with its keys sorted, no whitespace, UTF-8 (nlohmann's dump()).
// Personal data (description, evidence) enters only through the salted details digest, so
// erasing it (and its salt) leaves every hash verifiable.
#include <string>
#include <string_view>

#include "proto/consent/v1/ledger.pb.h"

namespace consent::ledger {

constexpr std::size_t kDigestBytes = 32;

// Raw 32-byte SHA-256.
std::string Sha256(std::string_view data);
std::string ToHex(std::string_view bytes);
// Empty when `hex` is not lowercase or uppercase hex of an even length.
std::string FromHex(std::string_view hex);

// The hash a person's first event follows.
std::string GenesisHash();

std::string DetailsDigest(std::string_view salt, const v1::ConsentEvent& event);

// The event's canonical content in `tenant` (its details as `event.details_digest()`, hex).
std::string CanonicalContent(std::string_view tenant, const v1::ConsentEvent& event);
std::string ContentDigest(std::string_view tenant, const v1::ConsentEvent& event);

std::string ChainHash(std::string_view prev_hash, std::string_view content_digest);

}  // namespace consent::ledger
