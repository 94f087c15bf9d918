#pragma once
// Whether the store keeps what a patch wrote. A resource can show members it does not store
// as given: a ConsentPerson shows the whole list item it refers to but stores only its id,
// and every carrier shows rights computed per call. A patch that changes such a member is
// refused, never answered 200 with the change silently dropped.
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <google/protobuf/descriptor.h>
#include <nlohmann/json.hpp>

namespace consent {

// A member of a resource's document that a patch wrote: its JSON pointer ("/LegalBase/Name")
// and its property name ("LegalBase.Name"). Members are followed down through singular
// messages; a list, a map, a scalar or a timestamp counts as one member.
struct WrittenMember {
  std::string pointer;
  std::string property;
};

// The members `patch` (already applied, its paths spelled with JSON names) writes to a
// `type` document: for a JSON Patch (`json_patch`) the members each operation's value holds
// at its path (the target of `remove`, `move`'s source too; `copy` and `move` write what
// `after`, the patched document, holds there), for a merge patch each member it names
// (null, a removal, too). A `replace` of a whole object writes only the members its value
// holds: `{"LegalBaseId": 4}` refers to another item and leaves the rest to the store.
std::vector<WrittenMember> MembersWritten(const google::protobuf::Descriptor& type,
                                          const nlohmann::json& patch, bool json_patch,
                                          const nlohmann::json& after);

// The documents are the REST JSON (protojson::ToApiJson with null_unset) of the resource:
// `before` what the patch worked on, `read` the patched document as the resource reads it
// back (parsed and printed again), `stored` what GET will show once it is stored. Each
// written member whose `read` value differs from `before` (the patch changed it) and from
// `stored` (the store does not keep it) is a field violation "<property>: is read-only".
absl::Status CheckChangesKept(const std::vector<WrittenMember>& written,
                              const nlohmann::json& before, const nlohmann::json& read,
                              const nlohmann::json& stored);

}  // namespace consent
