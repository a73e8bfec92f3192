// End-to-end tests of the `leadgate` CLI binary: `policy check` on the
// examples and on broken policies, `qualify` over JSON lines, and a form
// answered question by question through the CLI, and the warnings of
// `serve` about missing parts.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_runner.h"

namespace {

using leadgate::cli_test::CliRun;
using leadgate::cli_test::Leadgate;
using leadgate::cli_test::Lines;
using leadgate::cli_test::WriteTemp;

const std::string kExamples = std::string(LEADGATE_SOURCE_DIR) + "/examples/";

TEST(PolicyCheck, ExamplesAreValid) {
  for (const char* name : {"enterprise-software", "ecommerce-agency", "ppc-agency"}) {
    CliRun run = Leadgate("policy check " + kExamples + name + "/policy.json");
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(Lines(run.out).size(), 1u) << run.out;
    EXPECT_NE(run.out.find("ok"), std::string::npos);
  }
}

TEST(PolicyCheck, ListsEveryProblemWithItsPath) {
  std::string path = WriteTemp(R"({"policy":"p","facts":{"employees":{"type":"number","question":"How many?"}},
    "rules":[{"id":"a","if":{"fact":"employes","gte":5},"points":10},
             {"id":"a","if":{"fact":"employees","eq":5},"points":10}]})");
  CliRun run = Leadgate("policy check " + path);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("rules[0].if.fact: unknown fact \"employes\" (did you mean \"employees\"?)"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("rules[1].id: duplicate rule id \"a\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("rules[1].if.eq: operator eq does not fit number fact"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("mql.points: missing"), std::string::npos) << run.out;
  unlink(path.c_str());
}

// The overview names both sources of calibrate and where serve's options are.
TEST(Help, NamesEveryFormOfEachCommand) {
  CliRun run = Leadgate("--help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("calibrate --policy P.json --data FILE.csv --map MAP.json -o OUTDIR"), std::string::npos);
  EXPECT_NE(run.out.find("calibrate --policy P.json --store DATA_DIR|URL -o OUTDIR"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("docs/collector.md"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("qualify --policy FILE --account"), std::string::npos) << run.out;
  EXPECT_EQ(Leadgate("").exit_code, 2);
}

TEST(PolicyCheck, InvalidJsonGivesLineAndColumn) {
  std::string path = WriteTemp("{\n  \"policy\": \"p\",\n  \"rules\": [\n    {\"id\": \"a\",}\n  ]\n}\n");
  CliRun run = Leadgate("policy check " + path);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("line 4, column 16"), std::string::npos) << run.out;
  unlink(path.c_str());
  EXPECT_EQ(Leadgate("policy check /nonexistent/policy.json").exit_code, 2);
}

TEST(Qualify, OneDecisionPerLineAndBadLinesGoOn) {
  CliRun run = Leadgate("qualify --policy " + kExamples + "enterprise-software/policy.json",
                        "{}\nnot json\n\n{\"employees\": \"lots\"}\n{\"nosuchfact\": 1}\n{}\n");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 5u) << run.out;  // the blank line is skipped
  auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["decision"], "undecided");
  EXPECT_TRUE(first["ask"].is_string());
  EXPECT_TRUE(first["points"].contains("min"));
  auto bad = nlohmann::json::parse(lines[1]);
  EXPECT_TRUE(bad.contains("error"));
  EXPECT_EQ(bad["line"], 2);
  auto wrong_type = nlohmann::json::parse(lines[2]);
  EXPECT_EQ(wrong_type["path"], "employees");
  EXPECT_EQ(wrong_type["line"], 4);
  EXPECT_TRUE(nlohmann::json::parse(lines[3]).contains("error"));
  EXPECT_EQ(lines[4], lines[0]);
}

// The example's employees and country name company facts with `from`: an
// identified company answers them, unless the lead's own answer is given.
TEST(Qualify, CompanyFactsAnswerQuestionsThroughFrom) {
  CliRun run = Leadgate("qualify --policy " + kExamples + "enterprise-software/policy.json",
                        R"({"company.employees": 1850, "company.country": "US"})"
                        "\n"
                        R"({"company.employees": 1850, "company.country": "US", "employees": 20})"
                        "\n"
                        R"({"company.employees": 1850, "company.country": "JP"})"
                        "\n");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 3u) << run.out;
  auto identified = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(identified["points"]["min"], 35) << lines[0];
  EXPECT_NE(identified["ask"], "employees");
  EXPECT_NE(identified["ask"], "country");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["decision"], "not_qualified") << lines[1];
  EXPECT_EQ(nlohmann::json::parse(lines[2])["reasons"].at(0)["rule"], "enterprise") << lines[2];
}

