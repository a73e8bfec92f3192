// The in-process test collector.
#include "test_collector.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "identify/identify.h"
#include "leadgate/policy.h"
#include "people/password_hash.h"
#include "people/people_store.h"
#include "store/pg_db.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace leadgate::test_support {

std::string TestDataPath(const std::string& relative) { return std::string(LEADGATE_TESTS_DIR) + "/" + relative; }

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string MakeTempDir() {
  std::string pattern = "/tmp/leadgate-test-XXXXXX";
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return pattern;
}

std::string Gzip(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string GzipZeros(size_t size) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  const std::string zeros(1 << 20, '\0');
  std::string out, piece(64 * 1024, '\0');
  for (size_t left = size;;) {
    const size_t take = std::min(left, zeros.size());
    left -= take;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    stream.avail_in = static_cast<uInt>(take);
    do {
      stream.next_out = reinterpret_cast<Bytef*>(piece.data());
      stream.avail_out = static_cast<uInt>(piece.size());
      deflate(&stream, left == 0 ? Z_FINISH : Z_NO_FLUSH);
      out.append(piece.data(), piece.size() - stream.avail_out);
    } while (stream.avail_out == 0);
    if (left == 0) break;
  }
  deflateEnd(&stream);
  return out;
}

std::string Chunked(const std::string& body, size_t piece) {
  std::string out;
  char size[32];
  for (size_t at = 0; at < body.size(); at += piece) {
    const size_t take = std::min(piece, body.size() - at);
    snprintf(size, sizeof size, "%zx\r\n", take);
    out += size;
    out.append(body, at, take);
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

std::string RawExchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return "";
  }
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t count = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (count <= 0) break;  // the server answered and closed early: read its answer
    sent += static_cast<size_t>(count);
  }
  std::string answer;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) answer.append(buffer, n);
  ::close(fd);
  return answer;
}

int RawStatus(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
  return std::atoi(answer.substr(9, 3).c_str());
}

TestCollector::TestCollector(TestCollectorConfig config)
    : data_dir_(config.data_dir.empty() ? MakeTempDir() : config.data_dir),
      store_url_(config.store_url),
      owns_data_dir_(config.data_dir.empty()),
      clock_(std::make_shared<std::atomic<int64_t>>(config.start_ms)),
      now_ms_(*clock_) {
  const std::string policy_text =
      ReadTextFile(config.policy_file.rfind('/', 0) == 0 ? config.policy_file : TestDataPath(config.policy_file));
  auto identifier = identify::Identifier::Open({TestDataPath("data/maxmind/test-data/GeoIP2-Enterprise-Test.mmdb")});
  if (!identifier.ok()) {
    ADD_FAILURE() << identifier.status().ToString();
    return;
  }
  collector::CollectorOptions options;
  options.port = 0;
  options.data_dir = data_dir_;
  options.store_url = store_url_;
  options.write_keys = {kWriteKey};
  options.secret_keys = {kSecretKey};
  options.trusted_proxies = config.trusted_proxies;
  options.api_token = kApiToken;
  options.tracker_js = config.tracker_js;
  options.app_dir = config.app_dir;
  if (!config.sql_policy_file.empty())
    options.sql_policy_text = ReadTextFile(
        config.sql_policy_file.rfind('/', 0) == 0 ? config.sql_policy_file : TestDataPath(config.sql_policy_file));
  options.rate_limit_per_second = config.rate_limit;
  options.rate_burst = config.rate_burst;
  options.http.threads = 8;
  options.http.read_timeout_seconds = config.read_timeout_seconds;
  options.http.request_timeout_seconds = config.request_timeout_seconds;
  options.http.keep_alive_timeout_seconds = config.read_timeout_seconds;
  options.synchronous_full = false;  // tests do not need power-loss safety
  auto clock = clock_;
  options.clock = [clock] { return clock->load(); };
  options.webhooks = config.webhooks;
  options.webhook_secret = config.webhook_secret;
  options.slack_webhook = config.slack_webhook;
  options.escalation_webhook = config.escalation_webhook;
  options.webhook_ca_file = config.webhook_ca_file;
  options.allow_private_webhooks = config.allow_private_webhooks;
  options.site_dir = config.site_dir;
  options.site_origins = config.site_origins;
  options.store_budget_mb = config.store_budget_mb;
  options.sla_hours = config.sla_hours;
  options.retry = config.retry;
  options.hubspot = config.hubspot;
  options.mail.smtp_url = config.smtp_url;
  if (!config.smtp_password_file.empty()) {
    const std::string password = ReadTextFile(config.smtp_password_file);
    options.mail.smtp_password = password.substr(0, password.find_first_of("\r\n"));
  }
  options.mail.from = config.mail_from;
  options.mail.scan_every = config.mail_scan_every;
  options.app_url = config.app_url;
  if (config.signoff_roles) options.signoff_roles = *config.signoff_roles;
  auto created = collector::Collector::Create(options, policy_text, std::move(identifier).value());
  if (!created.ok()) {
    ADD_FAILURE() << created.status().ToString();
    return;
  }
  collector_ = std::move(created).value();
  auto port = collector_->Bind();
  if (!port.ok()) {
    ADD_FAILURE() << port.status().ToString();
    return;
  }
  port_ = port.value();
  thread_ = std::thread([this] { collector_->Serve(); });
}

