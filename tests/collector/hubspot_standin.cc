// The stand-in's routes, records and search. What each answer follows in
// HubSpot's reference is named beside it (docs/crm.md, "The stand-in").
#include "hubspot_standin.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <regex>

#include "base/iso_time.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

constexpr int kMaxSearchLimit = 200;     // "limit ... up to 200"
constexpr int kSearchWindow = 10000;     // a search pages through 10,000 results at most
constexpr size_t kMaxBatchInputs = 100;  // batch create/update/upsert
constexpr int kMaxFilterGroups = 5;
constexpr int kMaxFiltersPerGroup = 6;

// Each object type's properties: writable, and read-only ones HubSpot sets.
struct TypeSpec {
  std::set<std::string> writable;
  std::vector<std::string> defaults;  // returned when no properties are asked for
  std::string modified;               // the last modified date property
};

const std::map<std::string, TypeSpec>& Types() {
  static const std::map<std::string, TypeSpec> types = {
      {"companies",
       {{"name", "domain", "country", "city", "industry", "phone", "website", "description", "hubspot_owner_id"},
        {"createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"},
        "hs_lastmodifieddate"}},
      {"contacts",
       {{"email", "firstname", "lastname", "phone", "jobtitle", "company", "hubspot_owner_id", "hs_lead_status",
         "lifecyclestage"},
        {"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"},
        "lastmodifieddate"}},
      {"deals",
       {{"dealname", "dealstage", "pipeline", "amount", "closedate", "hubspot_owner_id"},
        {"amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id",
         "pipeline"},
        "hs_lastmodifieddate"}},
      {"notes",
       {{"hs_timestamp", "hs_note_body", "hubspot_owner_id"},
        {"hs_createdate", "hs_lastmodifieddate", "hs_object_id"},
        "hs_lastmodifieddate"}},
  };
  return types;
}

// Enumeration properties and their options (HubSpot's defaults).
const std::map<std::string, std::set<std::string>>& Options() {
  static const std::map<std::string, std::set<std::string>> options = {
      {"hs_lead_status",
       {"NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"}},
      {"dealstage",
       {"appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent",
        "closedwon", "closedlost"}},
  };
  return options;
}

bool IsDateProperty(const std::string& name) {
  return name == "createdate" || name == "lastmodifieddate" || name == "hs_lastmodifieddate" || name == "closedate" ||
         name == "hs_timestamp" || name == "hs_createdate";
}

// "contact", "contacts" or "0-1" -> "contacts"; "" when unknown.
std::string TypeName(const std::string& text) {
  static const std::map<std::string, std::string> names = {
      {"contact", "contacts"},    {"contacts", "contacts"}, {"0-1", "contacts"}, {"company", "companies"},
      {"companies", "companies"}, {"0-2", "companies"},     {"deal", "deals"},   {"deals", "deals"},
      {"0-3", "deals"},           {"note", "notes"},        {"notes", "notes"},  {"0-46", "notes"}};
  const auto found = names.find(text);
  return found == names.end() ? "" : found->second;
}

std::string TypeId(const std::string& type) {
  return type == "contacts" ? "0-1" : type == "companies" ? "0-2" : type == "deals" ? "0-3" : "0-46";
}

// The association type ids HubSpot defines between two types (default,
// unlabeled), and those a note may name.
int DefaultAssociationType(const std::string& from, const std::string& to) {
  static const std::map<std::pair<std::string, std::string>, int> types = {
      {{"contacts", "companies"}, 279}, {{"companies", "contacts"}, 280}, {{"deals", "companies"}, 341},
      {{"companies", "deals"}, 342},    {{"deals", "contacts"}, 3},       {{"contacts", "deals"}, 4},
      {{"notes", "contacts"}, 202},     {{"notes", "companies"}, 190},    {{"notes", "deals"}, 214},
      {{"contacts", "notes"}, 201},     {{"companies", "notes"}, 189},    {{"deals", "notes"}, 213}};
  const auto found = types.find({from, to});
  return found == types.end() ? 0 : found->second;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string IsoMs(int64_t ms) {
  // HubSpot writes dates with milliseconds: "2026-11-20T10:00:00.000Z".
  std::string text = collector::FormatIsoTime(ms - ms % 1000);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03d", static_cast<int>(ms % 1000));
  return text.substr(0, text.size() - 1) + millis + "Z";
}

// A property value or filter value as a number: dates as ms, numbers as
// they are; nullopt otherwise.
std::optional<double> NumberOf(const std::string& property, const std::string& value) {
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789.-") == std::string::npos) return std::strtod(value.c_str(), nullptr);
  if (IsDateProperty(property)) {
    auto ms = collector::ParseIsoTime(value);
    if (ms) return static_cast<double>(*ms);
  }
  return std::nullopt;
}

}  // namespace

