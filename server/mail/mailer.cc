// Mails queued in the outbox and sent by SMTP.
#include "mail/mailer.h"

#include <nlohmann/json.hpp>

#include "handoff/outbox.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr int64_t kHourMs = 3600 * 1000;

// "user@example.com" -> "example.com", for Message-IDs.
std::string DomainOf(const std::string& address) {
  const size_t at = address.rfind('@');
  return at == std::string::npos ? "leadgate.invalid" : address.substr(at + 1);
}

}  // namespace

Receiver Mailer::OutboxReceiver() const {
  const SmtpServer smtp = settings_.smtp;
  // An SMTP exchange is not cut short on shutdown (`in_flight` is for
  // HTTP): libcurl's own timeouts bound it.
  Sender send = [smtp](const Delivery& delivery, int64_t, const std::function<void(httplib::Client*)>&) {
    const json envelope = json::parse(delivery.body, nullptr, false);
    if (!envelope.is_object() || !envelope.value("from", json()).is_string() ||
        !envelope.value("to", json()).is_string() || !envelope.value("message", json()).is_string()) {
      SendOutcome broken;
      broken.error = "not a mail";
      return broken;
    }
    return SendMail(smtp, envelope["from"], envelope["to"], envelope["message"]);
  };
  return Receiver{SmtpLogUrl(settings_.smtp), "mail", "", std::move(send)};
}

Status Mailer::Queue(Db& db, const MailRecipient& to, const OutgoingMail& mail, int64_t now_ms) const {
  Delivery delivery;
  delivery.webhook_id = NewWebhookId();
  delivery.kind = "mail";
  delivery.url = SmtpLogUrl(settings_.smtp);
  delivery.subject = mail.about;
  MailHeaders headers;
  headers.from = settings_.from;
  headers.to = to.email;
  headers.subject = mail.subject;
  headers.list_unsubscribe = SettingsUrl();
  headers.date_ms = now_ms;
  headers.message_id = "<" + delivery.webhook_id + "@" + DomainOf(settings_.from) + ">";
  headers.boundary = "=_leadgate_" + delivery.webhook_id;
  const json envelope = {{"from", settings_.from}, {"to", to.email}, {"message", ComposeMail(headers, mail.content)}};
  delivery.body = envelope.dump(-1, ' ', false, json::error_handler_t::replace);
  return Outbox::Enqueue(db, delivery, now_ms);
}

Result<bool> Mailer::QueueAlert(Db& db, const MailRecipient& to, const std::string& event, const OutgoingMail& mail,
                                int64_t now_ms) const {
  // The same subject line to the same person within the hour: held back.
  auto recent =
      db.Prepare("SELECT count(*) FROM mail_sent WHERE user_name = ? AND subject = ? AND mailed = 1 AND sent_ms > ?");
  if (!recent.ok()) return recent.status();
  Status step;
  if (!recent.value()->Bind(1, to.name).Bind(2, mail.subject).Bind(3, now_ms - kHourMs).Step(&step)) return step;
  const bool held_back = recent.value()->Int(0) > 0;
  recent.value().reset();
  // Once per event and person, also across collectors sharing a store.
  auto mark = db.Prepare(
      "INSERT INTO mail_sent (user_name, event, subject, sent_ms, mailed) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (user_name, event) DO NOTHING");
  if (!mark.ok()) return mark.status();
  Status marked = mark.value()
                      ->Bind(1, to.name)
                      .Bind(2, event)
                      .Bind(3, mail.subject)
                      .Bind(4, now_ms)
                      .Bind(5, int64_t{!held_back})
                      .Run();
  if (!marked.ok()) return marked;
  if (db.Changes() == 0 || held_back) return false;
  if (Status queued = Queue(db, to, mail, now_ms); !queued.ok()) return queued;
  return true;
}

}  // namespace leadgate::collector
