// Email for the collector (--smtp, --mail-from): the mailer, the alerts and
// the digests put together, and a thread that looks for alerts and due
// digests every second by the injected clock, counting its passes in the
// metrics. Created only with --smtp; the preferences are kept whether or
// not mail is sent. Thread-safe.
#ifndef LEADGATE_SERVER_MAIL_MAIL_SERVICE_H_
#define LEADGATE_SERVER_MAIL_MAIL_SERVICE_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/metrics.h"
#include "mail/mail_alerts.h"
#include "mail/mail_digests.h"
#include "mail/mail_preferences.h"
#include "mail/mailer.h"

namespace leadgate::collector {

struct MailOptions {
  std::string smtp_url;       // smtp[s]://USER@HOST:PORT
  std::string smtp_password;  // from --smtp-password-file or the config file
  std::string from;           // --mail-from
  double sla_hours = 0;
  // How often the watcher looks (tests look more often, then wait for a
  // pass by leadgate_mail_passes_total rather than for a time).
  std::chrono::milliseconds scan_every = std::chrono::seconds(1);
};

class MailService {
 public:
  struct Parts {
    Store* store = nullptr;
    AssignmentStore* assignments = nullptr;
    MailPreferencesStore* preferences = nullptr;
    std::function<std::string()> app_url;
    std::function<int64_t()> clock;  // UTC ms
    std::function<void()> wake;      // the delivery workers
    Metrics* metrics = nullptr;      // counts the watcher's passes; may be null
  };
  // InvalidArgument naming --smtp or --mail-from for bad ones.
  static Result<std::unique_ptr<MailService>> Create(const MailOptions& options, Parts parts);
  ~MailService();  // Stop()

  const Mailer& mailer() const { return mailer_; }
  MailAlerts& alerts() { return alerts_; }
  MailDigests& digests() { return digests_; }

  void Start();
  void Stop();

 private:
  MailService(Mailer mailer, Parts parts, const MailOptions& options);
  void Loop();
  // Alerts and due digests at the clock's time, then the pass is counted.
  void Pass();

  Parts parts_;
  const std::chrono::milliseconds scan_every_;
  Mailer mailer_;
  MailAlerts alerts_;
  MailDigests digests_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_MAIL_MAIL_SERVICE_H_
