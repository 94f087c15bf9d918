#pragma once
// Non-blocking unary calls to the backend by method name (grpc::GenericStub async API).
// Calls go round robin to completion queues, each drained by its own thread, which runs the
// calls' `done` callbacks (render JSON, write the response). Each queue has its own
// channel and so its own HTTP/2 connection: one shared connection serialised the server's
// reading and writing of every call (two measured +4–10% at 16 and 64 clients). Own queues, not the
// callback API: gRPC 1.51 serves callbacks from two threads that hand the poller role to each
// other, which woke both of them on every response (see tests/bench). A callback holds up the other
// calls of its queue, so callbacks must stay short: consent-server caps list pages at 500 items
// (about half a millisecond to render).
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <absl/status/status.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

namespace consent::gateway {

class GrpcBackend {
 public:
  struct Call {
    std::string method;   // "/package.Service/Method"
    std::string request;  // serialized request message
    std::vector<std::pair<std::string, std::string>> metadata;
  };
  struct Result {
    absl::Status status;                 // converted from gRPC here, the gateway's one edge
    std::string response;                // serialized response message (unary)
    std::vector<std::string> responses;  // serialized response messages (server streaming)
    std::multimap<std::string, std::string> metadata;  // initial and trailing
  };

  // `target`: the backend's host:port; `credentials`: plaintext or TLS
  // (backend_credentials.h), `server_name` overriding the name its certificate must carry.
  GrpcBackend(
      const std::string& target, std::chrono::milliseconds timeout, unsigned completion_threads,
      std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials(),
      const std::string& server_name = "");
  // Waits for the calls in flight; no call may start once destruction begins.
  ~GrpcBackend();

  void Unary(Call call, std::function<void(Result)> done);
  // A server-streaming call, its messages collected: RESOURCE_EXHAUSTED (and the call
  // cancelled) once they exceed `max_bytes` in all.
  void ServerStreaming(Call call, size_t max_bytes, std::function<void(Result)> done);
  struct Health {
    bool serving = false;
    bool authentication_off = false;  // the server runs with --insecure-no-auth
  };
  // grpc.health.v1.Health/Check for the whole server ("" service).
  void CheckHealth(std::function<void(Health)> done);

 private:
  std::chrono::milliseconds timeout_;
  void Drain(grpc::CompletionQueue& queue);

  // False when a connection to the backend is failing (reconnecting after an outage).
  bool AllChannelsUsable() const;
  // The index of the channel (and stub and queue) for the next call.
  size_t PickChannel();

  // stubs_[i] (over channels_[i], its own connection) starts the calls that complete on
  // queues_[i].
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  std::vector<std::unique_ptr<grpc::CompletionQueue>> queues_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_queue_{0};
};

}  // namespace consent::gateway
