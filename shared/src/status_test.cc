// Unit tests of Status and Result: a Result is a value or an error, never an
// OK status without a value; an invalid input's status lists its problems,
// and the one JSON encoder carries them.
#include "leadgate/status.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "leadgate/codec.h"
#include "leadgate/policy.h"

namespace leadgate {
namespace {

TEST(ResultTest, HoldsAValueOrAnError) {
  Result<int> value = 7;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 7);
  EXPECT_TRUE(value.status().ok());
  Result<int> error = Status::NotFound("no such thing");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), Status::Code::kNotFound);
}

TEST(ResultTest, AnOkStatusWithoutAValueBecomesAnInternalError) {
  Result<std::string> result = Status::Ok();
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kInternal);
  EXPECT_NE(result.status().message().find("OK Status"), std::string::npos);
}

TEST(StatusTest, ASingleProblemIsItsOwnProblemList) {
  Status status = Status::InvalidArgument("must be a number", "employees");
  EXPECT_FALSE(status.has_problem_list());
  ASSERT_EQ(status.problems().size(), 1u);
  EXPECT_EQ(status.problems()[0].ToString(), "employees: must be a number");
  EXPECT_TRUE(Status::Ok().problems().empty());
  EXPECT_EQ(StatusToJson(status), R"({"error":"must be a number","path":"employees"})");
}

TEST(StatusTest, AnInvalidPolicyListsEveryProblemInOneStatus) {
  Result<Policy> policy = DecodePolicy(R"({"facts": {"a": {"type": "nope"}}, "rules": 3})");
  ASSERT_FALSE(policy.ok());
  const Status& status = policy.status();
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "invalid policy");
  EXPECT_TRUE(status.has_problem_list());
  const auto problems = status.problems();
  ASSERT_GE(problems.size(), 2u);
  const nlohmann::json json = nlohmann::json::parse(StatusToJson(status));
  EXPECT_EQ(json["error"], "invalid policy");
  EXPECT_EQ(json["path"], "");
  ASSERT_EQ(json["problems"].size(), problems.size());
  for (size_t i = 0; i < problems.size(); ++i) {
    EXPECT_EQ(json["problems"][i]["path"], problems[i].path);
    EXPECT_EQ(json["problems"][i]["message"], problems[i].message);
    EXPECT_EQ(json["problems"][i]["text"], problems[i].ToString());
  }
}

}  // namespace
}  // namespace leadgate
