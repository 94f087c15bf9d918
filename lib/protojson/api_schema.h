#pragma once
// An API schema: a DescriptorPool built from a serialized
// FileDescriptorSet plus a factory for dynamic messages of its types.
#include <memory>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

namespace consent::protojson {

class ApiSchema {
 public:
  static absl::StatusOr<std::unique_ptr<ApiSchema>> FromDescriptorSet(const std::string& bytes);

  const std::vector<const google::protobuf::FileDescriptor*>& files() const { return files_; }
  // A new, empty message of `type` (which must come from this schema's pool).
  std::unique_ptr<google::protobuf::Message> NewMessage(
      const google::protobuf::Descriptor* type) const;

 private:
  ApiSchema() = default;

  google::protobuf::DescriptorPool pool_;
  std::vector<const google::protobuf::FileDescriptor*> files_;
  mutable google::protobuf::DynamicMessageFactory factory_{&pool_};
};

}  // namespace consent::protojson
