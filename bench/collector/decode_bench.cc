// Ingest decoding speed: a realistic 20-event analytics.js batch.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "ingest/ingest_decoder.h"

namespace {

std::string RealisticBatch(int events) {
  nlohmann::json batch = {
      {"writeKey", "pub-key"}, {"sentAt", "2026-11-20T10:00:00.000Z"}, {"batch", nlohmann::json::array()}};
  for (int i = 0; i < events; ++i) {
    nlohmann::json context = {
        {"library", {{"name", "analytics.js"}, {"version", "4.1.0"}}},
        {"userAgent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"},
        {"locale", "en-GB"},
        {"page",
         {{"path", "/pricing"},
          {"url", "https://acme.test/pricing?plan=pro"},
          {"title", "Pricing - Acme"},
          {"referrer", "https://www.google.com/"}}}};
    nlohmann::json event = {{"type", i % 3 == 2 ? "track" : "page"},
                            {"anonymousId", "6f1c2a8e-5a3b-4c1d-9e7f-0a1b2c3d4e5f"},
                            {"messageId", "ajs-" + std::to_string(i) + "-1c9b8f5e2d"},
                            {"timestamp", "2026-11-20T10:00:00.123Z"},
                            {"context", context},
                            {"properties", {{"path", "/pricing"}, {"url", "https://acme.test/pricing"}}}};
    if (i % 3 == 2) {
      event["event"] = "Page Engaged";
      event["properties"]["seconds"] = 12.5;
    }
    batch["batch"].push_back(event);
  }
  return batch.dump();
}

void BM_DecodeBatch(benchmark::State& state) {
  const std::string body = RealisticBatch(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto request = leadgate::collector::DecodeIngest(leadgate::collector::Endpoint::kBatch, body);
    if (!request.ok()) state.SkipWithError(request.status().message().c_str());
    benchmark::DoNotOptimize(request);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_DecodeBatch)->Arg(1)->Arg(20);

}  // namespace
