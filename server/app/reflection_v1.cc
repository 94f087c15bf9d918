#include "server/app/reflection_v1.h"

#include <set>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

namespace consent {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using grpc::reflection::v1::ServerReflectionRequest;
using grpc::reflection::v1::ServerReflectionResponse;

void Error(grpc::StatusCode code, const std::string& message, ServerReflectionResponse& response) {
  response.mutable_error_response()->set_error_code(code);
  response.mutable_error_response()->set_error_message(message);
}

// `file` and its dependencies, depth first, each once (`sent`): every answer is complete in
// itself, as gRPC's v1alpha service answers.
void AddFiles(const FileDescriptor* file, std::set<std::string>& sent,
              ServerReflectionResponse& response) {
  if (!sent.insert(file->name()).second) return;
  google::protobuf::FileDescriptorProto proto;
  file->CopyTo(&proto);
  response.mutable_file_descriptor_response()->add_file_descriptor_proto(proto.SerializeAsString());
  for (int i = 0; i < file->dependency_count(); ++i) AddFiles(file->dependency(i), sent, response);
}

void FileAnswer(const FileDescriptor* file, const std::string& what,
                ServerReflectionResponse& response) {
  if (file == nullptr) return Error(grpc::StatusCode::NOT_FOUND, what + " not found", response);
  std::set<std::string> sent;
  AddFiles(file, sent, response);
}

}  // namespace

grpc::Status ReflectionV1::ServerReflectionInfo(
    grpc::ServerContext*,
    grpc::ServerReaderWriter<ServerReflectionResponse, ServerReflectionRequest>* stream) {
  const DescriptorPool& pool = *DescriptorPool::generated_pool();
  ServerReflectionRequest request;
  while (stream->Read(&request)) {
    ServerReflectionResponse response;
    response.set_valid_host(request.host());
    *response.mutable_original_request() = request;
    switch (request.message_request_case()) {
      case ServerReflectionRequest::kFileByFilename:
        FileAnswer(pool.FindFileByName(request.file_by_filename()), "file", response);
        break;
      case ServerReflectionRequest::kFileContainingSymbol:
        FileAnswer(pool.FindFileContainingSymbol(request.file_containing_symbol()), "symbol",
                   response);
        break;
      case ServerReflectionRequest::kFileContainingExtension: {
        const auto& asked = request.file_containing_extension();
        const auto* type = pool.FindMessageTypeByName(asked.containing_type());
        const auto* extension =
            type == nullptr ? nullptr : pool.FindExtensionByNumber(type, asked.extension_number());
        FileAnswer(extension == nullptr ? nullptr : extension->file(), "extension", response);
        break;
      }
      case ServerReflectionRequest::kAllExtensionNumbersOfType: {
        const auto* type = pool.FindMessageTypeByName(request.all_extension_numbers_of_type());
        if (type == nullptr) {
          Error(grpc::StatusCode::NOT_FOUND, "type not found", response);
          break;
        }
        std::vector<const google::protobuf::FieldDescriptor*> extensions;
        pool.FindAllExtensions(type, &extensions);
        auto* numbers = response.mutable_all_extension_numbers_response();
        numbers->set_base_type_name(type->full_name());
        for (const auto* extension : extensions) numbers->add_extension_number(extension->number());
        break;
      }
      case ServerReflectionRequest::kListServices:
        for (const std::string& name : services_)
          response.mutable_list_services_response()->add_service()->set_name(name);
        break;
      case ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
        Error(grpc::StatusCode::INVALID_ARGUMENT, "the request names nothing to look up", response);
        break;
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

}  // namespace consent
