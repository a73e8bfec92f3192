// Webhook workers, attempts and the retry schedule.
#include "handoff/delivery_workers.h"

#include <httplib.h>
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>

#include "handoff/webhook_destination.h"
#include "handoff/webhook_signature.h"
#include "handoff/webhook_tls.h"

namespace leadgate::collector {
namespace {

constexpr size_t kKeptResponseBytes = 2048;  // of an answer, in the delivery log
constexpr int kDuePerRound = 16;
// How often an idle worker looks at the outbox (a wake comes sooner).
constexpr auto kPollInterval = std::chrono::milliseconds(250);

// "https://host:port/path?q" -> {"https://host:port", "/path?q"}.
bool SplitUrl(const std::string& url, std::string* origin, std::string* path) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  const size_t path_start = url.find('/', scheme_end + 3);
  *origin = url.substr(0, path_start);
  *path = path_start == std::string::npos ? "/" : url.substr(path_start);
  return origin->size() > scheme_end + 3;
}

// "https://host:port" -> "host"; "http://[::1]:80" -> "::1" (httplib's key).
std::string HostOf(const std::string& origin) {
  std::string host = origin.substr(origin.find("://") + 3);
  if (!host.empty() && host.front() == '[') return host.substr(1, host.find(']') - 1);
  return host.substr(0, host.find(':'));
}

}  // namespace

std::optional<int64_t> NextAttemptMs(const RetryPolicy& retry, int64_t created_ms, int failures, int64_t now_ms,
                                     double random01) {
  const int64_t deadline = created_ms + retry.give_up_after_ms;
  if (now_ms >= deadline) return std::nullopt;
  const double base = retry.first_retry_ms * std::pow(retry.growth, std::max(0, failures - 1));
  const double jittered = std::min<double>(base, retry.max_delay_ms) * (1 - retry.jitter + 2 * retry.jitter * random01);
  // The last attempt is at the deadline itself.
  return std::min(deadline, now_ms + static_cast<int64_t>(jittered));
}

std::optional<int64_t> NextAttemptAfterMs(const RetryPolicy& retry, int64_t created_ms, int64_t now_ms,
                                          int64_t wait_ms) {
  const int64_t deadline = created_ms + retry.give_up_after_ms;
  if (now_ms >= deadline) return std::nullopt;
  return std::min(deadline, now_ms + std::max<int64_t>(0, wait_ms));
}

SendOutcome SendDelivery(const Receiver& receiver, const Delivery& delivery, int64_t now_ms,
                         const SendSettings& settings, const std::function<void(httplib::Client*)>& in_flight) {
  SendOutcome outcome;
  std::string origin, path;
  if (!SplitUrl(delivery.url, &origin, &path)) {
    outcome.error = "not an http(s) URL";
    return outcome;
  }
  httplib::Client client(origin);
  client.set_connection_timeout(settings.connect_seconds, 0);
  client.set_read_timeout(settings.read_seconds, 0);
  client.set_write_timeout(settings.write_seconds, 0);
  client.set_follow_location(false);
  if (!client.is_valid()) {
    outcome.error = "cannot reach " + origin;
    return outcome;
  }
  // Resolved now, at every attempt, and connected to as checked.
  const std::string host = HostOf(origin);
  auto address = ResolveWebhookHost(host, settings.allow_internal);
  if (!address.ok()) {
    outcome.error = address.status().message();
    return outcome;
  }
  client.set_hostname_addr_map({{host, address.value()}});
  if (origin.rfind("https://", 0) == 0) {
    client.enable_server_certificate_verification(true);
    // The client owns the store; the system's CAs are added to it.
    if (!settings.extra_ca_pem.empty()) client.set_ca_cert_store(NewCaStore(settings.extra_ca_pem));
  }
  httplib::Request request;
  request.method = "POST";
  request.path = path;
  request.headers = {{"User-Agent", "leadgate-webhooks/1"}, {"Content-Type", "application/json"}};
  request.body = delivery.body;
  if (!receiver.signing_key.empty()) {
    const int64_t timestamp = now_ms / 1000;
    request.headers.emplace("webhook-id", delivery.webhook_id);
    request.headers.emplace("webhook-timestamp", std::to_string(timestamp));
    request.headers.emplace("webhook-signature",
                            WebhookSignature(receiver.signing_key, delivery.webhook_id, timestamp, delivery.body));
  }
  // Only the answer's first bytes are kept, and only for so long: the
  // rest is never read (a receiver cannot make the server hold its answer).
  const auto answer_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(settings.answer_seconds);
  request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
    outcome.body.append(data, std::min(length, kKeptResponseBytes - outcome.body.size()));
    return outcome.body.size() < kKeptResponseBytes && std::chrono::steady_clock::now() < answer_deadline;
  };
  httplib::Response response;
  httplib::Error error = httplib::Error::Success;
  if (in_flight) in_flight(&client);
  const bool answered = client.send(request, response, error);
  if (in_flight) in_flight(nullptr);
  // A body cut short still has the status it came with.
  if (!answered && !(error == httplib::Error::Canceled && response.status > 0)) {
    outcome.body.clear();
    outcome.error = httplib::to_string(error);
    return outcome;
  }
  outcome.status = response.status;
  return outcome;
}

struct DeliveryWorkers::Worker {
  Receiver receiver;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  bool woken = false;
  httplib::Client* in_flight = nullptr;  // the attempt under way, cut short on Stop()
  std::thread thread;
};

DeliveryWorkers::DeliveryWorkers(Store* store, Clock clock, RetryPolicy retry, SendSettings settings)
    : outbox_(store), clock_(std::move(clock)), retry_(retry), settings_(std::move(settings)) {}

DeliveryWorkers::~DeliveryWorkers() { Stop(); }