struct HubSpotStandIn::Answer {
  int status = 200;
  json body;
};

namespace {

int correlation = 0;  // guarded by the stand-in's mutex (one stand-in at a time in practice)

// HubSpot's error shape.
json ErrorBody(const std::string& message, const std::string& category, json context = nullptr) {
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++correlation);
  json body = {{"status", "error"}, {"message", message}, {"correlationId", id}, {"category", category}};
  if (!context.is_null()) body["context"] = context;
  return body;
}

}  // namespace

HubSpotStandIn::HubSpotStandIn(std::string token, int64_t now_ms, int port)
    : token_(std::move(token)), now_ms_(now_ms) {
  for (auto& [type, spec] : Types()) objects_[type];
  auto handle = [this](const httplib::Request& request, httplib::Response& response) { Handle(request, response); };
  server_.Get(".*", handle);
  server_.Post(".*", handle);
  server_.Patch(".*", handle);
  server_.Put(".*", handle);
  server_.Delete(".*", handle);
  port_ = port == 0 ? server_.bind_to_any_port("127.0.0.1") : (server_.bind_to_port("127.0.0.1", port) ? port : -1);
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

HubSpotStandIn::~HubSpotStandIn() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void HubSpotStandIn::SetNow(int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  now_ms_ = now_ms;
}

void HubSpotStandIn::SetOwners(std::set<std::string> owner_ids) {
  std::lock_guard<std::mutex> lock(mutex_);
  owners_ = std::move(owner_ids);
}

void HubSpotStandIn::RateLimitNext(int count, int64_t window_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  rate_limited_ = count;
  window_ms_ = window_ms;
}

void HubSpotStandIn::FailNext(int count, int status) {
  std::lock_guard<std::mutex> lock(mutex_);
  failing_ = count;
  failing_status_ = status;
}

std::string HubSpotStandIn::NewId() { return std::to_string(next_id_++); }

void HubSpotStandIn::Touch(const std::string& type, HubSpotObject& object) {
  object.updated_ms = now_ms_;
  object.properties[Types().at(type).modified] = IsoMs(now_ms_);
  object.properties["hs_object_id"] = object.id;
  if (type == "deals") {
    // Calculated by HubSpot from the stage.
    const std::string stage = object.properties["dealstage"];
    object.properties["hs_is_closed"] = stage == "closedwon" || stage == "closedlost" ? "true" : "false";
    object.properties["hs_is_closed_won"] = stage == "closedwon" ? "true" : "false";
  }
}

std::string HubSpotStandIn::Create(const std::string& type, const std::map<std::string, std::string>& properties) {
  std::lock_guard<std::mutex> lock(mutex_);
  HubSpotObject object;
  object.id = NewId();
  object.created_ms = now_ms_;
  object.properties = properties;
  object.properties[type == "notes" ? "hs_createdate" : "createdate"] = IsoMs(now_ms_);
  Touch(type, object);
  objects_[type][object.id] = object;
  return object.id;
}

void HubSpotStandIn::Set(const std::string& type, const std::string& id,
                         const std::map<std::string, std::string>& properties) {
  std::lock_guard<std::mutex> lock(mutex_);
  HubSpotObject& object = objects_[type].at(id);
  for (const auto& [name, value] : properties) object.properties[name] = value;
  Touch(type, object);
}

void HubSpotStandIn::Associate(const std::string& from_type, const std::string& from_id, const std::string& to_type,
                               const std::string& to_id, int type_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  associations_.insert({from_type, from_id, to_type, to_id, type_id});
  associations_.insert({to_type, to_id, from_type, from_id, DefaultAssociationType(to_type, from_type)});
}

std::vector<HubSpotObject> HubSpotStandIn::Objects(const std::string& type) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<HubSpotObject> objects;
  for (const auto& [id, object] : objects_.at(type)) objects.push_back(object);
  return objects;
}