// --account: the account decision, without the rules on a person fact and
// against mql.account_points; a line error reads as without it.
TEST(Qualify, AccountLeavesOutTheRulesOnAPerson) {
  std::string path = WriteTemp(R"({"policy":"p","facts":{
    "employees":{"type":"number","question":"How many?","from":"company.employees"},
    "role":{"type":"choice","question":"Role?","about":"person","choices":[{"value":"cto"},{"value":"student"}]}},
    "rules":[{"id":"student","if":{"fact":"role","eq":"student"},"then":"disqualify"},
             {"id":"big","if":{"fact":"employees","gte":1000},"points":40},
             {"id":"cto","if":{"fact":"role","eq":"cto"},"points":30}],
    "mql":{"points":60,"account_points":40}})");
  const std::string input = "{\"company.employees\": 1850}\n{\"employees\": \"many\"}\n";
  CliRun lead = Leadgate("qualify --policy " + path, input);
  CliRun account = Leadgate("qualify --account --policy " + path, input);
  ASSERT_EQ(account.exit_code, 0) << account.out;
  ASSERT_EQ(Lines(account.out).size(), 2u) << account.out;
  EXPECT_EQ(nlohmann::json::parse(Lines(lead.out)[0])["ask"], "role") << lead.out;
  EXPECT_EQ(
      Lines(account.out)[0],
      R"({"decision":"qualified","points":{"min":40,"max":40},"ask":null,"reasons":[{"rule":"big","points":40}]})");
  EXPECT_EQ(Lines(account.out)[1], Lines(lead.out)[1]);
  EXPECT_EQ(nlohmann::json::parse(Lines(account.out)[1])["path"], "employees");
  CliRun check = Leadgate("policy check " + path);
  EXPECT_EQ(Lines(check.out).size(), 1u) << check.out;
  EXPECT_NE(check.out.find("qualified at 60 points; accounts qualified at 40 points on 1 of the rules"),
            std::string::npos)
      << check.out;
  unlink(path.c_str());
}

TEST(PolicyCheck, AboutAndTheAccountBarAreChecked) {
  std::string path = WriteTemp(R"({"policy":"p","facts":{
    "employees":{"type":"number","question":"How many?","from":"company.employees","about":"person"},
    "role":{"type":"choice","question":"Role?","about":"people","choices":[{"value":"cto"}]}},
    "rules":[],"mql":{"points":60,"account_points":"forty"}})");
  CliRun run = Leadgate("policy check " + path);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("facts.employees.from: a fact about a person cannot be answered by a company fact"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("facts.role.about: must be \"person\" or \"account\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("mql.account_points: must be a number"), std::string::npos) << run.out;
  unlink(path.c_str());
}

TEST(PolicyCheck, FromOfTheWrongTypeIsAProblem) {
  std::string path = WriteTemp(R"({"policy":"p","facts":{"employees":{"type":"number","question":"How many?",
    "from":"company.country"}},"rules":[],"mql":{"points":1}})");
  CliRun run = Leadgate("policy check " + path);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("facts.employees.from: number fact \"employees\" cannot be answered by text fact "
                         "\"company.country\""),
            std::string::npos)
      << run.out;
  unlink(path.c_str());
}

TEST(Qualify, InvalidPolicyExitsOne) {
  std::string path = WriteTemp(R"({"rules": []})");
  CliRun run = Leadgate("qualify --policy " + path, "{}\n");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("mql.points"), std::string::npos);
  unlink(path.c_str());
}