void DeliveryWorkers::Start(const std::vector<Receiver>& receivers) {
  if (receivers.empty()) return;
  Status due = outbox_.DueNow(clock_());
  if (!due.ok()) std::fprintf(stderr, "leadgate: outbox: %s\n", due.ToString().c_str());
  std::lock_guard<std::mutex> lock(workers_mutex_);
  for (const Receiver& receiver : receivers) StartWorker(receiver);
}

void DeliveryWorkers::Add(const Receiver& receiver) {
  std::lock_guard<std::mutex> lock(workers_mutex_);
  for (auto& worker : workers_) {
    if (worker->receiver.url != receiver.url) continue;
    // Only the key changes (the loop reads the URL without the lock).
    std::lock_guard<std::mutex> worker_lock(worker->mutex);
    worker->receiver.signing_key = receiver.signing_key;
    return;
  }
  StartWorker(receiver);
}

void DeliveryWorkers::Remove(const std::string& url) {
  std::unique_ptr<Worker> removed;
  {
    std::lock_guard<std::mutex> lock(workers_mutex_);
    auto found = std::find_if(workers_.begin(), workers_.end(), [&](const auto& w) { return w->receiver.url == url; });
    if (found == workers_.end()) return;
    removed = std::move(*found);
    workers_.erase(found);
  }
  StopWorker(*removed);
  if (removed->thread.joinable()) removed->thread.join();
}

void DeliveryWorkers::StopWorker(Worker& worker) {
  {
    std::lock_guard<std::mutex> worker_lock(worker.mutex);
    worker.stopping = true;
    if (worker.in_flight) worker.in_flight->stop();
  }
  worker.wake.notify_one();
}

void DeliveryWorkers::StartWorker(const Receiver& receiver) {
  if (std::any_of(workers_.begin(), workers_.end(), [&](const auto& w) { return w->receiver.url == receiver.url; }))
    return;
  auto worker = std::make_unique<Worker>();
  worker->receiver = receiver;
  Worker* raw = worker.get();
  workers_.push_back(std::move(worker));
  raw->thread = std::thread([this, raw] { Loop(*raw); });
}

void DeliveryWorkers::Wake() {
  std::lock_guard<std::mutex> lock(workers_mutex_);
  for (auto& worker : workers_) {
    {
      std::lock_guard<std::mutex> worker_lock(worker->mutex);
      worker->woken = true;
    }
    worker->wake.notify_one();
  }
}

void DeliveryWorkers::Stop() {
  std::lock_guard<std::mutex> lock(workers_mutex_);
  for (auto& worker : workers_) StopWorker(*worker);
  for (auto& worker : workers_)
    if (worker->thread.joinable()) worker->thread.join();
  workers_.clear();
}

void DeliveryWorkers::Attempt(Worker& worker, const Delivery& delivery) {
  static thread_local std::mt19937_64 random(std::random_device{}());
  const int64_t now_ms = clock_();
  Receiver receiver;
  {
    std::lock_guard<std::mutex> lock(worker.mutex);  // Add() may give it a new key
    receiver = worker.receiver;
  }
  const auto in_flight = [&worker](httplib::Client* client) {
    std::lock_guard<std::mutex> lock(worker.mutex);
    worker.in_flight = client;
    if (client && worker.stopping) client->stop();
  };
  const SendOutcome outcome = receiver.send ? receiver.send(delivery, now_ms, in_flight)
                                            : SendDelivery(receiver, delivery, now_ms, settings_, in_flight);
  {
    // An attempt cut short by a shutdown is not one: it is tried again.
    std::lock_guard<std::mutex> lock(worker.mutex);
    if (worker.stopping) return;
  }
  const bool delivered = outcome.status >= 200 && outcome.status < 300;
  std::string state = delivered ? "delivered" : "pending";
  int64_t next_ms = now_ms;
  if (!delivered) {
    const int failures = static_cast<int>(delivery.attempts.size()) + 1;
    auto next = NextAttemptMs(retry_, delivery.created_ms, failures, clock_(),
                              std::uniform_real_distribution<double>(0, 1)(random));
    // Asked to wait (a 429): then, unless the day is over by then.
    if (next && outcome.retry_after_ms)
      next = NextAttemptAfterMs(retry_, delivery.created_ms, clock_(), *outcome.retry_after_ms);
    if (next) {
      next_ms = *next;
    } else {
      state = "failed";
    }
  }
  Status saved = outbox_.RecordAttempt(delivery, DeliveryAttempt{now_ms, outcome.status, outcome.error}, state, next_ms,
                                       outcome.body);
  if (!saved.ok()) std::fprintf(stderr, "leadgate: outbox: %s\n", saved.ToString().c_str());
}

void DeliveryWorkers::Loop(Worker& worker) {
  pthread_setname_np(pthread_self(), "lg-webhook");
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(worker.mutex);
      if (worker.stopping) return;
      worker.woken = false;
    }
    auto due = outbox_.Due(worker.receiver.url, clock_(), kDuePerRound);
    if (!due.ok()) std::fprintf(stderr, "leadgate: outbox: %s\n", due.status().ToString().c_str());
    const bool more = due.ok() && due->size() == static_cast<size_t>(kDuePerRound);
    if (due.ok()) {
      for (const Delivery& delivery : due.value()) {
        {
          std::lock_guard<std::mutex> lock(worker.mutex);
          if (worker.stopping) return;
        }
        Attempt(worker, delivery);
      }
    }
    if (more) continue;
    std::unique_lock<std::mutex> lock(worker.mutex);
    worker.wake.wait_for(lock, kPollInterval, [&] { return worker.stopping || worker.woken; });
  }
}

}  // namespace leadgate::collector
