// Cross-origin headers of the /v1 endpoints.
#include "http/cors.h"

#include <algorithm>

namespace leadgate::collector {

bool IsWebOrigin(std::string_view text) {
  std::string_view rest;
  if (text.rfind("https://", 0) == 0) {
    rest = text.substr(8);
  } else if (text.rfind("http://", 0) == 0) {
    rest = text.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.size() > 253 + 6) return false;
  return std::all_of(rest.begin(), rest.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
}

void AllowAnyOrigin(const httplib::Request& request, httplib::Response& response) {
  const std::string origin = request.get_header_value("Origin");
  if (origin.empty()) {
    response.set_header("Access-Control-Allow-Origin", "*");
  } else {
    response.set_header("Access-Control-Allow-Origin", origin);
    response.set_header("Access-Control-Allow-Credentials", "true");
    response.set_header("Vary", "Origin");
  }
}

void AllowSiteOrigins(const std::vector<std::string>& origins, const httplib::Request& request,
                      httplib::Response& response) {
  response.set_header("Vary", "Origin");
  const std::string origin = request.get_header_value("Origin");
  if (std::find(origins.begin(), origins.end(), origin) != origins.end())
    response.set_header("Access-Control-Allow-Origin", origin);
}

}  // namespace leadgate::collector
