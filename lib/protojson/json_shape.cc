#include "lib/protojson/json_shape.h"

#include <cmath>
#include <limits>
#include <string_view>

#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include "lib/protojson/unset_enum.h"

namespace consent::protojson {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::json;

// A JSON number or numeric string with no fractional part, within [min, max].
template <typename Int>
bool IsInteger(const json& value) {
  long double number = 0;
  if (value.is_number_integer()) {
    if (value.is_number_unsigned())
      return value.get<unsigned long long>() <= std::numeric_limits<Int>::max();
    number = value.get<long long>();
  } else if (value.is_number_float()) {
    number = value.get<double>();
  } else if (value.is_string()) {
    Int parsed;
    return absl::SimpleAtoi(value.get_ref<const std::string&>(), &parsed);
  } else {
    return false;
  }
  return std::floor(number) == number && number >= std::numeric_limits<Int>::min() &&
         number <= std::numeric_limits<Int>::max();
}

bool IsNumber(const json& value) {
  if (value.is_number()) return true;
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  double parsed;
  return text == "NaN" || text == "Infinity" || text == "-Infinity" ||
         absl::SimpleAtod(text, &parsed);
}

// A string protobuf's TimeUtil reads as a Timestamp or Duration.
template <typename TimeType>
bool ParsesAs(const json& value) {
  TimeType parsed;
  return value.is_string() &&
         google::protobuf::util::TimeUtil::FromString(value.get_ref<const std::string&>(), &parsed);
}

std::string EnumChoices(const google::protobuf::EnumDescriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.value_count(); ++i) {
    const auto* value = type.value(i);
    if (IsUnsetEnumValue(*value)) continue;
    names.push_back(value->name());
  }
  return "must be one of: " + absl::StrJoin(names, ", ");
}

class Checker {
 public:
  explicit Checker(JsonShapeProblems& problems) : problems_(problems) {}

  void Message(const json& object, const Descriptor& type, const std::string& path) {
    for (const auto& [key, value] : object.items()) {
      const FieldDescriptor* field = FieldNamed(type, key);
      const std::string field_path = path.empty() ? key : path + "." + key;
      if (field == nullptr) {
        problems_.unknown_fields.push_back(field_path);
      } else if (!value.is_null()) {
        Field(value, *field, path.empty() ? field->json_name() : path + "." + field->json_name());
      }
    }
  }

 private:
  // protobuf accepts a field's JSON name and its proto name.
  static const FieldDescriptor* FieldNamed(const Descriptor& type, const std::string& key) {
    for (int i = 0; i < type.field_count(); ++i) {
      const FieldDescriptor* field = type.field(i);
      if (field->json_name() == key || field->name() == key) return field;
    }
    return nullptr;
  }

  void Field(const json& value, const FieldDescriptor& field, const std::string& path) {
    if (field.is_map()) {
      if (!value.is_object()) return Invalid(path, "must be a JSON object");
      const FieldDescriptor& entry_value = *field.message_type()->map_value();
      for (const auto& [key, item] : value.items()) {
        if (!item.is_null()) Single(item, entry_value, path + "." + key);
      }
      return;
    }
    if (field.is_repeated()) {
      if (!value.is_array()) return Invalid(path, "must be an array");
      for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_null()) Single(value[i], field, absl::StrCat(path, "[", i, "]"));
      }
      return;
    }
    Single(value, field, path);
  }

  void Single(const json& value, const FieldDescriptor& field, const std::string& path) {
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        return Expect(value.is_string(), path, "must be a string");
      case FieldDescriptor::CPPTYPE_BOOL:
        return Expect(value.is_boolean(), path, "must be true or false");
      case FieldDescriptor::CPPTYPE_INT32:
        return Expect(IsInteger<int32_t>(value), path, "must be a 32-bit integer");
      case FieldDescriptor::CPPTYPE_UINT32:
        return Expect(IsInteger<uint32_t>(value), path, "must be a non-negative 32-bit integer");
      case FieldDescriptor::CPPTYPE_INT64:
        return Expect(IsInteger<int64_t>(value), path, "must be a 64-bit integer");
      case FieldDescriptor::CPPTYPE_UINT64:
        return Expect(IsInteger<uint64_t>(value), path, "must be a non-negative 64-bit integer");
      case FieldDescriptor::CPPTYPE_FLOAT:
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return Expect(IsNumber(value), path, "must be a number");
      case FieldDescriptor::CPPTYPE_ENUM:
        // By name only, as the vendor pages list them (protobuf would take numbers too).
        if (!value.is_string() ||
            field.enum_type()->FindValueByName(value.get_ref<const std::string&>()) == nullptr) {
          Invalid(path, EnumChoices(*field.enum_type()));
        }
        return;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Nested(value, *field.message_type(), path);
    }
  }

  void Nested(const json& value, const Descriptor& type, const std::string& path) {
    const std::string& name = type.full_name();
    if (name == "google.protobuf.Timestamp") {
      return Expect(ParsesAs<google::protobuf::Timestamp>(value), path,
                    "must be an RFC 3339 date-time, e.g. 2024-05-01T12:00:00Z");
    }
    if (name == "google.protobuf.Duration") {
      return Expect(ParsesAs<google::protobuf::Duration>(value), path,
                    "must be a duration in seconds, e.g. \"1.5s\"");
    }
    if (type.file()->name().starts_with("google/protobuf/wrappers")) {
      return Single(value, *type.FindFieldByName("value"), path);
    }
    if (type.file()->package() == "google.protobuf")
      return;  // Struct, Value, Any, ...: protobuf checks
    if (!value.is_object()) return Invalid(path, "must be a JSON object");
    Message(value, type, path);
  }

  void Invalid(const std::string& path, std::string message) {
    problems_.invalid_values.emplace_back(path, std::move(message));
  }
  void Expect(bool valid, const std::string& path, std::string message) {
    if (!valid) Invalid(path, std::move(message));
  }

  JsonShapeProblems& problems_;
};

}  // namespace

JsonShapeProblems CheckJsonShape(const json& document, const Descriptor& type) {
  JsonShapeProblems problems;
  Checker(problems).Message(document, type, "");
  return problems;
}

}  // namespace consent::protojson