bool HubSpotStandIn::Associated(const std::string& from_type, const std::string& from_id, const std::string& to_type,
                                const std::string& to_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Association& association : associations_)
    if (std::get<0>(association) == from_type && std::get<1>(association) == from_id &&
        std::get<2>(association) == to_type && std::get<3>(association) == to_id)
      return true;
  return false;
}

std::vector<HubSpotRequest> HubSpotStandIn::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

int HubSpotStandIn::Count(const std::string& method, const std::string& prefix) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(std::count_if(requests_.begin(), requests_.end(), [&](const HubSpotRequest& request) {
    return request.method == method && request.path.rfind(prefix, 0) == 0;
  }));
}

void HubSpotStandIn::Handle(const httplib::Request& request, httplib::Response& response) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string target = request.path;
  if (!request.params.empty()) {
    target += "?";
    for (const auto& [key, value] : request.params) target += (target.back() == '?' ? "" : "&") + key + "=" + value;
  }
  const json body = request.body.empty() ? json() : json::parse(request.body, nullptr, false);
  requests_.push_back({request.method, target, request.get_header_value("Authorization"), body});
  Answer answer;
  // The usage guidelines' rate limit headers, on every answer.
  response.set_header("X-HubSpot-RateLimit-Interval-Milliseconds", std::to_string(window_ms_));
  response.set_header("X-HubSpot-RateLimit-Max", "100");
  if (request.get_header_value("Authorization") != "Bearer " + token_) {
    answer = {401, ErrorBody("Authentication credentials not found. This API supports OAuth 2.0 authentication.",
                             "INVALID_AUTHENTICATION")};
  } else if (rate_limited_ > 0) {
    --rate_limited_;
    response.set_header("X-HubSpot-RateLimit-Remaining", "0");
    // The 429 body of the usage guidelines, with the category of the
    // error responses' changelog.
    answer = {429, ErrorBody("You have reached your secondly limit.", "RATE_LIMITS")};
    answer.body["errorType"] = "RATE_LIMIT";
    answer.body["policyName"] = "SECONDLY";
  } else if (failing_ > 0) {
    --failing_;
    answer = {failing_status_, ErrorBody("internal error", "INTERNAL_ERROR")};
  } else if (!request.body.empty() && body.is_discarded()) {
    answer = {400, ErrorBody("Invalid input JSON on line 1", "VALIDATION_ERROR")};
  } else {
    response.set_header("X-HubSpot-RateLimit-Remaining", "99");
    answer = Route(request.method, request.path, request, body);
  }
  response.status = answer.status;
  if (!answer.body.is_null()) response.set_content(answer.body.dump(), "application/json;charset=utf-8");
}

HubSpotStandIn::Answer HubSpotStandIn::Route(const std::string& method, const std::string& path,
                                             const httplib::Request& request, const json& body) {
  std::smatch match;
  static const std::regex object_path(R"(/crm/v3/objects/([a-z0-9-]+)(?:/([^/]+))?(?:/([a-z]+))?)");
  static const std::regex association_path(R"(/crm/v4/associations/([a-z0-9-]+)/([a-z0-9-]+)/batch/([a-z/]+))");
  static const std::regex single_association(
      R"(/crm/v4/objects/([a-z0-9-]+)/(\d+)/associations/default/([a-z0-9-]+)/(\d+))");
  if (std::regex_match(path, match, object_path)) {
    const std::string type = TypeName(match[1]);
    const std::string id = match[2], action = match[3];
    if (type.empty())
      return {400, ErrorBody("Unable to infer object type from: " + match[1].str(), "VALIDATION_ERROR")};
    if (method == "POST" && id.empty()) return CreateObject(type, body);
    if (method == "POST" && id == "search") return Search(type, body);
    if (method == "POST" && id == "batch" && action == "upsert") return BatchUpsert(type, body);
    if (method == "GET" && !id.empty() && action.empty())
      return ReadObject(type, id, request.get_param_value("properties"));
    if (method == "PATCH" && !id.empty() && action.empty()) return UpdateObject(type, id, body);
  } else if (std::regex_match(path, match, association_path) && method == "POST") {
    const std::string from = TypeName(match[1]), to = TypeName(match[2]);
    if (from.empty() || to.empty()) return {400, ErrorBody("Unknown object type", "VALIDATION_ERROR")};
    if (match[3] == "associate/default") return AssociateDefault(from, to, body);
    if (match[3] == "read") return ReadAssociations(from, to, body);
  } else if (std::regex_match(path, match, single_association) && method == "PUT") {
    const json inputs = {
        {"inputs", json::array({{{"from", {{"id", match[2].str()}}}, {"to", {{"id", match[4].str()}}}}})}};
    return AssociateDefault(TypeName(match[1]), TypeName(match[3]), inputs);
  }
  return {404, ErrorBody("Page not found: " + method + " " + path, "OBJECT_NOT_FOUND")};
}

