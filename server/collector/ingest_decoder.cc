// Segment Tracking API decoding: depth pre-scan, JSON parse, then a field by
// field check of each event with the JSON path of the first problem.
#include "collector/ingest_decoder.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "collector/iso_time.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

std::string Join(const std::string& prefix, const char* key) {
  return prefix.empty() ? std::string(key) : prefix + "." + key;
}

bool Fail(HttpError* error, int status, std::string message, std::string path) {
  error->status = status;
  error->message = std::move(message);
  error->path = std::move(path);
  return false;
}

}  // namespace

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
      if (++depth > kMaxJsonDepth)
        return Fail(error, 400,
                    "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels at byte " + std::to_string(i),
                    "");
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

namespace {

bool Parse(std::string_view body, json* value, HttpError* error) {
  if (!CheckJsonDepth(body, error)) return false;
  try {
    *value = json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e999
    std::string message = e.what();
    const size_t bracket = message.find("] ");
    if (bracket != std::string::npos) message = message.substr(bracket + 2);
    return Fail(error, 400, "malformed JSON: " + message, "");
  }
  return true;
}

// An optional string member (null = absent). Too long or not a string: error.
bool OptionalString(const json& object, const char* key, const std::string& prefix, size_t max_length, std::string* out,
                    HttpError* error) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_string()) return Fail(error, 400, std::string(key) + " must be a string", Join(prefix, key));
  const std::string& text = it->get_ref<const std::string&>();
  if (text.size() > max_length)
    return Fail(error, 400, std::string(key) + " longer than " + std::to_string(max_length) + " bytes",
                Join(prefix, key));
  *out = text;
  return true;
}

// anonymousId / userId: Segment allows strings; some clients send numbers.
bool OptionalId(const json& object, const char* key, const std::string& prefix, std::string* out, HttpError* error) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (it->is_number_integer() || it->is_number_unsigned()) {
    *out = it->dump();
    return true;
  }
  return OptionalString(object, key, prefix, kMaxIdLength, out, error);
}

// An optional object member (null = absent); sets *out to it or nullptr.
bool OptionalObject(const json& object, const char* key, const std::string& prefix, const json** out,
                    HttpError* error) {
  *out = nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_object()) return Fail(error, 400, std::string(key) + " must be an object", Join(prefix, key));
  *out = &*it;
  return true;
}

std::string NormalizePath(std::string path) {
  const size_t cut = path.find_first_of("?#");
  if (cut != std::string::npos) path.resize(cut);
  if (!path.empty() && path.front() != '/') path.insert(path.begin(), '/');
  return path;
}

// The page path: properties.path, context.page.path, then the URLs' paths.
bool FindPath(const json* properties, const json* page_context, const std::string& prefix, std::string* path,
              HttpError* error) {
  std::string text;
  if (properties && !OptionalString(*properties, "path", Join(prefix, "properties"), kMaxPathLength, &text, error))
    return false;
  if (text.empty() && page_context &&
      !OptionalString(*page_context, "path", Join(prefix, "context.page"), kMaxPathLength, &text, error))
    return false;
  if (text.empty()) {
    std::string url;
    if (properties && !OptionalString(*properties, "url", Join(prefix, "properties"), 2 * kMaxPathLength, &url, error))
      return false;
    if (url.empty() && page_context &&
        !OptionalString(*page_context, "url", Join(prefix, "context.page"), 2 * kMaxPathLength, &url, error))
      return false;
    text = UrlPath(url);
  }
  *path = NormalizePath(std::move(text));
  return true;
}

bool KnownType(const std::string& type) {
  return type == "page" || type == "screen" || type == "track" || type == "identify" || type == "group" ||
         type == "alias";
}

