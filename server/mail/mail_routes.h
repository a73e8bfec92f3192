// Email in the app on the HTTP server (docs/app.md, "Email"): each person
// reads and sets what they get by email (GET/POST /api/me/mail), and admins
// send the digests now (POST /api/digests/run; 409 without --smtp). What
// they are given must outlive the server.
#ifndef LEADGATE_SERVER_MAIL_MAIL_ROUTES_H_
#define LEADGATE_SERVER_MAIL_MAIL_ROUTES_H_

#include <httplib.h>

#include "mail/mail_preferences.h"
#include "mail/mail_service.h"
#include "people/route_guard.h"

namespace leadgate::collector {

// `mail`: null when the collector sends no email (no --smtp).
void InstallMailRoutes(httplib::Server& server, const RouteGuard& guard, MailPreferencesStore& preferences,
                       MailService* mail, RouteClock clock);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_MAIL_MAIL_ROUTES_H_