std::string HubSpotStandIn::CheckProperties(const std::string& type, const json& properties) const {
  if (!properties.is_object()) return "properties must be an object";
  for (const auto& [name, value] : properties.items()) {
    if (!Types().at(type).writable.count(name)) return "Property \"" + name + "\" does not exist";
    if (!value.is_string() && !value.is_number()) return "Property \"" + name + "\" must be a string";
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    const auto options = Options().find(name);
    if (options != Options().end() && !text.empty() && !options->second.count(text))
      return text + " was not one of the allowed options for " + name;
    if (name == "hubspot_owner_id" && !owners_.empty() && !text.empty() && !owners_.count(text))
      return text + " is not a valid owner id";
    if (name == "email" && !text.empty() && text.find('@') == std::string::npos)
      return "Email address " + text + " is invalid";
  }
  return "";
}

json HubSpotStandIn::ObjectJson(const std::string& type, const HubSpotObject& object,
                                const std::vector<std::string>& properties) const {
  json values = json::object();
  for (const std::string& name : properties.empty() ? Types().at(type).defaults : properties) {
    const auto found = object.properties.find(name);
    values[name] = found == object.properties.end() || found->second.empty() ? json(nullptr) : json(found->second);
  }
  values["hs_object_id"] = object.id;
  return {{"id", object.id},
          {"properties", values},
          {"createdAt", IsoMs(object.created_ms)},
          {"updatedAt", IsoMs(object.updated_ms)},
          {"archived", false}};
}

HubSpotStandIn::Answer HubSpotStandIn::CreateObject(const std::string& type, const json& body) {
  if (!body.is_object()) return {400, ErrorBody("Invalid input JSON", "VALIDATION_ERROR")};
  const json properties = body.contains("properties") ? body["properties"] : json::object();
  const std::string problem = CheckProperties(type, properties);
  if (!problem.empty()) return {400, ErrorBody("Property values were not valid: " + problem, "VALIDATION_ERROR")};
  if (type == "notes" && !properties.contains("hs_timestamp"))
    return {400, ErrorBody("Property values were not valid: hs_timestamp is required", "VALIDATION_ERROR")};
  if (type == "contacts" && properties.contains("email")) {
    for (const auto& [id, object] : objects_["contacts"])
      if (Lower(object.properties.count("email") ? object.properties.at("email") : "") ==
          Lower(properties["email"].get<std::string>()))
        return {409, ErrorBody("Contact already exists. Existing ID: " + id, "CONFLICT")};
  }
  // Associations given at creation: each to an existing record, with a type
  // HubSpot defines between the two.
  std::vector<Association> wanted;
  const json associations = body.value("associations", json::array());
  for (const json& association : associations.is_array() ? associations : json::array()) {
    const json to = association.is_object() && association.contains("to") && association["to"].is_object()
                        ? association["to"].value("id", json())
                        : json();
    const std::string id = to.is_string() ? to.get<std::string>() : to.is_number_integer() ? to.dump() : "";
    const json kinds = association.is_object() ? association.value("types", json::array()) : json::array();
    for (const json& kind : kinds.is_array() ? kinds : json::array()) {
      if (!kind.is_object()) return {400, ErrorBody("types must hold objects", "VALIDATION_ERROR")};
      const int type_id = kind.value("associationTypeId", 0);
      std::string to_type;
      for (const auto& [other, spec] : Types())
        if (DefaultAssociationType(type, other) == type_id && objects_[other].count(id)) to_type = other;
      if (to_type.empty() || kind.value("associationCategory", std::string()) != "HUBSPOT_DEFINED")
        return {400, ErrorBody("association type " + std::to_string(type_id) + " to " + id + " is not valid",
                               "VALIDATION_ERROR")};
      wanted.emplace_back(type, "", to_type, id, type_id);
    }
  }
  HubSpotObject object;
  object.id = NewId();
  object.created_ms = now_ms_;
  for (const auto& [name, value] : properties.items())
    object.properties[name] = value.is_string() ? value.get<std::string>() : value.dump();
  object.properties[type == "notes" ? "hs_createdate" : "createdate"] = IsoMs(now_ms_);
  Touch(type, object);
  objects_[type][object.id] = object;
  for (auto [from_type, unused, to_type, to_id, type_id] : wanted) {
    associations_.insert({from_type, object.id, to_type, to_id, type_id});
    associations_.insert({to_type, to_id, from_type, object.id, DefaultAssociationType(to_type, from_type)});
  }
  std::vector<std::string> names;
  for (const auto& [name, value] : properties.items()) names.push_back(name);
  return {201, ObjectJson(type, object, names)};
}

