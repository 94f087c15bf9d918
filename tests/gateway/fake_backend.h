#pragma once
// An in-process gRPC server with canned PersonService / ConsentTypeService behaviour, for
// driving the gateway end to end without PostgreSQL. It records the metadata of the last call.
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <grpcpp/grpcpp.h>

namespace consent::gateway::testing {

class FakeBackend {
 public:
  FakeBackend();
  ~FakeBackend();

  const std::string& address() const { return address_; }
  // Metadata of the most recent call.
  std::multimap<std::string, std::string> last_metadata();

  // ListPersons with pageSize=-1 blocks until Release(); lets a test outlive the deadline.
  // With pageToken=persons:N it answers N empty persons (2 bytes each, 50 in JSON).
  void Release();
  // Waits until a blocked ListPersons call has arrived.
  void AwaitBlockedCall();

 private:
  class Services;
  std::unique_ptr<Services> services_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace consent::gateway::testing
