// The HTTP server on cpp-httplib with the limits its defaults lack: a
// bounded worker pool (a full queue holds connections in the listen
// backlog), a larger listen backlog, read/write and keep-alive timeouts,
// more requests per keep-alive connection and a payload cap.
#ifndef LEADGATE_SERVER_COLLECTOR_HTTP_SERVER_H_
#define LEADGATE_SERVER_COLLECTOR_HTTP_SERVER_H_

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::collector {

struct HttpLimits {
  int threads = 64;          // connections served at once (keep-alive holds one)
  size_t max_queued = 1024;  // accepted connections waiting for a worker
  int backlog = 1024;        // kernel listen queue
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 5;
  int keep_alive_timeout_seconds = 5;
  int keep_alive_max_requests = 1000;
  size_t payload_max_bytes = 2 * 1024 * 1024;  // routes drain up to this, then 413
};

// A fixed set of worker threads with a bounded queue: enqueue blocks the
// accepting thread while the queue is full.
class BoundedThreadPool : public httplib::TaskQueue {
 public:
  BoundedThreadPool(size_t threads, size_t max_queued);
  ~BoundedThreadPool() override;
  void enqueue(std::function<void()> task) override;
  void shutdown() override;  // runs queued tasks, then joins

 private:
  void Work();
  const size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable has_task_;
  std::condition_variable has_room_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(const HttpLimits& limits);
  // Binds HOST:PORT (0: any free port) and listens; returns the port.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(); returns when every worker has finished.
  bool Serve() { return listen_after_bind(); }
  void Stop() { stop(); }

 private:
  const HttpLimits limits_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_HTTP_SERVER_H_
