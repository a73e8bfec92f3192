// Routes registered behind the caller check.
#include "people/route_guard.h"

namespace leadgate::collector {

httplib::Server::Handler RouteGuard::Guarded(Roles allowed, CallerHandler handler) const {
  return [guard = *this, allowed, handler](const httplib::Request& request, httplib::Response& response) {
    auto caller = guard.access_->Authorize(request, allowed);
    if (!caller.ok()) return guard.Send(RefuseCaller(caller.status()), response);
    handler(request, response, *caller);
  };
}

httplib::Server::HandlerWithContentReader RouteGuard::GuardedPost(Roles allowed, CallerBodyHandler handler) const {
  return edge_.WithBody([guard = *this, allowed, handler](const httplib::Request& request, const std::string& body,
                                                          httplib::Response& response) {
    auto caller = guard.access_->Authorize(request, allowed, body);
    if (!caller.ok()) return guard.Send(RefuseCaller(caller.status()), response);
    handler(request, body, response, *caller);
  });
}

}  // namespace leadgate::collector
