// Server limits and the bounded worker pool.
#include "collector/http_server.h"

#include <sys/socket.h>

namespace leadgate::collector {

BoundedThreadPool::BoundedThreadPool(size_t threads, size_t max_queued) : max_queued_(std::max<size_t>(1, max_queued)) {
  for (size_t i = 0; i < std::max<size_t>(1, threads); ++i) threads_.emplace_back([this] { Work(); });
}

BoundedThreadPool::~BoundedThreadPool() { shutdown(); }

void BoundedThreadPool::enqueue(std::function<void()> task) {
  std::unique_lock<std::mutex> lock(mutex_);
  has_room_.wait(lock, [this] { return tasks_.size() < max_queued_ || stopping_; });
  tasks_.push_back(std::move(task));
  has_task_.notify_one();
}

void BoundedThreadPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  has_task_.notify_all();
  has_room_.notify_all();
  for (std::thread& thread : threads_)
    if (thread.joinable()) thread.join();
  threads_.clear();
}

void BoundedThreadPool::Work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      has_task_.wait(lock, [this] { return !tasks_.empty() || stopping_; });
      if (tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
      has_room_.notify_one();
    }
    task();
  }
}

HttpServer::HttpServer(const HttpLimits& limits) : limits_(limits) {
  new_task_queue = [limits] { return new BoundedThreadPool(limits.threads, limits.max_queued); };
  set_read_timeout(limits.read_timeout_seconds, 0);
  set_write_timeout(limits.write_timeout_seconds, 0);
  set_keep_alive_timeout(limits.keep_alive_timeout_seconds);
  set_keep_alive_max_count(limits.keep_alive_max_requests);
  set_payload_max_length(limits.payload_max_bytes);
  set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second server
  // bind the same port and silently split the traffic: reuse the address
  // (fast restarts) but never share the port.
  set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
}

Result<int> HttpServer::Bind(const std::string& host, int port) {
  int bound = port;
  if (port == 0) {
    bound = bind_to_any_port(host);
    if (bound < 0) return Status::InvalidArgument("cannot listen on " + host + ": no free port");
  } else if (!bind_to_port(host, port)) {
    return Status::InvalidArgument("cannot listen on " + host + ":" + std::to_string(port) +
                                   " (address in use or not available)");
  }
  // httplib listens with a backlog of 5; listen() again only resizes the queue.
  ::listen(svr_sock_, limits_.backlog);
  return bound;
}

}  // namespace leadgate::collector
