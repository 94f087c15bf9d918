// Route building, request building and response rendering against a non-consent schema.
#include <google/protobuf/util/json_util.h>
#include <google/rpc/error_details.pb.h>
#include <google/rpc/status.pb.h>
#include <gtest/gtest.h>

#include "gateway/request_builder.h"
#include "gateway/response_renderer.h"
#include "lib/wire/status_details.h"
#include "tests/gateway/library_routes.h"

namespace consent::gateway {
namespace {

using nlohmann::json;

class TranscoderTest : public LibraryRoutesTest {
 protected:
  // The built request as protobuf JSON (proto field names), or the error as the gateway
  // would send it on (gRPC status details included).
  grpc::Status Build(const std::string& method, const std::string& path, const std::string& query,
                     const std::string& body, json* request) {
    RouteMatch match = Find(method, path);
    std::string serialized;
    grpc::Status status = wire::ToGrpcStatus(
        RequestBuilder(*schema_, limits_)
            .Build(match, query, body, BodyFormat::kJson, std::nullopt, &serialized));
    if (!status.ok()) return status;
    auto message = schema_->NewMessage(match.route->method->input_type());
    EXPECT_TRUE(message->ParseFromString(serialized));
    std::string text;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(*message, &text, options).ok());
    *request = json::parse(text);
    return status;
  }

  std::string Render(const std::string& method, const std::string& path,
                     const std::string& response_json) {
    const Route& route = *Find(method, path).route;
    auto message = schema_->NewMessage(route.method->output_type());
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(response_json, message.get()).ok());
    ResponseRenderer::Rendered out;
    EXPECT_TRUE(ResponseRenderer(*schema_)
                    .Render(route, message->SerializeAsString(), /*xml=*/false, {}, &out)
                    .ok());
    return out.body;
  }

  JsonLimits limits_;
};

TEST_F(TranscoderTest, RoutesComeFromHttpRulesIncludingAdditionalBindingsAndCustomVerbs) {
  ASSERT_EQ(routes_.routes().size(), 5u);
  EXPECT_EQ(Find("GET", "/v1/shelves/s1/books/b1").route->grpc_method,
            "/test.library.v1.Library/GetBook");
  EXPECT_EQ(Find("GET", "/v1/books/b1").route->grpc_method, "/test.library.v1.Library/GetBook");
  EXPECT_EQ(Find("TAG", "/v1/shelves/s1/books/b1:tag").route->grpc_method,
            "/test.library.v1.Library/TagBook");
  RouteTable::Lookup wrong_method = routes_.Find("DELETE", "/v1/shelves/s1/books/b1");
  EXPECT_FALSE(wrong_method.match);
  EXPECT_EQ(wrong_method.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "PATCH"}));
  EXPECT_EQ(Find("HEAD", "/v1/books/b1").route->grpc_method, "/test.library.v1.Library/GetBook");
  EXPECT_TRUE(routes_.Find("GET", "/v2/books").allowed_methods.empty());
}

TEST_F(TranscoderTest, PathVariablesBindNestedFieldsAndWinOverTheBody) {
  json request;
  ASSERT_TRUE(Build("PATCH", "/v1/shelves/s1/books/b1", "",
                    R"({"name":"elsewhere","PageCount":12,"author":{"displayName":"Ann"}})",
                    &request)
                  .ok());
  EXPECT_EQ(
      request,
      json::parse(
          R"({"book":{"name":"shelves/s1/books/b1","pages":12,"author":{"display_name":"Ann"}}})"));
}

TEST_F(TranscoderTest, QueryParametersBindByJsonOrProtoNameNestedRepeatedAndTyped) {
  json request;
  ASSERT_TRUE(Build("GET", "/v1/books/b%201",
                    "filter.author=Ann+Lee&filter.minPages=10&ids=1&ids=2&verbose=true&kind=NOVEL",
                    "", &request)
                  .ok());
  EXPECT_EQ(request, json::parse(R"({"name":"b 1","filter":{"author":"Ann Lee","min_pages":10},
                                    "ids":["1","2"],"verbose":true,"kind":"NOVEL"})"));
  ASSERT_TRUE(Build("GET", "/v1/books/b", "filter.min_pages=3&kind=1", "", &request).ok());
  EXPECT_EQ(request, json::parse(R"({"name":"b","filter":{"min_pages":3},"kind":"NOVEL"})"));
}

