// Segment Tracking API decoding: a fast path (simdjson's DOM parser) and
// the reference path (depth pre-scan, nlohmann DOM), both running the same
// field rules; the reference path decides whenever the fast one does not
// succeed (any simdjson error, a rule that fails), so results and error
// messages are always the reference's.
#include "ingest/ingest_decoder.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "base/iso_time.h"
#include "ingest/json_views.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

// The rules below chain as bools (the fast path pays for no Status until a
// rule fails); the failing one leaves its Status in *error.
bool Fail(Status* error, std::string message, std::string path) {
  *error = Status::InvalidArgument(std::move(message), std::move(path));
  return false;
}

bool TooLarge(Status* error, std::string message, std::string path) {
  *error = Status::ResourceExhausted(std::move(message), std::move(path));
  return false;
}

bool Parse(std::string_view body, json* value, Status* error) {
  if (*error = CheckJsonDepth(body); !error->ok()) return false;
  try {
    *value = json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e999
    std::string message = e.what();
    const size_t bracket = message.find("] ");
    if (bracket != std::string::npos) message = message.substr(bracket + 2);
    return Fail(error, "malformed JSON: " + message, "");
  }
  return true;
}

// A JSON path made of up to two parts, joined only when an error names it
// (events that pass never pay for the strings).
struct Where {
  std::string_view prefix;  // "batch[3]" or ""
  std::string_view member;  // "context.page" or ""
  std::string Join(const char* key) const {
    std::string path(prefix);
    for (std::string_view part : {member, std::string_view(key)}) {
      if (part.empty()) continue;
      if (!path.empty()) path += '.';
      path += part;
    }
    return path;
  }
};

// The field rules below run over a DomView or a SimdView (json_views.h).

// An optional string member (null = absent). Too long or not a string: error.
template <typename View>
bool OptionalString(const View& object, const char* key, const Where& where, size_t max_length, std::string* out,
                    Status* error) {
  auto member = object.find(key);
  if (!member || member->is_null()) return true;
  if (!member->is_string()) return Fail(error, std::string(key) + " must be a string", where.Join(key));
  std::string text = member->str();
  if (text.size() > max_length)
    return Fail(error, std::string(key) + " longer than " + std::to_string(max_length) + " bytes", where.Join(key));
  *out = std::move(text);
  return true;
}

// anonymousId / userId: Segment allows strings; some clients send numbers.
template <typename View>
bool OptionalId(const View& object, const char* key, const Where& where, std::string* out, Status* error) {
  auto member = object.find(key);
  if (!member || member->is_null()) return true;
  if (member->integer_text(out)) return true;
  if (!member->is_string()) return Fail(error, std::string(key) + " must be a string or an integer", where.Join(key));
  return OptionalString(object, key, where, kMaxIdLength, out, error);
}

// An optional object member (null = absent); sets *out to it or nullopt.
template <typename View>
bool OptionalObject(const View& object, const char* key, const Where& where, std::optional<View>* out, Status* error) {
  out->reset();
  auto member = object.find(key);
  if (!member || member->is_null()) return true;
  if (!member->is_object()) return Fail(error, std::string(key) + " must be an object", where.Join(key));
  *out = member;
  return true;
}

std::string NormalizePath(std::string path) {
  const size_t cut = path.find_first_of("?#");
  if (cut != std::string::npos) path.resize(cut);
  if (!path.empty() && path.front() != '/') path.insert(path.begin(), '/');
  return path;
}

// The page path: properties.path, context.page.path, then the URLs' paths.
template <typename View>
bool FindPath(const std::optional<View>& properties, const std::optional<View>& page_context, std::string_view prefix,
              std::string* path, Status* error) {
  const Where in_properties{prefix, "properties"}, in_page{prefix, "context.page"};
  std::string text;
  if (properties && !OptionalString(*properties, "path", in_properties, kMaxPathLength, &text, error)) return false;
  if (text.empty() && page_context && !OptionalString(*page_context, "path", in_page, kMaxPathLength, &text, error))
    return false;
  if (text.empty()) {
    std::string url;
    if (properties && !OptionalString(*properties, "url", in_properties, 2 * kMaxPathLength, &url, error)) return false;
    if (url.empty() && page_context && !OptionalString(*page_context, "url", in_page, 2 * kMaxPathLength, &url, error))
      return false;
    text = UrlPath(url);
  }
  *path = NormalizePath(std::move(text));
  return true;
}

// A text of properties, else of context.page (each may be absent).
template <typename View>
bool PageText(const std::optional<View>& properties, const std::optional<View>& page_context, std::string_view prefix,
              const char* key, size_t max_length, std::string* out, Status* error) {
  const Where in_properties{prefix, "properties"}, in_page{prefix, "context.page"};
  if (properties && !OptionalString(*properties, key, in_properties, max_length, out, error)) return false;
  return !out->empty() || !page_context || OptionalString(*page_context, key, in_page, max_length, out, error);
}

