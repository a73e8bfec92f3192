// Prometheus text rendering of labelled counters.
#include "base/metrics.h"

#include <cstdio>

namespace leadgate::collector {
namespace {

const char* HelpOf(const std::string& name) {
  if (name == "leadgate_events_accepted_total") return "Events stored, by event type.";
  if (name == "leadgate_requests_rejected_total") return "Requests refused, by reason.";
  if (name == "leadgate_events_by_network_total")
    return "Accepted events by network type (only business ones are listed as companies).";
  if (name == "leadgate_non_business_events_total")
    return "Events from non-business networks, never listed as companies.";
  if (name == "leadgate_bot_events_total") return "Events from bots and crawlers, dropped.";
  if (name == "leadgate_lookup_errors_total") return "IP lookups that failed (the event is kept as unknown).";
  if (name == "leadgate_forms_submitted_total") return "Form submissions, by decision.";
  if (name == "leadgate_forms_dropped_total") return "Form submissions answered but not stored, by reason.";
  if (name == "leadgate_connections_refused_total")
    return "Connections the edge closed without a routed answer (deadline, caps, bad framing), by reason.";
  if (name == "leadgate_mail_passes_total") return "Passes of the mail watcher over alerts and due digests.";
  return "leadgate counter.";
}

std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void Metrics::Add(const std::string& name, const std::string& label_key, const std::string& label_value, uint64_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  Series& series = series_[name];
  series.label_key = label_key;
  series.values[label_value] += n;
}

uint64_t Metrics::Get(const std::string& name, const std::string& label_value) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = series_.find(name);
  if (it == series_.end()) return 0;
  auto value = it->second.values.find(label_value);
  return value == it->second.values.end() ? 0 : value->second;
}

void Metrics::AddGauge(const std::string& name, const std::string& help, std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mutex_);
  gauges_.push_back({name, help, std::move(read)});
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string text;
  for (const Gauge& gauge : gauges_) {
    char value[64];
    std::snprintf(value, sizeof value, "%.17g", gauge.read());
    text += "# HELP " + gauge.name + " " + gauge.help + "\n# TYPE " + gauge.name + " gauge\n" + gauge.name + " " +
            value + "\n";
  }
  for (const auto& [name, series] : series_) {
    text += "# HELP " + name + " " + HelpOf(name) + "\n# TYPE " + name + " counter\n";
    for (const auto& [label, value] : series.values) {
      text += name;
      if (!series.label_key.empty()) text += "{" + series.label_key + "=\"" + EscapeLabel(label) + "\"}";
      text += " " + std::to_string(value) + "\n";
    }
  }
  return text;
}

}  // namespace leadgate::collector
