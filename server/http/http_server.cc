// The edge: an epoll loop that owns every connection and buffers each
// request until it is complete, and workers that run httplib's request
// handling (Server::process_request) on the buffered bytes.
#include "http/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "http/http_error.h"
#include "http/request_framing.h"

namespace leadgate::collector {

struct HttpServer::Connection {
  int fd = -1;
  std::string peer_ip, local_ip;
  int peer_port = 0, local_port = 0;
  std::string in;                   // received, not yet handled
  int64_t idle_deadline_ms = 0;     // no byte of a next request by then: close
  int64_t request_deadline_ms = 0;  // 0 until a request's first byte arrives
  int64_t drain_deadline_ms = 0;    // > 0: answered with close, reading what is left
  bool in_worker = false;
  bool continue_sent = false;
  bool close_after = false;  // set by the worker: close once back
  size_t request_bytes = 0;  // the dispatched request's bytes at the front of `in`
  bool close_after_request = false;
  int served = 0;
};

namespace {

using Connection = HttpServer::Connection;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void Address(const sockaddr_storage& address, std::string* ip, int* port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    *port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    *port = ntohs(v6.sin6_port);
  }
  *ip = text;
}

// Best effort, never blocks: for refusals and 100 Continue.
void SendNow(int fd, const std::string& bytes) {
  (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

std::string CannedAnswer(int status) {
  const char* text = status == 408   ? "Request Timeout"
                     : status == 431 ? "Request Header Fields Too Large"
                                     : "Bad Request";
  const std::string body = ErrorJson(text, "");
  return "HTTP/1.1 " + std::to_string(status) + " " + text +
         "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

// httplib's view of one buffered request: reads come from the bytes the
// loop received (past them, from the socket until the request deadline);
// writes are collected and sent in one go.
class ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(Connection& connection, const HttpLimits& limits) : connection_(connection), limits_(limits) {}

  bool is_readable() const override { return true; }
  bool is_writable() const override { return !failed_; }

  ssize_t read(char* data, size_t size) override {
    // A held request ends at its framed length: httplib reads a POST
    // without Content-Length until the end of the stream (RFC 9112 says its
    // body is empty), and must not take a pipelined request as its body.
    const size_t end = connection_.close_after_request ? connection_.in.size()
                                                       : std::min(connection_.in.size(), connection_.request_bytes);
    if (position_ < end) {
      const size_t count = std::min(size, end - position_);
      std::memcpy(data, connection_.in.data() + position_, count);
      position_ += count;
      return static_cast<ssize_t>(count);
    }
    if (!connection_.close_after_request) return 0;
    // Only a body larger than the buffered limit gets here.
    const int64_t deadline =
        std::min<int64_t>(NowMs() + limits_.read_timeout_seconds * 1000LL,
                          connection_.request_deadline_ms > 0 ? connection_.request_deadline_ms : INT64_MAX);
    for (;;) {
      const ssize_t received = ::recv(connection_.fd, data, size, MSG_DONTWAIT);
      if (received >= 0) return received;
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
      if (!WaitFor(POLLIN, deadline)) return -1;
    }
  }

  ssize_t write(const char* data, size_t size) override {
    if (failed_) return -1;
    if (!head_done_) {
      head_.append(data, size);
      const size_t end = head_.find("\r\n\r\n");
      if (end != std::string::npos || head_.size() > 64 * 1024) {
        close_ = head_.find("\r\nConnection: close\r\n") < end;
        head_done_ = true;
      }
    }
    out_.append(data, size);
    if (out_.size() >= 64 * 1024) Flush();
    return failed_ ? -1 : static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = connection_.peer_ip;
    port = connection_.peer_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = connection_.local_ip;
    port = connection_.local_port;
  }
  socket_t socket() const override { return connection_.fd; }

  // Sends what was written; false when the client does not take it in time.
  bool Flush() {
    const int64_t deadline = NowMs() + limits_.write_timeout_seconds * 1000LL;
    size_t sent = 0;
    while (!failed_ && sent < out_.size()) {
      const ssize_t count = ::send(connection_.fd, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (count > 0) {
        sent += static_cast<size_t>(count);
      } else if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        failed_ = !WaitFor(POLLOUT, deadline);
      } else {
        failed_ = true;
      }
    }
    out_.clear();
    return !failed_;
  }

  // The response said Connection: close (the routes refused a body unread).
  bool answered_close() const { return close_; }
  bool failed() const { return failed_; }
  size_t position() const { return position_; }

  // The next response starts fresh.
  void NextRequest() {
    head_.clear();
    head_done_ = false;
  }

 private:
  bool WaitFor(short events, int64_t deadline_ms) {
    const int64_t left = deadline_ms - NowMs();
    if (left <= 0) return false;
    pollfd poll_fd{connection_.fd, events, 0};
    return ::poll(&poll_fd, 1, static_cast<int>(std::min<int64_t>(left, 60000))) > 0;
  }

  Connection& connection_;
  const HttpLimits& limits_;
  size_t position_ = 0;
  std::string out_, head_;
  bool head_done_ = false, close_ = false, failed_ = false;
};

}  // namespace

HttpServer::HttpServer(const HttpLimits& limits) : limits_(limits) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  yield_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
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

HttpServer::~HttpServer() {
  for (auto& [fd, connection] : connections_) ::close(fd);
  const socket_t listening = svr_sock_.exchange(INVALID_SOCKET);
  if (listening != INVALID_SOCKET) ::close(listening);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (yield_fd_ >= 0) ::close(yield_fd_);
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
  // The loop accepts until EAGAIN.
  ::fcntl(svr_sock_, F_SETFL, ::fcntl(svr_sock_, F_GETFL) | O_NONBLOCK);
  // Every connection is a descriptor: use all the process may have.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) return Status::Internal("cannot create the event loop");
  epoll_event listen_event{EPOLLIN, {.fd = svr_sock_}};
  epoll_event wake_event{EPOLLIN, {.fd = wake_fd_}};
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, svr_sock_, &listen_event);
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake_event);
  return bound;
}

