// Bearer token or session, roles, CSRF, sign-in and sign-out.
#include "people/access.h"

#include <strings.h>

#include "base/json_member.h"
#include "base/secrets.h"
#include "http/form_urlencoded.h"
#include "http/http_auth.h"
#include "people/password_hash.h"

namespace leadgate::collector {
namespace {

// A session's last use is written at most this often (fewer writes).
constexpr int64_t kTouchEveryMs = 60 * 1000;

bool IsChange(const httplib::Request& request) { return request.method != "GET" && request.method != "HEAD"; }

// The CSRF token a change sent: the header (fetch) or the field of a
// urlencoded body (a form post).
std::string SentCsrfToken(const httplib::Request& request, std::string_view body) {
  std::string sent = request.get_header_value(kCsrfHeader);
  static constexpr char kForm[] = "application/x-www-form-urlencoded";
  if (!sent.empty() || strncasecmp(request.get_header_value("Content-Type").c_str(), kForm, sizeof kForm - 1) != 0)
    return sent;
  for (const auto& [field, value] : ParseUrlEncoded(body))
    if (field == kCsrfField) return value;
  return sent;
}

std::string Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : kRoles)
    if (name == RoleName(role)) return role;
  return std::nullopt;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kRep:
      return "rep";
    case Role::kMarketing:
      return "marketing";
    case Role::kSales:
      return "sales";
    case Role::kAdmin:
      return "admin";
  }
  return "rep";
}

std::string RoleNames() {
  std::string names;
  for (Role role : kRoles) names += std::string(names.empty() ? "" : ", ") + RoleName(role);
  return names;
}

namespace {

// The host name of a URL or of a Host header, in lower case, without port.
std::string HostName(std::string_view text) {
  const size_t scheme = text.find("://");
  if (scheme != std::string_view::npos) text.remove_prefix(scheme + 3);
  text = text.substr(0, text.find_first_of("/?#"));
  text = text.substr(text.rfind('@') == std::string_view::npos ? 0 : text.rfind('@') + 1);
  const size_t end = !text.empty() && text.front() == '[' ? text.find(']') + 1 : text.find(':');
  return Lower(std::string(text.substr(0, end)));
}

}  // namespace

bool FromAnotherSite(const httplib::Request& request) {
  const std::string site = request.get_header_value("Sec-Fetch-Site");
  if (!site.empty()) return site == "cross-site" || site == "same-site";
  // No fetch metadata (an older browser): the Origin, else the Referer,
  // must name this host. Neither: not a browser's post from a page.
  std::string from = request.get_header_value("Origin");
  if (from.empty()) from = request.get_header_value("Referer");
  if (from.empty()) return false;
  return from == "null" || HostName(from) != HostName(request.get_header_value("Host"));
}

std::optional<std::string> CookieValue(const httplib::Request& request, std::string_view name) {
  auto range = request.headers.equal_range("Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    std::string_view cookies = it->second;
    while (!cookies.empty()) {
      const size_t end = cookies.find(';');
      std::string_view pair = cookies.substr(0, end);
      cookies = end == std::string_view::npos ? std::string_view() : cookies.substr(end + 1);
      const size_t equals = pair.find('=');
      if (equals == std::string_view::npos) continue;
      if (Trim(pair.substr(0, equals)) == name) return Trim(pair.substr(equals + 1));
    }
  }
  return std::nullopt;
}

AccessControl::AccessControl(AccessOptions options, PeopleStore* people)
    : options_(std::move(options)),
      people_(people),
      per_address_(1.0 / options_.sign_in_seconds_per_address, options_.sign_in_burst, options_.clock),
      per_name_(1.0 / options_.sign_in_seconds_per_name, options_.sign_in_burst, options_.clock) {
  PrepareDecoyHash();
}

std::optional<Caller> AccessControl::SessionCaller(const httplib::Request& request) {
  auto token = CookieValue(request, kSessionCookie);
  if (!token || token->empty() || token->size() > 128) return std::nullopt;
  const int64_t now = options_.clock();
  const std::string digest = TokenDigest(*token);
  auto session = people_->FindSession(digest, now, now - options_.session_idle_ms);
  if (!session.ok() || !session.value()) return std::nullopt;
  const SessionRecord& record = *session.value();
  auto role = ParseRole(record.role);
  if (!role) return std::nullopt;
  if (now - record.last_used_ms >= kTouchEveryMs) people_->TouchSession(digest, now);
  Caller caller;
  caller.name = record.user_name;
  caller.role = *role;
  caller.csrf_token = record.csrf_token;
  caller.session_digest = digest;
  caller.session_expires_ms = record.expires_ms;
  caller.must_change_password = record.must_change_password;
  return caller;
}

