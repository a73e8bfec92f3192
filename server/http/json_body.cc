// Reading the app API's JSON request bodies.
#include "http/json_body.h"

namespace leadgate::collector {

bool CheckJsonDepth(std::string_view body, HttpError* error) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) {
        error->status = 400;
        error->message =
            "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels at byte " + std::to_string(i);
        error->path.clear();
        return false;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

template <typename Json>
std::optional<Json> JsonObjectBody(const std::string& text, HttpAnswer* error) {
  HttpError depth_error;
  if (!CheckJsonDepth(text, &depth_error)) {
    *error = ErrorAnswer(depth_error, "malformed");
    return std::nullopt;
  }
  Json body = Json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    *error = Malformed(body.is_discarded() ? "malformed JSON" : "the body must be a JSON object", "");
    return std::nullopt;
  }
  return body;
}

template std::optional<nlohmann::json> JsonObjectBody(const std::string&, HttpAnswer*);
template std::optional<nlohmann::ordered_json> JsonObjectBody(const std::string&, HttpAnswer*);

bool OptionalText(const nlohmann::json& body, const std::string& name, size_t max, std::string* out, HttpAnswer* error,
                  const std::string& path_prefix) {
  if (!body.contains(name) || body[name].is_null()) return true;
  if (!body[name].is_string() || body[name].get_ref<const std::string&>().size() > max) {
    *error = Malformed(name + " must be text of at most " + std::to_string(max) + " bytes", path_prefix + name);
    return false;
  }
  *out = body[name].get<std::string>();
  return true;
}

}  // namespace leadgate::collector
