// JSON over HTTPS for CRM connectors: one request with a bearer token,
// bounded connect/read/write timeouts, TLS verified against the system's
// CAs, no redirects, at most 4 MB of answer. The token goes only into the
// Authorization header: never into an error, a log line or an answer.
// A JsonHttp is used by one thread at a time.
#ifndef LEADGATE_SERVER_CRM_JSON_HTTP_H_
#define LEADGATE_SERVER_CRM_JSON_HTTP_H_

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "crm/crm.h"
#include "leadgate/status.h"

namespace leadgate::collector {

struct JsonAnswer {
  int status = 0;       // 0: no answer (then `error` says why)
  std::string error;    // transport error, or "answer is not JSON"
  std::string body;     // as received (up to the limit)
  nlohmann::json json;  // the body parsed; null when empty or not JSON
  httplib::Headers headers;
  bool ok() const { return status >= 200 && status < 300; }
};

class JsonHttp {
 public:
  // `base_url`: "https://api.hubapi.com" or "http://127.0.0.1:PORT" (tests).
  // InvalidArgument unless http(s)://host[:port] without a path.
  static Result<JsonHttp> Create(const std::string& base_url, std::string token);

  // METHOD base_url + path (path starts with "/", with its query).
  JsonAnswer Call(const std::string& method, const std::string& path, const nlohmann::json* body,
                  const InFlight& in_flight) const;

  const std::string& base_url() const { return base_url_; }

 private:
  JsonHttp(std::string base_url, std::string token) : base_url_(std::move(base_url)), token_(std::move(token)) {}
  std::string base_url_;
  std::string token_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_JSON_HTTP_H_
