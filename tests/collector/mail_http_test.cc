// Email against a real SMTP server on loopback (aiosmtpd, tests/mail), the
// mails parsed back by Python's email package: alerts to the person who
// chose them (an account of theirs qualified, a form lead with outside text
// escaped, an SLA breach, a sign-off asked of their role), at most one per
// person and subject line an hour, digests sent now by an admin and at the
// person's hour in their own time zone, once a day; the SMTP login used
// and its password in no answer. Time is the collector's injected clock.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "both_stores.h"
#include "smtp_sink.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

constexpr char kSmtpUser[] = "alerts";
constexpr char kSmtpPassword[] = "smtp pass w0rd";
constexpr char kAppUrl[] = "https://leads.acme.example";
constexpr int64_t kHourMs = 3600 * 1000;

// Checks what every mail of leadgate carries; returns its text part.
std::string CheckMail(const json& mail, const std::string& to) {
  EXPECT_EQ(mail["mail_from"], "leadgate@acme.example");
  EXPECT_EQ(mail["rcpt_tos"], json::array({to}));
  EXPECT_EQ(mail["login"], kSmtpUser);
  const json& headers = mail["headers"];
  EXPECT_EQ(headers["From"], "leadgate@acme.example");
  EXPECT_EQ(headers["To"], to);
  EXPECT_EQ(headers["List-Unsubscribe"], std::string("<") + kAppUrl + "/app/me#mail>");
  EXPECT_EQ(headers["Auto-Submitted"], "auto-generated");
  EXPECT_EQ(mail["content_type"], "multipart/alternative");
  EXPECT_EQ(mail["text"].size(), 1u) << mail.dump();
  EXPECT_EQ(mail["html"].size(), 1u) << mail.dump();
  EXPECT_EQ(mail["raw"].get<std::string>().find(kSmtpPassword), std::string::npos);
  const json& links = mail["links"];
  EXPECT_FALSE(links.empty());
  for (const json& link : links)
    EXPECT_EQ(link.get<std::string>().rfind(kAppUrl + std::string("/app/"), 0), 0u) << link;
  return mail["text"].empty() ? "" : mail["text"].at(0).get<std::string>();
}

