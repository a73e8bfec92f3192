// Bar selection by sweeping the candidate bars once with counts per bar.
#include "calibrate/bar_target.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace leadgate::calibrate {
namespace {

// An acceptance bar taken on fewer MQLs than this says little.
constexpr double kMinMqls = 10;

bool ParseDouble(std::string_view text, double* out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(*out);
}

}  // namespace

Result<BarTarget> ParseBarTarget(std::string_view spec) {
  BarTarget target;
  target.spec = std::string(spec);
  const size_t equals = spec.find('=');
  const std::string_view kind = spec.substr(0, equals);
  const std::string_view value = equals == std::string_view::npos ? "" : spec.substr(equals + 1);
  const Status bad =
      Status::InvalidArgument("--target " + std::string(spec) +
                              ": expected acceptance=SHARE (0..1), capacity=N/month, capacity=N or cost=CALL:MISS");
  if (kind == "acceptance") {
    target.kind = BarTarget::Kind::kAcceptance;
    if (!ParseDouble(value, &target.acceptance) || target.acceptance <= 0 || target.acceptance > 1) return bad;
  } else if (kind == "capacity") {
    target.kind = BarTarget::Kind::kCapacity;
    std::string_view number = value;
    if (const size_t slash = value.find('/'); slash != std::string_view::npos) {
      if (value.substr(slash + 1) != "month") return bad;
      number = value.substr(0, slash);
      target.per_month = true;
    }
    if (!ParseDouble(number, &target.capacity) || target.capacity <= 0) return bad;
  } else if (kind == "cost") {
    target.kind = BarTarget::Kind::kCost;
    const size_t colon = value.find(':');
    if (colon == std::string_view::npos || !ParseDouble(value.substr(0, colon), &target.call_cost) ||
        !ParseDouble(value.substr(colon + 1), &target.miss_cost) || target.call_cost < 0 || target.miss_cost < 0 ||
        target.call_cost + target.miss_cost == 0)
      return bad;
  } else {
    return bad;
  }
  return target;
}

std::vector<double> CandidateBars(const std::vector<ScoredLead>& leads) {
  std::vector<double> bars;
  for (const ScoredLead& lead : leads) bars.push_back(lead.score);
  std::sort(bars.begin(), bars.end());
  bars.erase(std::unique(bars.begin(), bars.end()), bars.end());
  bars.push_back(bars.empty() ? 0 : bars.back() + 1);
  return bars;
}

std::vector<BarCounts> CountAtBars(const std::vector<ScoredLead>& leads, const std::vector<double>& bars) {
  // Leads through the gates counted at the highest bar they reach, then
  // accumulated from the top bar down.
  std::vector<BarCounts> counts(bars.size());
  double conversions = 0;
  for (const ScoredLead& lead : leads) {
    conversions += lead.converted;
    if (!lead.gates_pass) continue;
    const size_t reached = std::upper_bound(bars.begin(), bars.end(), lead.score) - bars.begin();
    if (reached == 0) continue;  // below every bar
    counts[reached - 1].mqls += 1;
    counts[reached - 1].converted += lead.converted;
  }
  for (size_t i = bars.size(); i-- > 1;) {
    counts[i - 1].mqls += counts[i].mqls;
    counts[i - 1].converted += counts[i].converted;
  }
  for (BarCounts& count : counts) count.conversions = conversions;
  return counts;
}

BarChoice ChooseBar(const BarTarget& target, const std::vector<ScoredLead>& leads, double months, double total_rows) {
  const std::vector<double> bars = CandidateBars(leads);
  const std::vector<BarCounts> counts = CountAtBars(leads, bars);
  BarChoice choice;
  switch (target.kind) {
    case BarTarget::Kind::kAcceptance: {
      size_t best = bars.size() - 1;
      double best_share = -1;
      for (size_t i = 0; i < bars.size(); ++i) {
        if (counts[i].mqls < kMinMqls) continue;
        if (counts[i].converted_share() >= target.acceptance) return {bars[i], true};
        if (counts[i].converted_share() > best_share) best_share = counts[i].converted_share(), best = i;
      }
      return {bars[best], false};
    }
    case BarTarget::Kind::kCapacity: {
      // The share of leads the capacity allows, then the bar passing closest to it.
      const double rows = static_cast<double>(leads.size());
      double wanted_share = target.per_month ? target.capacity * months / total_rows : target.capacity / total_rows;
      wanted_share = std::min(wanted_share, 1.0);
      size_t best = 0;
      double best_gap = std::numeric_limits<double>::infinity();
      for (size_t i = 0; i < bars.size(); ++i) {
        const double gap = std::fabs(counts[i].mqls / rows - wanted_share);
        if (gap < best_gap) best_gap = gap, best = i;
      }
      return {bars[best], true};
    }
    case BarTarget::Kind::kCost: {
      size_t best = 0;
      double best_cost = std::numeric_limits<double>::infinity();
      for (size_t i = 0; i < bars.size(); ++i) {
        const double missed = counts[i].conversions - counts[i].converted;
        const double cost = target.call_cost * counts[i].mqls + target.miss_cost * missed;
        if (cost < best_cost) best_cost = cost, best = i;
      }
      return {bars[best], true};
    }
  }
  return choice;
}

}  // namespace leadgate::calibrate
