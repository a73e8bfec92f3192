// libmaxminddb lookups per second on the GeoIP2 Enterprise test database:
// the raw C API and the collector's Identifier (lookup + network type +
// company fields). The addresses mix businesses, homes and unknown space.
#include <benchmark/benchmark.h>
#include <maxminddb.h>

#include <string>
#include <vector>

#include "identify/identify.h"

namespace {

const std::string kDatabase = std::string(LEADGATE_TESTS_DIR) + "/data/maxmind/test-data/GeoIP2-Enterprise-Test.mmdb";

const std::vector<std::string>& Addresses() {
  static const std::vector<std::string> addresses = {"81.2.69.160", "89.160.20.115", "216.160.83.58", "74.209.24.7",
                                                     "214.78.1.9",  "175.16.199.3",  "1.2.3.4",       "8.8.8.8",
                                                     "2001:480::1", "149.101.100.3", "67.43.156.1",   "203.0.113.77"};
  return addresses;
}

void BM_RawMmdbLookup(benchmark::State& state) {
  MMDB_s mmdb;
  if (MMDB_open(kDatabase.c_str(), MMDB_MODE_MMAP, &mmdb) != MMDB_SUCCESS) {
    state.SkipWithError("cannot open the test database");
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    int gai_error = 0, mmdb_error = 0;
    MMDB_lookup_result_s result =
        MMDB_lookup_string(&mmdb, Addresses()[i++ % Addresses().size()].c_str(), &gai_error, &mmdb_error);
    MMDB_entry_data_s data;
    if (result.found_entry) MMDB_get_value(&result.entry, &data, "traits", "user_type", NULL);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
  MMDB_close(&mmdb);
}
BENCHMARK(BM_RawMmdbLookup);

void BM_IdentifierLookup(benchmark::State& state) {
  auto identifier = leadgate::identify::Identifier::Open({kDatabase});
  if (!identifier.ok()) {
    state.SkipWithError(identifier.status().ToString().c_str());
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    leadgate::identify::Identity identity = identifier.value()->Identify(Addresses()[i++ % Addresses().size()]);
    benchmark::DoNotOptimize(identity);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IdentifierLookup)->Threads(1)->Threads(2);

}  // namespace
