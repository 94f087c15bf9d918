#pragma once
// grpc.reflection.v1.ServerReflection over the generated descriptor pool, next to gRPC's own
// v1alpha service (proto/grpc/reflection/v1/reflection.proto says why). Public, like health.
#include <string>
#include <vector>

#include "proto/grpc/reflection/v1/reflection.grpc.pb.h"

namespace consent {

class ReflectionV1 final : public grpc::reflection::v1::ServerReflection::Service {
 public:
  // What list_services answers: the server's services, health and both reflections.
  explicit ReflectionV1(std::vector<std::string> services) : services_(std::move(services)) {}

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1::ServerReflectionResponse,
                               grpc::reflection::v1::ServerReflectionRequest>* stream) override;

 private:
  const std::vector<std::string> services_;
};

}  // namespace consent
