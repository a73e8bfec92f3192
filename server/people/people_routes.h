// People and their sessions on the HTTP server: the web app's sign-in,
// sign-out, session and pages (app_routes.cc), /api/users for admins and
// /api/me for each person (people_routes.cc). What they are given must
// outlive the server.
#ifndef LEADGATE_SERVER_PEOPLE_PEOPLE_ROUTES_H_
#define LEADGATE_SERVER_PEOPLE_PEOPLE_ROUTES_H_

#include <httplib.h>

#include "http/app_files.h"
#include "people/people_store.h"
#include "people/route_guard.h"

namespace leadgate::collector {

// `files`: web/app's pages and assets; null: /app answers 404.
void InstallAppRoutes(httplib::Server& server, const RouteGuard& guard, const AppFiles* files);

void InstallPeopleRoutes(httplib::Server& server, const RouteGuard& guard, PeopleStore& people, RouteClock clock);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_PEOPLE_PEOPLE_ROUTES_H_
