// A JSON request body of the app's API, read one way everywhere: nesting
// bounded, parsed, required to be an object, and its text members checked,
// each failure an InvalidArgument naming the field (Refuse answers it 400);
// and the one wording of a body over its limit, for any reader of bodies.
#ifndef LEADGATE_SERVER_HTTP_JSON_BODY_H_
#define LEADGATE_SERVER_HTTP_JSON_BODY_H_

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "leadgate/status.h"

namespace leadgate::collector {

// A body over `limit` bytes (named in KB): ResourceExhausted (Refuse answers
// it 413), from the edge's bounded reader and from a decoder alike.
inline Status BodyTooLarge(size_t limit, std::string path = "") {
  return Status::ResourceExhausted("body larger than " + std::to_string(limit / 1024) + " KB", std::move(path));
}

// The deepest nesting a JSON body may have (objects and arrays).
inline constexpr int kMaxJsonDepth = 32;

// InvalidArgument when JSON text nests deeper than kMaxJsonDepth. nlohmann's
// parser is iterative but other operations recurse: bound the nesting
// before parsing so no input can exhaust the stack.
Status CheckJsonDepth(std::string_view body);

// The body as a JSON object (Json: nlohmann::json or ordered_json), or
// InvalidArgument when it nests too deep, is not JSON or is not an object.
template <typename Json = nlohmann::json>
Result<Json> JsonObjectBody(const std::string& text);

// An optional string member `name` of at most `max` bytes into *out (left as
// it is when absent or null); InvalidArgument (path: path_prefix + name) when
// it is another type or longer.
Status OptionalText(const nlohmann::json& body, const std::string& name, size_t max, std::string* out,
                    const std::string& path_prefix = "");

// One optional text member: its name, its longest length, where it goes.
struct TextMember {
  const char* name;
  size_t max;
  std::string* out;
};

// OptionalText of each member in order; the first failure.
Status OptionalTexts(const nlohmann::json& body, std::initializer_list<TextMember> members,
                     const std::string& path_prefix = "");

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_JSON_BODY_H_
