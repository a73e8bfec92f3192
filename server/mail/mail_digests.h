// The daily digest by email, at the hour each person chose in their own
// time zone: new qualified accounts they own or nobody owns (since their
// last digest), MQLs of theirs waiting for a verdict, MQLs of theirs or
// nobody's past --sla-hours, and revisions waiting for their role's
// sign-off. One a day and person, also across collectors sharing a store;
// nothing is sent when there is nothing to say. Thread-safe.
#ifndef LEADGATE_SERVER_MAIL_MAIL_DIGESTS_H_
#define LEADGATE_SERVER_MAIL_MAIL_DIGESTS_H_

#include <cstdint>

#include "leadgate/status.h"
#include "mail/mail_preferences.h"
#include "mail/mailer.h"
#include "records/assignment_store.h"
#include "store/store.h"

namespace leadgate::collector {

struct DigestRun {
  int sent = 0;   // digests queued
  int empty = 0;  // people with nothing to hear of
};

class MailDigests {
 public:
  struct Parts {
    Store* store = nullptr;
    const Mailer* mailer = nullptr;
    MailPreferencesStore* preferences = nullptr;
    AssignmentStore* assignments = nullptr;
    double sla_hours = 0;
  };
  explicit MailDigests(Parts parts) : parts_(parts) {}

  // The digests due at `now_ms`: of each person whose digest hour it is
  // where they are and who had none that day.
  Result<DigestRun> SendDue(int64_t now_ms);
  // Every person's who chose a digest, now, whatever the hour (POST
  // /api/digests/run); it counts as their digest of the day.
  Result<DigestRun> SendNow(int64_t now_ms);

 private:
  Result<DigestRun> Send(int64_t now_ms, bool now);
  // The digest's mail for `person`; no sections when there is nothing.
  Result<OutgoingMail> Compose(const MailRecipient& person, int64_t now_ms);

  Parts parts_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_MAIL_MAIL_DIGESTS_H_
