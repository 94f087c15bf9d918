#pragma once
// The server-owned parts of a consent type: TypeId (from the table), ConsentVersionId (from
// the sequence consent_version_ids) and the Edited audit fields of the type and its versions.
//
// Versions are identified by ConsentVersionId, not by position: after a PATCH every version
// with an id must be a distinct existing version whose id and Edited are unchanged; a version
// without an id (0) is new and gets a fresh id and Edited. An existing version whose content
// changed gets a new ModifiedDate/ModifiedBy, and so does the type on every PATCH.
#include <string>
#include <vector>

#include <absl/status/status.h>

#include "proto/consent/v1/consent_types.pb.h"
#include "server/common/call_context.h"

namespace consent::consent_types {

// Who and when, for Edited: the call's principal and the current time, RFC 3339 UTC.
struct Audit {
  std::string principal;
  std::string now;
};
Audit AuditNow(const CallContext& call);

// Create ignores whatever TypeId, Edited, ConsentVersionId and IsAssociatedWithProfiles the
// caller sent (so does a PATCH for the versions it adds).
void ClearServerFields(v1::ConsentTypeEntry* entry);

// Versions with ConsentVersionId 0, which need an id from the sequence.
int NewVersionCount(const v1::ConsentTypeEntry& entry);

// Field violations ("Versions[1].ConsentVersionId: is read-only", "...Edited: ...") when
// `patched` invents or duplicates a version id, changes an existing version's Edited or
// IsAssociatedWithProfiles (computed: `stored` carries it), or changes the texts, label or
// expiry of a version with decisions under it, or removes such a version.
absl::Status CheckVersionIdentities(const v1::ConsentTypeEntry& stored,
                                    const v1::ConsentTypeEntry& patched);

// Numbers new versions from `new_ids` (NewVersionCount of them) and sets Edited: on a new
// type (`stored` null) everything is created now; otherwise new versions are created now,
// changed versions and the type are modified now.
void Stamp(const v1::ConsentTypeEntry* stored, const Audit& audit, const std::vector<int>& new_ids,
           v1::ConsentTypeEntry* entry);

}  // namespace consent::consent_types
