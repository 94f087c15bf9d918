#pragma once
// The six standard methods for any list-item kind. The kind comes from the message type of
// the request/response, so ListServiceImpl's eighteen RPCs are one-line calls into here.
#include <functional>
#include <string>

#include <absl/status/statusor.h>
#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include "proto/consent/v1/list_items.pb.h"
#include "server/common/call_context.h"
#include "server/db/connection_pool.h"
#include "server/list_items/list_item_row.h"

namespace consent::list_items {

class ListItems {
 public:
  explicit ListItems(ConnectionPool& pool) : pool_(pool) {}

  // 201 + Location /api/v1/List/<Kind>/Items/<id> + ETag; body ids are ignored.
  grpc::Status Create(grpc::ServerContext* ctx, const google::protobuf::Message& body,
                      google::protobuf::Message* response);
  grpc::Status Get(grpc::ServerContext* ctx, int id, google::protobuf::Message* response);
  // Replaces the editable fields; If-Match honoured.
  grpc::Status Update(grpc::ServerContext* ctx, int id, const google::protobuf::Message& body,
                      google::protobuf::Message* response);
  // RFC 6902 / 7396 (common/resource_patch.h) applied to the item read under a row lock,
  // then validated and written in the same transaction; If-Match honoured.
  grpc::Status Patch(grpc::ServerContext* ctx, const v1::PatchListItemRequest& request,
                     google::protobuf::Message* response);
  // Soft delete (Deleted = true); deleting a deleted item again succeeds. If-Match honoured.
  grpc::Status Delete(grpc::ServerContext* ctx, int id, const google::protobuf::Descriptor& kind);
  // `response` has `repeated <Kind> items` and `next_page_token`.
  grpc::Status List(grpc::ServerContext* ctx, const v1::ListListItemsRequest& request,
                    google::protobuf::Message* response);

 private:
  using Change = std::function<absl::StatusOr<ListItemRow>(const ListItemRow& current)>;
  // In one transaction: lock the row, check If-Match, apply `change`, write it back.
  absl::StatusOr<ListItemRow> Modify(const CallContext& call, const std::string& kind, int id,
                                     const Change& change);

  ConnectionPool& pool_;
};

}  // namespace consent::list_items
