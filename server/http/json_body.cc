// Reading the app API's JSON request bodies.
#include "http/json_body.h"

namespace leadgate::collector {

Status CheckJsonDepth(std::string_view body) {
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
      if (++depth > kMaxJsonDepth)
        return Status::InvalidArgument("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels at byte " +
                                       std::to_string(i));
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return Status::Ok();
}

template <typename Json>
Result<Json> JsonObjectBody(const std::string& text) {
  if (Status depth = CheckJsonDepth(text); !depth.ok()) return depth;
  Json body = Json::parse(text, nullptr, false);
  if (body.is_discarded()) return Status::InvalidArgument("malformed JSON");
  if (!body.is_object()) return Status::InvalidArgument("the body must be a JSON object");
  return body;
}

template Result<nlohmann::json> JsonObjectBody(const std::string&);
template Result<nlohmann::ordered_json> JsonObjectBody(const std::string&);

Status OptionalText(const nlohmann::json& body, const std::string& name, size_t max, std::string* out,
                    const std::string& path_prefix) {
  if (!body.contains(name) || body[name].is_null()) return Status::Ok();
  if (!body[name].is_string() || body[name].get_ref<const std::string&>().size() > max)
    return Status::InvalidArgument(name + " must be text of at most " + std::to_string(max) + " bytes",
                                   path_prefix + name);
  *out = body[name].get<std::string>();
  return Status::Ok();
}

Status OptionalTexts(const nlohmann::json& body, std::initializer_list<TextMember> members,
                     const std::string& path_prefix) {
  for (const TextMember& member : members)
    if (Status read = OptionalText(body, member.name, member.max, member.out, path_prefix); !read.ok()) return read;
  return Status::Ok();
}

}  // namespace leadgate::collector
