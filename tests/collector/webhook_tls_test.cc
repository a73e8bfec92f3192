// The hand-off to a TLS receiver: cpp-httplib's SSLServer on 127.0.0.1 with
// a throwaway self-signed certificate made by `openssl` for this run
// (subjectAltName IP:127.0.0.1). With --webhook-ca naming that certificate
// the collector delivers, signed; a receiver whose certificate does not
// verify (not trusted, or trusted only for another name) gets nothing, and
// the delivery log says why. A --webhook-ca file without a certificate is
// refused on start.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "identify/identify.h"
#include "test_collector.h"
#include "webhook_receiver.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

// "whsec_" + base64 of the 24 bytes "leadgate-test-signingkey".

// A self-signed certificate and its key in `dir`, for `san` (as openssl's
// subjectAltName, e.g. "IP:127.0.0.1"). An EC P-256 key: made in
// milliseconds where an RSA key took a quarter of a second or more.
void MakeCertificate(const std::string& dir, const std::string& name, const std::string& san) {
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=leadgate-test "
      "-addext subjectAltName=" +
      san + " -keyout " + dir + "/" + name + ".key -out " + dir + "/" + name + ".pem 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// An HTTPS receiver on 127.0.0.1 (an ephemeral port) that answers 200 and
// records every request it gets.
class TlsReceiver {
 public:
  TlsReceiver(const std::string& cert, const std::string& key) : server_(cert.c_str(), key.c_str()) {
    server_.Post("/hook", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
      response.set_content("ok", "text/plain");
    });
    // Listening from here on: connections wait in the backlog until the
    // thread accepts them.
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~TlsReceiver() {
    server_.stop();
    thread_.join();
  }
  bool valid() const { return server_.is_valid() && port_ > 0; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<httplib::Request> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<httplib::Request> requests_;
};

void Page(httplib::Client& client, const std::string& ip) {
  json body = {{"writeKey", kWriteKey}, {"anonymousId", "v-" + ip}, {"properties", {{"path", "/pricing"}}}};
  auto result = PostJson(client, "/v1/page", body.dump(), {{"X-Forwarded-For", ip}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
}

// The first delivery once it has an attempt (the log is read until then).
json FirstAttemptedDelivery(httplib::Client& client) {
  for (int i = 0; i < 400; ++i) {
    auto result = client.Get("/api/deliveries", kBearer);
    if (result && result->status == 200) {
      const json list = json::parse(result->body)["deliveries"];
      if (!list.empty() && !list[0]["attempts"].empty()) return list[0];
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "no delivery was attempted";
  return json();
}

TestCollectorConfig Config(const std::string& url, const std::string& ca_file) {
  TestCollectorConfig config;
  config.policy_file = "collector/data/handoff-policy.json";
  config.webhooks = {url};
  config.webhook_secret = kWebhookSecret;
  config.webhook_ca_file = ca_file;
  config.signoff_roles = std::vector<std::string>{};
  config.allow_private_webhooks = true;  // the receivers are on loopback
  return config;
}

class WebhookTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    MakeCertificate(dir_, "receiver", "IP:127.0.0.1");
    MakeCertificate(dir_, "stranger", "IP:127.0.0.1");
    MakeCertificate(dir_, "elsewhere", "DNS:receiver.example");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(WebhookTlsTest, TrustedByWebhookCaTheReceiverGetsTheSignedHandOff) {
  TlsReceiver receiver(dir_ + "/receiver.pem", dir_ + "/receiver.key");
  ASSERT_TRUE(receiver.valid());
  TestCollector server(Config(receiver.url(), dir_ + "/receiver.pem"));
  auto client = server.Client();
  Page(*client, kStonehouseIp);  // qualified
  const json delivery = FirstAttemptedDelivery(*client);
  EXPECT_EQ(delivery["state"], "delivered") << delivery.dump();
  EXPECT_EQ(delivery["attempts"].at(0)["status"], 200);
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const httplib::Request& request = requests[0];
  const std::string key = OpenSslBase64Decode(std::string(kWebhookSecret).substr(6));
  EXPECT_TRUE(VerifyWithOpenSsl(key, request.get_header_value("webhook-id"),
                                request.get_header_value("webhook-timestamp"), request.body,
                                request.get_header_value("webhook-signature")));
  EXPECT_EQ(json::parse(request.body)["type"], "mql.qualified");
}

// Not signed by what the collector trusts (another certificate given, or
// none: the system's CAs), or trusted but made for another host name: the
// TLS handshake fails, the receiver gets no request, and the attempt is
// logged with status 0 and the reason.
TEST_F(WebhookTlsTest, AReceiverWhoseCertificateDoesNotVerifyGetsNothing) {
  struct Case {
    std::string certificate;
    std::string trusted;
  };
  for (const Case& c : {Case{"receiver", "stranger"}, Case{"receiver", ""}, Case{"elsewhere", "elsewhere"}}) {
    SCOPED_TRACE(c.certificate + " trusting " + (c.trusted.empty() ? "the system's CAs" : c.trusted));
    TlsReceiver receiver(dir_ + "/" + c.certificate + ".pem", dir_ + "/" + c.certificate + ".key");
    ASSERT_TRUE(receiver.valid());
    TestCollector server(Config(receiver.url(), c.trusted.empty() ? "" : dir_ + "/" + c.trusted + ".pem"));
    auto client = server.Client();
    Page(*client, kStonehouseIp);
    const json delivery = FirstAttemptedDelivery(*client);
    EXPECT_EQ(delivery["state"], "pending") << delivery.dump();
    EXPECT_EQ(delivery["attempts"].at(0)["status"], 0) << delivery.dump();
    EXPECT_NE(delivery["attempts"].at(0).value("error", "").find("SSL"), std::string::npos) << delivery.dump();
    EXPECT_TRUE(receiver.requests().empty());
  }
}

TEST_F(WebhookTlsTest, AWebhookCaFileWithoutACertificateIsRefusedOnStart) {
  std::ofstream(dir_ + "/empty.pem") << "not a certificate\n";
  collector::CollectorOptions options;
  options.data_dir = dir_ + "/data";
  options.api_token = kApiToken;
  options.webhooks = {"https://127.0.0.1:9/hook"};
  options.webhook_secret = kWebhookSecret;
  options.allow_private_webhooks = true;
  for (const std::string& file : {dir_ + "/empty.pem", dir_ + "/missing.pem"}) {
    options.webhook_ca_file = file;
    auto identifier = identify::Identifier::Open({TestDataPath("data/maxmind/test-data/GeoIP2-Enterprise-Test.mmdb")});
    ASSERT_TRUE(identifier.ok());
    auto created = collector::Collector::Create(
        options, ReadTextFile(TestDataPath("collector/data/handoff-policy.json")), std::move(identifier).value());
    ASSERT_FALSE(created.ok()) << file;
    EXPECT_NE(created.status().ToString().find("--webhook-ca"), std::string::npos) << created.status().ToString();
    EXPECT_NE(created.status().ToString().find(file), std::string::npos) << created.status().ToString();
  }
}

}  // namespace
}  // namespace leadgate::test_support
