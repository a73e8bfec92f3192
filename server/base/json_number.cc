// Numbers for JSON answers (see json_number.h).
#include "base/json_number.h"

#include <cmath>
#include <cstdint>

namespace leadgate::collector {

double RoundedForJson(double value) {
  // Past 9e15 a double has no fraction left to round.
  return std::isfinite(value) && std::fabs(value) < 9e15 ? std::round(value * 1000) / 1000 : value;
}

nlohmann::json JsonNumber(double value) {
  if (!std::isfinite(value)) return nullptr;
  value = RoundedForJson(value);
  if (value == std::floor(value) && std::fabs(value) < 9e15) return static_cast<int64_t>(value);
  return value;
}

nlohmann::json JsonNumber(const std::optional<double>& value) {
  return value ? JsonNumber(*value) : nlohmann::json(nullptr);
}

}  // namespace leadgate::collector
