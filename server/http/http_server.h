// The HTTP server: cpp-httplib's request handling behind our own edge.
// httplib 0.11.4 gives each connection a thread for its whole life, so a
// few hundred clients trickling bytes hold every worker. Here one event
// loop (epoll) owns every connection and reads requests without threads;
// only a request that is completely received (headers and body, see
// request_framing.h) is handed to a worker, which runs httplib's parser and
// routes on the buffered bytes, then waits a few milliseconds on that
// connection for its next request before handing it back to the loop.
// Idle and slow connections cost a few hundred bytes, each request has a
// deadline for arriving whole, and each address a cap on open connections.
// Serve() and Stop() are thread-safe.
#ifndef LEADGATE_SERVER_HTTP_HTTP_SERVER_H_
#define LEADGATE_SERVER_HTTP_HTTP_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::collector {

struct HttpLimits {
  int threads = 64;             // workers running requests (idle connections need none)
  int max_connections = 20000;  // open at once, all addresses (also bounded by the fd limit)
  int max_connections_per_address = 256;
  int request_timeout_seconds = 10;  // from a request's first byte to its last
  int read_timeout_seconds = 5;      // a worker waiting for body bytes past what was buffered
  int write_timeout_seconds = 5;
  int keep_alive_timeout_seconds = 5;  // idle between requests
  int keep_alive_max_requests = 1000;
  // After answering, a worker waits this long on the same connection for
  // its next request (a keep-alive client usually sends it at once) before
  // handing the connection back to the event loop; 0: always hand it back.
  int keep_hold_ms = 5;
  int backlog = 4096;                          // kernel listen queue
  size_t max_header_bytes = 16 * 1024;         // request line and headers; more: 431
  size_t payload_max_bytes = 2 * 1024 * 1024;  // bodies up to this are buffered; routes refuse past their limit
  // Addresses the per-address cap does not apply to (trusted proxies).
  std::function<bool(const std::string& address)> uncapped;
  // Called with a reason when the edge closes a connection without an
  // answer from the routes: "deadline", "address_cap", "connection_cap",
  // "headers_too_large", "bad_framing".
  std::function<void(const char* reason)> on_refused;
};

class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(const HttpLimits& limits);
  ~HttpServer() override;
  // Binds HOST:PORT (0: any free port) and listens; returns the port.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(); returns once every received request is answered.
  bool Serve();
  void Stop();

  struct Connection;  // http_server.cc

 private:
  void Loop();
  void AcceptAll(int64_t now_ms);
  void OnReadable(Connection* connection, int64_t now_ms);
  void Dispatch(Connection* connection, size_t request_bytes, bool close_after);
  void TryNext(Connection* connection);
  void TakeReturned(int64_t now_ms);
  void SweepDeadlines(int64_t now_ms);
  void Refuse(Connection* connection, int status, const char* reason);
  void Close(Connection* connection);
  void Arm(Connection* connection);
  void Work();
  void ServeBuffered(Connection* connection);
  bool HoldForNext(Connection* connection);
  bool NextRequestReady(Connection* connection);

  const HttpLimits limits_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;  // loop thread only
  std::unordered_map<std::string, int> per_address_;                  // loop thread only
  std::mutex mutex_;
  std::condition_variable has_work_;
  std::deque<Connection*> work_;      // complete requests for the workers
  int idle_workers_ = 0;              // waiting for work_
  int yield_fd_ = -1;                 // eventfd: readable while work_ waits for a busy pool
  bool yield_signaled_ = false;       // under mutex_, as are the two above
  std::deque<Connection*> returned_;  // served, back to the loop
  bool workers_stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_HTTP_SERVER_H_
