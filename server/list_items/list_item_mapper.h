#pragma once
// Between a list-item row and the message of its kind (ConsentPurpose, ConsentSource,
// LegalBase), driven by the column table in list_item_fields.h through protobuf reflection:
// one mapper for every kind. A kind is its message type's name, which is also the value of
// the `kind` column; its id is the message's field number 1 ("<Kind>Id").
#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "server/list_items/list_item_row.h"

namespace consent::list_items {

std::string KindOf(const google::protobuf::Message& item);

const google::protobuf::FieldDescriptor& IdField(const google::protobuf::Descriptor& kind);
int IdOf(const google::protobuf::Message& item);

// JSON names of the fields a client can never change: id, UpdatedDate, UpdatedBy,
// TableRight, FieldProperties.
std::vector<std::string> ReadOnlyFields(const google::protobuf::Descriptor& kind);

// The editable fields of `item`; id, UpdatedDate, UpdatedBy and the rights are not read.
ListItemRow RowFromItem(const google::protobuf::Message& item);

// Every field of `item`: columns, id, UpdatedDate, UpdatedBy {0, updated_by},
// TableRight and FieldProperties.
void ItemFromRow(const ListItemRow& row, google::protobuf::Message* item);

}  // namespace consent::list_items