// Answers each asked question from a scripted lead until the decision.
TEST(Qualify, AFormQuestionByQuestionReachesTheDecision) {
  const std::string policy = kExamples + "enterprise-software/policy.json";
  std::ifstream in(policy);
  nlohmann::ordered_json spec = nlohmann::ordered_json::parse(in);
  nlohmann::json answers = nlohmann::json::object();
  std::vector<std::string> asked;
  for (int step = 0; step < 20; ++step) {
    CliRun run = Leadgate("qualify --policy " + policy, answers.dump() + "\n");
    auto decision = nlohmann::json::parse(Lines(run.out).at(0));
    if (decision["ask"].is_null()) {
      EXPECT_NE(decision["decision"], "undecided");
      break;
    }
    std::string fact = decision["ask"];
    ASSERT_EQ(std::count(asked.begin(), asked.end(), fact), 0) << "asked twice: " << fact;
    asked.push_back(fact);
    // The lead picks the first offered answer (or a large number).
    const auto& fact_spec = spec["facts"][fact];
    if (fact_spec["type"] == "choice") {
      answers[fact] = fact_spec["choices"].at(0)["value"];
    } else if (fact_spec["type"] == "number") {
      answers[fact] = fact_spec.contains("choices") ? nlohmann::json{{"range", fact_spec["choices"].back()["range"]}}
                                                    : nlohmann::json(100000);
    } else if (fact_spec["type"] == "boolean") {
      answers[fact] = true;
    } else {
      answers[fact] = "someone@example.com";
    }
  }
  EXPECT_FALSE(asked.empty());
  size_t askable = 0;
  for (auto& [id, fact] : spec["facts"].items()) askable += fact.contains("question") ? 1 : 0;
  EXPECT_LE(asked.size(), askable);
}

// `leadgate users`: people are added with a password from stdin (and an
// email), listed, given a new password (or a temporary one, which marks
// them to change it) and removed, by the app's rules (the
// last admin stays); mistakes are named and exit non-zero.
TEST(Users, AddListPasswdRemove) {
  char dir_template[] = "/tmp/leadgate-cli-users-XXXXXX";
  const std::string data = mkdtemp(dir_template);
  const std::string where = " --data " + data;
  CliRun added = Leadgate("users add dana --role sales --email dana@example.com" + where, "a long password\n");
  EXPECT_EQ(added.exit_code, 0) << added.out;
  EXPECT_EQ(Leadgate("users add riley --role rep" + where, "another password\n").exit_code, 0);
  CliRun listed = Leadgate("users list" + where);
  EXPECT_EQ(listed.exit_code, 0);
  ASSERT_EQ(Lines(listed.out).size(), 2u) << listed.out;
  EXPECT_EQ(Lines(listed.out).at(0).rfind("dana\tsales\t", 0), 0u) << listed.out;
  EXPECT_NE(Lines(listed.out).at(0).find("\tdana@example.com"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("argon2"), std::string::npos) << "hashes stay in the store";

  CliRun again = Leadgate("users add dana --role rep" + where, "a long password\n");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("exists already"), std::string::npos) << again.out;
  CliRun short_password = Leadgate("users add sam --role rep" + where, "short\n");
  EXPECT_EQ(short_password.exit_code, 1);
  EXPECT_NE(short_password.out.find("at least 8"), std::string::npos) << short_password.out;
  CliRun bad_role = Leadgate("users add sam --role boss" + where, "a long password\n");
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.out.find("rep, marketing, sales, admin"), std::string::npos) << bad_role.out;
  EXPECT_EQ(Leadgate("users add 'bad name' --role rep" + where, "a long password\n").exit_code, 2);
  CliRun bad_email = Leadgate("users add sam --role rep --email sam@" + where, "a long password\n");
  EXPECT_EQ(bad_email.exit_code, 2);
  EXPECT_NE(bad_email.out.find("the email must be one address"), std::string::npos) << bad_email.out;

  EXPECT_EQ(Leadgate("users passwd dana" + where, "a new long password\n").exit_code, 0);
  EXPECT_EQ(Leadgate("users passwd nobody" + where, "a new long password\n").exit_code, 1);
  // A reset prints a temporary password, which its person changes at their next sign-in.
  CliRun reset = Leadgate("users reset dana" + where);
  EXPECT_EQ(reset.exit_code, 0) << reset.out;
  EXPECT_NE(reset.out.find("temporary password of dana: "), std::string::npos) << reset.out;
  EXPECT_NE(Leadgate("users list" + where).out.find("dana\tsales\t"), std::string::npos);
  EXPECT_NE(Lines(Leadgate("users list" + where).out).at(0).find("\ttemporary password"), std::string::npos);
  EXPECT_EQ(Leadgate("users passwd dana" + where, "dana's own password\n").exit_code, 0);
  EXPECT_EQ(Lines(Leadgate("users list" + where).out).at(0).find("temporary"), std::string::npos);
  EXPECT_EQ(Leadgate("users passwd dana --temporary" + where, "a password for dana\n").exit_code, 0);
  EXPECT_NE(Lines(Leadgate("users list" + where).out).at(0).find("\ttemporary password"), std::string::npos);
  EXPECT_EQ(Leadgate("users list --temporary" + where).exit_code, 2);
  EXPECT_EQ(Leadgate("users reset nobody" + where).exit_code, 1);
  CliRun last_admin = Leadgate("users add ada --role admin" + where, "a long password\n");
  EXPECT_EQ(last_admin.exit_code, 0) << last_admin.out;
  CliRun kept = Leadgate("users remove ada" + where);
  EXPECT_EQ(kept.exit_code, 1);
  EXPECT_NE(kept.out.find("last administrator"), std::string::npos) << kept.out;
  EXPECT_EQ(Leadgate("users remove riley" + where).exit_code, 0);
  EXPECT_EQ(Leadgate("users remove riley" + where).exit_code, 1);
  EXPECT_EQ(Lines(Leadgate("users list" + where).out).size(), 2u);
  std::filesystem::remove_all(data);
}