TEST_F(TranscoderTest, BadQueryParametersAreInvalidArgument) {
  json request;
  for (const char* query : {"nope=1", "ids=x", "verbose=maybe", "kind=EPIC", "filter=x"}) {
    grpc::Status status = Build("GET", "/v1/books/b", query, "", &request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << query;
    EXPECT_TRUE(status.error_details().empty()) << query;
  }
}

TEST_F(TranscoderTest, WholeBodyAndRepeatedFieldBody) {
  json request;
  ASSERT_TRUE(Build("POST", "/v1/books", "", R"({"name":"n","tags":["a"]})", &request).ok());
  EXPECT_EQ(request, json::parse(R"({"name":"n","tags":["a"]})"));
  EXPECT_EQ(Build("POST", "/v1/books", "x=1", R"({})", &request).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Build("TAG", "/v1/shelves/s/books/b:tag", "", R"(["x","y"])", &request).ok());
  EXPECT_EQ(request, json::parse(R"({"book":{"name":"shelves/s/books/b"},"tags":["x","y"]})"));
}

TEST_F(TranscoderTest, JsonErrorsAreClassified) {
  json request;
  grpc::Status malformed = Build("POST", "/v1/books", "", R"({"name":)", &request);
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(malformed.error_message().find("malformed JSON"), std::string::npos);

  grpc::Status unknown = Build("POST", "/v1/books", "", R"({"author":{"bogus":1}})", &request);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(unknown.error_message(), "unknown field \"author.bogus\"");

  grpc::Status wrong_type =
      Build("POST", "/v1/books", "", R"({"contributors":[{"displayName":5}]})", &request);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(wrong_type.error_details()));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "contributors[0].displayName");

  grpc::Status bad_enum = Build("POST", "/v1/books", "", R"({"kind":"EPIC"})", &request);
  ASSERT_TRUE(details.ParseFromString(bad_enum.error_details()));
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "kind");
}

TEST_F(TranscoderTest, BodiesBeyondTheirBoundsAreRefusedBeforeParsing) {
  limits_ = {.max_depth = 3, .max_array_elements = 3};
  json request;
  EXPECT_TRUE(Build("POST", "/v1/books", "", R"({"tags":["a","b","c"]})", &request).ok());
  EXPECT_TRUE(Build("POST", "/v1/books", "", R"({"tags":["a,b,c,d,e"]})", &request).ok());
  grpc::Status long_array =
      Build("POST", "/v1/books", "", R"({"tags":["a","b","c","d"]})", &request);
  EXPECT_EQ(long_array.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(long_array.error_message(), "a JSON array holds more than 3 elements");
  EXPECT_TRUE(
      Build("POST", "/v1/books", "", R"({"contributors":[{"displayName":"x"}]})", &request).ok());
  grpc::Status deep = Build("POST", "/v1/books", "", R"({"contributors":[{"x":{}}]})", &request);
  EXPECT_EQ(deep.error_message(),
            "the JSON document nests arrays and objects deeper than 3 levels");
  // The wrapper a scalar or repeated body field is parsed in counts as a level too.
  EXPECT_EQ(
      Build("TAG", "/v1/shelves/s/books/b:tag", "", R"(["x","y","z","w"])", &request).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(TranscoderTest, UnknownFieldsAreNamedBoundedAndCounted) {
  json body = json::object();
  for (int i = 0; i < 15; ++i) body["f" + std::to_string(10 + i)] = 1;
  json request;
  grpc::Status many = Build("POST", "/v1/books", "", body.dump(), &request);
  EXPECT_EQ(many.error_message(),
            R"(unknown fields "f10", "f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18", )"
            R"("f19" and 5 more)");
  grpc::Status long_name =
      Build("POST", "/v1/books", "", json{{std::string(100000, 'x'), 1}}.dump(), &request);
  EXPECT_EQ(long_name.error_message(), "unknown field \"" + std::string(200, 'x') + "\"...");
}

TEST_F(TranscoderTest, ResponsesUseJsonNamesPrintPrimitivesAndNullUnsetMessagesAndEnums) {
  EXPECT_EQ(Render("GET", "/v1/books/b",
                   R"({"name":"b","author":{"displayName":"Ann"},"contributors":[{}]})"),
            R"({"name":"b","author":{"displayName":"Ann","mentor":null},"PageCount":0,"tags":[],)"
            R"("kind":null,"editor":null,"contributors":[{"displayName":"","mentor":null}]})");
}

TEST_F(TranscoderTest, ResponseBodySelectsAField) {
  EXPECT_EQ(
      Render("PATCH", "/v1/shelves/s/books/b", R"({"book":{"name":"b"},"etag":"e"})"),
      R"({"name":"b","author":null,"PageCount":0,"tags":[],"kind":null,"editor":null,"contributors":[]})");
}

TEST_F(TranscoderTest, BytesThatAreNotTheOutputTypeAreInternal) {
  const Route& route = *Find("GET", "/v1/books/b").route;
  ResponseRenderer::Rendered out;
  // Field 1 (name, a string) announced with 100 bytes that are not there.
  grpc::Status status = wire::ToGrpcStatus(ResponseRenderer(*schema_).Render(
      route, std::string("\x0a\x64ab", 4), /*xml=*/false, {}, &out));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "unreadable response from the backend");
}

}  // namespace
}  // namespace consent::gateway
