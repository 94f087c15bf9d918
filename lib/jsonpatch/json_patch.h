#pragma once
// RFC 6902 JSON Patch and RFC 7396 JSON Merge Patch on nlohmann::json documents, with
// bounded cost: a patch may hold at most `max_operations` operations, the document it
// builds at most `max_values` JSON values (a `copy` of the root doubles the document; 30
// of them would ask for ~100 GiB), and its operations may add, replace and remove at most
// `max_touched_values` values in all (1000 copies of a 50 000-value member, within the
// size bound, took seconds). Failures are data, not text: the kind and the JSON pointer
// they concern, so callers map them without reading messages; the messages quote at most
// 100 bytes of anything the patch holds.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace consent::jsonpatch {

struct Limits {
  size_t max_operations = 1000;
  size_t max_values = 100000;           // every object, array, string, number, boolean and null
  size_t max_touched_values = 1000000;  // added, replaced or removed, over all operations
};

struct PatchError {
  enum class Kind {
    kMalformed,     // not an array of operation objects, unknown or missing op, missing
                    // value/from, path/from not a JSON pointer, a move into its own child
    kPathNotFound,  // the target, its parent or `from` does not exist (or a bad index)
    kTestFailed,    // a `test` operation did not match
    kTooLarge,      // more operations than allowed, a result over max_values, or more
                    // work than max_touched_values
  };
  Kind kind;
  std::string pointer;  // the JSON pointer concerned ("" when it is the whole patch)
  std::string message;  // for people: "path \"/a/b\" does not exist", ...
};

// The patched document, or why there is none.
struct PatchResult {
  nlohmann::json document;
  std::optional<PatchError> error;
  bool ok() const { return !error.has_value(); }
};

// Applies all operations of `patch` to a copy of `doc`; the result is all or nothing.
PatchResult ApplyJsonPatch(const nlohmann::json& doc, const nlohmann::json& patch,
                           const Limits& limits = {});

// RFC 7396: objects merge recursively, null removes a member, anything else replaces.
nlohmann::json ApplyMergePatch(const nlohmann::json& doc, const nlohmann::json& patch);

// The number of JSON values in `value` (itself included).
size_t CountValues(const nlohmann::json& value);

}  // namespace consent::jsonpatch
