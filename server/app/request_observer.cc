#include "server/app/request_observer.h"

#include <chrono>
#include <string>

#include <grpcpp/support/status_code_enum.h>

#include "lib/observability/json_log.h"
#include "lib/wire/metadata.h"

namespace consent {
namespace {

using grpc::experimental::InterceptionHookPoints;

const char* CodeName(grpc::StatusCode code) {
  static const char* names[] = {"OK",
                                "CANCELLED",
                                "UNKNOWN",
                                "INVALID_ARGUMENT",
                                "DEADLINE_EXCEEDED",
                                "NOT_FOUND",
                                "ALREADY_EXISTS",
                                "PERMISSION_DENIED",
                                "RESOURCE_EXHAUSTED",
                                "FAILED_PRECONDITION",
                                "ABORTED",
                                "OUT_OF_RANGE",
                                "UNIMPLEMENTED",
                                "INTERNAL",
                                "UNAVAILABLE",
                                "DATA_LOSS",
                                "UNAUTHENTICATED"};
  int i = static_cast<int>(code);
  return i >= 0 && i <= 16 ? names[i] : "UNKNOWN";
}

class RequestObserver : public grpc::experimental::Interceptor {
 public:
  RequestObserver(grpc::experimental::ServerRpcInfo* info, observability::Metrics& metrics)
      : method_(info->method()), metrics_(metrics) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      start_ = std::chrono::steady_clock::now();
      for (const auto& [key, value] : *methods->GetRecvInitialMetadata()) {
        std::string k(key.data(), key.size());
        if (k == wire::kRequestId) request_id_.assign(value.data(), value.size());
        if (k == wire::kCustomerId) tenant_.assign(value.data(), value.size());
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      const char* code = CodeName(status.error_code());
      metrics_.ObserveRequest("consent_grpc_requests_total",
                              "consent_grpc_request_duration_seconds",
                              {{"method", method_}, {"code", code}}, seconds);
      observability::LogLine("info", "rpc")
          .Add("method", method_)
          .Add("code", code)
          .Add("latency_ms", seconds * 1000)
          .Add("request_id", request_id_)
          .Add("tenant", tenant_)
          .Write();
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  observability::Metrics& metrics_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::string request_id_;
  std::string tenant_;
};

}  // namespace

RequestObserverFactory::RequestObserverFactory(observability::Metrics& metrics)
    : metrics_(metrics) {
  metrics_.Describe("consent_grpc_requests_total", "counter", "gRPC calls by method and code");
  metrics_.Describe("consent_grpc_request_duration_seconds", "histogram",
                    "gRPC call latency by method and code");
}

grpc::experimental::Interceptor* RequestObserverFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RequestObserver(info, metrics_);
}

}  // namespace consent
