// Decimal ids and whole numbers.
#include "base/decimal_id.h"

namespace leadgate::collector {

std::optional<int64_t> ParseDecimalId(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  int64_t id = 0;
  for (char digit : text) id = id * 10 + (digit - '0');
  return id;
}

std::optional<int64_t> ParseWholeNumber(std::string_view text, int64_t low, int64_t high) {
  const std::optional<int64_t> number = ParseDecimalId(text);
  if (!number || *number < low || *number > high) return std::nullopt;
  return number;
}

}  // namespace leadgate::collector
