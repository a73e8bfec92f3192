// The caller check every /api and /app route that needs one goes through
// (docs/app.md): AccessControl::Authorize's refusal (401, 403, 503)
// answered, or the handler called with the caller. Rooms install their
// routes with a RouteGuard and no more of the collector than they use.
#ifndef LEADGATE_SERVER_PEOPLE_ROUTE_GUARD_H_
#define LEADGATE_SERVER_PEOPLE_ROUTE_GUARD_H_

#include <httplib.h>

#include <functional>
#include <string>

#include "http/route_edge.h"
#include "people/access.h"

namespace leadgate::collector {

using CallerHandler = std::function<void(const httplib::Request&, httplib::Response&, const Caller&)>;
using CallerBodyHandler =
    std::function<void(const httplib::Request&, const std::string& body, httplib::Response&, const Caller&)>;

// Cheap to copy: handlers keep their own copy. `access` must outlive them.
class RouteGuard {
 public:
  RouteGuard(RouteEdge edge, AccessControl* access) : edge_(std::move(edge)), access_(access) {}

  // A GET (or DELETE) handler for callers of the `allowed` roles.
  httplib::Server::Handler Guarded(Roles allowed, CallerHandler handler) const;
  // A POST handler: the body read as RouteEdge::WithBody does, then the
  // caller authorised (a session's CSRF token may come in the urlencoded
  // body).
  httplib::Server::HandlerWithContentReader GuardedPost(Roles allowed, CallerBodyHandler handler) const;

  void Send(const HttpAnswer& answer, httplib::Response& response) const { edge_.Send(answer, response); }
  const RouteEdge& edge() const { return edge_; }
  AccessControl& access() const { return *access_; }

 private:
  RouteEdge edge_;
  AccessControl* access_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_PEOPLE_ROUTE_GUARD_H_
