#include "tests/fuzz/transcoding.h"

#include <string>

#include "gateway/problem.h"
#include "proto/embedded_descriptor_set.h"
#include "tests/fuzz/fuzz_check.h"

namespace consent::fuzz {

const Transcoding& TheTranscoding() {
  static const Transcoding* const transcoding = [] {
    auto schema =
        protojson::ApiSchema::FromDescriptorSet(std::string(consent::EmbeddedDescriptorSet()));
    FUZZ_CHECK(schema.ok(), "the embedded descriptor set builds a schema");
    auto routes = gateway::RouteTable::Build(**schema);
    FUZZ_CHECK(routes.ok(), "the embedded schema's routes build");
    return new Transcoding(*std::move(schema), *std::move(routes));
  }();
  return *transcoding;
}

void CheckBuilt(const gateway::Route& route, const absl::Status& status,
                const std::string& serialized, size_t input_bytes) {
  if (status.ok()) {
    std::unique_ptr<google::protobuf::Message> request =
        TheTranscoding().schema->NewMessage(route.method->input_type());
    FUZZ_CHECK(request->ParseFromString(serialized), "a built request parses back");
    return;
  }
  FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument,
             "a request the gateway cannot build is the client's mistake");
  const gateway::Problem problem = gateway::ProblemFromStatus(status);
  FUZZ_CHECK(problem.status == gateway::http::status::bad_request ||
                 problem.status == gateway::http::status::unprocessable_entity,
             "a client's mistake is answered 400 or 422");
  for (bool xml : {false, true}) {
    const gateway::HttpResponse response = gateway::RenderProblem(problem, "/fuzz", xml);
    FUZZ_CHECK(response.body().size() <= 8 * input_bytes + 16 * 1024,
               "a problem is at most a few times the size of the request");
  }
}

}  // namespace consent::fuzz