bool HttpServer::Serve() {
  if (epoll_fd_ < 0) return false;
  for (int i = 0; i < std::max(1, limits_.threads); ++i) workers_.emplace_back([this] { Work(); });
  Loop();
  // No new connections; the workers answer what was received, then stop.
  const socket_t listening = svr_sock_.exchange(INVALID_SOCKET);
  if (listening != INVALID_SOCKET) ::close(listening);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    workers_stop_ = true;
  }
  has_work_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
  for (auto& [fd, connection] : connections_) ::close(fd);
  connections_.clear();
  per_address_.clear();
  return true;
}

void HttpServer::Stop() {
  stopping_ = true;
  const uint64_t one = 1;
  if (wake_fd_ >= 0) (void)!::write(wake_fd_, &one, sizeof one);
  // Ends every hold; never cleared once stopping.
  if (yield_fd_ >= 0) (void)!::write(yield_fd_, &one, sizeof one);
}

void HttpServer::Loop() {
  epoll_event events[256];
  int64_t next_sweep = 0;
  while (!stopping_) {
    const int count = ::epoll_wait(epoll_fd_, events, 256, 100);
    const int64_t now = NowMs();
    for (int i = 0; i < count && !stopping_; ++i) {
      const int fd = events[i].data.fd;
      if (fd == svr_sock_) {
        AcceptAll(now);
      } else if (fd == wake_fd_) {
        uint64_t value = 0;
        (void)!::read(wake_fd_, &value, sizeof value);
        TakeReturned(now);
      } else if (auto found = connections_.find(fd); found != connections_.end() && !found->second->in_worker) {
        OnReadable(found->second.get(), now);
      }
    }
    if (now >= next_sweep) {
      SweepDeadlines(now);
      next_sweep = now + 200;
    }
  }
}

void HttpServer::AcceptAll(int64_t now_ms) {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof peer;
    const int fd = ::accept4(svr_sock_, reinterpret_cast<sockaddr*>(&peer), &peer_length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or out of descriptors: the backlog holds the rest
    auto connection = std::make_unique<Connection>();
    connection->fd = fd;
    Address(peer, &connection->peer_ip, &connection->peer_port);
    const bool capped = !limits_.uncapped || !limits_.uncapped(connection->peer_ip);
    int& from_address = per_address_[connection->peer_ip];
    const char* refused = nullptr;
    if (static_cast<int>(connections_.size()) >= limits_.max_connections) refused = "connection_cap";
    if (capped && from_address >= limits_.max_connections_per_address) refused = "address_cap";
    if (refused) {
      if (from_address == 0) per_address_.erase(connection->peer_ip);
      ::close(fd);
      if (limits_.on_refused) limits_.on_refused(refused);
      continue;
    }
    ++from_address;
    sockaddr_storage local{};
    socklen_t local_length = sizeof local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) == 0)
      Address(local, &connection->local_ip, &connection->local_port);
    int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    // A new connection has one request's time to send its first request.
    connection->idle_deadline_ms = now_ms + limits_.request_timeout_seconds * 1000LL;
    epoll_event event{EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, {.fd = fd}};
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    connections_.emplace(fd, std::move(connection));
  }
}

void HttpServer::Arm(Connection* connection) {
  epoll_event event{EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, {.fd = connection->fd}};
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, connection->fd, &event);
}

