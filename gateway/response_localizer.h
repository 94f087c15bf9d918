#pragma once
// What a client asks of an answer's language and time zone, applied to the API JSON of a
// message by its descriptor:
//   - Accept-Language (q-values) or SO-Language (which overrides it): each list marked
//     (consent.v1.localized) keeps only the item whose Locale the client asks for, by RFC
//     4647 lookup ("de-CH" tries de-CH, then de); the answer says Content-Language. No
//     match leaves the list as it is.
//   - SO-TimeZone (an IANA name): google.protobuf.Timestamp fields (SuperOffice's
//     UpdatedDate) are written in that zone with its offset.
// Unknown languages and zones are ignored, as the vendor pages imply.
#include <string>
#include <vector>

#include <absl/time/time.h>
#include <google/protobuf/descriptor.h>
#include <nlohmann/json.hpp>

namespace consent::gateway {

struct RenderPreferences {
  std::vector<std::string> languages;  // most preferred first
  bool has_time_zone = false;
  absl::TimeZone time_zone;

  bool empty() const { return languages.empty() && !has_time_zone; }
};

RenderPreferences PreferencesOf(const std::string& accept_language, const std::string& so_language,
                                const std::string& so_time_zone);

// Applies `prefs` to `json`, the API JSON of a `type` message, and returns the Locales the
// localized lists kept (comma-separated, for Content-Language; empty: none).
std::string Localize(const google::protobuf::Descriptor* type, const RenderPreferences& prefs,
                     nlohmann::ordered_json& json);

}  // namespace consent::gateway
