// Email in the app (docs/app.md, "Email"): each person reads and sets what
// they get by email (GET/POST /api/me/mail: a daily digest at an hour of
// their time zone, immediate alerts), and admins send the digests now
// (POST /api/digests/run; 409 when the collector has no --smtp).
#include "mail/mail_routes.h"

#include <nlohmann/json.hpp>

#include "http/json_answer.h"
#include "http/json_body.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

json PreferencesJson(const MailPreferences& chosen, bool enabled) {
  return {{"mail_enabled", enabled},
          {"time_zone", chosen.time_zone},
          {"digest_hour", chosen.digest_hour ? json(*chosen.digest_hour) : json(nullptr)},
          {"alerts",
           {{"signoff", chosen.alert_signoff}, {"qualified", chosen.alert_qualified}, {"sla", chosen.alert_sla}}}};
}

// {"time_zone": "Europe/Berlin", "digest_hour": 8 | null, "alerts": {"signoff", "qualified", "sla"}}:
// members left out keep their value.
Result<MailPreferences> ReadPreferences(const std::string& text, MailPreferences chosen) {
  auto body = JsonObjectBody(text);
  if (!body.ok()) return body.status();
  if (Status zone = OptionalText(*body, "time_zone", 64, &chosen.time_zone); !zone.ok()) return zone;
  if (body->contains("digest_hour")) {
    const json& hour = (*body)["digest_hour"];
    if (hour.is_null()) {
      chosen.digest_hour.reset();
    } else if (hour.is_number_integer() && hour.get<int64_t>() >= 0 && hour.get<int64_t>() <= 23) {
      chosen.digest_hour = hour.get<int>();
    } else {
      return Status::InvalidArgument("digest_hour must be an hour from 0 to 23, or null for no digest", "digest_hour");
    }
  }
  if (body->contains("alerts")) {
    const json& alerts = (*body)["alerts"];
    if (!alerts.is_object()) {
      return Status::InvalidArgument("alerts must be {\"signoff\", \"qualified\", \"sla\"}: true or false each",
                                     "alerts");
    }
    const std::pair<const char*, bool*> members[] = {
        {"signoff", &chosen.alert_signoff}, {"qualified", &chosen.alert_qualified}, {"sla", &chosen.alert_sla}};
    for (auto [member, out] : members) {
      if (!alerts.contains(member)) continue;
      if (!alerts[member].is_boolean())
        return Status::InvalidArgument(std::string(member) + " must be true or false", std::string("alerts.") + member);
      *out = alerts[member].get<bool>();
    }
  }
  return chosen;
}

// The API token is nobody: it has no mail of its own.
Status NotAPerson(const Caller& caller) {
  if (!caller.by_token) return Status::Ok();
  return Status::PermissionDenied("the API token is not a person: sign in to choose your own email", "Authorization");
}

// `enabled`: the collector sends email.
HttpAnswer Show(MailPreferencesStore& preferences, bool enabled, const Caller& caller) {
  if (Status person = NotAPerson(caller); !person.ok()) return Refuse(person);
  auto chosen = preferences.Get(caller.name);
  if (!chosen.ok()) return Refuse(chosen.status(), "store");
  return JsonAnswer(PreferencesJson(chosen.value(), enabled));
}

HttpAnswer Save(MailPreferencesStore& preferences, bool enabled, const std::string& text, const Caller& caller) {
  if (Status person = NotAPerson(caller); !person.ok()) return Refuse(person);
  auto now = preferences.Get(caller.name);
  if (!now.ok()) return Refuse(now.status(), "store");
  auto chosen = ReadPreferences(text, now.value());
  if (!chosen.ok()) return Refuse(chosen.status());
  if (Status saved = preferences.Set(caller.name, *chosen); !saved.ok()) return Refuse(saved, "mail");
  return JsonAnswer(PreferencesJson(*chosen, enabled));
}

HttpAnswer RunDigests(MailService* mail, int64_t now_ms) {
  if (!mail)
    return Refuse(Status::Conflict("this collector sends no email: start it with --smtp and --mail-from", "smtp"),
                  "mail");
  auto run = mail->digests().SendNow(now_ms);
  if (!run.ok()) return Refuse(run.status(), "store");
  return JsonAnswer({{"sent", run.value().sent}, {"empty", run.value().empty}});
}

}  // namespace

void InstallMailRoutes(httplib::Server& server, const RouteGuard& guard, MailPreferencesStore& preferences,
                       MailService* mail, RouteClock clock) {
  const bool enabled = mail != nullptr;
  server.Get("/api/me/mail", guard.Guarded(kEveryone, [guard, &preferences, enabled](const auto&, auto& response,
                                                                                     const Caller& caller) {
    guard.Send(Show(preferences, enabled, caller), response);
  }));
  server.Post("/api/me/mail",
              guard.GuardedPost(kEveryone, [guard, &preferences, enabled](const auto&, const std::string& body,
                                                                          auto& response, const Caller& caller) {
                guard.Send(Save(preferences, enabled, body, caller), response);
              }));
  server.Post("/api/digests/run", guard.GuardedPost(kAdmins, [guard, mail, clock](const auto&, const std::string&,
                                                                                  auto& response, const Caller&) {
    guard.Send(RunDigests(mail, clock()), response);
  }));
}

}  // namespace leadgate::collector
