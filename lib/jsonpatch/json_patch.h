#pragma once
// RFC 6902 JSON Patch and RFC 7396 JSON Merge Patch on nlohmann::json documents.
// Shared by the gateway and the server (which applies patches inside its transaction),
// so this header depends on nlohmann and absl only.
#include <absl/status/statusor.h>
#include <nlohmann/json.hpp>

namespace consent::jsonpatch {

// Applies all operations of `patch` to a copy of `doc`; the result is all or nothing.
// Errors:
//   kInvalidArgument  "malformed patch: ..."  (not an array of operation objects, unknown or
//                     missing op, missing value/from, path/from not a JSON pointer, a move
//                     into its own child)
//   kOutOfRange       "path ... does not exist" (target or parent missing, bad array index)
//   kAborted          "test failed ..."
absl::StatusOr<nlohmann::json> ApplyJsonPatch(const nlohmann::json& doc,
                                              const nlohmann::json& patch);

// RFC 7396: objects merge recursively, null removes a member, anything else replaces.
nlohmann::json ApplyMergePatch(const nlohmann::json& doc, const nlohmann::json& patch);

}  // namespace consent::jsonpatch