// `leadgate serve` names what it cannot find before it starts: with --web-dir
// holding the app but no widget/ (the wasm build the policy editor's
// preview needs), it says so and how to get it. The data folder is held
// by this test, so serve stops right after its warnings.
// A file that cannot be used is named with the option that gave it, once.
TEST(Serve, NamesTheOptionOfAFileItCannotUse) {
  const std::string serve = "serve --listen 127.0.0.1:0 --api-token t --data /tmp/leadgate-cli-serve-unused --policy " +
                            kExamples + "enterprise-software/policy.json ";
  CliRun sql = Leadgate(serve + "--sql-policy /nonexistent/sql.json");
  EXPECT_EQ(sql.exit_code, 2);
  EXPECT_NE(sql.out.find("cannot read --sql-policy /nonexistent/sql.json"), std::string::npos) << sql.out;
  CliRun ca = Leadgate(serve + "--webhook-ca /nonexistent/ca.pem");
  EXPECT_EQ(ca.exit_code, 2);
  EXPECT_NE(ca.out.find("leadgate serve: --webhook-ca: cannot read /nonexistent/ca.pem"), std::string::npos) << ca.out;
  EXPECT_EQ(ca.out.find("--webhook-ca: --webhook-ca"), std::string::npos) << ca.out;
  std::filesystem::remove_all("/tmp/leadgate-cli-serve-unused");
}

TEST(Serve, WarnsWhenTheWasmBuildForTheEditorIsMissing) {
  char dir_template[] = "/tmp/leadgate-cli-serve-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  std::filesystem::create_directories(dir + "/web/app");
  std::filesystem::create_directories(dir + "/data");
  const int lock = open((dir + "/data/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(lock, 0);
  ASSERT_EQ(flock(lock, LOCK_EX | LOCK_NB), 0);
  const std::string serve = "serve --listen 127.0.0.1:0 --write-key k --data " + dir + "/data --policy " + kExamples +
                            "enterprise-software/policy.json --web-dir " + dir + "/web";
  CliRun without = Leadgate(serve);
  EXPECT_NE(without.exit_code, 0) << without.out;
  EXPECT_NE(without.out.find("in use by another leadgate serve"), std::string::npos) << without.out;
  EXPECT_NE(without.out.find("warning: the wasm build of the form widget"), std::string::npos) << without.out;
  EXPECT_NE(without.out.find("run scripts/build-wasm"), std::string::npos) << without.out;

  std::filesystem::create_directories(dir + "/web/widget");
  std::ofstream(dir + "/web/widget/form-widget.mjs") << "export {};\n";
  CliRun with = Leadgate(serve);
  EXPECT_NE(with.exit_code, 0) << with.out;
  EXPECT_NE(with.out.find("in use by another leadgate serve"), std::string::npos) << with.out;
  EXPECT_EQ(with.out.find("wasm build"), std::string::npos) << with.out;
  close(lock);
  std::filesystem::remove_all(dir);
}

}  // namespace
