// Who is calling /api/* and /app/*, and may they: the one authorisation
// check every such route goes through (see docs/app.md). A caller is either
// the API bearer token (acting as an administrator) or a signed-in person
// with a session cookie; a session's changes (any method but GET/HEAD) must
// carry its CSRF token and must not come from another site. Also signs
// people in (rate limited, alike answers for unknown names and wrong
// passwords) and out. A person whose password someone else set may change
// nothing but that password (and sign out) until they have. Thread-safe.
#ifndef LEADGATE_SERVER_PEOPLE_ACCESS_H_
#define LEADGATE_SERVER_PEOPLE_ACCESS_H_

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_error.h"
#include "http/net_address.h"
#include "http/rate_limiter.h"
#include "people/people_store.h"

namespace leadgate::collector {

enum class Role { kRep = 1, kMarketing = 2, kSales = 4, kAdmin = 8 };
// Every role, in the order people see them (GET /api/users' "roles", the
// messages): the one list of them; the app asks for it.
inline constexpr Role kRoles[] = {Role::kRep, Role::kMarketing, Role::kSales, Role::kAdmin};

std::optional<Role> ParseRole(std::string_view name);
const char* RoleName(Role role);
std::string RoleNames();  // "rep, marketing, sales, admin" (for messages)

// A set of roles allowed to do something.
class Roles {
 public:
  constexpr Roles(std::initializer_list<Role> roles) {
    for (Role role : roles) bits_ |= static_cast<int>(role);
  }
  constexpr bool Has(Role role) const { return (bits_ & static_cast<int>(role)) != 0; }

 private:
  int bits_ = 0;
};

inline constexpr Roles kEveryone = {Role::kRep, Role::kMarketing, Role::kSales, Role::kAdmin};
inline constexpr Roles kPolicyEditors = {Role::kMarketing, Role::kSales, Role::kAdmin};
inline constexpr Roles kAdmins = {Role::kAdmin};

// What a role may do beyond reading, by the sets above that guard the
// routes: the app asks for it (GET /api/session's "may") instead of
// knowing the roles. Each name with the set it stands for.
struct Ability {
  const char* name;
  Roles roles;
};
inline constexpr Ability kAbilities[] = {
    {"change_policy", kPolicyEditors},  // policy revisions, sign-offs, deliveries' retries and tests
    {"administer", kAdmins},            // people, webhooks, ownership rules, assigning to anyone
};

struct Caller {
  std::string name;  // the person's name; empty for the API token
  Role role = Role::kRep;
  bool by_token = false;       // the bearer token (scripts), acting as admin
  std::string csrf_token;      // sessions only: what changes must send back
  std::string session_digest;  // sessions only
  int64_t session_expires_ms = 0;
  bool must_change_password = false;  // sessions only: see kOwnPasswordPath
};

// The changes a person whose password someone else set may make before
// they have chosen their own: that (here) and signing out.
inline constexpr char kOwnPasswordPath[] = "/api/me/password";
inline constexpr char kSignOutPath[] = "/app/logout";

// Who acts, as changes record it: a person by name; the bearer token
// (acting as an administrator) as "api-token".
inline std::string ActorName(const Caller& caller) { return caller.by_token ? "api-token" : caller.name; }

// The CSRF token travels in this header (fetch) or this form field (forms).
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";
inline constexpr char kCsrfField[] = "csrf";
inline constexpr char kSessionCookie[] = "leadgate_session";

struct AccessOptions {
  std::string api_token;
  std::vector<Cidr> trusted_proxies;  // their X-Forwarded-For/-Proto are believed
  bool tls = false;                   // the server itself speaks TLS
  int64_t session_lifetime_ms = 12LL * 3600 * 1000;
  int64_t session_idle_ms = 2LL * 3600 * 1000;
  // Sign-in attempts: a burst, then one every so many seconds, per client
  // address and per name from one address.
  double sign_in_burst = 10;
  double sign_in_seconds_per_address = 6;
  double sign_in_seconds_per_name = 30;
  std::function<int64_t()> clock;  // UTC ms
};

struct SignInResult {
  enum class Outcome { kSignedIn, kRefused, kRateLimited, kUnavailable } outcome = Outcome::kRefused;
  std::string set_cookie;  // kSignedIn
  int retry_after_seconds = 0;
  bool must_change_password = false;  // kSignedIn: they choose their own first
};

class AccessControl {
 public:
  AccessControl(AccessOptions options, PeopleStore* people);

  // The caller when the request may go on, or why not: Unauthenticated (no
  // or expired credentials) or PermissionDenied (a role not in `allowed`,
  // path "role"; any change but their own password's from a person who must
  // choose one, path "password"; or a change without its CSRF token or from
  // another site).
  // `body`: a change's body, read already; its urlencoded `csrf` field
  // counts (a form post), the address's query never does.
  Result<Caller> Authorize(const httplib::Request& request, Roles allowed, std::string_view body = {});

  // The session caller of a request (no role or CSRF check): for pages.
  std::optional<Caller> SessionCaller(const httplib::Request& request);

  SignInResult SignIn(const httplib::Request& request, const std::string& name, const std::string& password);
  // Ends the request's session (CSRF-checked by the caller); returns the
  // Set-Cookie value that clears the cookie.
  std::string SignOut(const Caller& caller, const httplib::Request& request);

  // True when the page was asked for over TLS: the server's own TLS, or a
  // trusted proxy saying X-Forwarded-Proto: https. Cookies are Secure then.
  bool IsSecure(const httplib::Request& request) const;

 private:
  std::optional<std::string> ClientAddress(const httplib::Request& request) const;
  std::string SessionCookie(const std::string& token, int64_t max_age_seconds, bool secure) const;

  const AccessOptions options_;
  PeopleStore* people_;
  RateLimiter per_address_;
  RateLimiter per_name_;  // keyed by name and address
};

// A change request that a browser marked as coming from another site
// (Sec-Fetch-Site cross-site or same-site; without it, an Origin or
// Referer that names another host than the Host header).
bool FromAnotherSite(const httplib::Request& request);

// The value of cookie `name` in the request's Cookie headers.
std::optional<std::string> CookieValue(const httplib::Request& request, std::string_view name);

// The answer to Authorize's refusal, counted as auth, role, csrf or
// password_change_required.
HttpAnswer RefuseCaller(const Status& refusal);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_PEOPLE_ACCESS_H_
