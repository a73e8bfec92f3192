// Cross-origin answers of the public /v1 endpoints. Events and forms are
// posted by browsers on any site that installs the tracker, so they echo
// the caller's Origin. Prefill tells a page which company its visitor's
// address belongs to, so only the site's own origins (--site-origin) may
// read it, and never with credentials.
#ifndef LEADGATE_SERVER_HTTP_CORS_H_
#define LEADGATE_SERVER_HTTP_CORS_H_

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

namespace leadgate::collector {

// "scheme://host[:port]" with scheme http or https, lower case, no path,
// query or trailing slash: the form a browser sends in Origin.
bool IsWebOrigin(std::string_view text);

// The events' and forms' rule: any Origin is echoed (with credentials, as
// sendBeacon sends them); none: `*`.
void AllowAnyOrigin(const httplib::Request& request, httplib::Response& response);

// Prefill's rule: the Origin is echoed only when it is one of `origins`;
// `Access-Control-Allow-Credentials` is never sent.
void AllowSiteOrigins(const std::vector<std::string>& origins, const httplib::Request& request,
                      httplib::Response& response);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_CORS_H_
