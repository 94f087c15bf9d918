#pragma once
// PATCH for any resource message: applies an RFC 6902 JSON Patch or an RFC 7396 merge patch
// to the resource's API JSON (lib/protojson/api_json.h) with the shared engine
// (lib/jsonpatch/json_patch.h), then parses the result back into the message.
//
// The format comes from CallContext::patch_format: "application/json-patch+json" is a JSON
// Patch, "application/merge-patch+json" a merge patch; any other type (application/json,
// text/json, or none over direct gRPC) decides by shape: an array is a JSON Patch, an object
// a merge patch (MyPreferences PATCH ConsentType sends JSON Patch arrays as application/json).
#include <functional>
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <google/protobuf/message.h>
#include <google/protobuf/struct.pb.h>

#include "lib/jsonpatch/json_patch.h"
#include "server/common/call_context.h"

namespace consent {

// What GET would show of a resource once `patched` is stored (in `shown`, a message of the
// same type), or why it cannot be stored.
using StoredView = std::function<absl::Status(const google::protobuf::Message& patched,
                                              google::protobuf::Message* shown)>;

// `resource` must be the message GET answers with (the caller's rights and every read-only
// member included): the document the patch works on is its REST JSON, printed by the
// printer that prints GET's answer (protojson::ToApiJson with null_unset), so a patch sees
// exactly what GET shows and `test` of GET's body at "" succeeds.
//
// On success `resource` holds the patched resource; on any error it is unchanged:
//   INVALID_ARGUMENT without violations  "malformed patch: ..."            (HTTP 400)
//   INVALID_ARGUMENT with a violation    a path that does not exist, a value of the wrong
//                                        type, an unknown property, a change to one of
//                                        `read_only_fields` ("<Prop>: is read-only"), or
//                                        with `stored_view` a change the store would not
//                                        keep (kept_changes.h) (HTTP 422)
//   ABORTED                              "test operation failed: ..."       (HTTP 409)
// `read_only_fields` are top-level JSON property names, compared before and after the patch
// (after re-serialising, so aliases such as "type_id" cannot slip a change through, and
// removing one, `{"TableRight": null}`, is a change). Errors of `stored_view` are returned.
// The bounds of every JSON Patch ApplyPatch applies (--max-patch-operations,
// --max-patch-values); set once at start, before any call. Default: jsonpatch::Limits{}.
void SetPatchLimits(const jsonpatch::Limits& limits);

absl::Status ApplyPatch(const google::protobuf::Value& patch, const CallContext& call,
                        const std::vector<std::string>& read_only_fields,
                        google::protobuf::Message* resource,
                        const StoredView& stored_view = nullptr);

}  // namespace consent
