// Tests of the one place error answers are made: each Status kind's and
// protocol refusal's code, the {"error", "path"} body, the metrics reason,
// Retry-After, and a store failure's details kept out of the answer.
#include "http/http_error.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace leadgate::collector {
namespace {

TEST(HttpErrorTest, EachKindHasItsCode) {
  EXPECT_EQ(HttpStatusOf(Status::Code::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusOf(Status::Code::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusOf(Status::Code::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusOf(Status::Code::kNotFound), 404);
  EXPECT_EQ(HttpStatusOf(Status::Code::kConflict), 409);
  EXPECT_EQ(HttpStatusOf(Status::Code::kResourceExhausted), 413);
  EXPECT_EQ(HttpStatusOf(Status::Code::kUnprocessable), 422);
  EXPECT_EQ(HttpStatusOf(Status::Code::kRateLimited), 429);
  EXPECT_EQ(HttpStatusOf(Status::Code::kInternal), 503);
  EXPECT_EQ(HttpStatusOf(Status::Code::kCorruption), 503);
  EXPECT_EQ(HttpStatusOf(Status::Code::kUnavailable), 503);
  EXPECT_EQ(HttpStatusOf(Status::Code::kStorageFull), 507);
}

TEST(HttpErrorTest, ABadInputNamesWhatAndWhere) {
  const HttpAnswer answer = Refuse(Status::InvalidArgument("must be a string", "batch[2].userId"));
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.body, R"({"error":"must be a string","path":"batch[2].userId"})");
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.reject_reason, "malformed");
  EXPECT_EQ(Refuse(Status::InvalidArgument("x"), "bad_query").reject_reason, "bad_query");
}

TEST(HttpErrorTest, KindsHaveTheirMetricsReasons) {
  EXPECT_EQ(Refuse(Status::Unauthenticated("no key", "writeKey")).reject_reason, "auth");
  EXPECT_EQ(Refuse(Status::PermissionDenied("admins only", "role")).reject_reason, "role");
  EXPECT_EQ(Refuse(Status::NotFound("no such lead", "id")).reject_reason, "not_found");
  EXPECT_EQ(Refuse(Status::Conflict("owned", "owner")).reject_reason, "conflict");
  EXPECT_EQ(Refuse(Status::ResourceExhausted("body larger than 32 KB")).reject_reason, "too_large");
  EXPECT_EQ(Refuse(Status::StorageFull("over budget")).reject_reason, "store_budget");
  EXPECT_EQ(Refuse(Status::Unprocessable("the call is not finished")).reject_reason, "unprocessable");
}

TEST(HttpErrorTest, DetailsStandBesideErrorAndPath) {
  const HttpAnswer answer = RefuseWithDetails(Status::Unprocessable("the policy has 1 problem"),
                                              {{"problems", {"facts[0].id: missing"}}, {"error", "ignored"}});
  EXPECT_EQ(answer.status, 422);
  EXPECT_EQ(answer.body, R"({"error":"the policy has 1 problem","path":"","problems":["facts[0].id: missing"]})");
  EXPECT_EQ(answer.reject_reason, "unprocessable");
  const HttpAnswer conflict =
      RefuseWithDetails(Status::Conflict("needs a sign-off", "revision"), {{"missing", {"sales"}}}, "signoff");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.body, R"({"error":"needs a sign-off","missing":["sales"],"path":"revision"})");
  EXPECT_EQ(conflict.reject_reason, "signoff");
  // A failed store says no more than Refuse's 503.
  EXPECT_EQ(RefuseWithDetails(Status::Internal("disk I/O error"), {{"missing", {"sales"}}}).body,
            Refuse(Status::Internal("disk I/O error")).body);
}

TEST(HttpErrorTest, AStoreFailureKeepsItsDetailsInTheLog) {
  for (const Status& failed : {Status::Internal("disk I/O error in /var/lib/leadgate"),
                               Status::Corruption("engagement totals of c1 cannot be read")}) {
    const HttpAnswer answer = Refuse(failed);
    EXPECT_EQ(answer.status, 503);
    EXPECT_EQ(answer.body, R"({"error":"the store is not available; retry later","path":""})");
    EXPECT_EQ(answer.reject_reason, "store");
  }
}

TEST(HttpErrorTest, ARateLimitSaysWhenToRetry) {
  const HttpAnswer answer = RefuseRateLimited("too many requests from this address", 7);
  EXPECT_EQ(answer.status, 429);
  EXPECT_EQ(answer.body, R"({"error":"too many requests from this address","path":""})");
  EXPECT_EQ(answer.retry_after_seconds, 7);
  EXPECT_EQ(answer.reject_reason, "rate_limited");
  EXPECT_EQ(RefuseRateLimited("too many submissions", 3, "form_rate_limited").reject_reason, "form_rate_limited");
}

TEST(HttpErrorTest, ProtocolRefusalsHaveTheirCodesAndTheSameBody) {
  EXPECT_EQ(HttpStatusOf(ProtocolRefusal::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatusOf(ProtocolRefusal::kLengthRequired), 411);
  EXPECT_EQ(HttpStatusOf(ProtocolRefusal::kUnsupportedMediaType), 415);
  EXPECT_EQ(HttpStatusOf(ProtocolRefusal::kHandlerFailed), 500);
  EXPECT_EQ(HttpStatusOf(ProtocolRefusal::kUpstreamFailed), 502);
  const HttpAnswer answer = RefuseProtocol(ProtocolRefusal::kMethodNotAllowed, "use POST", "method", "method");
  EXPECT_EQ(answer.status, 405);
  EXPECT_EQ(answer.body, R"({"error":"use POST","path":"method"})");
  EXPECT_EQ(answer.reject_reason, "method");
  EXPECT_EQ(LibraryRefusalBody(404, "/nowhere"), R"({"error":"not found","path":"/nowhere"})");
  EXPECT_EQ(LibraryRefusalBody(414, ""), R"({"error":"request refused","path":""})");
}

TEST(HttpErrorTest, InvalidUtf8IsReplacedNotThrown) {
  const HttpAnswer answer = Refuse(Status::InvalidArgument("bad", "a\xff"));
  EXPECT_TRUE(nlohmann::json::accept(answer.body));
}

}  // namespace
}  // namespace leadgate::collector
