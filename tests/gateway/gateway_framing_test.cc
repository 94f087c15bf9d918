// How the gateway reads a request off the wire (RFC 9112), over raw sockets: the bytes go
// out as written and everything the gateway answers is read back, up to its close.
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gateway/gateway.h"
#include "proto/embedded_descriptor_set.h"
#include "tests/gateway/fake_backend.h"

namespace consent::gateway {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using Response = http::response<http::string_body>;

// The idle timeout is long: an answer the gateway owes must come at once, not when it gives
// up on the connection.
std::unique_ptr<Gateway> StartGateway(const std::string& backend) {
  GatewayConfig config;
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  config.backend = backend;
  config.timeout = std::chrono::seconds(10);
  config.max_body_bytes = 1024;
  config.threads = 2;
  config.idle_timeout = std::chrono::minutes(5);
  auto gateway = Gateway::Start(config, std::string(consent::EmbeddedDescriptorSet()));
  EXPECT_TRUE(gateway.ok()) << gateway.status();
  return *std::move(gateway);
}

// The answers in `bytes`, in order (a 1xx answer included).
std::vector<Response> ParseAll(const std::string& bytes) {
  std::vector<Response> answers;
  boost::beast::flat_buffer buffer;
  net::buffer_copy(buffer.prepare(bytes.size()), net::buffer(bytes));
  buffer.commit(bytes.size());
  while (buffer.size() != 0) {
    http::response_parser<http::string_body> parser;
    boost::beast::error_code ec;
    buffer.consume(parser.put(buffer.data(), ec));
    if (!ec && !parser.is_done()) {
      buffer.consume(parser.put(buffer.data(), ec));  // the body after the header
    }
    if (!ec && !parser.is_done()) parser.put_eof(ec);
    if (ec) {
      ADD_FAILURE() << ec.message() << " in " << bytes;
      break;
    }
    answers.push_back(parser.release());
  }
  return answers;
}

class GatewayFramingTest : public ::testing::Test {
 protected:
  // Sends `bytes` on a new connection and reads until the gateway closes it.
  std::vector<Response> SendUntilClosed(const std::string& bytes) {
    tcp::socket socket = Connect();
    net::write(socket, net::buffer(bytes));
    std::string answer;
    boost::system::error_code ec;
    net::read(socket, net::dynamic_buffer(answer), ec);
    EXPECT_EQ(ec, net::error::eof) << ec.message();
    return ParseAll(answer);
  }

  tcp::socket Connect() {
    tcp::socket socket(io_);
    socket.connect({net::ip::make_address("127.0.0.1"), gateway_->port()});
    return socket;
  }

  // Reads one answer from `socket` (the connection staying open).
  Response ReadOne(tcp::socket& socket, boost::beast::flat_buffer& buffer) {
    http::response_parser<http::string_body> parser;
    http::read(socket, buffer, parser);
    return parser.release();
  }

  void ExpectOneRefusal(const std::string& bytes, std::initializer_list<unsigned> statuses) {
    std::vector<Response> answers = SendUntilClosed(bytes);
    ASSERT_EQ(answers.size(), 1u) << bytes;
    const unsigned status = answers[0].result_int();
    EXPECT_NE(std::find(statuses.begin(), statuses.end(), status), statuses.end())
        << status << " for " << bytes;
    EXPECT_EQ(answers[0][http::field::content_type], "application/problem+json") << bytes;
    EXPECT_FALSE(answers[0].keep_alive()) << bytes;
    EXPECT_NO_THROW(nlohmann::json::parse(answers[0].body())) << bytes;
  }