void HttpServer::OnReadable(Connection* connection, int64_t now_ms) {
  // Never keep more than one request's worth (the framing completes a
  // request at payload_max_bytes of body).
  const size_t keep = limits_.max_header_bytes + limits_.payload_max_bytes + 64 * 1024;
  char buffer[16 * 1024];
  bool closed = false;
  for (;;) {
    const ssize_t count = ::recv(connection->fd, buffer, sizeof buffer, 0);
    if (count > 0) {
      if (connection->drain_deadline_ms == 0) connection->in.append(buffer, static_cast<size_t>(count));
      if (connection->in.size() > keep) break;
      continue;
    }
    closed = count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
    break;
  }
  if (closed || connection->drain_deadline_ms > 0) {
    if (closed) return Close(connection);
    return Arm(connection);
  }
  if (!connection->in.empty() && connection->request_deadline_ms == 0)
    connection->request_deadline_ms = now_ms + limits_.request_timeout_seconds * 1000LL;
  TryNext(connection);
}

// Hands the first request in `in` to a worker when it is complete.
void HttpServer::TryNext(Connection* connection) {
  const RequestFraming framing = FrameRequest(connection->in, limits_.max_header_bytes, limits_.payload_max_bytes);
  using State = RequestFraming::State;
  if (framing.state == State::kBad)
    return Refuse(connection, framing.bad_status, framing.bad_status == 431 ? "headers_too_large" : "bad_framing");
  size_t request_bytes = framing.request_bytes;
  if (framing.expect_end > 0) {
    // Answered here (the client waits for it before sending the body), so
    // httplib must not see it again.
    if (framing.state == State::kIncomplete && !connection->continue_sent) {
      SendNow(connection->fd, "HTTP/1.1 100 Continue\r\n\r\n");
      connection->continue_sent = true;
    }
    if (framing.state == State::kComplete) {
      connection->in.erase(framing.expect_begin, framing.expect_end - framing.expect_begin);
      request_bytes -= framing.expect_end - framing.expect_begin;
    }
  }
  if (framing.state == State::kIncomplete) return Arm(connection);
  // A body too large to hold is refused by the routes: close after that.
  Dispatch(connection, request_bytes, !framing.body_held);
}

void HttpServer::Dispatch(Connection* connection, size_t request_bytes, bool close_after) {
  connection->in_worker = true;
  connection->request_bytes = request_bytes;
  connection->close_after_request = close_after;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    work_.push_back(connection);
    // No worker is free: the workers holding a connection give theirs back.
    if (idle_workers_ == 0 && !yield_signaled_) {
      yield_signaled_ = true;
      const uint64_t one = 1;
      (void)!::write(yield_fd_, &one, sizeof one);
    }
  }
  has_work_.notify_one();
}

void HttpServer::TakeReturned(int64_t now_ms) {
  std::deque<Connection*> returned;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    returned.swap(returned_);
  }
  for (Connection* connection : returned) {
    connection->in_worker = false;
    if (connection->close_after) {
      // Answered with Connection: close: stop sending, read what the
      // client still sends for a moment, so the answer is not reset away.
      ::shutdown(connection->fd, SHUT_WR);
      connection->in.clear();
      connection->drain_deadline_ms = now_ms + 2000;
      Arm(connection);
      continue;
    }
    // The worker set the deadline of whatever it left in `in` (0 if nothing).
    connection->idle_deadline_ms = now_ms + limits_.keep_alive_timeout_seconds * 1000LL;
    TryNext(connection);
  }
}

void HttpServer::SweepDeadlines(int64_t now_ms) {
  std::vector<Connection*> expired;
  for (auto& [fd, connection] : connections_) {
    if (connection->in_worker) continue;
    const int64_t deadline = connection->drain_deadline_ms > 0     ? connection->drain_deadline_ms
                             : connection->request_deadline_ms > 0 ? connection->request_deadline_ms
                                                                   : connection->idle_deadline_ms;
    if (now_ms >= deadline) expired.push_back(connection.get());
  }
  for (Connection* connection : expired) {
    if (connection->drain_deadline_ms == 0 && connection->request_deadline_ms > 0) {
      Refuse(connection, 408, "deadline");
    } else {
      Close(connection);
    }
  }
}

void HttpServer::Refuse(Connection* connection, int status, const char* reason) {
  SendNow(connection->fd, CannedAnswer(status));
  if (limits_.on_refused) limits_.on_refused(reason);
  Close(connection);
}

void HttpServer::Close(Connection* connection) {
  const int fd = connection->fd;
  auto address = per_address_.find(connection->peer_ip);
  if (address != per_address_.end() && --address->second <= 0) per_address_.erase(address);
  connections_.erase(fd);  // frees the connection
  ::close(fd);
}