bool DecodeEvent(const json& object, const std::string& implied_type, const std::string& prefix,
                 const json* batch_context, IngestEvent* event, HttpError* error) {
  if (!object.is_object()) return Fail(error, 400, "an event must be a JSON object", prefix);
  event->json_path = prefix;
  event->type = implied_type;
  if (implied_type.empty()) {
    if (!OptionalString(object, "type", prefix, 32, &event->type, error)) return false;
    if (event->type.empty()) return Fail(error, 400, "type is required", Join(prefix, "type"));
    if (!KnownType(event->type))
      return Fail(error, 400, "unknown event type \"" + event->type + "\"", Join(prefix, "type"));
  }
  std::string anonymous_id, user_id;
  if (!OptionalId(object, "anonymousId", prefix, &anonymous_id, error)) return false;
  if (!OptionalId(object, "userId", prefix, &user_id, error)) return false;
  if (anonymous_id.empty() && user_id.empty())
    return Fail(error, 400, "anonymousId or userId is required", Join(prefix, "anonymousId"));
  event->visitor = !anonymous_id.empty() ? "a:" + anonymous_id : "u:" + user_id;
  if (!OptionalString(object, "messageId", prefix, kMaxIdLength, &event->message_id, error)) return false;

  // RudderStack's SDKs send the event time as originalTimestamp.
  std::string timestamp;
  const char* timestamp_field = object.contains("timestamp") ? "timestamp" : "originalTimestamp";
  if (!OptionalString(object, timestamp_field, prefix, 64, &timestamp, error)) return false;
  if (!timestamp.empty()) {
    event->timestamp_ms = ParseIsoTime(timestamp);
    if (!event->timestamp_ms)
      return Fail(error, 400, std::string(timestamp_field) + " is not an ISO 8601 time", Join(prefix, timestamp_field));
  }

  const json* context = nullptr;
  const json* page_context = nullptr;
  const json* properties = nullptr;
  if (!OptionalObject(object, "context", prefix, &context, error)) return false;
  if (!OptionalObject(object, "properties", prefix, &properties, error)) return false;
  const std::string context_path = Join(prefix, "context");
  for (const json* source : {context, batch_context}) {
    if (!source) continue;
    const std::string path = source == context ? context_path : "context";
    if (event->context_ip.empty() && !OptionalString(*source, "ip", path, 64, &event->context_ip, error)) return false;
    if (event->user_agent.empty() && !OptionalString(*source, "userAgent", path, 1024, &event->user_agent, error))
      return false;
  }
  if (context && !OptionalObject(*context, "page", context_path, &page_context, error)) return false;

  if (event->type == "track") {
    if (!OptionalString(object, "event", prefix, kMaxIdLength, &event->name, error)) return false;
    if (event->name.empty()) return Fail(error, 400, "event is required for track", Join(prefix, "event"));
    if (event->name == "Page Engaged") {
      const std::string properties_path = Join(prefix, "properties");
      const json* seconds = nullptr;
      if (properties) {
        auto it = properties->find("seconds");
        if (it != properties->end() && !it->is_null()) seconds = &*it;
      }
      if (!seconds) return Fail(error, 400, "Page Engaged needs properties.seconds", Join(properties_path, "seconds"));
      if (!seconds->is_number())
        return Fail(error, 400, "properties.seconds must be a number", Join(properties_path, "seconds"));
      const double value = seconds->get<double>();
      if (!std::isfinite(value) || value < 0 || value > kMaxEngagedSeconds)
        return Fail(error, 400, "properties.seconds must be between 0 and 86400", Join(properties_path, "seconds"));
      event->engaged_seconds = value;
      if (!FindPath(properties, page_context, prefix, &event->path, error)) return false;
      if (event->path.empty())
        return Fail(error, 400, "Page Engaged needs properties.path", Join(properties_path, "path"));
    }
  } else if (event->type == "page" || event->type == "screen") {
    if (!OptionalString(object, "name", prefix, kMaxIdLength, &event->name, error)) return false;
    if (!FindPath(properties, page_context, prefix, &event->path, error)) return false;
  }
  return true;
}

bool ReadWriteKey(const json& body, IngestRequest* request, HttpError* error) {
  return OptionalString(body, "writeKey", "", kMaxIdLength, &request->write_key, error);
}

}  // namespace

size_t MaxBodyBytes(Endpoint endpoint) { return endpoint == Endpoint::kBatch ? kMaxBatchBytes : kMaxEventBytes; }

std::string UrlPath(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    const size_t slash = url.find('/', scheme + 3);
    if (slash == std::string_view::npos) return "/";
    url = url.substr(slash);
  }
  const size_t cut = url.find_first_of("?#");
  if (cut != std::string_view::npos) url = url.substr(0, cut);
  return std::string(url);
}

bool DecodeIngest(Endpoint endpoint, std::string_view body, IngestRequest* request, HttpError* error) {
  request->write_key.clear();
  request->events.clear();
  if (body.size() > MaxBodyBytes(endpoint))
    return Fail(error, 413, "body larger than " + std::to_string(MaxBodyBytes(endpoint) / 1024) + " KB", "");
  json value;
  if (!Parse(body, &value, error)) return false;
  if (!value.is_object()) return Fail(error, 400, "the body must be a JSON object", "");
  if (!ReadWriteKey(value, request, error)) return false;

  if (endpoint != Endpoint::kBatch) {
    const char* type = endpoint == Endpoint::kPage ? "page" : endpoint == Endpoint::kTrack ? "track" : "identify";
    IngestEvent event;
    if (!DecodeEvent(value, type, "", nullptr, &event, error)) return false;
    request->events.push_back(std::move(event));
    return true;
  }

  auto batch = value.find("batch");
  if (batch == value.end() || !batch->is_array()) return Fail(error, 400, "batch must be an array", "batch");
  if (batch->size() > kMaxBatchEvents)
    return Fail(error, 413, "more than " + std::to_string(kMaxBatchEvents) + " events in a batch", "batch");
  const json* batch_context = nullptr;
  if (!OptionalObject(value, "context", "", &batch_context, error)) return false;
  request->events.reserve(batch->size());
  for (size_t i = 0; i < batch->size(); ++i) {
    const json& item = (*batch)[i];
    const std::string prefix = "batch[" + std::to_string(i) + "]";
    // No event can exceed the limit when the whole body is within it, so
    // only large batches pay for measuring their events.
    if (body.size() > kMaxEventBytes && item.is_object() &&
        item.dump(-1, ' ', false, json::error_handler_t::replace).size() > kMaxEventBytes)
      return Fail(error, 413, "event larger than 32 KB", prefix);
    IngestEvent event;
    if (!DecodeEvent(item, "", prefix, batch_context, &event, error)) return false;
    request->events.push_back(std::move(event));
  }
  return true;
}

}  // namespace leadgate::collector
