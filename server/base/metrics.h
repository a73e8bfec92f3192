// Counters for /metrics in the Prometheus text format: events accepted,
// requests rejected by reason, traffic by network type, bots dropped, store
// commits. Counters only grow; gauges (the scoring backlog) are read from
// their owner when rendered. Thread-safe.
#ifndef LEADGATE_SERVER_BASE_METRICS_H_
#define LEADGATE_SERVER_BASE_METRICS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace leadgate::collector {

class Metrics {
 public:
  // Adds `n` to counter `name` with one label (`label` may be empty).
  void Add(const std::string& name, const std::string& label_key, const std::string& label_value, uint64_t n = 1);
  // The value of one counter (for tests and /healthz).
  uint64_t Get(const std::string& name, const std::string& label_value = "") const;
  // A gauge read by `read` at every Render(); register before serving.
  void AddGauge(const std::string& name, const std::string& help, std::function<double()> read);
  // All counters and gauges as Prometheus text exposition format.
  std::string Render() const;

 private:
  struct Series {
    std::string label_key;
    std::map<std::string, uint64_t> values;  // label value -> count
  };
  mutable std::mutex mutex_;
  std::map<std::string, Series> series_;
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  std::vector<Gauge> gauges_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_METRICS_H_
