#include "server/list_items/list_item_mapper.h"

#include <vector>

#include <google/protobuf/util/time_util.h>

#include "proto/consent/v1/common.pb.h"
#include "server/common/carrier_rights.h"
#include "server/list_items/list_item_fields.h"

namespace consent::list_items {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const FieldDescriptor* Field(const Message& item, absl::string_view name) {
  return item.GetDescriptor()->FindFieldByName(std::string(name));
}

std::vector<FieldLength> TextLengths() {
  std::vector<FieldLength> lengths;
  for (const auto& column : kTextColumns) lengths.push_back({column.field, column.max_length});
  return lengths;
}

}  // namespace

std::string KindOf(const Message& item) { return item.GetDescriptor()->name(); }

const FieldDescriptor& IdField(const google::protobuf::Descriptor& kind) {
  return *kind.FindFieldByNumber(1);
}

int IdOf(const Message& item) {
  return item.GetReflection()->GetInt32(item, &IdField(*item.GetDescriptor()));
}

std::vector<std::string> ReadOnlyFields(const google::protobuf::Descriptor& kind) {
  std::vector<std::string> fields = {IdField(kind).json_name()};
  for (absl::string_view name :
       {kUpdatedDateField, kUpdatedByField, kTableRightField, kFieldPropertiesField})
    fields.push_back(kind.FindFieldByName(std::string(name))->json_name());
  return fields;
}

ListItemRow RowFromItem(const Message& item) {
  const auto* reflection = item.GetReflection();
  ListItemRow row;
  for (const auto& column : kTextColumns)
    if (const auto* field = Field(item, column.field))
      row.*column.member = reflection->GetString(item, field);
  for (const auto& column : kIntColumns)
    if (const auto* field = Field(item, column.field))
      row.*column.member = reflection->GetInt32(item, field);
  row.deleted = reflection->GetBool(item, Field(item, kDeletedField));
  return row;
}

void ItemFromRow(const ListItemRow& row, Message* item) {
  const auto* reflection = item->GetReflection();
  item->Clear();
  reflection->SetInt32(item, &IdField(*item->GetDescriptor()), row.id);
  for (const auto& column : kTextColumns)
    if (const auto* field = Field(*item, column.field))
      reflection->SetString(item, field, row.*column.member);
  for (const auto& column : kIntColumns)
    if (const auto* field = Field(*item, column.field))
      reflection->SetInt32(item, field, row.*column.member);
  reflection->SetBool(item, Field(*item, kDeletedField), row.deleted);
  reflection->MutableMessage(item, Field(*item, kUpdatedDateField))
      ->CopyFrom(google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(row.updated_at_micros));
  v1::Associate updated_by;
  updated_by.set_name(row.updated_by);
  reflection->MutableMessage(item, Field(*item, kUpdatedByField))->CopyFrom(updated_by);
  static const std::vector<FieldLength> lengths = TextLengths();
  SetCarrierRights(lengths, item);
}

}  // namespace consent::list_items