HubSpotStandIn::Answer HubSpotStandIn::ReadObject(const std::string& type, const std::string& id,
                                                  const std::string& properties) {
  const auto found = objects_[type].find(id);
  if (found == objects_[type].end())
    return {404, ErrorBody("Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND",
                           {{"id", json::array({id})}})};
  std::vector<std::string> names;
  for (size_t start = 0; start < properties.size();) {
    const size_t comma = std::min(properties.find(',', start), properties.size());
    if (comma > start) names.push_back(properties.substr(start, comma - start));
    start = comma + 1;
  }
  return {200, ObjectJson(type, found->second, names)};
}

HubSpotStandIn::Answer HubSpotStandIn::UpdateObject(const std::string& type, const std::string& id, const json& body) {
  const auto found = objects_[type].find(id);
  if (found == objects_[type].end())
    return {404, ErrorBody("Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND",
                           {{"id", json::array({id})}})};
  const json properties = body.is_object() && body.contains("properties") ? body["properties"] : json();
  const std::string problem = CheckProperties(type, properties);
  if (!problem.empty()) return {400, ErrorBody("Property values were not valid: " + problem, "VALIDATION_ERROR")};
  std::vector<std::string> names;
  for (const auto& [name, value] : properties.items()) {
    // "Properties values can be cleared by passing an empty string."
    found->second.properties[name] = value.is_string() ? value.get<std::string>() : value.dump();
    names.push_back(name);
  }
  Touch(type, found->second);
  return {200, ObjectJson(type, found->second, names)};
}

HubSpotStandIn::Answer HubSpotStandIn::BatchUpsert(const std::string& type, const json& body) {
  const json inputs = body.is_object() && body.contains("inputs") ? body["inputs"] : json();
  if (!inputs.is_array() || inputs.empty() || inputs.size() > kMaxBatchInputs)
    return {400, ErrorBody("inputs must hold 1 to 100 items", "VALIDATION_ERROR")};
  json results = json::array(), errors = json::array();
  const std::string started = IsoMs(now_ms_);
  for (const json& input : inputs) {
    const std::string id_property = input.is_object() ? input.value("idProperty", std::string("hs_object_id")) : "";
    // Upserts go by a unique property only: a company's domain is not one.
    if (!(id_property == "hs_object_id" || (type == "contacts" && id_property == "email")))
      return {400, ErrorBody("Property \"" + id_property +
                                 "\" is not a unique property and cannot be used as "
                                 "idProperty",
                             "VALIDATION_ERROR")};
    const std::string key = input.value("id", json("")).is_string() ? input["id"].get<std::string>() : "";
    json properties = input.value("properties", json::object());
    std::string problem = key.empty() ? "id is required" : CheckProperties(type, properties);
    if (problem.empty() && id_property == "email" && key.find('@') == std::string::npos)
      problem = "Email address " + key + " is invalid";
    if (!problem.empty()) {
      errors.push_back({{"status", "error"},
                        {"category", "VALIDATION_ERROR"},
                        {"message", problem},
                        {"context", {{"ids", json::array({key})}}}});
      continue;
    }
    HubSpotObject* object = nullptr;
    for (auto& [id, candidate] : objects_[type]) {
      const std::string value = id_property == "hs_object_id"             ? id
                                : candidate.properties.count(id_property) ? candidate.properties[id_property]
                                                                          : "";
      if (Lower(value) == Lower(key)) object = &candidate;
    }
    const bool created = object == nullptr;
    if (created) {
      HubSpotObject fresh;
      fresh.id = NewId();
      fresh.created_ms = now_ms_;
      fresh.properties["createdate"] = IsoMs(now_ms_);
      if (id_property == "email") fresh.properties["email"] = Lower(key);
      object = &(objects_[type][fresh.id] = fresh);
    }
    std::vector<std::string> names = {id_property == "email" ? "email" : "hs_object_id"};
    for (const auto& [name, value] : properties.items()) {
      object->properties[name] = value.is_string() ? value.get<std::string>() : value.dump();
      names.push_back(name);
    }
    Touch(type, *object);
    json result = ObjectJson(type, *object, names);
    result["new"] = created;
    results.push_back(result);
  }
  json answer = {{"status", "COMPLETE"}, {"results", results}, {"startedAt", started}, {"completedAt", IsoMs(now_ms_)}};
  if (errors.empty()) return {200, answer};
  answer["errors"] = errors;
  answer["numErrors"] = errors.size();
  return {207, answer};
}

