// A real SMTP server on 127.0.0.1 for mail tests: tests/mail/smtp_sink.py
// (Debian's aiosmtpd) as a child process, on a port it picks. Each message
// it accepts is parsed back by Python's email package into a JSON record
// (envelope, login, headers, text and HTML parts, links of the HTML).
#ifndef LEADGATE_TESTS_COLLECTOR_SMTP_SINK_H_
#define LEADGATE_TESTS_COLLECTOR_SMTP_SINK_H_

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace leadgate::test_support {

class SmtpSink {
 public:
  // With `user`, the sink requires that login and `password`.
  explicit SmtpSink(const std::string& user = "", const std::string& password = "");
  ~SmtpSink();  // stops the server, removes its folder

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  // "smtp://127.0.0.1:PORT", with "USER@" when `user` is given.
  std::string url(const std::string& user = "") const;
  // The messages received so far, oldest first.
  std::vector<nlohmann::json> Messages() const;
  // Waits (up to 20 s) until `count` messages arrived; false when not.
  bool WaitFor(size_t count) const;

 private:
  std::string folder_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace leadgate::test_support

#endif  // LEADGATE_TESTS_COLLECTOR_SMTP_SINK_H_
