// The I/O-free steps of reading a request (gateway/request_parsing.h): a body fed from the
// buffer as HttpServer's sessions feed it, the header read first.
#include "gateway/request_parsing.h"

#include <iterator>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <gtest/gtest.h>

namespace consent::gateway {
namespace {

class RequestParsingTest : public ::testing::Test {
 protected:
  // Parses the header of `bytes` and leaves the rest in the buffer, as async_read_header does.
  void ReadHeader(const std::string& bytes) {
    boost::asio::buffer_copy(buffer_.prepare(bytes.size()), boost::asio::buffer(bytes));
    buffer_.commit(bytes.size());
    parser_.body_limit(1024);
    parser_.eager(false);
    boost::beast::error_code ec;
    buffer_.consume(parser_.put(buffer_.data(), ec));
    ASSERT_FALSE(ec) << ec.message();
    ASSERT_TRUE(parser_.is_header_done());
    header_fields_ = parser_.get();
  }
  BodyProgress ParseBody() { return ParseBufferedBody(parser_, header_fields_, buffer_); }

  RequestParser parser_;
  boost::beast::flat_buffer buffer_;
  http::fields header_fields_;
};

TEST_F(RequestParsingTest, ABodyOfKnownLengthIsParsedWhole) {
  ReadHeader("POST /v1/persons HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}GET / HTTP/1.1");
  BodyProgress progress = ParseBody();
  EXPECT_FALSE(progress.error);
  EXPECT_FALSE(progress.refusal);
  ASSERT_TRUE(parser_.is_done());
  EXPECT_EQ(parser_.get().body(), "{}");
  EXPECT_EQ(buffer_.size(), 14u);  // the next request stays buffered
}

// Found by tests/fuzz/http_request_fuzzer: Beast merges trailer fields into the header's (a
// second Host next to the first), so a "Host" or "Customer-Id" in a chunked body's trailer
// reached the handler as a header.
TEST_F(RequestParsingTest, TrailerFieldsAreDropped) {
  ReadHeader(
      "POST /v1/persons HTTP/1.1\r\nHost: x\r\nCustomer-Id: t1\r\nTransfer-Encoding: chunked\r\n"
      "\r\n2\r\n{}\r\n0\r\nHost: evil\r\nCustomer-Id: t2\r\nConnection: close\r\n\r\n");
  BodyProgress progress = ParseBody();
  EXPECT_FALSE(progress.error) << progress.error.message();
  EXPECT_FALSE(progress.refusal);
  ASSERT_TRUE(parser_.is_done());
  const HttpRequest request = parser_.release();
  EXPECT_EQ(request.body(), "{}");
  EXPECT_EQ(std::distance(request.begin(), request.end()), 3);
  EXPECT_EQ(request.count(http::field::host), 1u);
  EXPECT_EQ(request[http::field::host], "x");
  EXPECT_EQ(request["Customer-Id"], "t1");
  EXPECT_TRUE(request.keep_alive());
}

TEST_F(RequestParsingTest, AChunkedBodyArrivingInPiecesNeedsMore) {
  ReadHeader("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{");
  BodyProgress progress = ParseBody();
  EXPECT_FALSE(progress.error);
  EXPECT_FALSE(progress.refusal);
  EXPECT_FALSE(parser_.is_done());
}

TEST_F(RequestParsingTest, ABareLfInAChunkedBodyIsRefusedAtOnce) {
  ReadHeader("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\n{}\n0\n\n");
  BodyProgress progress = ParseBody();
  ASSERT_TRUE(progress.refusal);
  EXPECT_EQ(progress.refusal->status, http::status::bad_request);
}

TEST_F(RequestParsingTest, AnOverlongChunkLineIsRefused) {
  ReadHeader("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;" +
             std::string(kMaxChunkLineBytes, 'a'));
  BodyProgress progress = ParseBody();
  ASSERT_TRUE(progress.refusal);
  EXPECT_EQ(progress.refusal->status, http::status::bad_request);
}

TEST(RefusalFor, ReadErrorsOnTheRequestAreAnsweredAndTheClientGoingAwayIsNot) {
  EXPECT_EQ(RefusalFor(http::error::body_limit)->status, http::status::payload_too_large);
  EXPECT_EQ(RefusalFor(http::error::header_limit)->status,
            http::status::request_header_fields_too_large);
  EXPECT_EQ(RefusalFor(http::error::bad_version)->status, http::status::bad_request);
  EXPECT_FALSE(RefusalFor(http::error::end_of_stream));
  EXPECT_FALSE(RefusalFor(http::error::partial_message));
  EXPECT_FALSE(RefusalFor(boost::asio::error::connection_reset));
}

}  // namespace
}  // namespace consent::gateway
