// Memory of a real `leadgate serve` process (its VmHWM, the most it ever
// held resident) under the review's memory attacks: gzip bombs and chunked
// bodies sent, unauthenticated, to every kind of POST route. Bounded, not
// timed: the peak may rise by a few MB, never by the size of a body.
#include <gtest/gtest.h>

#include <string>

#include "server_process.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

std::string Request(const std::string& path, const std::string& encoding, bool chunked, const std::string& body) {
  std::string head = "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Encoding: " + encoding + "\r\n";
  if (chunked) return head + "Transfer-Encoding: chunked\r\n\r\n" + Chunked(body, 64 * 1024);
  return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(EdgeMemoryTest, NoBodyMakesTheServerHoldMoreThanItsLimit) {
  ServerProcess server(MakeTempDir());
  ASSERT_GT(server.port(), 0) << server.transcript();
  // 253 KB on the wire, 254 MiB inflated: the review's request.
  const std::string bomb = GzipZeros(254u << 20);
  ASSERT_LT(bomb.size(), 256u * 1024);
  // Once, so that the baseline has every worker's first allocations.
  RawExchange(server.port(), Request("/v1/page", "gzip", false, Gzip("{}")));
  const long before = server.PeakResidentKb();
  ASSERT_GT(before, 0);
  for (const char* path :
       {"/app/login", "/app/logout", "/api/feedback", "/api/calls", "/api/exclusions", "/api/webhooks",
        "/api/policy/revisions", "/api/nowhere", "/v1/batch", "/v1/forms/acme-enterprise/submit"}) {
    for (const char* encoding : {"gzip", "deflate"}) {
      for (bool chunked : {false, true}) {
        const int status = RawStatus(RawExchange(server.port(), Request(path, encoding, chunked, bomb)));
        EXPECT_TRUE(status == 400 || status == 404 || status == 411 || status == 413 || status == 415)
            << path << " " << encoding << (chunked ? " chunked: " : ": ") << status;
      }
    }
  }
  const long grown_kb = server.PeakResidentKb() - before;
  EXPECT_LT(grown_kb, 48 * 1024) << "the peak grew by " << grown_kb / 1024 << " MB";
  RecordProperty("peak_growth_kb", std::to_string(grown_kb));
}

}  // namespace
}  // namespace leadgate::test_support