void HttpServer::Work() {
  for (;;) {
    Connection* connection = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ++idle_workers_;
      has_work_.wait(lock, [this] { return !work_.empty() || workers_stop_; });
      --idle_workers_;
      if (work_.empty()) return;
      connection = work_.front();
      work_.pop_front();
      if (work_.empty() && yield_signaled_ && !stopping_) {
        uint64_t value = 0;
        (void)!::read(yield_fd_, &value, sizeof value);
        yield_signaled_ = false;
      }
    }
    ServeBuffered(connection);
    while (!connection->close_after && HoldForNext(connection)) ServeBuffered(connection);
    // One wake-up for however many connections come back before the loop
    // takes them: a queue that was not empty has a wake-up pending.
    bool wake = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      wake = returned_.empty();
      returned_.push_back(connection);
    }
    const uint64_t one = 1;
    if (wake) (void)!::write(wake_fd_, &one, sizeof one);
  }
}

// Runs httplib on the buffered request, then on any further complete
// (pipelined) ones; leaves the connection for the loop to wait on.
void HttpServer::ServeBuffered(Connection* connection) {
  for (;;) {
    ConnectionStream stream(*connection, limits_);
    const bool last = ++connection->served >= limits_.keep_alive_max_requests || stopping_;
    bool client_closes = false;
    const bool ok = process_request(stream, last, client_closes, nullptr);
    const bool sent = stream.Flush();
    if (!ok || !sent || last || client_closes || stream.answered_close() || connection->close_after_request) {
      connection->close_after = true;
      return;
    }
    // Whatever of the request the routes did not read is dropped with it.
    connection->in.erase(0, std::max(stream.position(), connection->request_bytes));
    connection->continue_sent = false;
    // A pipelined request's time runs from now.
    connection->request_deadline_ms = connection->in.empty() ? 0 : NowMs() + limits_.request_timeout_seconds * 1000LL;
    if (!NextRequestReady(connection)) return;
  }
}

// True when `in` starts with a whole request the worker may serve (not one
// waiting for 100 Continue, which the loop answers); sets its framing.
bool HttpServer::NextRequestReady(Connection* connection) {
  const RequestFraming next = FrameRequest(connection->in, limits_.max_header_bytes, limits_.payload_max_bytes);
  if (next.state != RequestFraming::State::kComplete || next.expect_end > 0) return false;
  connection->request_bytes = next.request_bytes;
  connection->close_after_request = !next.body_held;
  return true;
}

// A keep-alive client mostly sends its next request as soon as it has the
// answer: waiting a few milliseconds for it here saves two thread hand-offs
// (worker to loop, loop to worker) per request. True once a whole request
// is buffered; false hands the connection back to the loop: nothing came in
// time, a request is still partial (its deadline, set at its first byte,
// runs on in the loop, so a slow client holds a worker for keep_hold_ms at
// most), it waits for 100 Continue, its framing is bad, the peer closed,
// or another connection is waiting for a worker.
bool HttpServer::HoldForNext(Connection* connection) {
  if (limits_.keep_hold_ms <= 0) return false;
  // Never past the idle time a connection has, nor a started request's deadline.
  int64_t until = NowMs() + std::min<int64_t>(limits_.keep_hold_ms, limits_.keep_alive_timeout_seconds * 1000LL);
  char buffer[16 * 1024];
  for (;;) {
    if (connection->request_deadline_ms > 0) until = std::min(until, connection->request_deadline_ms);
    const int64_t left = until - NowMs();
    if (left <= 0) return false;
    // yield_fd_ is readable while a request waits for a worker (or on Stop).
    pollfd poll_fds[2] = {{connection->fd, POLLIN, 0}, {yield_fd_, POLLIN, 0}};
    const int ready = ::poll(poll_fds, 2, static_cast<int>(left));
    if (ready < 0 && errno != EINTR) return false;
    if (poll_fds[1].revents) return false;
    if (ready <= 0 || !poll_fds[0].revents) continue;
    const ssize_t count = ::recv(connection->fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    if (count <= 0) return false;  // closed or failed: the loop sees it again and closes
    if (connection->in.empty()) connection->request_deadline_ms = NowMs() + limits_.request_timeout_seconds * 1000LL;
    connection->in.append(buffer, static_cast<size_t>(count));
    if (NextRequestReady(connection)) return true;
    const RequestFraming framing = FrameRequest(connection->in, limits_.max_header_bytes, limits_.payload_max_bytes);
    if (framing.state != RequestFraming::State::kIncomplete || framing.expect_end > 0) return false;
  }
}

}  // namespace leadgate::collector
