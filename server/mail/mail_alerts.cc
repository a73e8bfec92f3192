// Alerts found in the store and queued as mails.
#include "mail/mail_alerts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/decimal_id.h"
#include "base/subject_ref.h"
#include "mail/mail_items.h"

namespace leadgate::collector {
namespace {

constexpr char kQualifiedCursor[] = "mail_qualified_cursor";  // the last mql_handoffs.id looked at
constexpr char kBreachCursor[] = "mail_breach_cursor";        // breaches up to this time were looked at
constexpr int kRowsPerLook = 500;

struct HandoffRow {
  std::string subject;
  int64_t qualified_ms = 0;
  int64_t id = 0;
};

Status SetCursor(Db& db, const char* key, int64_t value) {
  auto upsert =
      db.Prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!upsert.ok()) return upsert.status();
  return upsert.value()->Bind(1, std::string(key)).Bind(2, std::to_string(value)).Run();
}

// The cursor at `key` (nullopt before the first look); Corruption when the
// stored text is not the number SetCursor wrote.
Result<std::optional<int64_t>> GetCursor(Store& store, const char* key) {
  auto text = store.GetMeta(key);
  if (!text.ok()) return text.status();
  if (!text.value()) return std::optional<int64_t>();
  const std::optional<int64_t> value = ParseDecimalId(*text.value());
  if (!value) return Status::Corruption(std::string("the store's ") + key + " is not a number");
  return value;
}

Result<std::vector<HandoffRow>> ReadHandoffs(Store& store, const std::string& sql,
                                             const std::function<void(Statement&)>& bind) {
  std::vector<HandoffRow> rows;
  Status status = store.ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(sql);
    if (!query.ok()) return query.status();
    bind(*query.value());
    Status step;
    while (query.value()->Step(&step))
      rows.push_back({query.value()->Text(0), query.value()->Int(1), query.value()->Int(2)});
    return step;
  });
  if (!status.ok()) return status;
  return rows;
}

std::vector<std::string> SubjectsOf(const std::vector<HandoffRow>& rows) {
  std::vector<std::string> subjects;
  for (const HandoffRow& row : rows) subjects.push_back(row.subject);
  return subjects;
}

// An alert of a row for one recipient, and its key: the same key is
// mailed once.
struct Alert {
  std::string key;
  OutgoingMail mail;
};
// The alert of `row` (of `item`, owned by `owner` or nobody) for `person`;
// nullopt when it is not for them.
using AlertOf = std::function<std::optional<Alert>(const HandoffRow& row, const std::optional<std::string>& owner,
                                                   const MailItem& item, const MailRecipient& person)>;

// Queues the alerts of `rows` for `recipients` and sets `cursor_key` to
// `cursor`, in one transaction; the number queued.
Result<int> QueueAlerts(const MailAlerts::Parts& parts, const std::vector<HandoffRow>& rows,
                        const std::vector<MailRecipient>& recipients, const AlertOf& alert_of, const char* cursor_key,
                        int64_t cursor, int64_t now_ms) {
  auto owners = parts.assignments->Owners(SubjectsOf(rows));
  if (!owners.ok()) return owners.status();
  int queued = 0;
  const std::string app = parts.mailer->AppUrl();
  Status status = parts.store->Write([&](Db& db) -> Status {
    queued = 0;
    for (const HandoffRow& row : rows) {
      const auto owner = OwnerOf(owners.value(), row.subject);
      auto item = SubjectItem(db, row.subject, app);
      if (!item.ok()) return item.status();
      for (const MailRecipient& person : recipients) {
        std::optional<Alert> alert = alert_of(row, owner, item.value(), person);
        if (!alert) continue;
        alert->mail.about = row.subject;
        alert->mail.content.title = alert->mail.subject;
        alert->mail.content.settings_url = parts.mailer->SettingsUrl();
        auto sent = parts.mailer->QueueAlert(db, person, alert->key, alert->mail, now_ms);
        if (!sent.ok()) return sent.status();
        queued += sent.value();
      }
    }
    return SetCursor(db, cursor_key, cursor);
  });
  if (!status.ok()) return status;
  if (queued) parts.mailer->Wake();
  return queued;
}

// "24 hours", "1.5 hours", "1 hour".
std::string FormatHours(double hours) {
  char text[48];
  std::snprintf(text, sizeof(text), "%g hour%s", hours, hours == 1 ? "" : "s");
  return text;
}

}  // namespace

Result<int> MailAlerts::Scan(int64_t now_ms) {
  auto recipients = parts_.preferences->Recipients();
  if (!recipients.ok()) return recipients.status();
  auto qualified = ScanQualified(now_ms, recipients.value());
  if (!qualified.ok()) return qualified.status();
  auto breaches = ScanBreaches(now_ms, recipients.value());
  if (!breaches.ok()) return breaches.status();
  return qualified.value() + breaches.value();
}

