#include "gateway/response_localizer.h"

#include <algorithm>

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>

#include "gateway/media_types.h"
#include "proto/consent/v1/rest.pb.h"

namespace consent::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::ordered_json;

// Language ranges of an Accept-Language value, by quality (then order); none of q=0 or "*".
std::vector<std::string> Ranges(const std::string& header) {
  std::vector<std::pair<double, std::string>> ranges;
  for (absl::string_view item : absl::StrSplit(header, ',', absl::SkipWhitespace())) {
    const std::string range(absl::StripAsciiWhitespace(item.substr(0, item.find(';'))));
    const double q = Quality(std::string(item));
    if (q > 0 && !range.empty() && range != "*" && range.size() <= 64) {
      ranges.emplace_back(q, range);
    }
  }
  std::stable_sort(ranges.begin(), ranges.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (auto& [q, range] : ranges) out.push_back(std::move(range));
  return out;
}

// RFC 4647 §3.4 lookup: the item whose Locale is `range`, else `range` less its last subtag
// (and a single-letter one before it), and so on; nullptr when none is.
const ordered_json* Lookup(const ordered_json& items, std::string range) {
  while (!range.empty()) {
    for (const ordered_json& item : items) {
      const auto locale = item.find("Locale");
      if (locale != item.end() && locale->is_string() &&
          absl::EqualsIgnoreCase(locale->get_ref<const std::string&>(), range)) {
        return &item;
      }
    }
    size_t dash = range.rfind('-');
    if (dash == std::string::npos) break;
    range.resize(dash);
    if (dash >= 2 && range[dash - 2] == '-') range.resize(dash - 2);
  }
  return nullptr;
}

class Localizer {
 public:
  explicit Localizer(const RenderPreferences& prefs) : prefs_(prefs) {}

  void Message(const Descriptor* type, ordered_json& json) {
    if (!json.is_object()) return;
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      auto it = json.find(field->json_name());
      if (it == json.end() || field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
      const Descriptor* item = field->message_type();
      if (field->is_map()) continue;
      if (!field->is_repeated()) {
        Value(item, *it);
      } else if (it->is_array()) {
        if (field->options().GetExtension(v1::localized)) Pick(*it);
        for (ordered_json& element : *it) Value(item, element);
      }
    }
  }

  std::string languages() const { return absl::StrJoin(chosen_, ", "); }

 private:
  void Value(const Descriptor* type, ordered_json& json) {
    if (type->well_known_type() == Descriptor::WELLKNOWNTYPE_TIMESTAMP) {
      if (prefs_.has_time_zone && json.is_string()) InZone(json);
    } else if (type->well_known_type() == Descriptor::WELLKNOWNTYPE_UNSPECIFIED) {
      Message(type, json);
    }
  }

  void Pick(ordered_json& items) {
    for (const std::string& range : prefs_.languages) {
      if (const ordered_json* item = Lookup(items, range)) {
        const std::string locale = (*item)["Locale"];
        ordered_json kept = ordered_json::array({*item});
        items = std::move(kept);
        if (std::find(chosen_.begin(), chosen_.end(), locale) == chosen_.end()) {
          chosen_.push_back(locale);
        }
        return;
      }
    }
  }

  void InZone(ordered_json& json) {
    absl::Time time;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, json.get<std::string>(), &time, &error)) return;
    json = absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*S%Ez", time, prefs_.time_zone);
  }

  const RenderPreferences& prefs_;
  std::vector<std::string> chosen_;
};

}  // namespace

RenderPreferences PreferencesOf(const std::string& accept_language, const std::string& so_language,
                                const std::string& so_time_zone) {
  RenderPreferences prefs;
  prefs.languages = Ranges(so_language.empty() ? accept_language : so_language);
  const std::string zone(absl::StripAsciiWhitespace(so_time_zone));
  // IANA names only: no paths, nothing absl would read outside the zoneinfo directory.
  if (!zone.empty() && zone.size() <= 64 && zone.find("..") == std::string::npos &&
      zone[0] != '/' && absl::LoadTimeZone(zone, &prefs.time_zone)) {
    prefs.has_time_zone = true;
  }
  return prefs;
}

std::string Localize(const Descriptor* type, const RenderPreferences& prefs, ordered_json& json) {
  Localizer localizer(prefs);
  localizer.Message(type, json);
  return localizer.languages();
}

}  // namespace consent::gateway
