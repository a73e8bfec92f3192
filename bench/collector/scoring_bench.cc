// Scoring cost against history size: for one company with N stored events,
// the time to bring its behavior.* facts up to date after one more event,
// (a) as before, recomputed from all its events (ComputeBehavior over
// CompanyPageEvents: the baseline) and (b) with the running totals (fold
// the new event, read the totals). The history is folded into the totals
// before anything is timed. Real SQLite store in a temp dir, or a fresh
// schema of the test PostgreSQL (scripts/pg-test-server) with "postgres";
// its month partitions are made for the whole history first, and the fold
// queue vacuumed once the history is folded. Prints one
// line per N; bench/scoring runs it.
// Usage: scoring_bench [sqlite|postgres] [N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "scoring/engagement_aggregates.h"
#include "store/pg_db.h"
#include "store/store_test_support.h"

namespace {

using leadgate::collector::Backend;
using leadgate::collector::CompanyInfo;
using leadgate::collector::EngagementAggregates;
using leadgate::collector::Store;
using leadgate::collector::StoredEvent;
using leadgate::collector::TestStoreLocation;

constexpr int64_t kBase = 1795168800000LL;
constexpr int64_t kMinute = 60000;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

StoredEvent Event(int64_t index) {
  StoredEvent event;
  event.time_ms = event.received_ms = kBase + index * 7 * kMinute;  // a 90-day history per 18,500 events
  event.type = index % 4 == 3 ? "track" : "page";
  event.name = index % 4 == 3 ? "Page Engaged" : "";
  if (index % 4 == 3) event.seconds = 20;
  event.path = index % 3 ? "/pricing" : "/docs/start";
  event.visitor = "visitor-" + std::to_string(index % 50);
  event.company_id = "acme";
  event.network_type = "business";
  event.message_id = "m" + std::to_string(index);
  return event;
}

}  // namespace

int main(int argc, char** argv) {
  const Backend backend = argc > 1 && std::string(argv[1]) == "postgres" ? Backend::kPostgres : Backend::kSqlite;
  // PostgreSQL folds the history a round trip per statement: 1,000,000 would take minutes there.
  std::vector<int64_t> sizes = {10, 1000, 10000, 100000, 1000000};
  if (backend == Backend::kPostgres) sizes.pop_back();
  if (argc > 2) sizes = {std::atoll(argv[2])};
  leadgate::Policy policy;
  policy.name = "bench";
  policy.pages = {{"pricing", {"/pricing", "/pricing/*"}}, {"docs", {"/docs*"}}};
  policy.decay_half_life_days = 30;
  CompanyInfo company;
  company.id = "acme";
  company.name = "Acme";
  company.network_type = "business";

  std::printf("%10s %16s %16s %10s\n", "events", "recompute_ms", "incremental_ms", "ratio");
  double first_full = 0, first_incremental = 0;
  for (int64_t size : sizes) {
    auto location = TestStoreLocation::Create(backend);
    if (!location.ok()) {
      std::fprintf(stderr, "scoring_bench: %s\n", location.status().ToString().c_str());
      return location.status().code() == leadgate::Status::Code::kNotFound ? 77 : 1;
    }
    auto store = Store::Open(location.value()->options()).value();
    for (int64_t month_ms = Event(0).received_ms; month_ms < Event(size + 1000).received_ms;
         month_ms += 86400000LL * 28)
      if (!store->KeepEventMonths(month_ms).ok()) return 1;
    EngagementAggregates aggregates(policy, store.get());
    if (!aggregates.Prepare().ok()) return 1;
    int64_t next = 0;
    while (next < size) {
      std::vector<StoredEvent> batch;
      for (int i = 0; i < 5000 && next < size; ++i) batch.push_back(Event(next++));
      if (!store->AppendEvents(batch, {company}).ok()) return 1;
    }
    // The whole history into the totals (caught_up() only once a fold has
    // run and emptied the queue).
    do {
      if (!aggregates.CatchUp(20000).ok()) return 1;
    } while (!aggregates.caught_up());
    // PostgreSQL: what autovacuum does within a minute to the queue the
    // history just went through (else each fold first walks its dead rows).
    if (backend == Backend::kPostgres) {
      auto db = leadgate::collector::PgDb::Open(location.value()->options().url, false);
      if (!db.ok() || !db.value()->Exec("VACUUM unfolded_events").ok()) return 1;
    }
    const int64_t now = Event(size + 1000).time_ms;

    // (a) recomputed from every event, as the scorer did before.
    const int full_rounds = size >= 100000 ? 3 : 20;
    double full = 0;
    for (int round = 0; round < full_rounds; ++round) {
      if (!store->AppendEvents({Event(next++)}, {company}).ok()) return 1;
      const auto start = std::chrono::steady_clock::now();
      auto events = store->CompanyPageEvents("acme");
      auto facts = leadgate::ComputeBehavior(policy, events.value(), now);
      full += Seconds(start);
      if (facts.empty()) return 1;
    }
    full /= full_rounds;
    // (b) the new event folded into the running totals, then read.
    const int incremental_rounds = 200;
    double incremental = 0;
    for (int round = 0; round < incremental_rounds; ++round) {
      if (!store->AppendEvents({Event(next++)}, {company}).ok()) return 1;
      const auto start = std::chrono::steady_clock::now();
      if (!aggregates.CatchUp(1000).ok()) return 1;
      auto facts = aggregates.Behavior("acme", now);  // weighted and undecayed
      incremental += Seconds(start);
      if (!facts.ok()) return 1;
    }
    incremental /= incremental_rounds;
    if (first_full == 0) first_full = full, first_incremental = incremental;
    std::printf("%10lld %16.3f %16.3f %10.1f   (vs %lld events: recompute x%.0f, incremental x%.1f)\n",
                static_cast<long long>(size), full * 1000, incremental * 1000, full / incremental,
                static_cast<long long>(sizes.front()), full / first_full, incremental / first_incremental);
    std::fflush(stdout);
    store.reset();
  }
  return 0;
}
