// Immediate alerts by email, to each person who chose them in the app: an
// account (or lead) of theirs qualified, an MQL of theirs or nobody's past
// --sla-hours without a verdict, a sign-off asked of their role. Qualified
// subjects and breaches are found by looking at the store after the last
// look (cursors kept in its meta table), so nothing is lost across a
// restart and collectors sharing a store mail each event once. Thread-safe.
#ifndef LEADGATE_SERVER_MAIL_MAIL_ALERTS_H_
#define LEADGATE_SERVER_MAIL_MAIL_ALERTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "mail/mail_preferences.h"
#include "mail/mailer.h"
#include "records/assignment_store.h"
#include "store/store.h"

namespace leadgate::collector {

class MailAlerts {
 public:
  struct Parts {
    Store* store = nullptr;
    const Mailer* mailer = nullptr;
    MailPreferencesStore* preferences = nullptr;
    AssignmentStore* assignments = nullptr;
    double sla_hours = 0;  // 0: no SLA, no breach alerts
  };
  explicit MailAlerts(Parts parts) : parts_(parts) {}

  // Queues the alerts of what happened since the last look, up to
  // `now_ms`; the number of mails queued. From one thread at a time.
  Result<int> Scan(int64_t now_ms);
  // Queues the alerts of a sign-off asked of `roles` for `revision` of
  // `policy`, and keeps the ask for the digests.
  Result<int> SignoffAsked(int64_t revision, const std::string& policy, const std::vector<std::string>& roles,
                           int64_t now_ms);

 private:
  Result<int> ScanQualified(int64_t now_ms, const std::vector<MailRecipient>& recipients);
  Result<int> ScanBreaches(int64_t now_ms, const std::vector<MailRecipient>& recipients);

  Parts parts_;
  std::optional<int64_t> breach_cursor_;  // breaches up to this time were looked at
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_MAIL_MAIL_ALERTS_H_
