// SMTP through libcurl's easy interface, one connection per mail.
#include "mail/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "base/decimal_id.h"
#include "http/form_urlencoded.h"

namespace leadgate::collector {
namespace {

constexpr size_t kMaxUrl = 2000;

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

// The message fed to libcurl's upload, in pieces.
struct Upload {
  const std::string* message;
  size_t sent = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->message->size() - upload->sent);
  std::memcpy(buffer, upload->message->data() + upload->sent, n);
  upload->sent += n;
  return n;
}

}  // namespace

Result<SmtpServer> ParseSmtpUrl(const std::string& text) {
  auto refuse = [&](const std::string& why) {
    return Status::InvalidArgument(why + ", expected smtp[s]://USER@HOST:PORT", "--smtp");
  };
  if (text.size() > kMaxUrl) return refuse("the SMTP URL is too long");
  for (char c : text)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return refuse("the SMTP URL holds a space or a control");
  const bool implicit_tls = text.rfind("smtps://", 0) == 0;
  if (!implicit_tls && text.rfind("smtp://", 0) != 0) return refuse("not an smtp:// or smtps:// URL");
  std::string rest = text.substr(implicit_tls ? 8 : 7);
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find_first_of("/?#") != std::string::npos) return refuse("an SMTP URL has no path");
  SmtpServer server;
  const size_t at = rest.rfind('@');
  if (at != std::string::npos) {
    const std::string user = rest.substr(0, at);
    if (user.find(':') != std::string::npos)
      return Status::InvalidArgument(
          "the SMTP password does not go in the URL (the process list shows it): give it with "
          "--smtp-password-file FILE or as smtp-password in the --config file",
          "--smtp");
    server.user = PercentDecode(user, false);
    rest = rest.substr(at + 1);
  }
  if (rest.empty() || rest[0] == ':') return refuse("the SMTP URL names no host");
  const size_t port_colon = rest.rfind(':');
  const bool has_port = port_colon != std::string::npos && rest.find(']', port_colon) == std::string::npos;
  const std::string host = has_port ? rest.substr(0, port_colon) : rest;
  if (has_port) {
    const std::string port = rest.substr(port_colon + 1);
    if (!ParseWholeNumber(port, 1, 65535)) return refuse("bad port");
  }
  server.url = (implicit_tls ? "smtps://" : "smtp://") + host + ":" +
               (has_port       ? rest.substr(port_colon + 1)
                : implicit_tls ? "465"
                               : "25");
  server.loopback = IsLoopbackHost(host);
  return server;
}

std::string SmtpLogUrl(const SmtpServer& server) {
  if (server.user.empty()) return server.url;
  const size_t scheme_end = server.url.find("://") + 3;
  return server.url.substr(0, scheme_end) + server.user + "@" + server.url.substr(scheme_end);
}

SendOutcome SendMail(const SmtpServer& server, const std::string& from, const std::string& to,
                     const std::string& message) {
  InitCurlOnce();
  SendOutcome outcome;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    outcome.error = "libcurl did not start";
    return outcome;
  }
  const std::string mail_from = "<" + from + ">";
  const std::string recipient = "<" + to + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(curl_slist_append(nullptr, recipient.c_str()),
                                                                         curl_slist_free_all);
  Upload upload{&message};
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, server.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(server.connect_seconds));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(server.total_seconds));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  // A password crosses only TLS, unless the server is this machine.
  const bool insist_on_tls = !server.user.empty() && !server.loopback;
  curl_easy_setopt(c, CURLOPT_USE_SSL, insist_on_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (!server.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, server.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, server.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  const CURLcode result = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  outcome.status = static_cast<int>(code);
  if (result == CURLE_OK) {
    outcome.body = "accepted by the SMTP server (" + std::to_string(code) + ")";
    return outcome;
  }
  outcome.error = *error ? error : curl_easy_strerror(result);
  outcome.body = outcome.error;
  // A refusal after a positive reply (e.g. 250 to MAIL FROM, then 550)
  // must not read as delivered.
  if (outcome.status >= 200 && outcome.status < 300) outcome.status = 0;
  return outcome;
}

}  // namespace leadgate::collector
