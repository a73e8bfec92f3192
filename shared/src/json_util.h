// Internal helpers for the core's JSON codecs: parsing without exceptions
// (the wasm build has them off) and locating syntax errors by line/column.
#ifndef LEADGATE_SRC_JSON_UTIL_H_
#define LEADGATE_SRC_JSON_UTIL_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace leadgate::detail {

using OrderedJson = nlohmann::ordered_json;

// Parses `text`; on a syntax error returns a discarded value and sets
// `error` to "line L, column C: what".
OrderedJson ParseJson(std::string_view text, std::string* error);

// Short description of a JSON value's type for messages ("a string").
std::string JsonTypeName(const OrderedJson& value);

// Closest candidate by edit distance, or "" when none is close.
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates);

// A JSON string literal of `s`, escaping as JSON requires.
std::string Quote(std::string_view s);

}  // namespace leadgate::detail

#endif  // LEADGATE_SRC_JSON_UTIL_H_
