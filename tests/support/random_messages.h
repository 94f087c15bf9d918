#pragma once
// Random messages of any type (every field kind, nested, repeated, maps, odd strings and
// enum numbers outside the enum) for tests that compare our JSON code with protobuf's.
#include <random>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "lib/protojson/api_schema.h"

namespace consent::testing {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

inline const char* const kStrings[] = {"",
                                       "Ada Lovelace",
                                       "quote\" backslash\\ slash/",
                                       "tab\tnewline\nreturn\rbackspace\bfeed\f",
                                       "\x01\x1f\x7f",
                                       "<>&'",
                                       "\xc3\xa9 \xc3\xbc \xc3\x9f",
                                       "\xe2\x82\xac \xe4\xb8\xad",
                                       "\xf0\x9f\x98\x80",
                                       "\xe2\x80\xa8\xe2\x80\xa9"};

class Filler {
 public:
  // `numbered_enums`: now and then an enum number outside the enum, which protobuf prints as
  // a number (the API takes enums by name only).
  explicit Filler(unsigned seed, bool numbered_enums = true)
      : random_(seed), numbered_enums_(numbered_enums) {}

  void Fill(Message* message, int depth) {
    const Descriptor* type = message->GetDescriptor();
    const Reflection* r = message->GetReflection();
    if (type->full_name() == "google.protobuf.Timestamp") {
      static const int kNanos[] = {0, 123000000, 123456000, 123456789};
      r->SetInt64(message, type->FindFieldByName("seconds"), Pick(4102444800LL));
      r->SetInt32(message, type->FindFieldByName("nanos"), kNanos[Pick(4)]);
      return;
    }
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (field->containing_oneof() != nullptr && Pick(2)) continue;
      if (field->message_type() != nullptr &&
          field->message_type()->file()->package() == "google.protobuf" &&
          field->message_type()->full_name() != "google.protobuf.Timestamp" &&
          field->message_type()->full_name() != "google.protobuf.Empty") {
        continue;  // Value, Struct...: protobuf refuses to print an empty one
      }
      if (field->is_repeated()) {
        const int count = field->is_map() ? static_cast<int>(Pick(3) == 0) * 2 : Pick(4);
        for (int k = 0; k < count; ++k) Add(message, field, depth);
      } else if (field->message_type() == nullptr) {
        Set(message, field);
      } else if (depth < 3 && Pick(3) != 0) {
        Fill(r->MutableMessage(message, field), depth + 1);
      }
    }
  }

 private:
  long long Pick(long long n) {
    return std::uniform_int_distribution<long long>(0, n - 1)(random_);
  }
  std::string String() { return kStrings[Pick(std::size(kStrings))]; }
  int Enum(const FieldDescriptor* field) {
    if (numbered_enums_ && Pick(8) == 0) return 99;  // not a value of the enum
    return field->enum_type()->value(Pick(field->enum_type()->value_count()))->number();
  }

  void Set(Message* m, const FieldDescriptor* f) {
    const Reflection* r = m->GetReflection();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        r->SetInt32(m, f, Pick(2) ? -7 : 2147483647);
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        r->SetUInt32(m, f, Pick(2) ? 0 : 4294967295u);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r->SetInt64(m, f, Pick(2) ? -9007199254740993LL : 42);
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        r->SetUInt64(m, f, 18446744073709551615ull);
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r->SetBool(m, f, Pick(2));
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        r->SetEnumValue(m, f, Enum(f));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        r->SetString(m, f, String());
        break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        r->SetFloat(m, f, 0.1f);
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        r->SetDouble(m, f, 1e21);
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        break;
    }
  }

  void Add(Message* m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m->GetReflection();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        r->AddInt32(m, f, -3);
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        r->AddUInt32(m, f, 3);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r->AddInt64(m, f, 1LL << 60);
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        r->AddUInt64(m, f, 5);
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r->AddBool(m, f, true);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        r->AddEnumValue(m, f, Enum(f));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        r->AddString(m, f, String());
        break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        r->AddFloat(m, f, 2.5f);
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        r->AddDouble(m, f, -0.5);
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        Fill(r->AddMessage(m, f), depth + 1);
        break;
    }
  }

  std::mt19937 random_;
  bool numbered_enums_;
};

inline std::string ProtobufJson(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json, options).ok());
  return json;
}

// Every message type of the schema's own (non-google) files.
inline std::vector<const Descriptor*> MessageTypes(const protojson::ApiSchema& schema) {
  std::vector<const Descriptor*> types;
  for (const auto* file : schema.files()) {
    if (file->package().rfind("google.", 0) == 0) continue;
    for (int i = 0; i < file->message_type_count(); ++i) types.push_back(file->message_type(i));
  }
  return types;
}

}  // namespace consent::testing