TestCollector::~TestCollector() {
  if (collector_) collector_->Stop();
  if (thread_.joinable()) thread_.join();
  collector_.reset();
  if (owns_data_dir_) std::filesystem::remove_all(data_dir_);
}

std::unique_ptr<httplib::Client> TestCollector::Client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_default_headers({{"User-Agent", kBrowserAgent}});
  client->set_read_timeout(30, 0);
  return client;
}

int64_t TestCollector::Count(const std::string& sql) const {
  std::unique_ptr<collector::Db> db;
  if (store_url_.empty()) {
    auto opened = collector::SqliteDb::Open(data_dir_ + "/leadgate.db", true, false);
    if (opened.ok()) db = std::move(opened).value();
  } else {
    auto opened = collector::PgDb::Open(store_url_, true);
    if (opened.ok()) db = std::move(opened).value();
  }
  if (!db) return -1;
  auto count = collector::QueryInt(*db, sql, -1);
  return count.ok() ? count.value() : -1;
}

void TestCollector::WithStore(const std::function<void(collector::Store&)>& use) {
  auto clock = clock_;
  auto store = collector::Store::Open(
      collector::Store::Options{data_dir_, false, store_url_, [clock] { return clock->load(); }});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  use(*store.value());
}

void TestCollector::AddUser(const std::string& name, const std::string& role, const std::string& password) {
  auto clock = clock_;
  auto store = collector::Store::Open(
      collector::Store::Options{data_dir_, false, store_url_, [clock] { return clock->load(); }});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto hash = collector::HashPassword(password);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  collector::PeopleStore people(store.value().get());
  Status added = people.AddUser({name, role, hash.value(), now_ms_, now_ms_}, {"test", now_ms_});
  ASSERT_TRUE(added.ok()) << added.ToString();
}

TestSession SignIn(httplib::Client& client, const std::string& name, const std::string& password) {
  TestSession session;
  auto result = client.Post("/app/login", httplib::Params{{"name", name}, {"password", password}});
  EXPECT_TRUE(result);
  if (!result) return session;
  EXPECT_EQ(result->status, 303);
  const std::string set_cookie = result->get_header_value("Set-Cookie");
  session.cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_FALSE(session.cookie.empty()) << "no session cookie; went to " << result->get_header_value("Location");
  auto info = client.Get("/api/session", session.Read());
  EXPECT_TRUE(info);
  if (!info) return session;
  EXPECT_EQ(info->status, 200) << info->body;
  auto body = nlohmann::json::parse(info->body, nullptr, false);
  if (body.is_object() && body["csrf"].is_string()) session.csrf = body["csrf"];
  return session;
}

nlohmann::json GetJson(httplib::Client& client, const std::string& path, const httplib::Headers& headers, int status) {
  auto result = client.Get(path.c_str(), headers);
  EXPECT_TRUE(result) << path;
  if (!result) return nlohmann::json();
  EXPECT_EQ(result->status, status) << path << ": " << result->body;
  return nlohmann::json::parse(result->body, nullptr, false);
}

nlohmann::json Call(httplib::Client& client, const std::string& method, const std::string& path, int expected_status,
                    const nlohmann::json& body, const httplib::Headers& headers) {
  httplib::Result result =
      method == "GET" ? client.Get(path.c_str(), headers)
                      : client.Post(path.c_str(), headers, body.is_null() ? "" : body.dump(), "application/json");
  EXPECT_TRUE(result) << method << " " << path;
  if (!result) return nlohmann::json();
  EXPECT_EQ(result->status, expected_status) << method << " " << path << ": " << result->body;
  return nlohmann::json::parse(result->body, nullptr, false);
}

void Page(httplib::Client& client, const std::string& ip, const std::string& visitor, const std::string& path) {
  const nlohmann::json body = {{"writeKey", kWriteKey}, {"anonymousId", visitor}, {"properties", {{"path", path}}}};
  auto result = PostJson(client, "/v1/page", body.dump(), {{"X-Forwarded-For", ip}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
}

std::string SubmitForm(httplib::Client& client, const std::string& ip, const std::string& answers) {
  auto result =
      PostJson(client, "/v1/forms/acme-enterprise/submit", R"({"answers":)" + answers + "}", {{"X-Forwarded-For", ip}});
  EXPECT_TRUE(result);
  if (!result) return "";
  EXPECT_EQ(result->status, 200) << result->body;
  return nlohmann::json::parse(result->body, nullptr, false).value("lead", "");
}

httplib::Result PostJson(httplib::Client& client, const std::string& path, const std::string& body,
                         const httplib::Headers& headers) {
  return client.Post(path.c_str(), headers, body, "application/json");
}

}  // namespace leadgate::test_support