  testing::FakeBackend backend_;
  std::unique_ptr<Gateway> gateway_ = StartGateway(backend_.address());
  net::io_context io_;
};

constexpr char kPost[] =
    "POST /v1/persons HTTP/1.1\r\nHost: x\r\nCustomer-Id: t\r\n"
    "Content-Type: application/json\r\n";
constexpr char kSmuggled[] = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

// With a Transfer-Encoding the gateway does not honour next to a Content-Length, a front
// end and the gateway could disagree on where the body ends: the request hidden in the
// body must never run.
TEST_F(GatewayFramingTest, TransferEncodingOtherThanChunkedIsRefusedAndCloses) {
  for (const std::string te :
       {"Transfer-Encoding: identity\r\n", "Transfer-Encoding: xchunked\r\n",
        "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
        "Transfer-Encoding: identity,\r\n chunked\r\n", "Transfer-Encoding: chunked, identity\r\n",
        "Transfer-Encoding: chunked\r\n"}) {
    ExpectOneRefusal(kPost + te + "Content-Length: 2\r\n\r\n{}" + kSmuggled, {400, 501});
    ExpectOneRefusal(std::string(kPost) + "Content-Length: 2\r\n" + te + "\r\n{}" + kSmuggled,
                     {400, 501});
  }
}

TEST_F(GatewayFramingTest, CodingsBeforeChunkedAreNotImplemented) {
  ExpectOneRefusal(
      std::string(kPost) + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + kSmuggled, {501});
  ExpectOneRefusal(std::string(kPost) + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
                   {400});
  ExpectOneRefusal(std::string(kPost) + "Transfer-Encoding: identity\r\n\r\n{}" + kSmuggled, {400});
}

// Beast decides "chunked" line by line: a chunked line followed by an empty one would leave
// the body unframed, and the chunk data would be read as the next request.
TEST_F(GatewayFramingTest, TransferEncodingIsOneLineWithoutEmptyElements) {
  for (const std::string te : {"Transfer-Encoding: chunked\r\nTransfer-Encoding: \r\n",
                               "Transfer-Encoding: \r\nTransfer-Encoding: chunked\r\n",
                               "Transfer-Encoding: ,chunked\r\n", "Transfer-Encoding: chunked,\r\n",
                               "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"}) {
    ExpectOneRefusal(kPost + te + "\r\n22\r\n" + kSmuggled + "\r\n0\r\n\r\n", {400});
  }
}

TEST_F(GatewayFramingTest, ChunkedBodiesAreRead) {
  tcp::socket socket = Connect();
  boost::beast::flat_buffer buffer;
  net::write(socket, net::buffer(std::string(kPost) + "Transfer-Encoding: Chunked\r\n\r\n"));
  net::write(socket, net::buffer(std::string("5;x=y\r\n{\"Fir\r\n")));
  net::write(socket, net::buffer(std::string("D\r\nstName\":\"Bo\"}\r\n0\r\nX-T: 1\r\n\r\n")));
  Response created = ReadOne(socket, buffer);
  EXPECT_EQ(created.result_int(), 201) << created.body();
  EXPECT_EQ(nlohmann::json::parse(created.body())["FirstName"], "Bo");
  EXPECT_TRUE(created.keep_alive());
  net::write(socket, net::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
  EXPECT_EQ(ReadOne(socket, buffer).result_int(), 200);  // the connection stays in step
}

// Beast looks for CRLF only; the gateway answers at once instead of at the idle timeout.
TEST_F(GatewayFramingTest, ChunkedBodyWithBareLineFeedsIs400AtOnce) {
  for (const std::string body : {"2\n{}\n0\n\n", "2\r\n{}\n0\r\n\r\n", "2\r\n{}\r\n0\r\n\n",
                                 "2\r\n{}\r\n0\r\nX-T: 1\n\r\n"}) {
    ExpectOneRefusal(std::string(kPost) + "Transfer-Encoding: chunked\r\n\r\n" + body, {400});
  }
}

TEST_F(GatewayFramingTest, Http11WithoutOneHostIs400) {
  ExpectOneRefusal("GET /v1/persons/1 HTTP/1.1\r\n\r\n", {400});
  ExpectOneRefusal("GET /v1/persons/1 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", {400});
  std::vector<Response> answers = SendUntilClosed("GET /v1/persons/1 HTTP/1.0\r\n\r\n");
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].result_int(), 200);
}

