#pragma once
// A gRPC server interceptor that, for every call, logs one JSON line (method, code,
// latency, request id, tenant) and feeds the request counter and latency histogram.
#include <grpcpp/support/server_interceptor.h>

#include "lib/observability/metrics.h"

namespace consent {

class RequestObserverFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RequestObserverFactory(observability::Metrics& metrics);
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  observability::Metrics& metrics_;
};

}  // namespace consent