Result<int> MailAlerts::ScanQualified(int64_t now_ms, const std::vector<MailRecipient>& recipients) {
  Store& store = *parts_.store;
  auto cursor = GetCursor(store, kQualifiedCursor);
  if (!cursor.ok()) return cursor.status();
  if (!cursor.value()) {  // the first look: what qualified before is not news
    Status started = store.Write([&](Db& db) -> Status {
      auto last = QueryInt(db, "SELECT coalesce(max(id), 0) FROM mql_handoffs", 0);
      return last.ok() ? SetCursor(db, kQualifiedCursor, last.value()) : last.status();
    });
    return started.ok() ? Result<int>(0) : Result<int>(started);
  }
  const int64_t after = *cursor.value();
  auto rows = ReadHandoffs(store,
                           "SELECT subject, qualified_ms, id FROM mql_handoffs WHERE id > ? ORDER BY id LIMIT " +
                               std::to_string(kRowsPerLook),
                           [&](Statement& query) { query.Bind(1, after); });
  if (!rows.ok()) return rows.status();
  if (rows.value().empty()) return 0;
  auto alert_of = [](const HandoffRow& row, const std::optional<std::string>& owner, const MailItem& item,
                     const MailRecipient& person) -> std::optional<Alert> {
    // "An account of theirs": owned accounts only.
    if (!owner || !person.preferences.alert_qualified || person.name != *owner) return std::nullopt;
    Alert alert{"qualified:" + row.subject + ":" + std::to_string(row.qualified_ms), {}};
    alert.mail.subject =
        std::string(IsLeadSubject(row.subject) ? "Lead qualified: " : "Account qualified: ") + item.text;
    alert.mail.content.intro = "It is yours: qualified at " + MailDate(row.qualified_ms) + ".";
    alert.mail.content.sections = {{"Qualified", {item}}};
    return alert;
  };
  return QueueAlerts(parts_, rows.value(), recipients, alert_of, kQualifiedCursor, rows.value().back().id, now_ms);
}

Result<int> MailAlerts::ScanBreaches(int64_t now_ms, const std::vector<MailRecipient>& recipients) {
  if (parts_.sla_hours <= 0) return 0;
  Store& store = *parts_.store;
  const int64_t sla_ms = static_cast<int64_t>(std::llround(parts_.sla_hours * 3600 * 1000));
  if (!breach_cursor_) {
    auto cursor = GetCursor(store, kBreachCursor);
    if (!cursor.ok()) return cursor.status();
    // The first look starts now: breaches before it are not news.
    breach_cursor_ = cursor.value().value_or(now_ms);
  }
  const int64_t after = *breach_cursor_;
  auto rows = ReadHandoffs(
      store,
      "SELECT h.subject, h.qualified_ms, h.id FROM mql_handoffs h WHERE h.qualified_ms > ? AND h.qualified_ms <= ? "
      "AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.subject = h.subject AND f.at_ms >= h.qualified_ms) "
      "ORDER BY h.qualified_ms, h.id",
      [&](Statement& query) { query.Bind(1, after - sla_ms).Bind(2, now_ms - sla_ms); });
  if (!rows.ok()) return rows.status();
  // Kept in the store only with news: a restart looks again from there
  // (the events already mailed are not mailed twice).
  if (rows.value().empty()) {
    breach_cursor_ = std::max(after, now_ms);
    return 0;
  }
  const std::string sla = FormatHours(parts_.sla_hours);
  auto alert_of = [&sla](const HandoffRow& row, const std::optional<std::string>& owner, const MailItem& item,
                         const MailRecipient& person) -> std::optional<Alert> {
    if (!person.preferences.alert_sla || !Concerns(owner, person.name)) return std::nullopt;
    Alert alert{"sla:" + row.subject + ":" + std::to_string(row.qualified_ms), {}};
    alert.mail.subject = "Overdue: " + item.text + " waits for a verdict";
    alert.mail.content.intro = std::string(owner ? "Yours" : "Nobody owns it") + ": qualified at " +
                               MailDate(row.qualified_ms) + ", no verdict within the SLA of " + sla + ".";
    alert.mail.content.sections = {{"Past the SLA", {item}}};
    return alert;
  };
  auto queued = QueueAlerts(parts_, rows.value(), recipients, alert_of, kBreachCursor, now_ms, now_ms);
  if (queued.ok()) breach_cursor_ = now_ms;
  return queued;
}

Result<int> MailAlerts::SignoffAsked(int64_t revision, const std::string& policy, const std::vector<std::string>& roles,
                                     int64_t now_ms) {
  auto recipients = parts_.preferences->Recipients();
  if (!recipients.ok()) return recipients.status();
  int queued = 0;
  const std::string name = policy + " revision " + std::to_string(revision);
  Status status = parts_.store->Write([&](Db& db) -> Status {
    queued = 0;
    for (const std::string& role : roles) {
      auto ask = db.Prepare(
          "INSERT INTO mail_signoff_asks (revision, role, asked_ms) VALUES (?, ?, ?) "
          "ON CONFLICT (revision, role) DO NOTHING");
      if (!ask.ok()) return ask.status();
      if (Status kept = ask.value()->Bind(1, revision).Bind(2, role).Bind(3, now_ms).Run(); !kept.ok()) return kept;
    }
    for (const MailRecipient& person : recipients.value()) {
      if (!person.preferences.alert_signoff) continue;
      if (std::find(roles.begin(), roles.end(), person.role) == roles.end()) continue;
      OutgoingMail mail;
      mail.subject = "Sign-off asked: " + name;
      mail.about = "revision:" + std::to_string(revision);
      mail.content.title = mail.subject;
      mail.content.intro = name + " loosens the criteria: it is activated only once someone of each role asked (" +
                           person.role + " among them) has signed it off.";
      mail.content.sections = {
          {"To review", {{name, "review its impact and sign it off", parts_.mailer->AppUrl() + "/app/policy"}}}};
      mail.content.settings_url = parts_.mailer->SettingsUrl();
      auto sent = parts_.mailer->QueueAlert(db, person, "signoff:" + std::to_string(revision), mail, now_ms);
      if (!sent.ok()) return sent.status();
      queued += sent.value();
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (queued) parts_.mailer->Wake();
  return queued;
}

}  // namespace leadgate::collector