// What a page view says about where its visit came from.
template <typename View>
bool DecodeOrigin(const std::optional<View>& context, const std::optional<View>& properties,
                  const std::optional<View>& page_context, std::string_view prefix, IngestEvent* event, Status* error) {
  if (!PageText(properties, page_context, prefix, "url", 2 * kMaxPathLength, &event->page_url, error) ||
      !PageText(properties, page_context, prefix, "search", 2 * kMaxPathLength, &event->search, error) ||
      !PageText(properties, page_context, prefix, "referrer", 2 * kMaxPathLength, &event->referrer, error))
    return false;
  if (!context) return true;
  std::optional<View> campaign;
  const Where in_context{prefix, "context"}, in_campaign{prefix, "context.campaign"};
  if (!OptionalObject(*context, "campaign", in_context, &campaign, error)) return false;
  if (!campaign) return true;
  return OptionalString(*campaign, "source", in_campaign, kMaxPathLength, &event->campaign_source, error) &&
         OptionalString(*campaign, "medium", in_campaign, kMaxPathLength, &event->campaign_medium, error) &&
         OptionalString(*campaign, "name", in_campaign, kMaxPathLength, &event->campaign_name, error);
}

bool KnownType(const std::string& type) {
  return type == "page" || type == "screen" || type == "track" || type == "identify" || type == "group" ||
         type == "alias";
}

template <typename View>
bool DecodeEvent(const View& object, const char* implied_type, const std::string& prefix,
                 const std::optional<View>& batch_context, IngestEvent* event, Status* error) {
  if (!object.is_object()) return Fail(error, "an event must be a JSON object", prefix);
  const Where here{prefix, ""};
  event->json_path = prefix;
  event->type = implied_type;
  if (event->type.empty()) {
    if (!OptionalString(object, "type", here, 32, &event->type, error)) return false;
    if (event->type.empty()) return Fail(error, "type is required", here.Join("type"));
    if (!KnownType(event->type)) return Fail(error, "unknown event type \"" + event->type + "\"", here.Join("type"));
  }
  std::string anonymous_id, user_id;
  if (!OptionalId(object, "anonymousId", here, &anonymous_id, error)) return false;
  if (!OptionalId(object, "userId", here, &user_id, error)) return false;
  if (anonymous_id.empty() && user_id.empty())
    return Fail(error, "anonymousId or userId is required", here.Join("anonymousId"));
  event->visitor = !anonymous_id.empty() ? "a:" + anonymous_id : "u:" + user_id;
  if (!OptionalString(object, "messageId", here, kMaxIdLength, &event->message_id, error)) return false;

  // RudderStack's SDKs send the event time as originalTimestamp.
  std::string timestamp;
  const char* timestamp_field = object.contains("timestamp") ? "timestamp" : "originalTimestamp";
  if (!OptionalString(object, timestamp_field, here, 64, &timestamp, error)) return false;
  if (!timestamp.empty()) {
    event->timestamp_ms = ParseIsoTime(timestamp);
    if (!event->timestamp_ms)
      return Fail(error, std::string(timestamp_field) + " is not an ISO 8601 time", here.Join(timestamp_field));
  }

  std::optional<View> context, page_context, properties;
  if (!OptionalObject(object, "context", here, &context, error)) return false;
  if (!OptionalObject(object, "properties", here, &properties, error)) return false;
  const Where in_context{prefix, "context"}, in_batch_context{"", "context"};
  for (int source = 0; source < 2; ++source) {
    const std::optional<View>& values = source == 0 ? context : batch_context;
    if (!values) continue;
    const Where& where = source == 0 ? in_context : in_batch_context;
    if (event->context_ip.empty() && !OptionalString(*values, "ip", where, 64, &event->context_ip, error)) return false;
    if (event->user_agent.empty() && !OptionalString(*values, "userAgent", where, 1024, &event->user_agent, error))
      return false;
  }
  if (context && !OptionalObject(*context, "page", in_context, &page_context, error)) return false;

  if (event->type == "track") {
    if (!OptionalString(object, "event", here, kMaxIdLength, &event->name, error)) return false;
    if (event->name.empty()) return Fail(error, "event is required for track", here.Join("event"));
    if (event->name == "Page Engaged") {
      const Where in_properties{prefix, "properties"};
      std::optional<View> seconds;
      if (properties) {
        seconds = properties->find("seconds");
        if (seconds && seconds->is_null()) seconds.reset();
      }
      if (!seconds) return Fail(error, "Page Engaged needs properties.seconds", in_properties.Join("seconds"));
      if (!seconds->is_number())
        return Fail(error, "properties.seconds must be a number", in_properties.Join("seconds"));
      const double value = seconds->number();
      if (!std::isfinite(value) || value < 0 || value > kMaxEngagedSeconds)
        return Fail(error, "properties.seconds must be between 0 and 86400", in_properties.Join("seconds"));
      event->engaged_seconds = value;
      if (!FindPath(properties, page_context, prefix, &event->path, error)) return false;
      if (event->path.empty()) return Fail(error, "Page Engaged needs properties.path", in_properties.Join("path"));
    }
  } else if (event->type == "page" || event->type == "screen") {
    if (!OptionalString(object, "name", here, kMaxIdLength, &event->name, error)) return false;
    if (!FindPath(properties, page_context, prefix, &event->path, error)) return false;
    if (event->type == "page" && !DecodeOrigin(context, properties, page_context, prefix, event, error)) return false;
  }
  return true;
}

