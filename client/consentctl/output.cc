#include "client/consentctl/output.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <absl/strings/str_cat.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "lib/protojson/api_json.h"

namespace consent::ctl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using Row = std::vector<std::pair<std::string, std::string>>;  // (column, value)

constexpr size_t kMaxCell = 40;

std::string Json(const Message& m) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(m, &json, options);
  return json;
}

std::string Scalar(const Message& m, const FieldDescriptor* f, int index) {
  const auto* r = m.GetReflection();
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(rep ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(rep ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_ENUM: {
      // Value 0 (..._UNSPECIFIED) is "not set": REST shows null, the table nothing.
      const auto* value = rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f);
      return value->number() == 0 ? "" : value->name();
    }
    default:
      return "";
  }
}

// Appends (path, text) for every field of `m` but maps. Nested messages are flattened with
// dotted names up to `depth` levels (deeper ones print as JSON), lists of messages with
// indexes from depth 2 on (below, their size). Well-known types print as JSON.
void Flatten(const Message& m, const std::string& prefix, int depth, Row& out) {
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const std::string name = prefix + f->json_name();
    const bool is_message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (f->is_map() || (f->is_repeated() && is_message && depth < 2)) {
      if (!f->is_map()) out.emplace_back(name, absl::StrCat(r->FieldSize(m, f), " items"));
    } else if (f->is_repeated()) {
      for (int j = 0; j < r->FieldSize(m, f); ++j) {
        const std::string item = absl::StrCat(name, "[", j, "]");
        if (is_message)
          Flatten(r->GetRepeatedMessage(m, f, j), item + ".", depth - 1, out);
        else
          out.emplace_back(item, Scalar(m, f, j));
      }
    } else if (!is_message) {
      out.emplace_back(name, Scalar(m, f, 0));
    } else if (r->HasField(m, f)) {
      const Message& sub = r->GetMessage(m, f);
      if (f->message_type()->file()->package() == "google.protobuf" || depth == 0) {
        out.emplace_back(name, f->message_type()->full_name() == "google.protobuf.Timestamp"
                                   ? google::protobuf::util::TimeUtil::ToString(
                                         static_cast<const google::protobuf::Timestamp&>(sub))
                                   : Json(sub));
      } else {
        Flatten(sub, name + ".", depth - 1, out);
      }
    }
  }
}

// A list answer: exactly one repeated message field (the items) besides scalars (paging).
const FieldDescriptor* ItemsField(const Message& m) {
  const FieldDescriptor* items = nullptr;
  for (int i = 0; i < m.GetDescriptor()->field_count(); ++i) {
    const FieldDescriptor* f = m.GetDescriptor()->field(i);
    if (f->is_map() || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!f->is_repeated() || items != nullptr) return nullptr;
    items = f;
  }
  return items;
}

std::string Cell(const std::string& s) {
  std::string one_line = s.substr(0, s.find('\n'));
  return one_line.size() <= kMaxCell ? one_line : one_line.substr(0, kMaxCell - 3) + "...";
}

void PrintTable(const std::vector<std::string>& columns,
                const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<size_t> width(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    width[c] = columns[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t c = 0; c < cells.size(); ++c) {
      text += cells[c];
      if (c + 1 < cells.size()) text += std::string(width[c] - cells[c].size() + 2, ' ');
    }
    out << text << "\n";
  };
  line(columns);
  for (const auto& row : rows) line(row);
}

void PrintItems(const Message& m, const FieldDescriptor* items, std::ostream& out) {
  const auto* r = m.GetReflection();
  std::vector<std::string> columns;
  std::map<std::string, size_t> column_of;
  std::vector<Row> flat(r->FieldSize(m, items));
  for (size_t i = 0; i < flat.size(); ++i) {
    Flatten(r->GetRepeatedMessage(m, items, i), "", 1, flat[i]);
    for (const auto& [column, value] : flat[i]) {
      if (column_of.emplace(column, columns.size()).second) columns.push_back(column);
    }
  }
  std::vector<std::vector<std::string>> rows;
  for (const Row& row : flat) {
    std::vector<std::string> cells(columns.size());
    for (const auto& [column, value] : row) cells[column_of[column]] = Cell(value);
    rows.push_back(std::move(cells));
  }
  if (rows.empty()) {
    out << "(no " << items->json_name() << ")\n";
  } else {
    PrintTable(columns, rows, out);
  }
  Row rest;  // paging fields
  Flatten(m, "", 0, rest);
  for (const auto& [name, value] : rest) {
    if (name != items->json_name() && !value.empty()) out << name << ": " << value << "\n";
  }
}

}  // namespace

// The API's JSON exactly as REST answers it (unset enums and messages null).
void PrintJson(const Message& message, std::ostream& out) {
  out << protojson::ToApiJson(message, /*null_unset=*/true) << "\n";
}

void PrintHuman(const Message& message, std::ostream& out) {
  if (message.GetDescriptor()->field_count() == 0) {
    out << "ok\n";
  } else if (const FieldDescriptor* items = ItemsField(message)) {
    PrintItems(message, items, out);
  } else {
    Row row;
    Flatten(message, "", 8, row);
    std::vector<std::vector<std::string>> rows;
    for (auto& [name, value] : row) rows.push_back({name, value});
    PrintTable({"FIELD", "VALUE"}, rows, out);
  }
}

}  // namespace consent::ctl
