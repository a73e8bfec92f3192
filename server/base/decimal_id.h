// Ids and other whole numbers written in decimal (a lead's id in "lead:ID",
// a revision or delivery in a URL, a query's limit, a cursor stored as text,
// a header's seconds): read one way everywhere, never by a function that
// throws, so that every place refuses the same text before it reaches the
// store (PostgreSQL would refuse to compare another with a number).
#ifndef LEADGATE_SERVER_BASE_DECIMAL_ID_H_
#define LEADGATE_SERVER_BASE_DECIMAL_ID_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace leadgate::collector {

// The id of 1 to 18 decimal digits; nullopt for anything else (a sign,
// spaces, another character, empty or longer).
std::optional<int64_t> ParseDecimalId(std::string_view text);

// A whole number read as ParseDecimalId reads an id, in [low, high];
// nullopt for anything else.
std::optional<int64_t> ParseWholeNumber(std::string_view text, int64_t low, int64_t high);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_DECIMAL_ID_H_
