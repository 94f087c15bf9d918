// Fuzzes the patch engine (lib/jsonpatch): the input's first line is the document (empty: a
// ConsentType as GET shows it), the rest the patch, applied as an RFC 6902 JSON Patch and as
// an RFC 7396 merge patch. Beyond not crashing:
// - a JSON Patch that is not an array is malformed, one over max_operations too large;
// - a failed patch leaves no document, names a JSON pointer of the patch (or none), and
//   says why in a few hundred bytes at most (messages travel in gRPC trailers);
// - a patched document holds at most max_values values (or the document's own count, which
//   a patch may keep but not grow), prints as JSON, and is what nlohmann's own RFC 6902
//   implementation makes of it (ours is stricter where RFC 6902 is: it may refuse more);
// - a merge patch is idempotent and its result no larger than document and patch together.
// The bounds are smaller than the server's (1000 operations, 100000 values, 1000000 touched) so
// that inputs of a few KiB reach them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lib/jsonpatch/json_patch.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using consent::jsonpatch::CountValues;
using consent::jsonpatch::PatchError;
using consent::jsonpatch::PatchResult;
using nlohmann::json;

constexpr consent::jsonpatch::Limits kLimits{
    .max_operations = 64, .max_values = 4096, .max_touched_values = 40960};

constexpr std::string_view kConsentType =
    R"({"TypeId":7,"Edited":{"CreateDate":"2024-01-02T03:04:05Z","CreatedBy":"api","ModifiedDate":null,"ModifiedBy":null},"Versions":[{"ConsentVersionId":3,"Edited":null,"ConsentVersion":"v1","LocalizedFields":[{"ConsentLanguage":"en","Locale":"en-US","Name":"Newsletter","Description":"Monthly news"}],"ExpirationInDays":365,"IsActive":true}],"TypeName":"Newsletter","IsActive":true})";

std::optional<json> Parse(std::string_view text) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

void CheckJsonPatch(const json& doc, const json& patch) {
  const PatchResult result = consent::jsonpatch::ApplyJsonPatch(doc, patch, kLimits);
  if (!result.ok()) {
    const PatchError& error = *result.error;
    FUZZ_CHECK(result.document.is_null(), "a failed patch leaves no document");
    FUZZ_CHECK(!error.message.empty(), "a failure says why");
    FUZZ_CHECK(error.message.size() <= 400, "a message quotes little of the patch");
    FUZZ_CHECK(error.pointer.empty() || error.pointer.front() == '/',
               "a failure names a JSON pointer or none");
    if (!patch.is_array()) {
      FUZZ_CHECK(error.kind == PatchError::Kind::kMalformed, "a patch that is no array");
    } else if (patch.size() > kLimits.max_operations) {
      FUZZ_CHECK(error.kind == PatchError::Kind::kTooLarge, "too many operations");
    }
    return;
  }
  FUZZ_CHECK(patch.is_array() && patch.size() <= kLimits.max_operations,
             "only an array within max_operations applies");
  FUZZ_CHECK(CountValues(result.document) <= std::max(kLimits.max_values, CountValues(doc)),
             "a patched document respects max_values");
  (void)result.document.dump();  // throws (an uncaught exception: a crash) if not JSON text
  // A move of the root to the root is RFC 6902's no-op, but nlohmann cannot remove the root.
  json patch_for_them = json::array();
  for (const json& operation : patch) {
    if (operation.value("op", "") != "move" || operation.value("from", "x") != "") {
      patch_for_them.push_back(operation);
    }
  }
  json theirs;
  try {
    theirs = doc.patch(patch_for_them);
  } catch (const json::exception&) {
    FUZZ_CHECK(false, "nlohmann applies a patch that ours applies");
  }
  FUZZ_CHECK(theirs == result.document, "nlohmann makes the same document of it");
}

void CheckMergePatch(const json& doc, const json& patch) {
  const json merged = consent::jsonpatch::ApplyMergePatch(doc, patch);
  FUZZ_CHECK(CountValues(merged) <= CountValues(doc) + CountValues(patch),
             "a merge patch adds no more than it holds");
  FUZZ_CHECK(consent::jsonpatch::ApplyMergePatch(merged, patch) == merged,
             "a merge patch is idempotent");
  if (!patch.is_object()) FUZZ_CHECK(merged == patch, "a merge patch that is no object replaces");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string_view doc_text = input.substr(0, newline);
  std::optional<json> doc = Parse(doc_text.empty() ? kConsentType : doc_text);
  std::optional<json> patch = Parse(input.substr(newline + 1));
  if (!doc || !patch) return 0;
  CheckJsonPatch(*doc, *patch);
  CheckMergePatch(*doc, *patch);
  return 0;
}