HubSpotStandIn::Answer HubSpotStandIn::Search(const std::string& type, const json& body) {
  if (!body.is_object()) return {400, ErrorBody("Invalid input JSON", "VALIDATION_ERROR")};
  const int limit = body.value("limit", 10);
  if (limit < 1 || limit > kMaxSearchLimit)
    return {400, ErrorBody("limit must be between 1 and 200", "VALIDATION_ERROR")};
  int offset = 0;
  if (body.contains("after")) {
    const std::string after = body["after"].is_string() ? body["after"].get<std::string>() : "";
    if (after.empty() || after.find_first_not_of("0123456789") != std::string::npos || after.size() > 9)
      return {400, ErrorBody("after must be a paging cursor", "VALIDATION_ERROR")};
    offset = std::stoi(after);
  }
  if (offset + limit > kSearchWindow)
    return {400, ErrorBody("The request exceeds the 10000 search results limit", "VALIDATION_ERROR")};
  const json groups = body.value("filterGroups", json::array());
  if (!groups.is_array() || static_cast<int>(groups.size()) > kMaxFilterGroups)
    return {400, ErrorBody("Too many filter groups (at most 5)", "VALIDATION_ERROR")};
  auto matches = [&](const HubSpotObject& object, const json& filter) -> std::optional<bool> {
    const std::string property = filter.value("propertyName", std::string());
    const std::string op = filter.value("operator", std::string());
    const auto found = object.properties.find(property);
    const std::string actual = property == "hs_object_id"         ? object.id
                               : found == object.properties.end() ? ""
                                                                  : found->second;
    const std::string value = filter.contains("value") && filter["value"].is_string()
                                  ? filter["value"].get<std::string>()
                              : filter.contains("value") ? filter["value"].dump()
                                                         : "";
    if (op == "HAS_PROPERTY") return !actual.empty();
    if (op == "NOT_HAS_PROPERTY") return actual.empty();
    if (op == "EQ") return !actual.empty() && Lower(actual) == Lower(value);
    if (op == "NEQ") return Lower(actual) != Lower(value);
    const auto left = NumberOf(property, actual), right = NumberOf(property, value);
    if (!left || !right)
      return op == "GT" || op == "GTE" || op == "LT" || op == "LTE" ? std::optional(false) : std::nullopt;
    if (op == "GT") return *left > *right;
    if (op == "GTE") return *left >= *right;
    if (op == "LT") return *left < *right;
    if (op == "LTE") return *left <= *right;
    return std::nullopt;
  };
  std::vector<const HubSpotObject*> found;
  for (const auto& [id, object] : objects_[type]) {
    bool any = groups.empty();
    for (const json& group : groups) {
      const json filters = group.value("filters", json::array());
      if (static_cast<int>(filters.size()) > kMaxFiltersPerGroup)
        return {400, ErrorBody("Too many filters in a group (at most 6)", "VALIDATION_ERROR")};
      bool all = true;
      for (const json& filter : filters) {
        const auto result = matches(object, filter);
        if (!result)
          return {400, ErrorBody("Unknown operator " + filter.value("operator", std::string()), "VALIDATION_ERROR")};
        all = all && *result;
      }
      any = any || all;
    }
    if (any) found.push_back(&object);
  }
  const json sorts = body.value("sorts", json::array());
  if (sorts.size() > 1) return {400, ErrorBody("Only one sort is allowed", "VALIDATION_ERROR")};
  if (!sorts.empty()) {
    const std::string property = sorts[0].value("propertyName", std::string());
    const bool descending = sorts[0].value("direction", std::string("ASCENDING")) == "DESCENDING";
    auto key = [&](const HubSpotObject* object) {
      const std::string value = property == "hs_object_id"           ? object->id
                                : object->properties.count(property) ? object->properties.at(property)
                                                                     : "";
      return NumberOf(property, value).value_or(0);
    };
    std::stable_sort(found.begin(), found.end(), [&](const HubSpotObject* a, const HubSpotObject* b) {
      return descending ? key(a) > key(b) : key(a) < key(b);
    });
  }
  std::vector<std::string> properties;
  for (const json& name : body.value("properties", json::array()))
    if (name.is_string()) properties.push_back(name);
  json results = json::array();
  for (int i = offset; i < std::min<int>(found.size(), offset + limit); ++i)
    results.push_back(ObjectJson(type, *found[i], properties));
  json answer = {{"total", found.size()}, {"results", results}};
  if (offset + limit < static_cast<int>(found.size()))
    answer["paging"] = {
        {"next", {{"after", std::to_string(offset + limit)}, {"link", "?after=" + std::to_string(offset + limit)}}}};
  return {200, answer};
}

