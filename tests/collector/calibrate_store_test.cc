// `leadgate calibrate --store`: a collector is given form leads, page views
// and sales verdicts over real HTTP, then the CLI calibrates from its store
// (the latest verdict of each lead and company, with the facts they had
// when judged) and finds the question that decides them; on SQLite (a data
// directory) and on PostgreSQL (a URL). Also its errors: no store, a store
// without verdicts, a PostgreSQL that does not answer.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "both_stores.h"
#include "crm/crm_records.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

struct CliRun {
  int exit_code = -1;
  std::string out;
};

CliRun Calibrate(const std::string& store, const std::string& out_dir) {
  const std::string command = std::string(LEADGATE_BINARY) + " calibrate --policy " +
                              TestDataPath("collector/data/policy.json") + " --store '" + store + "' -o " + out_dir +
                              " --seed 7 2>&1";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class CalibrateStoreTest : public BothStoresTest {
 protected:
  void SetUp() override { Start({}); }

  // What --store takes for this test's store: the data directory or the URL.
  std::string StoreLocation() const {
    return location_->options().url.empty() ? server_->data_dir() : location_->options().url;
  }

  // Each a person of their own (one email's repeats within minutes are one lead).
  std::string SubmitLead(int employees, const std::string& role) {
    const std::string email = "x" + std::to_string(++submitted_) + "@home.example";
    const json answers = {{"email", email}, {"employees", employees}, {"role", role}};
    return SubmitForm(*client_, kResidentialIp, answers.dump());
  }

  void Verdict(const std::string& subject, bool accepted) {
    json body = {{"subject", subject}, {"verdict", accepted ? "accepted" : "rejected"}, {"by", "script"}};
    if (!accepted) body["reason"] = "no budget";
    auto result = PostJson(*client_, "/api/feedback", body.dump(), kBearer);
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 201) << result->body;
  }

  int submitted_ = 0;
};

TEST_P(CalibrateStoreTest, LearnsFromTheLatestVerdictOfEveryLeadAndCompany) {
  server_->SetNow(kStartMs);
  // 90 leads: sales accepts decision-makers at companies of 50 or more.
  const int sizes[] = {20, 300, 3000};
  const char* roles[] = {"executive", "manager", "student"};
  int leads = 0;
  for (int round = 0; round < 10; ++round)
    for (int size : sizes)
      for (const char* role : roles) {
        const std::string id = SubmitLead(size, role);
        const bool good = size >= 50 && std::string(role) != "student";
        Verdict("lead:" + id, !good);  // changed below: only the latest counts
        Verdict("lead:" + id, good);
        ++leads;
      }
  // One visiting company, judged after its visits.
  json page = {{"writeKey", kWriteKey}, {"anonymousId", "v1"}, {"properties", {{"path", "/pricing"}}}};
  ASSERT_EQ(PostJson(*client_, "/v1/page", page.dump(), {{"X-Forwarded-For", kStonehouseIp}})->status, 200);
  auto companies = client_->Get("/api/companies", kBearer);
  ASSERT_TRUE(companies);
  const json listed = json::parse(companies->body)["companies"];
  ASSERT_EQ(listed.size(), 1u);
  Verdict("company:" + listed[0]["id"].get<std::string>(), true);
  // A company nobody judged in leadgate whose deal closed in the CRM, and
  // the judged one's deal lost: outcomes too, the deal over the verdict.
  ASSERT_EQ(PostJson(*client_, "/v1/page", page.dump(), {{"X-Forwarded-For", kBevtecIp}})->status, 200);
  for (int i = 0; i < 400 && server_->Count("SELECT count(*) FROM companies WHERE id = 'bevtec'") == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  server_->WithStore([&](collector::Store& store) {
    collector::CrmRecords crm(&store, "hubspot");
    ASSERT_TRUE(crm.SetDealOutcome("9001", {"bevtec"}, "won", kStartMs).ok());
    ASSERT_TRUE(crm.SetDealOutcome("9002", {listed[0]["id"].get<std::string>()}, "lost", kStartMs).ok());
  });

  const std::string out = MakeTempDir();
  const CliRun run = Calibrate(StoreLocation(), out);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const json report = json::parse(ReadTextFile(out + "/report.json"));
  EXPECT_EQ(report["rows"]["train"].get<int>() + report["rows"]["holdout"].get<int>(), leads + 2)
      << "one row per judged subject (the latest verdict) and per company with a closed deal";
  const std::string key = report["key_question"].is_string() ? report["key_question"].get<std::string>() : "";
  EXPECT_TRUE(key == "role" || key == "employees") << run.out;
  EXPECT_EQ(report["signal"], true) << run.out;
  EXPECT_FALSE(ReadTextFile(out + "/policy.json").empty());
}

TEST_P(CalibrateStoreTest, SaysWhatIsMissing) {
  if (GetParam() == collector::Backend::kSqlite) {
    const CliRun none = Calibrate(MakeTempDir(), MakeTempDir());
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_NE(none.out.find("no leadgate store"), std::string::npos) << none.out;
  } else {
    // Port 1 on loopback: nothing listens. The password is not shown.
    const CliRun none = Calibrate("postgres://leadgate:s3cret@127.0.0.1:1/leadgate", MakeTempDir());
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_NE(none.out.find("postgres://leadgate@127.0.0.1:1/leadgate"), std::string::npos) << none.out;
    EXPECT_EQ(none.out.find("s3cret"), std::string::npos) << none.out;
  }

  SubmitLead(300, "manager");
  const CliRun no_verdicts = Calibrate(StoreLocation(), MakeTempDir());
  EXPECT_EQ(no_verdicts.exit_code, 1);
  EXPECT_NE(no_verdicts.out.find("no sales verdicts yet"), std::string::npos) << no_verdicts.out;
}

LEADGATE_ON_BOTH_STORES(CalibrateStoreTest);

}  // namespace
}  // namespace leadgate::test_support