Result<Caller> AccessControl::Authorize(const httplib::Request& request, Roles allowed, std::string_view body) {
  std::optional<Caller> caller;
  const std::string authorization = request.get_header_value("Authorization");
  if (!authorization.empty()) {
    auto token = BearerToken(authorization);
    if (!token || !ConstantTimeEquals(*token, options_.api_token))
      return Status::Unauthenticated("missing or wrong bearer token", "Authorization");
    caller = Caller{};
    caller->role = Role::kAdmin;
    caller->by_token = true;
  } else {
    caller = SessionCaller(request);
    if (!caller)
      return Status::Unauthenticated("sign in first (no or expired session), or send a bearer token", "Authorization");
    if (IsChange(request)) {
      if (FromAnotherSite(request))
        return Status::PermissionDenied("changes from another site are refused", "Sec-Fetch-Site");
      if (!ConstantTimeEquals(SentCsrfToken(request, body), caller->csrf_token))
        return Status::PermissionDenied("missing or wrong CSRF token", kCsrfHeader);
      if (caller->must_change_password && request.path != kOwnPasswordPath && request.path != kSignOutPath)
        return Status::PermissionDenied(
            "your password was set by an administrator: choose your own first (Your account, /app/me; POST "
            "/api/me/password)",
            "password");
    }
  }
  if (!allowed.Has(caller->role))
    return Status::PermissionDenied(std::string("not allowed for the role ") + RoleName(caller->role), "role");
  return *std::move(caller);
}

HttpAnswer RefuseCaller(const Status& refusal) {
  if (refusal.code() != Status::Code::kPermissionDenied || refusal.path() == "role") return Refuse(refusal);
  return Refuse(refusal, refusal.path() == "password" ? "password_change_required" : "csrf");
}

std::optional<std::string> AccessControl::ClientAddress(const httplib::Request& request) const {
  std::string forwarded;
  auto range = request.headers.equal_range("X-Forwarded-For");
  for (auto it = range.first; it != range.second; ++it) forwarded += (forwarded.empty() ? "" : ",") + it->second;
  auto address = ResolveClientAddress(request.remote_addr, forwarded, options_.trusted_proxies);
  if (!address.ok()) return std::nullopt;
  return address->ToString();
}

bool AccessControl::IsSecure(const httplib::Request& request) const {
  if (options_.tls) return true;
  auto peer = ParseIpAddress(request.remote_addr);
  if (!peer) return false;
  bool trusted = false;
  for (const Cidr& cidr : options_.trusted_proxies) trusted = trusted || cidr.Contains(*peer);
  return trusted && strcasecmp(request.get_header_value("X-Forwarded-Proto").c_str(), "https") == 0;
}

std::string AccessControl::SessionCookie(const std::string& token, int64_t max_age_seconds, bool secure) const {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
         "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

SignInResult AccessControl::SignIn(const httplib::Request& request, const std::string& name,
                                   const std::string& password) {
  SignInResult result;
  // Per address, and per name from that address: a person signing in from
  // elsewhere is never kept out by someone guessing their password. An
  // attempt either limit refuses spends from neither.
  const std::string address_key = ClientAddress(request).value_or(request.remote_addr);
  const std::string name_key = name.substr(0, 200) + '\n' + address_key;
  int retry_after = 0;
  if (!per_address_.Check(address_key, &retry_after) || !per_name_.Check(name_key, &retry_after)) {
    result.outcome = SignInResult::Outcome::kRateLimited;
    result.retry_after_seconds = retry_after;
    return result;
  }
  per_address_.Allow(address_key, &retry_after);
  per_name_.Allow(name_key, &retry_after);
  auto user = people_->GetUser(name);
  if (!user.ok()) {
    result.outcome = SignInResult::Outcome::kUnavailable;
    return result;
  }
  // An unknown name is checked against a decoy hash: alike answer, alike time.
  const std::string hash = user.value() ? user.value()->password_hash : "";
  if (!VerifyPassword(password, hash) || !user.value()) return result;

  auto token = RandomBytes(32);
  auto csrf = RandomBytes(32);
  if (!token.ok() || !csrf.ok()) {
    result.outcome = SignInResult::Outcome::kUnavailable;
    return result;
  }
  const int64_t now = options_.clock();
  people_->DeleteStaleSessions(now, now - options_.session_idle_ms);
  SessionRecord session;
  const std::string token_text = Hex(token.value());
  session.token_digest = TokenDigest(token_text);
  session.user_name = user.value()->name;
  session.csrf_token = Hex(csrf.value());
  session.created_ms = now;
  session.expires_ms = now + options_.session_lifetime_ms;
  session.last_used_ms = now;
  if (!people_->CreateSession(session).ok()) {
    result.outcome = SignInResult::Outcome::kUnavailable;
    return result;
  }
  result.outcome = SignInResult::Outcome::kSignedIn;
  result.must_change_password = user.value()->must_change_password;
  result.set_cookie = SessionCookie(token_text, options_.session_lifetime_ms / 1000, IsSecure(request));
  return result;
}

std::string AccessControl::SignOut(const Caller& caller, const httplib::Request& request) {
  if (!caller.session_digest.empty()) people_->DeleteSession(caller.session_digest);
  return SessionCookie("", 0, IsSecure(request));
}

}  // namespace leadgate::collector
