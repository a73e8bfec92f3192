// Wiring of the collector's modules and their start/stop order.
#include "collector/collector.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "collector/api.h"
#include "collector/forms.h"
#include "collector/ingest.h"
#include "collector/metrics.h"
#include "collector/net_address.h"
#include "collector/rate_limiter.h"
#include "collector/routes.h"
#include "collector/scorer.h"
#include "collector/store.h"
#include "collector/visitor_hash.h"

namespace leadgate::collector {
namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr int64_t kDayMs = 86400000;

}  // namespace

struct Collector::Parts {
  CollectorOptions options;
  Policy policy;
  std::unique_ptr<identify::Identifier> identifier;
  std::unique_ptr<Store> store;
  std::unique_ptr<VisitorHasher> hasher;
  Metrics metrics;
  std::unique_ptr<RateLimiter> rate_limiter;
  std::unique_ptr<Scorer> scorer;
  std::unique_ptr<Ingestor> ingestor;
  std::unique_ptr<FormHandler> forms;
  std::unique_ptr<Api> api;
  std::unique_ptr<HttpServer> server;
  RouteContext routes;
  std::string policy_change_note;

  // Retention: a thread deleting expired events hourly.
  std::mutex retention_mutex;
  std::condition_variable retention_wake;
  bool stopping = false;
  std::thread retention_thread;
  std::atomic<bool> serve_done{false};

  void RetentionLoop() {
    std::unique_lock<std::mutex> lock(retention_mutex);
    while (!stopping) {
      lock.unlock();
      const auto deleted = store->DeleteOlderThan(options.clock() - options.retention_days * kDayMs);
      if (deleted.ok() && deleted.value() > 0) scorer->MarkAllDirty();
      lock.lock();
      retention_wake.wait_for(lock, std::chrono::hours(1), [this] { return stopping; });
    }
  }

  void Shutdown() {
    {
      std::lock_guard<std::mutex> lock(retention_mutex);
      if (stopping) return;
      stopping = true;
    }
    retention_wake.notify_all();
    if (retention_thread.joinable()) retention_thread.join();
    if (scorer) scorer->Stop();
    if (store) store->Shutdown();
  }
};

Collector::Collector(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Collector::~Collector() {
  if (parts_->server) parts_->server->Stop();
  parts_->Shutdown();
}

Result<std::unique_ptr<Collector>> Collector::Create(CollectorOptions options, Policy policy,
                                                     std::unique_ptr<identify::Identifier> identifier) {
  if (!identifier) return Status::InvalidArgument("no identifier");
  if (options.api_token.empty()) return Status::InvalidArgument("no API token");
  if (!options.clock) options.clock = SystemNowMs;
  auto parts = std::make_unique<Parts>();
  std::vector<Cidr> trusted;
  for (const std::string& text : options.trusted_proxies) {
    auto cidr = ParseCidr(text);
    if (!cidr.ok()) return Status::InvalidArgument("--trusted-proxy: " + cidr.status().message());
    trusted.push_back(cidr.value());
  }
  KeyRing keys;
  keys.write_keys.insert(options.write_keys.begin(), options.write_keys.end());
  keys.secret_keys.insert(options.secret_keys.begin(), options.secret_keys.end());

  auto store = Store::Open(Store::Options{options.data_dir, options.synchronous_full});
  if (!store.ok()) return store.status();
  parts->store = std::move(store).value();
  auto hasher = VisitorHasher::Open(options.data_dir);
  if (!hasher.ok()) return hasher.status();
  parts->hasher = std::move(hasher).value();

  parts->options = std::move(options);
  parts->policy = std::move(policy);
  parts->identifier = std::move(identifier);
  Parts& p = *parts;
  p.rate_limiter = std::make_unique<RateLimiter>(p.options.rate_limit_per_second, p.options.rate_burst);
  p.scorer = std::make_unique<Scorer>(p.policy, p.store.get(), p.options.clock);
  IngestServices services{p.identifier.get(), p.store.get(), p.scorer.get(),
                          p.hasher.get(),     &p.metrics,    p.rate_limiter.get()};
  p.ingestor = std::make_unique<Ingestor>(keys, trusted, services);
  p.forms = std::make_unique<FormHandler>(p.policy, trusted, services);
  p.api = std::make_unique<Api>(p.store.get(), p.scorer.get(), p.options.api_token);

  // Re-score everything on start: the policy may have changed, and decay
  // has moved on while the collector was down.
  const std::string revision = p.policy.name + "@" + std::to_string(p.policy.revision);
  auto stored_revision = p.store->GetMeta("policy_revision");
  if (stored_revision.ok() && stored_revision.value() && *stored_revision.value() != revision)
    p.policy_change_note = "policy changed from " + *stored_revision.value() + " to " + revision + ": re-scoring";
  Status saved = p.store->SetMeta("policy_revision", revision);
  if (!saved.ok()) return saved;
  Scorer* scorer = p.scorer.get();
  p.metrics.AddGauge("leadgate_scoring_backlog_companies",
                     "Companies whose events are stored but whose score is not yet saved.",
                     [scorer] { return static_cast<double>(scorer->backlog().companies); });
  p.metrics.AddGauge("leadgate_scoring_behind_seconds", "For how long scores have been behind the stored events.",
                     [scorer] { return scorer->backlog().behind_ms / 1000.0; });
  p.scorer->MarkAllDirty();
  p.scorer->Start();
  if (p.options.retention_days > 0) p.retention_thread = std::thread([&p] { p.RetentionLoop(); });

  // The edge caps connections per address, except for trusted proxies
  // (every visitor behind nginx shares its address).
  p.options.http.uncapped = [trusted](const std::string& peer) {
    const auto address = ParseIpAddress(peer);
    for (const Cidr& cidr : trusted)
      if (address && cidr.Contains(*address)) return true;
    return false;
  };
  p.options.http.on_refused = [&p](const char* reason) {
    p.metrics.Add("leadgate_connections_refused_total", "reason", reason);
  };
  p.server = std::make_unique<HttpServer>(p.options.http);
  p.routes.ingestor = p.ingestor.get();
  p.routes.forms = p.forms.get();
  p.routes.api = p.api.get();
  p.routes.metrics = &p.metrics;
  p.routes.store = p.store.get();
  p.routes.clock = p.options.clock;
  p.routes.tracker_js = p.options.tracker_js;
  p.routes.site_dir = p.options.site_dir;
  InstallRoutes(*p.server, p.routes);
  return std::unique_ptr<Collector>(new Collector(std::move(parts)));
}

Result<int> Collector::Bind() { return parts_->server->Bind(parts_->options.host, parts_->options.port); }

void Collector::Serve() {
  parts_->server->Serve();
  parts_->serve_done = true;
  parts_->Shutdown();
}

void Collector::Stop() { parts_->server->Stop(); }

const std::string& Collector::policy_change_note() const { return parts_->policy_change_note; }

}  // namespace leadgate::collector