HubSpotStandIn::Answer HubSpotStandIn::AssociateDefault(const std::string& from_type, const std::string& to_type,
                                                        const json& body) {
  const json inputs = body.is_object() && body.contains("inputs") ? body["inputs"] : json();
  if (!inputs.is_array() || inputs.empty()) return {400, ErrorBody("inputs are required", "VALIDATION_ERROR")};
  json results = json::array(), errors = json::array();
  for (const json& input : inputs) {
    auto id_of = [&](const char* side) {
      const json& id = input.is_object() && input.contains(side) ? input[side].value("id", json("")) : json("");
      return id.is_string() ? id.get<std::string>() : id.dump();
    };
    const std::string from = id_of("from"), to = id_of("to");
    if (!objects_[from_type].count(from) || !objects_[to_type].count(to)) {
      errors.push_back({{"status", "error"},
                        {"category", "OBJECT_NOT_FOUND"},
                        {"message", "No " + from_type + " " + from + " or " + to_type + " " + to}});
      continue;
    }
    const int type_id = DefaultAssociationType(from_type, to_type);
    associations_.insert({from_type, from, to_type, to, type_id});
    associations_.insert({to_type, to, from_type, from, DefaultAssociationType(to_type, from_type)});
    results.push_back({{"fromObjectTypeId", TypeId(from_type)},
                       {"fromObjectId", std::stoll(from)},
                       {"toObjectTypeId", TypeId(to_type)},
                       {"toObjectId", std::stoll(to)},
                       {"associationTypes",
                        json::array({{{"category", "HUBSPOT_DEFINED"}, {"typeId", type_id}, {"label", nullptr}}})}});
  }
  json answer = {
      {"status", "COMPLETE"}, {"results", results}, {"startedAt", IsoMs(now_ms_)}, {"completedAt", IsoMs(now_ms_)}};
  if (errors.empty()) return {200, answer};
  answer["errors"] = errors;
  answer["numErrors"] = errors.size();
  return {207, answer};
}

HubSpotStandIn::Answer HubSpotStandIn::ReadAssociations(const std::string& from_type, const std::string& to_type,
                                                        const json& body) {
  const json inputs = body.is_object() && body.contains("inputs") ? body["inputs"] : json();
  if (!inputs.is_array()) return {400, ErrorBody("inputs are required", "VALIDATION_ERROR")};
  json results = json::array();
  for (const json& input : inputs) {
    const std::string id =
        input.is_object() && input.contains("id") && input["id"].is_string() ? input["id"].get<std::string>() : "";
    json to = json::array();
    for (const Association& association : associations_) {
      if (std::get<0>(association) != from_type || std::get<1>(association) != id ||
          std::get<2>(association) != to_type)
        continue;
      to.push_back({{"toObjectId", std::stoll(std::get<3>(association))},
                    {"associationTypes", json::array({{{"category", "HUBSPOT_DEFINED"},
                                                       {"typeId", std::get<4>(association)},
                                                       {"label", nullptr}}})}});
    }
    results.push_back({{"from", {{"id", id}}}, {"to", to}});
  }
  return {
      200,
      {{"status", "COMPLETE"}, {"results", results}, {"startedAt", IsoMs(now_ms_)}, {"completedAt", IsoMs(now_ms_)}}};
}

}  // namespace leadgate::test_support