// Waits (up to 20 s) until `sql` counts `count` rows.
bool WaitForCount(const TestCollector& server, const std::string& sql, int64_t count) {
  for (int tries = 0; tries < 800; ++tries) {
    if (server.Count(sql) == count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

// The mail watcher's passes so far (leadgate_mail_passes_total in /metrics).
int64_t MailPasses(httplib::Client& client) {
  auto metrics = client.Get("/metrics");
  if (!metrics || metrics->status != 200) return -1;
  const std::string counter = "\nleadgate_mail_passes_total ";
  const size_t at = metrics->body.find(counter);
  return at == std::string::npos ? 0 : std::stoll(metrics->body.substr(at + counter.size()));
}

// Waits (up to 20 s) until the mail watcher has made a whole pass begun
// after the call, by the clock as it is now: the pass under way may have
// read it before (the first counted), the next began after (the second).
// What it queued is then in the outbox, in the transaction that decided it.
bool WaitForMailPass(httplib::Client& client) {
  const int64_t before = MailPasses(client);
  for (int tries = 0; before >= 0 && tries < 800; ++tries) {
    if (MailPasses(client) >= before + 2) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

// The one mail with this subject line; null when none.
json WithSubject(const std::vector<json>& mails, const std::string& subject) {
  for (const json& mail : mails)
    if (mail["headers"]["Subject"] == subject) return mail;
  return nullptr;
}

class MailHttpTest : public BothStoresTest {
 protected:
  void StartWithMail(TestCollectorConfig config = {}) {
    ASSERT_TRUE(sink_.ok()) << "the SMTP sink (tests/mail/smtp_sink.py) did not start";
    password_file_ = MakeTempDir() + "/smtp-password";
    std::ofstream(password_file_) << kSmtpPassword << "\n";
    config.policy_file = "collector/data/handoff-policy.json";
    config.smtp_url = sink_.url(kSmtpUser);
    config.smtp_password_file = password_file_;
    config.mail_from = "leadgate@acme.example";
    config.app_url = kAppUrl;
    if (!config.signoff_roles) config.signoff_roles = std::vector<std::string>{};
    Start(config);
  }

  // A person with an email who chose `preferences`; their session.
  TestSession Person(const std::string& name, const std::string& role, const json& preferences) {
    server_->AddUser(name, role, kPassword);
    TestSession session = SignIn(*client_, name, kPassword);
    Call(*client_, "POST", "/api/me/email", 200, {{"email", name + "@acme.example"}}, session.Change());
    Call(*client_, "POST", "/api/me/mail", 200, preferences, session.Change());
    return session;
  }

  // Mails queued in the outbox (sent or not yet).
  int64_t MailsQueued() const { return server_->Count("SELECT count(*) FROM deliveries WHERE kind = 'mail'"); }

  SmtpSink sink_{kSmtpUser, kSmtpPassword};
  std::string password_file_;
};

// Rita owns GB accounts and chose alerts of her qualified accounts and of
// breaches: Stonehouse qualifying mails her, with both parts and a link to
// the account; a form lead of hers with a hostile email address arrives
// escaped in HTML; a second lead with the same subject line within the hour
// is held back, one after the hour is not; the breach of the SLA mails her
// once. Sam (no alerts chosen) gets nothing.
TEST_P(MailHttpTest, AlertsReachWhoChoseThemOncePerSubjectAnHour) {
  TestCollectorConfig config;
  config.sla_hours = 2;
  StartWithMail(config);
  if (IsSkipped() || HasFatalFailure()) return;
  Person("rita", "rep", {{"time_zone", "Europe/Berlin"}, {"alerts", {{"qualified", true}, {"sla", true}}}});
  Person("sam", "sales", {{"time_zone", "UTC"}});
  Call(*client_, "POST", "/api/assignment-rules", 200, {{"rules", {{{"country", "GB"}, {"owner", "rita"}}}}});
  // The bar at 30: an executive's form lead at Stonehouse qualifies (20 + 10).
  json policy = json::parse(ReadTextFile(TestDataPath("collector/data/handoff-policy.json")));
  policy["mql"]["points"] = 30;
  Call(*client_, "POST", "/api/policy/revisions", 201, {{"policy", policy}});
  Call(*client_, "POST", "/api/policy/revisions/2/activate", 200);

  Page(*client_, kStonehouseIp, "s1", "/pricing");  // qualified: Rita's
  ASSERT_TRUE(sink_.WaitFor(1));
  json mail = sink_.Messages().at(0);
  std::string text = CheckMail(mail, "rita@acme.example");
  EXPECT_EQ(mail["headers"]["Subject"], "Account qualified: STONEHOUSE office network");
  EXPECT_NE(text.find("STONEHOUSE office network: qualified"), std::string::npos) << text;
  // The link is the account's page in the app.
  const std::string link = mail["links"].at(0), page = std::string(kAppUrl) + "/app/companies/";
  ASSERT_EQ(link.rfind(page, 0), 0u) << link;
  EXPECT_EQ(Call(*client_, "GET", "/api/companies/" + link.substr(page.size()), 200)["name"],
            "STONEHOUSE office network");

  // A form lead at Stonehouse is Rita's too; its email is outside text.
  const std::string hostile = "<b>x</b>&<script>@evil.example";
  const json lead = {{"answers", {{"email", hostile}, {"role", "executive"}}}};
  auto submit = [&] {
    auto result =
        PostJson(*client_, "/v1/forms/acme-handoff/submit", lead.dump(), {{"X-Forwarded-For", kStonehouseIp}});
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
  };
  submit();
  ASSERT_TRUE(sink_.WaitFor(2));
  mail = sink_.Messages().at(1);
  CheckMail(mail, "rita@acme.example");
  const std::string subject = "Lead qualified: " + hostile + " at STONEHOUSE office network";
  EXPECT_EQ(mail["headers"]["Subject"], subject);
  const std::string html = mail["html"].at(0);
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;b&gt;x&lt;/b&gt;&amp;&lt;script&gt;@evil.example"), std::string::npos) << html;

  // The same lead again 20 minutes later (a new lead, the same subject line): held back.
  server_->SetNow(kStartMs + 20 * 60 * 1000);
  submit();
  ASSERT_TRUE(WaitForCount(*server_, "SELECT count(*) FROM mail_sent WHERE user_name = 'rita' AND mailed = 0", 1));
  // After the hour: mailed.
  server_->SetNow(kStartMs + 61 * 60 * 1000);
  submit();
  ASSERT_TRUE(sink_.WaitFor(3));
  EXPECT_EQ(server_->Count("SELECT count(*) FROM leads"), 3);
  EXPECT_EQ(server_->Count("SELECT count(*) FROM mail_sent WHERE user_name = 'rita' AND mailed = 0"), 1);
  EXPECT_EQ(sink_.Messages().at(2)["headers"]["Subject"], subject);

  // Two hours after Stonehouse qualified, without a verdict: past the SLA
  // (and the first lead with it).
  server_->SetNow(kStartMs + 2 * kHourMs + 1000);
  ASSERT_TRUE(sink_.WaitFor(5));
  const auto all = sink_.Messages();
  mail = WithSubject(all, "Overdue: STONEHOUSE office network waits for a verdict");
  ASSERT_FALSE(mail.is_null());
  text = CheckMail(mail, "rita@acme.example");
  EXPECT_NE(text.find("no verdict within the SLA of 2 hours"), std::string::npos) << text;
  EXPECT_FALSE(WithSubject(all, "Overdue: " + hostile + " at STONEHOUSE office network waits for a verdict").is_null());
  for (const json& one : all) EXPECT_EQ(one["rcpt_tos"], json::array({"rita@acme.example"})) << "Sam chose nothing";

  // The delivery log shows mail to the SMTP server, never its password.
  const std::string log = client_->Get("/api/deliveries", kBearer)->body;
  EXPECT_NE(log.find("\"kind\":\"mail\""), std::string::npos);
  EXPECT_NE(log.find("smtp://alerts@127.0.0.1:"), std::string::npos);
  EXPECT_EQ(log.find(kSmtpPassword), std::string::npos);
}

// A loosening revision asks a sign-off of sales and marketing: Sam (sales,
// who chose sign-off alerts) is mailed once, Mona (marketing, who did not)
// is not, and Sam's digest lists the revision until he signs it off.
TEST_P(MailHttpTest, ASignoffAskedOfARoleIsMailedAndInTheDigest) {
  TestCollectorConfig config;
  config.signoff_roles = std::vector<std::string>{"sales", "marketing"};
  StartWithMail(config);
  if (IsSkipped() || HasFatalFailure()) return;
  const TestSession sam = Person("sam", "sales", {{"digest_hour", 9}, {"alerts", {{"signoff", true}}}});
  Person("mona", "marketing", {{"digest_hour", 9}});
  Page(*client_, kStonehouseIp, "s1", "/");  // not qualified at the file's bar
  json policy = json::parse(ReadTextFile(TestDataPath("collector/data/handoff-policy.json")));
  policy["mql"]["points"] = 5;
  Call(*client_, "POST", "/api/policy/revisions", 201, {{"policy", policy}});
  Call(*client_, "POST", "/api/policy/revisions/2/activate", 409);  // asked again: no second mail
  ASSERT_TRUE(sink_.WaitFor(1));
  json mail = sink_.Messages().at(0);
  CheckMail(mail, "sam@acme.example");
  EXPECT_EQ(mail["headers"]["Subject"], "Sign-off asked: acme-handoff revision 2");
  EXPECT_EQ(mail["links"].at(0), std::string(kAppUrl) + "/app/policy");

  // Both digests list the revision (Mona's role is asked too, though she
  // chose no alerts), until each role has signed it off.
  const json run = Call(*client_, "POST", "/api/digests/run", 200);
  EXPECT_EQ(run["sent"], 2) << run.dump();
  EXPECT_EQ(run["empty"], 0);
  ASSERT_TRUE(sink_.WaitFor(3));
  for (const char* person : {"sam", "mona"}) {
    const std::string role = person == std::string("sam") ? "sales" : "marketing";
    json digest;
    for (const json& one : sink_.Messages())
      if (one["rcpt_tos"] == json::array({std::string(person) + "@acme.example"}) &&
          one["headers"]["Subject"] != mail["headers"]["Subject"])
        digest = one;
    ASSERT_FALSE(digest.is_null()) << person;
    const std::string text = CheckMail(digest, std::string(person) + "@acme.example");
    EXPECT_NE(text.find("Waiting for your sign-off as " + role + " (1)"), std::string::npos) << text;
    EXPECT_NE(text.find("acme-handoff revision 2"), std::string::npos) << text;
  }

  Call(*client_, "POST", "/api/policy/revisions/2/signoff", 201, nullptr, sam.Change());
  EXPECT_EQ(Call(*client_, "POST", "/api/digests/run", 200)["sent"], 1);  // Mona's only
  ASSERT_TRUE(sink_.WaitFor(4));
  EXPECT_EQ(sink_.Messages().at(3)["rcpt_tos"], json::array({"mona@acme.example"}));
  EXPECT_EQ(server_->Count("SELECT count(*) FROM mail_sent WHERE user_name = 'mona'"), 0);
}

// The digest goes at the person's hour in their own time zone, once that
// day: Rita (Berlin, 08:00) gets hers at 07:00 UTC in winter, not at 08:00
// UTC again, and the next day's covers only what is new since. An admin's
// "send now" needs the admin role and the CSRF token; without --smtp it is 409.
TEST_P(MailHttpTest, DigestsGoAtThePersonsHourOnceADay) {
  // 2026-11-20T06:30:00Z: 07:30 in Berlin.
  TestCollectorConfig config;
  config.start_ms = kStartMs - 3 * kHourMs - 30 * 60 * 1000;
  StartWithMail(config);
  if (IsSkipped() || HasFatalFailure()) return;
  const TestSession rita = Person("rita", "rep", {{"time_zone", "Europe/Berlin"}, {"digest_hour", 8}});
  const json chosen = Call(*client_, "GET", "/api/me/mail", 200, nullptr, rita.Read());
  EXPECT_EQ(chosen["digest_hour"], 8);
  EXPECT_EQ(chosen["time_zone"], "Europe/Berlin");
  EXPECT_EQ(chosen["mail_enabled"], true);
  EXPECT_EQ(Call(*client_, "POST", "/api/me/mail", 400, {{"time_zone", "Mars/Olympus"}}, rita.Change())["path"],
            "time_zone");
  EXPECT_EQ(Call(*client_, "POST", "/api/me/mail", 400, {{"digest_hour", 24}}, rita.Change())["path"], "digest_hour");
  Call(*client_, "GET", "/api/me/mail", 403);       // the API token is nobody
  Page(*client_, kStonehouseIp, "s1", "/pricing");  // qualified, nobody's: in Rita's digest
  ASSERT_TRUE(WaitForCount(*server_, "SELECT count(*) FROM mql_handoffs", 1));
  ASSERT_TRUE(WaitForMailPass(*client_));
  EXPECT_EQ(MailsQueued(), 0) << "07:30 in Berlin: not yet";

  server_->SetNow(kStartMs - 3 * kHourMs);  // 07:00Z: 08:00 in Berlin
  ASSERT_TRUE(sink_.WaitFor(1));
  json mail = sink_.Messages().at(0);
  std::string text = CheckMail(mail, "rita@acme.example");
  EXPECT_EQ(mail["headers"]["Subject"], "leadgate digest 2026-11-20: 1 new, 0 waiting, 0 overdue");
  EXPECT_NE(text.find("New qualified accounts, yours or nobody's (1)"), std::string::npos) << text;
  server_->SetNow(kStartMs - 3 * kHourMs + 40 * 60 * 1000);  // still 08:40 in Berlin
  ASSERT_TRUE(WaitForMailPass(*client_));
  server_->SetNow(kStartMs - 2 * kHourMs);  // 08:00Z: 09:00 in Berlin
  ASSERT_TRUE(WaitForMailPass(*client_));
  EXPECT_EQ(MailsQueued(), 1) << "one digest a day";

  // The next day at 08:00 in Berlin: Stonehouse is no longer new: nothing to say.
  server_->SetNow(kStartMs - 3 * kHourMs + 24 * kHourMs);
  ASSERT_TRUE(WaitForMailPass(*client_));
  EXPECT_EQ(MailsQueued(), 1);
  EXPECT_EQ(sink_.Messages().size(), 1u);

  server_->AddUser("sam", "sales", kPassword);
  const TestSession sales = SignIn(*client_, "sam", kPassword);
  Call(*client_, "POST", "/api/digests/run", 403, nullptr, sales.Change());
  Call(*client_, "POST", "/api/digests/run", 403, nullptr, sales.Read());  // no CSRF token
}

LEADGATE_ON_BOTH_STORES(MailHttpTest);

// Without --smtp the preferences are kept, and "send now" says why nothing goes.
TEST(MailOffHttpTest, WithoutSmtpNothingIsSent) {
  TestCollector server;
  auto client = server.Client();
  server.AddUser("ada", "admin", kPassword);
  const TestSession ada = SignIn(*client, "ada", kPassword);
  EXPECT_EQ(Call(*client, "GET", "/api/me/mail", 200, nullptr, ada.Read())["mail_enabled"], false);
  Call(*client, "POST", "/api/me/mail", 200, {{"digest_hour", 7}}, ada.Change());
  EXPECT_EQ(Call(*client, "GET", "/api/me/mail", 200, nullptr, ada.Read())["digest_hour"], 7);
  const json refused = Call(*client, "POST", "/api/digests/run", 409, nullptr, ada.Change());
  EXPECT_NE(refused["error"].get<std::string>().find("--smtp"), std::string::npos);
}

}  // namespace
}  // namespace leadgate::test_support
