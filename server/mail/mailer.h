// Mail through the durable outbox: a mail is a delivery of kind "mail" to
// the SMTP server (one worker, retried as webhooks are), its body the
// envelope and the composed message as JSON, written in the transaction
// that decided to send it. Alerts are sent at most once per event and
// person, and never more than one per person and subject line an hour.
// Thread-safe.
#ifndef LEADGATE_SERVER_MAIL_MAILER_H_
#define LEADGATE_SERVER_MAIL_MAILER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "handoff/delivery_workers.h"
#include "mail/mail_message.h"
#include "mail/mail_preferences.h"
#include "mail/smtp.h"
#include "store/store.h"

namespace leadgate::collector {

struct MailSettings {
  SmtpServer smtp;
  std::string from;                      // --mail-from
  std::function<std::string()> app_url;  // links into the app
  std::function<void()> wake;            // the delivery workers, after queueing
};

// One mail to one person: what it is about and what it says.
struct OutgoingMail {
  std::string subject;  // the Subject line
  std::string about;    // the delivery's subject in the log: "company:ID", "revision:N", "digest"
  MailContent content;
};

class Mailer {
 public:
  explicit Mailer(MailSettings settings) : settings_(std::move(settings)) {}

  // The outbox's receiver of mails: its deliveries are sent by SMTP.
  Receiver OutboxReceiver() const;

  std::string AppUrl() const { return settings_.app_url ? settings_.app_url() : ""; }
  // APP/app/me#mail: where a person chooses what they get.
  std::string SettingsUrl() const { return AppUrl() + "/app/me#mail"; }

  // Inside a write job: queues `mail` to `to` unless `event` was mailed to
  // them before or a mail with the same subject line went to them within
  // the hour (then the event counts as done); true when queued.
  Result<bool> QueueAlert(Db& db, const MailRecipient& to, const std::string& event, const OutgoingMail& mail,
                          int64_t now_ms) const;
  // Inside a write job: queues `mail` to `to`.
  Status Queue(Db& db, const MailRecipient& to, const OutgoingMail& mail, int64_t now_ms) const;
  void Wake() const {
    if (settings_.wake) settings_.wake();
  }

 private:
  MailSettings settings_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_MAIL_MAILER_H_
