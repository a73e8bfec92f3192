// Saved views: validation and JSON.
#include "api/views_api.h"

#include <nlohmann/json.hpp>

#include "api/api_json.h"
#include "base/decimal_id.h"
#include "base/iso_time.h"
#include "http/json_answer.h"
#include "http/json_body.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr size_t kMaxViewName = 80;
constexpr size_t kMaxViewQuery = 1000;
constexpr size_t kMaxViewsPerPerson = 50;

json ViewJson(const SavedView& view) {
  return {{"id", std::to_string(view.id)},
          {"page", view.page},
          {"name", view.name},
          {"query", view.query},
          {"created_at", FormatIsoTime(view.created_ms)}};
}

// A query string as a browser sends it: printable ASCII, no '#'.
bool IsQueryString(const std::string& text) {
  for (char c : text)
    if (c <= ' ' || c > '~' || c == '#') return false;
  return true;
}

}  // namespace

HttpAnswer ViewsApi::List(const Caller& caller) {
  auto views = views_->List(ActorName(caller));
  if (!views.ok()) return Refuse(views.status());
  json list = json::array();
  for (const SavedView& view : views.value()) list.push_back(ViewJson(view));
  return JsonAnswer({{"views", list}});
}

HttpAnswer ViewsApi::Save(const std::string& text, const Caller& caller, int64_t now_ms) {
  auto body = JsonObjectBody(text);
  if (!body.ok()) return Refuse(body.status());
  SavedView view;
  Status read = OptionalTexts(
      *body, {{"page", 20, &view.page}, {"name", kMaxViewName, &view.name}, {"query", kMaxViewQuery, &view.query}});
  if (!read.ok()) return Refuse(read);
  if (view.page != "companies" && view.page != "leads") return Malformed("page must be companies or leads", "page");
  if (view.name.find_first_not_of(' ') == std::string::npos) return Malformed("name the view", "name");
  if (!view.query.empty() && view.query.front() == '?') view.query.erase(0, 1);
  if (!IsQueryString(view.query)) return Malformed("query must be a URL's query string (percent-encoded)", "query");
  view.owner = ActorName(caller);
  view.created_ms = now_ms;
  auto existing = views_->List(view.owner);
  if (!existing.ok()) return Refuse(existing.status());
  bool replaces = false;
  for (const SavedView& old : existing.value()) replaces |= old.page == view.page && old.name == view.name;
  if (!replaces && existing->size() >= kMaxViewsPerPerson)
    return Malformed("at most " + std::to_string(kMaxViewsPerPerson) + " saved views a person: remove one first",
                     "name");
  auto saved = views_->Save(std::move(view));
  if (!saved.ok()) return Refuse(saved.status());
  return JsonAnswer(ViewJson(saved.value()), 201);
}

HttpAnswer ViewsApi::Remove(const std::string& id, const Caller& caller) {
  auto number = ParseDecimalId(id);
  if (!number) return Refuse(Status::NotFound("no saved view " + id.substr(0, 40), "id"));
  auto removed = views_->Remove(ActorName(caller), *number);
  if (!removed.ok()) return Refuse(removed.status());
  if (!removed.value()) return Refuse(Status::NotFound("no saved view " + id + " of yours", "id"));
  return JsonAnswer({{"removed", id}});
}

}  // namespace leadgate::collector
