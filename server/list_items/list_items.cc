#include "server/list_items/list_items.h"

#include <absl/strings/str_cat.h>

#include "server/common/handler.h"
#include "server/common/paging.h"
#include "server/common/resource_patch.h"
#include "server/list_items/list_item_mapper.h"
#include "server/list_items/list_item_repository.h"
#include "server/list_items/list_item_validation.h"

namespace consent::list_items {

using google::protobuf::Message;

namespace {

// Answers with the item and its ETag.
absl::Status Respond(grpc::ServerContext& ctx, const absl::StatusOr<ListItemRow>& row,
                     Message* response) {
  if (!row.ok()) return row.status();
  ItemFromRow(*row, response);
  SetEtag(ctx, row->version);
  return absl::OkStatus();
}

}  // namespace

grpc::Status ListItems::Create(grpc::ServerContext* ctx, const Message& body, Message* response) {
  return Handle(ctx, body, [&](const CallContext& call) -> absl::Status {
    if (auto s = ValidateItem(body); !s.ok()) return s;
    const std::string kind = KindOf(body);
    auto row = pool_.SingleStatement<ListItemRow>(
        [&](pqxx::transaction_base& txn) -> absl::StatusOr<ListItemRow> {
          return Insert(txn, call, kind, RowFromItem(body));
        });
    if (row.ok()) SetCreated(*ctx, absl::StrCat("/api/v1/List/", kind, "/Items/", row->id));
    return Respond(*ctx, row, response);
  });
}

grpc::Status ListItems::Get(grpc::ServerContext* ctx, int id, Message* response) {
  return Handle(ctx, kNoText, [&](const CallContext& call) -> absl::Status {
    const std::string kind = KindOf(*response);
    auto row = pool_.SingleStatement<ListItemRow>(
        [&](pqxx::transaction_base& txn) { return list_items::Get(txn, call, kind, id); });
    return Respond(*ctx, row, response);
  });
}

grpc::Status ListItems::Update(grpc::ServerContext* ctx, int id, const Message& body,
                               Message* response) {
  return Handle(ctx, body, [&](const CallContext& call) -> absl::Status {
    if (auto s = ValidateItem(body); !s.ok()) return s;
    auto row = Modify(call, KindOf(*response), id, [&](const ListItemRow&) {
      ListItemRow replaced = RowFromItem(body);
      replaced.id = id;
      return replaced;
    });
    return Respond(*ctx, row, response);
  });
}

grpc::Status ListItems::Patch(grpc::ServerContext* ctx, const v1::PatchListItemRequest& request,
                              Message* response) {
  return Handle(ctx, request, [&](const CallContext& call) -> absl::Status {
    const int id = request.id();
    const auto read_only = ReadOnlyFields(*response->GetDescriptor());
    auto row = Modify(call, KindOf(*response), id,
                      [&](const ListItemRow& current) -> absl::StatusOr<ListItemRow> {
                        ItemFromRow(current, response);
                        auto s = ApplyPatch(request.patch(), call, read_only, response);
                        if (s.ok()) s = ValidateItem(*response);
                        if (!s.ok()) return s;
                        ListItemRow patched = RowFromItem(*response);
                        patched.id = id;
                        return patched;
                      });
    return Respond(*ctx, row, response);
  });
}

grpc::Status ListItems::Delete(grpc::ServerContext* ctx, int id,
                               const google::protobuf::Descriptor& kind) {
  return Handle(ctx, kNoText, [&](const CallContext& call) -> absl::Status {
    return Modify(call, kind.name(), id,
                  [](const ListItemRow& current) {
                    ListItemRow deleted = current;
                    deleted.deleted = true;
                    return deleted;
                  })
        .status();
  });
}

grpc::Status ListItems::List(grpc::ServerContext* ctx, const v1::ListListItemsRequest& request,
                             Message* response) {
  return Handle(ctx, request, [&](const CallContext& call) -> absl::Status {
    const auto* descriptor = response->GetDescriptor();
    const auto* items = descriptor->FindFieldByName("items");
    const std::string kind = items->message_type()->name();
    auto page = ParsePageRequest(request.page_size(), request.page_token(),
                                 absl::StrCat(call.tenant, "/", kind));
    if (!page.ok()) return page.status();
    return pool_.SingleStatement([&](pqxx::transaction_base& txn) -> absl::Status {
      auto rows = list_items::List(txn, call, kind, *page);
      const auto* reflection = response->GetReflection();
      for (const auto& row : rows) ItemFromRow(row, reflection->AddMessage(response, items));
      reflection->SetString(response, descriptor->FindFieldByName("next_page_token"),
                            NextPageToken(*page, rows.size(), rows.empty() ? 0 : rows.back().id));
      return absl::OkStatus();
    });
  });
}

absl::StatusOr<ListItemRow> ListItems::Modify(const CallContext& call, const std::string& kind,
                                              int id, const Change& change) {
  return pool_.InTransaction<ListItemRow>(
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<ListItemRow> {
        auto current = list_items::Get(txn, call, kind, id, /*for_update=*/true);
        if (!current.ok()) return current.status();
        if (auto s = CheckIfMatch(call, current->version); !s.ok()) return s;
        auto changed = change(*current);
        if (!changed.ok()) return changed.status();
        // Nothing changed (a PATCH of only `test`s, a repeated PUT or DELETE): no write, so
        // the ETag and UpdatedDate stay.
        if (SameContent(*changed, *current)) return *current;
        return list_items::Update(txn, call, kind, *changed);
      });
}

}  // namespace consent::list_items
