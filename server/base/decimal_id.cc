// Decimal ids.
#include "base/decimal_id.h"

namespace leadgate::collector {

std::optional<int64_t> ParseDecimalId(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  int64_t id = 0;
  for (char digit : text) id = id * 10 + (digit - '0');
  return id;
}

}  // namespace leadgate::collector
