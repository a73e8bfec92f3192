// A webhook receiver for tests on 127.0.0.1 (an ephemeral port), on plain
// sockets so that it can do what a real receiver may: answer any status,
// drop the connection without answering, or hang. Records every request.
// Thread-safe.
#ifndef LEADGATE_TESTS_COLLECTOR_WEBHOOK_RECEIVER_H_
#define LEADGATE_TESTS_COLLECTOR_WEBHOOK_RECEIVER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace leadgate::test_support {

struct ReceivedRequest {
  std::string path;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

class WebhookReceiver {
 public:
  // What to do with a request: answer a status, drop the connection, hang
  // (never answer, until the receiver stops), or flood (answer 200 with a
  // 400 MiB body, sent until the client stops reading).
  static constexpr int kDrop = -1;
  static constexpr int kHang = -2;
  static constexpr int kFlood = -3;

  WebhookReceiver();
  ~WebhookReceiver();

  std::string url(const std::string& path = "/hook") const;
  // Scripted answers, in order; once used up, `fallback` (default 200).
  void Script(std::vector<int> answers, int fallback = 200);
  // Waits (up to `timeout`) until at least `count` requests arrived.
  bool WaitFor(size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  std::vector<ReceivedRequest> requests() const;

 private:
  void Serve(int connection);

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<int> script_;
  int fallback_ = 200;
  std::vector<ReceivedRequest> requests_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// Standard Webhooks verification with OpenSSL (independent of the
// collector's libsodium code): true when `signature` holds "v1,<base64>"
// of HMAC-SHA256(key, id.timestamp.body).
bool VerifyWithOpenSsl(const std::string& key, const std::string& id, const std::string& timestamp,
                       const std::string& body, const std::string& signature_header);

// Base64 decoding with OpenSSL (for whsec_ secrets).
std::string OpenSslBase64Decode(const std::string& text);

}  // namespace leadgate::test_support

#endif  // LEADGATE_TESTS_COLLECTOR_WEBHOOK_RECEIVER_H_
