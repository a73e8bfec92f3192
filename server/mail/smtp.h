// Sending one mail to one recipient through an SMTP server with libcurl
// (--smtp smtp[s]://USER@HOST:PORT): smtps:// is TLS from the start;
// smtp:// upgrades with STARTTLS when the server offers it, and insists on
// it before sending a password to anything but loopback. Certificates and
// host names are verified. The password never comes in the URL (it would
// show in the process list): --smtp-password-file or the config file.
// Thread-safe.
#ifndef LEADGATE_SERVER_MAIL_SMTP_H_
#define LEADGATE_SERVER_MAIL_SMTP_H_

#include <string>

#include "handoff/delivery_workers.h"
#include "leadgate/status.h"

namespace leadgate::collector {

struct SmtpServer {
  std::string url;  // "smtp://HOST:PORT" or "smtps://HOST:PORT", no user
  std::string user;
  std::string password;
  bool loopback = false;  // the host is 127.0.0.0/8, ::1 or localhost
  int connect_seconds = 10;
  int total_seconds = 60;
};

// "smtp[s]://[USER@]HOST[:PORT]" (port 25 or 465 by default; USER may be
// percent-encoded). InvalidArgument (path "--smtp") for another scheme, a
// password in the URL, a path, or no host.
Result<SmtpServer> ParseSmtpUrl(const std::string& text);

// The server as the delivery log shows it: "smtp://USER@HOST:PORT".
std::string SmtpLogUrl(const SmtpServer& server);

// Sends `message` (RFC 5322, CRLF) from `from` to `to`. `status` is the
// server's last SMTP reply code (250 when accepted), 0 when it gave none.
SendOutcome SendMail(const SmtpServer& server, const std::string& from, const std::string& to,
                     const std::string& message);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_MAIL_SMTP_H_
