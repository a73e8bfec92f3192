// A HubSpot stand-in for tests and the demo, written from HubSpot's public
// API reference (docs/crm.md lists the pages): the CRM v3 objects
// endpoints for companies, contacts, deals and notes (create, read,
// update, batch upsert by a unique property, search with filterGroups,
// sorts and `after` paging up to 10,000 results), associations v4
// (default associations, batch read), bearer-token auth, HubSpot's error
// shape {status, message, correlationId, category} and rate limit answers
// (429 with X-HubSpot-RateLimit-* headers). Served on 127.0.0.1 with an
// ephemeral port; records every request. Its clock is set by the test.
// Thread-safe.
#ifndef LEADGATE_TESTS_COLLECTOR_HUBSPOT_STANDIN_H_
#define LEADGATE_TESTS_COLLECTOR_HUBSPOT_STANDIN_H_

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace leadgate::test_support {

struct HubSpotRequest {
  std::string method;
  std::string path;  // with its query
  std::string authorization;
  nlohmann::json body;  // null when none
};

struct HubSpotObject {
  std::string id;
  std::map<std::string, std::string> properties;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

class HubSpotStandIn {
 public:
  // `token`: the private app's token it accepts; `port` 0: any free one.
  explicit HubSpotStandIn(std::string token, int64_t now_ms = 0, int port = 0);
  ~HubSpotStandIn();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  void SetNow(int64_t now_ms);
  // Owner ids hubspot_owner_id accepts (none given: any).
  void SetOwners(std::set<std::string> owner_ids);
  // The next `count` requests are answered 429, as HubSpot's ten-second
  // rolling limit answers (with X-HubSpot-RateLimit-Interval-Milliseconds
  // `window_ms`).
  void RateLimitNext(int count, int64_t window_ms = 10000);
  // The next `count` requests are answered `status` with HubSpot's error body.
  void FailNext(int count, int status);

  // As a sales rep in HubSpot: creates a record, sets properties
  // (lastmodifieddate follows), associates records (default type).
  std::string Create(const std::string& type, const std::map<std::string, std::string>& properties);
  void Set(const std::string& type, const std::string& id, const std::map<std::string, std::string>& properties);
  void Associate(const std::string& from_type, const std::string& from_id, const std::string& to_type,
                 const std::string& to_id, int type_id);

  // What it holds.
  std::vector<HubSpotObject> Objects(const std::string& type) const;
  // Association (from_type, from_id, to_type, to_id, type id) present.
  bool Associated(const std::string& from_type, const std::string& from_id, const std::string& to_type,
                  const std::string& to_id) const;
  std::vector<HubSpotRequest> requests() const;
  // Requests whose path starts with `prefix` and method is `method`.
  int Count(const std::string& method, const std::string& prefix) const;

 private:
  struct Answer;
  using Association = std::tuple<std::string, std::string, std::string, std::string, int>;

  void Handle(const httplib::Request& request, httplib::Response& response);
  Answer Route(const std::string& method, const std::string& path, const httplib::Request& request,
               const nlohmann::json& body);
  Answer CreateObject(const std::string& type, const nlohmann::json& body);
  Answer ReadObject(const std::string& type, const std::string& id, const std::string& properties);
  Answer UpdateObject(const std::string& type, const std::string& id, const nlohmann::json& body);
  Answer BatchUpsert(const std::string& type, const nlohmann::json& body);
  Answer Search(const std::string& type, const nlohmann::json& body);
  Answer AssociateDefault(const std::string& from_type, const std::string& to_type, const nlohmann::json& body);
  Answer ReadAssociations(const std::string& from_type, const std::string& to_type, const nlohmann::json& body);
  // Checks property names and values for `type`; "" when fine, else why.
  std::string CheckProperties(const std::string& type, const nlohmann::json& properties) const;
  nlohmann::json ObjectJson(const std::string& type, const HubSpotObject& object,
                            const std::vector<std::string>& properties) const;
  std::string NewId();
  void Touch(const std::string& type, HubSpotObject& object);

  const std::string token_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  int64_t now_ms_;
  int64_t next_id_ = 1001;
  int rate_limited_ = 0;
  int64_t window_ms_ = 10000;
  int failing_ = 0;
  int failing_status_ = 500;
  std::set<std::string> owners_;
  std::map<std::string, std::map<std::string, HubSpotObject>> objects_;  // type -> id -> object
  std::set<Association> associations_;
  std::vector<HubSpotRequest> requests_;
};

}  // namespace leadgate::test_support

#endif  // LEADGATE_TESTS_COLLECTOR_HUBSPOT_STANDIN_H_
