// A real collector for HTTP tests: started in-process on 127.0.0.1 with an
// ephemeral port, a fresh SQLite store in a temp dir (or the PostgreSQL
// store the test names), the MaxMind
// Enterprise test database and the test policy; a settable clock.
#ifndef LEADGATE_TESTS_COLLECTOR_TEST_COLLECTOR_H_
#define LEADGATE_TESTS_COLLECTOR_TEST_COLLECTOR_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/collector.h"
#include "store/store.h"

namespace leadgate::test_support {

inline constexpr char kBrowserAgent[] =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
inline constexpr char kWriteKey[] = "pub-key";
inline constexpr char kSecretKey[] = "secret-key";
inline constexpr char kApiToken[] = "test-api-token-0123456789";
// The password of the people the tests add.
inline constexpr char kPassword[] = "correct horse battery";
// The webhook signing secret (Standard Webhooks: whsec_ and base64).
inline constexpr char kWebhookSecret[] = "whsec_bGVhZGdhdGUtdGVzdC1zaWduaW5na2V5";
// The policy with a hand-off (its bar and the fields a hand-off carries).
inline constexpr char kHandoffPolicyFile[] = "collector/data/handoff-policy.json";
// The headers of a request made with the API token.
inline const httplib::Headers kBearer = {{"Authorization", std::string("Bearer ") + kApiToken}};
// 2026-11-20T10:00:00Z
inline constexpr int64_t kStartMs = 1795168800000LL;

// Addresses of the GeoIP2 Enterprise test database.
inline constexpr char kStonehouseIp[] = "81.2.69.160";  // government: business, GB
inline constexpr char kBevtecIp[] = "89.160.20.112";    // government: business, SE
inline constexpr char kLariatIp[] = "216.160.83.56";    // government: business, US
inline constexpr char kResidentialIp[] = "74.209.24.1";

std::string TestDataPath(const std::string& relative);  // under tests/
std::string ReadTextFile(const std::string& path);
std::string MakeTempDir();
std::string Gzip(const std::string& data);
// `size` zero bytes, gzipped a piece at a time (a bomb: about 1/1000 the size).
std::string GzipZeros(size_t size);
// `body` in chunked transfer coding, `piece` bytes a chunk.
std::string Chunked(const std::string& body, size_t piece);

// Connects to 127.0.0.1:`port`, sends `request` as it is and returns all
// that the server answers until it closes (send `Connection: close`).
std::string RawExchange(int port, const std::string& request);
// The status of a raw answer ("HTTP/1.1 413 ..." is 413), 0 for none.
int RawStatus(const std::string& answer);

struct TestCollectorConfig {
  std::vector<std::string> trusted_proxies = {"127.0.0.1"};
  double rate_limit = 0;
  double rate_burst = 1;
  std::string policy_file = "collector/data/policy.json";
  std::string data_dir;   // empty: a fresh temp dir
  std::string store_url;  // postgres://...: the store there, not in data_dir
  std::string tracker_js = "/* tracker */";
  int read_timeout_seconds = 5;
  int request_timeout_seconds = 10;  // from a request's first byte to its last (HttpLimits)
  // Hand-off and revisions.
  std::vector<std::string> webhooks;
  std::string webhook_secret;
  std::string slack_webhook;
  std::string escalation_webhook;
  std::string webhook_ca_file;
  bool allow_private_webhooks = false;    // set by tests whose receivers are on loopback
  std::string site_dir;                   // --site-dir; empty: none
  std::vector<std::string> site_origins;  // --site-origin
  double sla_hours = 0;
  collector::RetryPolicy retry;
  std::optional<std::vector<std::string>> signoff_roles;
  std::string app_dir = std::string(LEADGATE_TESTS_DIR) + "/../web/app";
  std::string sql_policy_file;  // under tests/ (or absolute); empty: no --sql-policy
  int64_t start_ms = kStartMs;  // the clock at start
  int64_t store_budget_mb = 10240;
  collector::CollectorOptions::HubSpot hubspot;  // off unless a token is set
  // Email: --smtp, --smtp-password-file (read as serve reads it), --mail-from, --app-url.
  std::string smtp_url;
  std::string smtp_password_file;
  std::string mail_from;
  std::string app_url;
  // The mail watcher's pause between passes: short, for a test waits for a
  // pass (leadgate_mail_passes_total), never for a time.
  std::chrono::milliseconds mail_scan_every{20};
};

class TestCollector {
 public:
  explicit TestCollector(TestCollectorConfig config = {});
  ~TestCollector();

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  std::unique_ptr<httplib::Client> Client() const;
  void SetNow(int64_t now_ms) { now_ms_ = now_ms; }
  int64_t Now() const { return now_ms_; }

  // Rows in the store, read with a separate connection.
  int64_t Count(const std::string& sql) const;
  int64_t CountEvents() const { return Count("SELECT count(*) FROM events"); }

  // Runs `use` on the store through a connection of its own.
  void WithStore(const std::function<void(collector::Store&)>& use);

  // Adds a person who can sign in (role: rep, marketing, sales, admin).
  void AddUser(const std::string& name, const std::string& role, const std::string& password);

 private:
  std::string data_dir_;
  std::string store_url_;
  bool owns_data_dir_;
  std::shared_ptr<std::atomic<int64_t>> clock_;
  std::atomic<int64_t>& now_ms_;
  std::unique_ptr<collector::Collector> collector_;
  std::thread thread_;
  int port_ = 0;
};

// A signed-in person's cookie and CSRF token.
struct TestSession {
  std::string cookie;  // "leadgate_session=..."
  std::string csrf;
  // Headers of a read, and of a change (with the CSRF token).
  httplib::Headers Read() const { return {{"Cookie", cookie}}; }
  httplib::Headers Change() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }
};

// Signs in through POST /app/login and reads the CSRF token from
// /api/session; fails the test when sign-in does not work.
TestSession SignIn(httplib::Client& client, const std::string& name, const std::string& password);

// GET `path` with `headers` and its JSON body; fails the test unless the
// answer is `status` (then the body, null when there was no answer).
nlohmann::json GetJson(httplib::Client& client, const std::string& path, const httplib::Headers& headers = kBearer,
                       int status = 200);

// `method` ("GET", else POST with `body` as JSON) on `path` with `headers`;
// fails the test unless the answer is `expected_status`; its JSON body
// (null when there was no answer).
nlohmann::json Call(httplib::Client& client, const std::string& method, const std::string& path, int expected_status,
                    const nlohmann::json& body = nullptr, const httplib::Headers& headers = kBearer);

// A page view of `path` by `visitor` from `ip`; fails the test unless it
// is taken (200).
void Page(httplib::Client& client, const std::string& ip, const std::string& visitor, const std::string& path);

// Submits the answers (a JSON object's text) to the test form
// acme-enterprise from `ip`; the lead id the collector answered ("" and a
// test failure unless it answered 200).
std::string SubmitForm(httplib::Client& client, const std::string& ip, const std::string& answers);

// POST helpers.
httplib::Result PostJson(httplib::Client& client, const std::string& path, const std::string& body,
                         const httplib::Headers& headers = {});

}  // namespace leadgate::test_support

#endif  // LEADGATE_TESTS_COLLECTOR_TEST_COLLECTOR_H_
