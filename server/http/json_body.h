// A JSON request body of the app's API, read one way everywhere: nesting
// bounded, parsed, required to be an object, and its text members checked,
// each refusal a 400 that names the field.
#ifndef LEADGATE_SERVER_HTTP_JSON_BODY_H_
#define LEADGATE_SERVER_HTTP_JSON_BODY_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_error.h"

namespace leadgate::collector {

// The deepest nesting a JSON body may have (objects and arrays).
inline constexpr int kMaxJsonDepth = 32;

// Fails (400) when JSON text nests deeper than kMaxJsonDepth. nlohmann's
// parser is iterative but other operations recurse: bound the nesting
// before parsing so no input can exhaust the stack.
bool CheckJsonDepth(std::string_view body, HttpError* error);

// The body as a JSON object (Json: nlohmann::json or ordered_json); nullopt
// with *error set when it nests too deep, is not JSON or is not an object.
template <typename Json = nlohmann::json>
std::optional<Json> JsonObjectBody(const std::string& text, HttpAnswer* error);

// An optional string member `name` of at most `max` bytes into *out; false
// with *error set (path: path_prefix + name) when it is another type or longer.
bool OptionalText(const nlohmann::json& body, const std::string& name, size_t max, std::string* out, HttpAnswer* error,
                  const std::string& path_prefix = "");

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_JSON_BODY_H_