// The body (a parsed root value) -> request, with the same rules for both views.
template <typename View>
bool DecodeRoot(Endpoint endpoint, const View& value, size_t body_size, IngestRequest* request, Status* error) {
  if (!value.is_object()) return Fail(error, "the body must be a JSON object", "");
  if (!OptionalString(value, "writeKey", Where{}, kMaxIdLength, &request->write_key, error)) return false;

  if (endpoint != Endpoint::kBatch) {
    IngestEvent event;
    if (!DecodeEvent(value, EndpointEventType(endpoint), "", std::optional<View>(), &event, error)) return false;
    request->events.push_back(std::move(event));
    return true;
  }

  auto batch = value.find("batch");
  if (!batch || !batch->is_array()) return Fail(error, "batch must be an array", "batch");
  if (batch->size() > kMaxBatchEvents)
    return TooLarge(error, "more than " + std::to_string(kMaxBatchEvents) + " events in a batch", "batch");
  std::optional<View> batch_context;
  if (!OptionalObject(value, "context", Where{}, &batch_context, error)) return false;
  const std::vector<View> items = batch->elements();
  request->events.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const View& item = items[i];
    const std::string prefix = "batch[" + std::to_string(i) + "]";
    // No event can exceed the limit when the whole body is within it, so
    // only large batches pay for measuring their events.
    if (body_size > kMaxEventBytes && item.is_object() && item.dump_longer_than(kMaxEventBytes))
      return TooLarge(error, "event larger than 32 KB", prefix);
    request->events.emplace_back();
    if (!DecodeEvent(item, "", prefix, batch_context, &request->events.back(), error)) return false;
  }
  return true;
}

// The fast path: simdjson's DOM parser (one per thread, reused; at most
// kMaxJsonDepth deep) and the same rules. False when simdjson refuses the
// body or any rule fails; the caller then runs the reference path.
bool DecodeWithSimdjson(Endpoint endpoint, std::string_view body, IngestRequest* request) {
  thread_local simdjson::dom::parser parser;
  if (parser.max_depth() != kMaxJsonDepth || parser.capacity() < body.size()) {
    if (parser.allocate(std::max<size_t>(body.size(), 64 * 1024), kMaxJsonDepth) != simdjson::SUCCESS) return false;
  }
  simdjson::dom::element root;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) return false;
  const SimdView view(root);
  if (endpoint == Endpoint::kBatch && body.size() > kMaxEventBytes && view.is_object()) {
    auto batch = view.find("batch");
    if (batch && batch->is_array())
      for (const SimdView& item : batch->elements())
        if (item.minified_size() > kMaxEventBytes / 6) return false;
  }
  Status ignored;
  return DecodeRoot(endpoint, view, body.size(), request, &ignored);
}

}  // namespace

size_t MaxBodyBytes(Endpoint endpoint) { return endpoint == Endpoint::kBatch ? kMaxBatchBytes : kMaxEventBytes; }

const char* EndpointEventType(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::kPage:
      return "page";
    case Endpoint::kScreen:
      return "screen";
    case Endpoint::kTrack:
      return "track";
    case Endpoint::kIdentify:
      return "identify";
    case Endpoint::kGroup:
      return "group";
    case Endpoint::kAlias:
      return "alias";
    case Endpoint::kBatch:
      break;
  }
  return "";
}

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

Result<IngestRequest> DecodeIngestReference(Endpoint endpoint, std::string_view body) {
  if (body.size() > MaxBodyBytes(endpoint)) return BodyTooLarge(MaxBodyBytes(endpoint));
  json value;
  IngestRequest request;
  Status error;
  if (!Parse(body, &value, &error) || !DecodeRoot(endpoint, DomView(value), body.size(), &request, &error))
    return error;
  return request;
}

Result<IngestRequest> DecodeIngest(Endpoint endpoint, std::string_view body) {
  IngestRequest request;
  if (body.size() <= MaxBodyBytes(endpoint) && DecodeWithSimdjson(endpoint, body, &request)) return request;
  return DecodeIngestReference(endpoint, body);
}

}  // namespace leadgate::collector
