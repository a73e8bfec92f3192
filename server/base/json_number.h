// The collector's one encoder of numbers into its JSON answers (companies,
// facts, visits, SLA figures): the core's rules (leadgate::NumberToJson:
// integral values as integers, non-finite as null), rounded to three
// decimals for reading, since scores and seconds decay continuously.
#ifndef LEADGATE_SERVER_BASE_JSON_NUMBER_H_
#define LEADGATE_SERVER_BASE_JSON_NUMBER_H_

#include <nlohmann/json.hpp>
#include <optional>

namespace leadgate::collector {

// 25 -> 25, 2.5 -> 2.5, 1/3 -> 0.333, 2.0004 -> 2, NaN -> null.
nlohmann::json JsonNumber(double value);
// nullopt -> null.
nlohmann::json JsonNumber(const std::optional<double>& value);

// The rounding JsonNumber applies, for values listed as they are written.
double RoundedForJson(double value);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_JSON_NUMBER_H_