TEST_F(GatewayFramingTest, ExpectContinueGets100BeforeTheBody) {
  tcp::socket socket = Connect();
  net::write(socket, net::buffer(std::string(kPost) +
                                 "Expect: 100-continue\r\nContent-Length: 16\r\n\r\n"));
  net::streambuf interim;
  net::read_until(socket, interim, "\r\n\r\n");
  std::string head(net::buffers_begin(interim.data()), net::buffers_end(interim.data()));
  EXPECT_EQ(head, "HTTP/1.1 100 Continue\r\n\r\n");
  net::write(socket, net::buffer(std::string(R"({"FirstName":""})")));
  boost::beast::flat_buffer buffer;
  EXPECT_EQ(ReadOne(socket, buffer).result_int(), 201);
}

// The client is still waiting to send the body: the final answer comes instead of 100.
TEST_F(GatewayFramingTest, ExpectContinueWithATooLargeBodyIs413AtOnce) {
  tcp::socket socket = Connect();
  net::write(socket, net::buffer(std::string(kPost) +
                                 "Expect: 100-continue\r\nContent-Length: 100000\r\n\r\n"));
  boost::beast::flat_buffer buffer;
  Response answer = ReadOne(socket, buffer);
  EXPECT_EQ(answer.result_int(), 413);
  EXPECT_FALSE(answer.keep_alive());
}

// As proxies and curl -x send it (RFC 9112 3.2.2).
TEST_F(GatewayFramingTest, AbsoluteFormTargetsUseTheirPathAndQuery) {
  tcp::socket socket = Connect();
  boost::beast::flat_buffer buffer;
  const std::string authority = "127.0.0.1:" + std::to_string(gateway_->port());
  for (const std::string& target :
       {"http://" + authority + "/healthz", "HTTP://" + authority + "/v1/persons/1",
        "http://" + authority + "/v1/persons?pageSize=1"}) {
    net::write(socket,
               net::buffer("GET " + target + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n"));
    Response answer = ReadOne(socket, buffer);
    EXPECT_EQ(answer.result_int(), 200) << target << ": " << answer.body();
  }
  net::write(socket, net::buffer("GET http://" + authority + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  Response root = ReadOne(socket, buffer);
  EXPECT_EQ(root.result_int(), 404);
  EXPECT_EQ(nlohmann::json::parse(root.body())["instance"], "/");
}

TEST_F(GatewayFramingTest, EscapedUnreservedCharactersMatchLiteralSegments) {
  tcp::socket socket = Connect();
  boost::beast::flat_buffer buffer;
  net::write(socket, net::buffer(std::string("GET /v1/%70erson%73/1 HTTP/1.1\r\nHost: x\r\n\r\n")));
  EXPECT_EQ(ReadOne(socket, buffer).result_int(), 200);
  net::write(socket, net::buffer(std::string("GET /v1%2Fpersons/1 HTTP/1.1\r\nHost: x\r\n\r\n")));
  EXPECT_EQ(ReadOne(socket, buffer).result_int(), 404);
}

// Answers carry personal data: no cache keeps them, no client sniffs another type.
TEST_F(GatewayFramingTest, EveryApiAnswerIsNoStoreAndNoSniff) {
  tcp::socket socket = Connect();
  boost::beast::flat_buffer buffer;
  for (const std::string target : {"/v1/persons/1", "/v1/nothing/here"}) {
    net::write(socket, net::buffer("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    Response answer = ReadOne(socket, buffer);
    EXPECT_EQ(answer[http::field::cache_control], "no-store") << target;
    EXPECT_EQ(answer["X-Content-Type-Options"], "nosniff") << target;
  }
  for (const Response& refused : SendUntilClosed("GET /v1/persons/1 HTTP/1.1\r\n\r\n")) {
    EXPECT_EQ(refused[http::field::cache_control], "no-store");
    EXPECT_EQ(refused["X-Content-Type-Options"], "nosniff");
  }
}

}  // namespace
}  // namespace consent::gateway
