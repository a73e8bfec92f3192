// Plain-socket webhook receiver and OpenSSL signature check.
#include "webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace leadgate::test_support {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Reads one request (headers and a Content-Length body); false on EOF.
bool ReadRequest(int connection, ReceivedRequest* request) {
  std::string data;
  char buffer[4096];
  size_t header_end = std::string::npos;
  size_t length = 0;
  for (;;) {
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        const std::string head = data.substr(0, header_end);
        size_t line_end = head.find("\r\n");
        const std::string request_line = head.substr(0, line_end);
        const size_t space = request_line.find(' ');
        request->path = request_line.substr(space + 1, request_line.rfind(' ') - space - 1);
        while (line_end != std::string::npos && line_end < head.size()) {
          const size_t next = head.find("\r\n", line_end + 2);
          const std::string line =
              head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
          const size_t colon = line.find(':');
          if (colon != std::string::npos) {
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            request->headers[Lower(line.substr(0, colon))] = value;
          }
          line_end = next;
        }
        length = std::stoul(request->headers.count("content-length") ? request->headers["content-length"] : "0");
      }
    }
    if (header_end != std::string::npos && data.size() >= header_end + 4 + length) {
      request->body = data.substr(header_end + 4, length);
      return true;
    }
    const ssize_t got = read(connection, buffer, sizeof(buffer));
    if (got <= 0) return false;
    data.append(buffer, static_cast<size_t>(got));
  }
}

}  // namespace

WebhookReceiver::WebhookReceiver() {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  listen(listener_, 64);
  socklen_t size = sizeof(address);
  getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] {
    while (!stopping_) {
      pollfd ready{listener_, POLLIN, 0};
      if (poll(&ready, 1, 100) <= 0) continue;
      const int connection = accept(listener_, nullptr, nullptr);
      if (connection < 0) continue;
      std::lock_guard<std::mutex> lock(mutex_);
      threads_.emplace_back([this, connection] { Serve(connection); });
    }
  });
}

WebhookReceiver::~WebhookReceiver() {
  stopping_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) thread.join();
  close(listener_);
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::Script(std::vector<int> answers, int fallback) {
  std::lock_guard<std::mutex> lock(mutex_);
  script_.assign(answers.begin(), answers.end());
  fallback_ = fallback;
}

bool WebhookReceiver::WaitFor(size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
}

std::vector<ReceivedRequest> WebhookReceiver::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

namespace {

void Flood(int connection) {
  constexpr size_t kFloodBytes = size_t{400} << 20;
  const std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(kFloodBytes) + "\r\n\r\n";
  if (send(connection, head.data(), head.size(), MSG_NOSIGNAL) < 0) return;
  const std::string piece(64 * 1024, 'x');
  for (size_t sent = 0; sent < kFloodBytes; sent += piece.size())
    if (send(connection, piece.data(), piece.size(), MSG_NOSIGNAL) <= 0) return;
}

}  // namespace

void WebhookReceiver::Serve(int connection) {
  ReceivedRequest request;
  while (ReadRequest(connection, &request)) {
    int answer = 200;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!script_.empty()) {
        answer = script_.front();
        script_.pop_front();
      } else {
        answer = fallback_;
      }
      requests_.push_back(request);
    }
    arrived_.notify_all();
    if (answer == kDrop) break;
    if (answer == kHang) {
      while (!stopping_) usleep(20000);
      break;
    }
    if (answer == kFlood) {
      Flood(connection);
      break;
    }
    const std::string body = answer >= 200 && answer < 300 ? "ok" : "try again";
    const std::string response =
        "HTTP/1.1 " + std::to_string(answer) +
        " Answer\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    if (write(connection, response.data(), response.size()) < 0) break;
    request = ReceivedRequest();
  }
  close(connection);
}

std::string OpenSslBase64Decode(const std::string& text) {
  std::string out(text.size(), '\0');
  const int length =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(text.data()),
                      static_cast<int>(text.size()));
  if (length < 0) return "";
  size_t padding = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) ++padding;
  out.resize(static_cast<size_t>(length) - padding);
  return out;
}

bool VerifyWithOpenSsl(const std::string& key, const std::string& id, const std::string& timestamp,
                       const std::string& body, const std::string& signature_header) {
  const std::string signed_content = id + "." + timestamp + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), mac, &mac_length);
  std::string encoded(4 * ((mac_length + 2) / 3) + 1, '\0');
  const int encoded_length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), mac, mac_length);
  encoded.resize(static_cast<size_t>(encoded_length));
  // The header may hold several space-separated signatures.
  size_t start = 0;
  while (start < signature_header.size()) {
    const size_t end = std::min(signature_header.find(' ', start), signature_header.size());
    if (signature_header.substr(start, end - start) == "v1," + encoded) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace leadgate::test_support
