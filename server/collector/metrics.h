// Counters for /metrics in the Prometheus text format: events accepted,
// requests rejected by reason, traffic by network type, bots dropped, store
// commits. Counters only grow. Thread-safe.
#ifndef LEADGATE_SERVER_COLLECTOR_METRICS_H_
#define LEADGATE_SERVER_COLLECTOR_METRICS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace leadgate::collector {

class Metrics {
 public:
  // Adds `n` to counter `name` with one label (`label` may be empty).
  void Add(const std::string& name, const std::string& label_key, const std::string& label_value, uint64_t n = 1);
  // The value of one counter (for tests and /healthz).
  uint64_t Get(const std::string& name, const std::string& label_value = "") const;
  // All counters as Prometheus text exposition format.
  std::string Render() const;

 private:
  struct Series {
    std::string label_key;
    std::map<std::string, uint64_t> values;  // label value -> count
  };
  mutable std::mutex mutex_;
  std::map<std::string, Series> series_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_METRICS_H_
