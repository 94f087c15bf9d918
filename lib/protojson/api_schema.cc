#include "lib/protojson/api_schema.h"

#include <google/protobuf/descriptor.pb.h>

namespace consent::protojson {

absl::StatusOr<std::unique_ptr<ApiSchema>> ApiSchema::FromDescriptorSet(const std::string& bytes) {
  google::protobuf::FileDescriptorSet set;
  if (!set.ParseFromString(bytes)) return absl::InvalidArgumentError("unreadable descriptor set");
  std::unique_ptr<ApiSchema> schema(new ApiSchema());
  // protoc --include_imports writes files in dependency order.
  for (const google::protobuf::FileDescriptorProto& file : set.file()) {
    const google::protobuf::FileDescriptor* built = schema->pool_.BuildFile(file);
    if (built == nullptr) {
      return absl::InvalidArgumentError("descriptor set: cannot build " + file.name());
    }
    schema->files_.push_back(built);
  }
  return schema;
}

std::unique_ptr<google::protobuf::Message> ApiSchema::NewMessage(
    const google::protobuf::Descriptor* type) const {
  return std::unique_ptr<google::protobuf::Message>(factory_.GetPrototype(type)->New());
}

}  // namespace consent::protojson
