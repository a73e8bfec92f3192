// Tests of the edge's connection handling over real loopback sockets:
// keep-alive and pipelined requests on one connection are answered in
// order, a worker waiting on a kept connection gives way to a request of
// another one, and a client that trickles its next request on a kept
// connection is still cut at its deadline (408, then closed).
#include "http/http_server.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

namespace leadgate::collector {
namespace {

// A server whose one route answers the request body back.
class EchoServer {
 public:
  explicit EchoServer(const HttpLimits& limits) : server_(limits) {
    server_.Post("/echo", [](const httplib::Request& request, httplib::Response& response) {
      response.set_content(request.body, "text/plain");
    });
    auto port = server_.Bind("127.0.0.1", 0);
    EXPECT_TRUE(port.ok());
    port_ = port.ok() ? port.value() : 0;
    thread_ = std::thread([this] { server_.Serve(); });
  }
  ~EchoServer() {
    server_.Stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  HttpServer server_;
  int port_ = 0;
  std::thread thread_;
};

// A blocking client socket; reads give up after 30 s, so a server that
// never answers fails the test instead of hanging it.
class RawClient {
 public:
  explicit RawClient(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{30, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawClient() { ::close(fd_); }
  bool connected() const { return connected_; }

  void Send(const std::string& bytes) {
    ASSERT_EQ(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
  }

  // The next whole response (status line to the end of its body), or what
  // came before the connection closed.
  std::string ReadResponse() {
    for (;;) {
      const size_t head_end = buffered_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t length = 0;
        const size_t field = buffered_.find("Content-Length: ");
        if (field != std::string::npos && field < head_end) length = std::stoul(buffered_.substr(field + 16));
        if (buffered_.size() >= head_end + 4 + length) {
          std::string response = buffered_.substr(0, head_end + 4 + length);
          buffered_.erase(0, response.size());
          return response;
        }
      }
      if (!Receive()) {
        std::string rest;
        rest.swap(buffered_);
        return rest;
      }
    }
  }
  // True when the server closed the connection (after what it sent).
  bool ClosedByServer() {
    while (Receive()) {
    }
    return closed_;
  }
  // Sends `bytes` one at a time, `gap` apart, until the server answers or
  // closes; true when it did so before the last byte.
  bool Trickle(const std::string& bytes, std::chrono::milliseconds gap) {
    for (char byte : bytes) {
      if (Receive(MSG_DONTWAIT) || closed_) return true;
      if (::send(fd_, &byte, 1, MSG_NOSIGNAL) != 1) return true;
      std::this_thread::sleep_for(gap);
    }
    return false;
  }

 private:
  bool Receive(int flags = 0) {
    char buffer[4096];
    const ssize_t count = ::recv(fd_, buffer, sizeof buffer, flags);
    if (count > 0) {
      buffered_.append(buffer, static_cast<size_t>(count));
      return true;
    }
    closed_ = count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
    return false;
  }

  int fd_;
  bool connected_ = false, closed_ = false;
  std::string buffered_;
};

std::string Echo(const std::string& body) {
  return "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string BodyOf(const std::string& response) {
  const size_t head_end = response.find("\r\n\r\n");
  return head_end == std::string::npos ? "" : response.substr(head_end + 4);
}

HttpLimits SmallLimits() {
  HttpLimits limits;
  limits.threads = 2;
  return limits;
}

TEST(HttpServerTest, KeepAliveRequestsOnOneConnectionAreAnsweredInOrder) {
  EchoServer server(SmallLimits());
  RawClient client(server.port());
  ASSERT_TRUE(client.connected());
  // One at a time, each sent as soon as the previous answer is read (what
  // a worker waiting on the connection takes itself).
  for (int i = 0; i < 50; ++i) {
    client.Send(Echo("request " + std::to_string(i)));
    const std::string response = client.ReadResponse();
    ASSERT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
    EXPECT_EQ(BodyOf(response), "request " + std::to_string(i));
  }
  // Pipelined: five in one write, the last one split across two writes.
  std::string pipelined;
  for (int i = 0; i < 5; ++i) pipelined += Echo("pipelined " + std::to_string(i));
  const size_t split = pipelined.size() - 7;
  client.Send(pipelined.substr(0, split));
  client.Send(pipelined.substr(split));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(BodyOf(client.ReadResponse()), "pipelined " + std::to_string(i));
}

TEST(HttpServerTest, AWorkerWaitingOnAKeptConnectionGivesWayToAnother) {
  HttpLimits limits;
  limits.threads = 1;
  limits.keep_hold_ms = 60000;  // would hold the only worker for a minute
  limits.keep_alive_timeout_seconds = 60;
  EchoServer server(limits);
  RawClient kept(server.port());
  ASSERT_TRUE(kept.connected());
  kept.Send(Echo("first"));
  EXPECT_EQ(BodyOf(kept.ReadResponse()), "first");
  // The only worker now waits for `kept`'s next request; another
  // connection's request must still be answered (the client gives up
  // after 30 s).
  RawClient other(server.port());
  ASSERT_TRUE(other.connected());
  other.Send(Echo("other"));
  EXPECT_EQ(BodyOf(other.ReadResponse()), "other");
  kept.Send(Echo("second"));
  EXPECT_EQ(BodyOf(kept.ReadResponse()), "second");
}

TEST(HttpServerTest, ASlowRequestOnAKeptConnectionIsCutAtItsDeadline) {
  HttpLimits limits = SmallLimits();
  limits.request_timeout_seconds = 1;
  limits.keep_hold_ms = 60000;  // the worker reads the slow request's first bytes itself
  limits.keep_alive_timeout_seconds = 60;
  EchoServer server(limits);
  RawClient client(server.port());
  ASSERT_TRUE(client.connected());
  client.Send(Echo("whole"));
  EXPECT_EQ(BodyOf(client.ReadResponse()), "whole");
  // The next request's headers, a byte every 100 ms, for up to 30 s: the
  // 1 s deadline must end it long before.
  EXPECT_TRUE(client.Trickle("POST /echo HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(300, 'a'),
                             std::chrono::milliseconds(100)));
  const std::string answer = client.ReadResponse();
  EXPECT_EQ(answer.rfind("HTTP/1.1 408", 0), 0u) << answer;
  EXPECT_TRUE(client.ClosedByServer());
}

}  // namespace
}  // namespace leadgate::collector
