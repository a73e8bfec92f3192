// The web app at /app: sign-in (to Your account first for a person whose
// password someone else set) and sign-out, the session API, the page
// shell for every page (pages need a session, else they redirect to the
// sign-in page) and the app's assets. Which page a path shows is decided by
// the shell's script (web/app/js/main.js), so new pages need no route here.
#include <cctype>
#include <nlohmann/json.hpp>

#include "base/iso_time.h"
#include "http/form_urlencoded.h"
#include "people/people_routes.h"

namespace leadgate::collector {
namespace {

const char kSignInPage[] = "/app/login";
const char kHomePage[] = "/app/companies";
// Where a person whose password someone else set chooses their own.
const char kAccountPage[] = "/app/me";

void Redirect(httplib::Response& response, const std::string& location) {
  response.status = 303;
  response.set_header("Location", location);
}

// Only the app's own pages are followed after sign-in (no open redirect).
bool IsSafeNext(const std::string& next) {
  if (next.rfind("/app/", 0) != 0 || next.size() > 500) return false;
  for (char c : next)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  return next.find("//") == std::string::npos && next.rfind(kSignInPage, 0) != 0;
}

// A path for the ?next= query: unreserved characters and '/' as they are,
// everything else %XX.
std::string EncodeNext(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

void ServeFile(const RouteGuard& guard, const AppFiles* files, const std::string& relative,
               httplib::Response& response) {
  const AppFile* file = files ? files->Find(relative) : nullptr;
  if (!file) {
    guard.Send(Refuse(Status::NotFound("not found", "/app/" + relative.substr(0, 200))), response);
    return;
  }
  response.set_content(file->content, file->content_type.c_str());
}

// The name, password and next page come from the urlencoded body only
// (never the address, where they would be logged and kept in history).
void SignIn(AccessControl& access, const httplib::Request& request, const std::string& body,
            httplib::Response& response) {
  if (FromAnotherSite(request)) return Redirect(response, std::string(kSignInPage) + "?error=signin");
  std::string name, password, next;
  for (const auto& [field, value] : ParseUrlEncoded(body)) {
    if (field == "name") name = value;
    if (field == "password") password = value;
    if (field == "next") next = value;
  }
  const std::string back = std::string(kSignInPage) + (IsSafeNext(next) ? "?next=" + EncodeNext(next) + "&" : "?");
  const SignInResult result = access.SignIn(request, name, password);
  switch (result.outcome) {
    case SignInResult::Outcome::kSignedIn:
      response.set_header("Set-Cookie", result.set_cookie);
      if (result.must_change_password) return Redirect(response, kAccountPage);
      return Redirect(response, IsSafeNext(next) ? next : kHomePage);
    case SignInResult::Outcome::kRateLimited:
      response.set_header("Retry-After", std::to_string(result.retry_after_seconds));
      return Redirect(response, back + "error=wait");
    case SignInResult::Outcome::kUnavailable:
      return Redirect(response, back + "error=unavailable");
    case SignInResult::Outcome::kRefused:
      return Redirect(response, back + "error=signin");
  }
}

}  // namespace

void InstallAppRoutes(httplib::Server& server, const RouteGuard& guard, const AppFiles* files) {
  server.Post(kSignInPage, guard.edge().WithBody([guard](const auto& request, const std::string& body, auto& response) {
    SignIn(guard.access(), request, body, response);
  }));

  server.Post("/app/logout", guard.GuardedPost(kEveryone, [guard](const auto& request, const std::string&,
                                                                  auto& response, const Caller& caller) {
    response.set_header("Set-Cookie", guard.access().SignOut(caller, request));
    Redirect(response, kSignInPage);
  }));

  // Who is signed in, what they may do, and the CSRF token the app's changes must send.
  server.Get("/api/session", guard.Guarded(kEveryone, [](const auto&, auto& response, const Caller& caller) {
    nlohmann::json session = {{"name", caller.name},
                              {"role", RoleName(caller.role)},
                              {"by_token", caller.by_token},
                              {"csrf", caller.csrf_token},
                              {"must_change_password", caller.must_change_password}};
    if (!caller.by_token) session["expires"] = FormatIsoTime(caller.session_expires_ms);
    nlohmann::json may = nlohmann::json::object();
    for (const Ability& ability : kAbilities) may[ability.name] = ability.roles.Has(caller.role);
    session["may"] = may;
    response.set_content(session.dump(), "application/json");
  }));

  server.Get(kSignInPage, [guard, files](const httplib::Request&, httplib::Response& response) {
    ServeFile(guard, files, "login.html", response);
  });

  server.Get(R"(/app/assets/([A-Za-z0-9_\-./]{1,200}))",
             [guard, files](const httplib::Request& request, httplib::Response& response) {
               const std::string relative = request.matches[1].str();
               if (relative.find("..") != std::string::npos || relative.rfind(".html") == relative.size() - 5)
                 return ServeFile(guard, files, "", response);
               ServeFile(guard, files, relative, response);
               response.set_header("Cache-Control", "no-cache");
             });

  server.Get(R"(/app/?)", [](const httplib::Request&, httplib::Response& response) { Redirect(response, kHomePage); });

  // Every page is the shell (it shows "not found" for a path it does not
  // know); without a session, the sign-in page first.
  server.Get(R"(/app/([a-z][a-z0-9-]{0,40})(/.{1,500})?)",
             [guard, files](const httplib::Request& request, httplib::Response& response) {
               if (!guard.access().SessionCaller(request)) {
                 std::string next = request.path;
                 return Redirect(response, std::string(kSignInPage) + "?next=" + EncodeNext(next));
               }
               ServeFile(guard, files, "app.html", response);
             });
}

}  // namespace leadgate::collector
