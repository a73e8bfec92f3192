// JSON in and out for the receivers added in the app.
#include "handoff/webhooks_api.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/iso_time.h"
#include "http/json_answer.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr size_t kSecretHint = 4;

// A receiver as listed: an app webhook's secret only by its last characters
// (it is answered whole once, when added, and kept only for signing).
json EntryJson(const WebhookEntry& entry) {
  json one = {
      {"url", entry.receiver.url}, {"kind", entry.receiver.kind}, {"source", entry.from_app ? "app" : "command line"}};
  if (entry.from_app) {
    one["created_by"] = entry.created_by;
    one["created_at"] = FormatIsoTime(entry.created_ms);
    if (!entry.secret.empty())
      one["secret_hint"] = entry.secret.substr(entry.secret.size() - std::min(entry.secret.size(), kSecretHint));
  }
  return one;
}

// The "url" of a {"url": "..."} body.
Result<std::string> UrlOf(const json& body) {
  if (!body.is_object() || !body.contains("url") || !body["url"].is_string())
    return Status::InvalidArgument("the body must be {\"url\": \"https://...\"}", "url");
  return body["url"].get<std::string>();
}

// The "kind" of an added receiver: "webhook" when absent.
Result<std::string> KindOf(const json& body) {
  if (!body.contains("kind")) return std::string("webhook");
  if (!body["kind"].is_string()) return Status::InvalidArgument("kind must be \"webhook\" or \"slack\"", "kind");
  return body["kind"].get<std::string>();
}

}  // namespace

HttpAnswer ListWebhooks(const WebhookRegistry& registry) {
  json list = json::array();
  for (const WebhookEntry& entry : registry.List()) list.push_back(EntryJson(entry));
  return JsonAnswer({{"webhooks", list}});
}

HttpAnswer AddWebhook(WebhookRegistry& registry, const std::string& body_text, const std::string& by, int64_t now_ms) {
  const json body = json::parse(body_text, nullptr, false);
  auto url = UrlOf(body);
  if (!url.ok()) return Refuse(url.status(), "malformed");
  auto kind = KindOf(body);
  if (!kind.ok()) return Refuse(kind.status(), "malformed");
  auto added = registry.Add(url.value(), kind.value(), by, now_ms);
  if (!added.ok()) return Refuse(added.status(), "webhook");
  json answer = EntryJson(added.value());
  if (!added.value().secret.empty()) answer["secret"] = added.value().secret;
  return JsonAnswer(answer, 201);
}

HttpAnswer RemoveWebhook(WebhookRegistry& registry, const std::string& body, const std::string& by) {
  auto url = UrlOf(json::parse(body, nullptr, false));
  if (!url.ok()) return Refuse(url.status(), "malformed");
  Status removed = registry.Remove(url.value(), by);
  if (!removed.ok()) return Refuse(removed, "webhook");
  return JsonAnswer({{"removed", url.value()}});
}

}  // namespace leadgate::collector
