// Server reflection, v1 and v1alpha, without credentials (both are public, like health),
// against the real server: the services listed, files by symbol with their dependencies,
// extensions, and errors as answers on the stream.
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "proto/grpc/reflection/v1/reflection.grpc.pb.h"
#include "tests/support/test_stack.h"

namespace consent {
namespace {

using grpc::reflection::v1::ServerReflectionRequest;
using grpc::reflection::v1::ServerReflectionResponse;

class ReflectionTest : public ::testing::TestWithParam<const char*> {
 protected:
  // One stream of the version under test, one answer per request. v1alpha's messages are
  // v1's on the wire, so the same types serve both.
  std::vector<ServerReflectionResponse> Ask(const std::vector<ServerReflectionRequest>& requests) {
    auto channel =
        grpc::CreateChannel(testing::SharedServer().address(), grpc::InsecureChannelCredentials());
    grpc::ClientContext context;
    const grpc::internal::RpcMethod method(
        (std::string("/grpc.reflection.") + GetParam() + ".ServerReflection/ServerReflectionInfo")
            .c_str(),
        grpc::internal::RpcMethod::BIDI_STREAMING, channel);
    std::unique_ptr<grpc::ClientReaderWriter<ServerReflectionRequest, ServerReflectionResponse>>
        stream(grpc::internal::ClientReaderWriterFactory<
               ServerReflectionRequest, ServerReflectionResponse>::Create(channel.get(), method,
                                                                          &context));
    std::vector<ServerReflectionResponse> answers;
    for (const ServerReflectionRequest& request : requests) {
      EXPECT_TRUE(stream->Write(request));
      ServerReflectionResponse answer;
      EXPECT_TRUE(stream->Read(&answer));
      answers.push_back(answer);
    }
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
    return answers;
  }

  static std::vector<std::string> FileNames(const ServerReflectionResponse& answer) {
    std::vector<std::string> names;
    for (const std::string& bytes : answer.file_descriptor_response().file_descriptor_proto()) {
      google::protobuf::FileDescriptorProto file;
      EXPECT_TRUE(file.ParseFromString(bytes));
      names.push_back(file.name());
    }
    return names;
  }
};

TEST_P(ReflectionTest, ListsEveryServiceAndDescribesThemWithTheirDependencies) {
  ServerReflectionRequest list;
  list.set_list_services("*");
  ServerReflectionRequest symbol;
  symbol.set_file_containing_symbol("consent.v1.PersonService");
  ServerReflectionRequest file;
  file.set_file_by_filename("consent/v1/access.proto");
  std::vector<ServerReflectionResponse> answers = Ask({list, symbol});
  // On a stream of its own: v1alpha leaves out files it already sent on the stream.
  const ServerReflectionResponse by_name = Ask({file})[0];

  std::vector<std::string> services;
  for (const auto& service : answers[0].list_services_response().service())
    services.push_back(service.name());
  for (const char* expected :
       {"consent.v1.PersonService", "consent.v1.ConsentTypeService", "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"}) {
    EXPECT_NE(std::find(services.begin(), services.end(), expected), services.end()) << expected;
  }
  std::vector<std::string> files = FileNames(answers[1]);
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0], "consent/v1/persons.proto");
  for (const char* dependency : {"consent/v1/access.proto", "google/api/annotations.proto",
                                 "google/protobuf/descriptor.proto"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), dependency), files.end()) << dependency;
  }
  EXPECT_EQ(FileNames(by_name)[0], "consent/v1/access.proto");
  EXPECT_EQ(answers[1].original_request().file_containing_symbol(), "consent.v1.PersonService");
}

TEST_P(ReflectionTest, UnknownNamesAreNotFoundAnswersAndTheStreamGoesOn) {
  ServerReflectionRequest unknown;
  unknown.set_file_containing_symbol("consent.v1.NoSuchService");
  ServerReflectionRequest extensions;
  extensions.set_all_extension_numbers_of_type("google.protobuf.MethodOptions");
  std::vector<ServerReflectionResponse> answers = Ask({unknown, extensions});
  EXPECT_EQ(answers[0].error_response().error_code(), grpc::StatusCode::NOT_FOUND);
  const auto& numbers = answers[1].all_extension_numbers_response().extension_number();
  EXPECT_NE(std::find(numbers.begin(), numbers.end(), 51234), numbers.end());  // access
}

INSTANTIATE_TEST_SUITE_P(Versions, ReflectionTest, ::testing::Values("v1", "v1alpha"));

}  // namespace
}  // namespace consent
