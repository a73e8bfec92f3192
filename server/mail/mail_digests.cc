// Digests composed from the store and queued as mails.
#include "mail/mail_digests.h"

#include <cmath>
#include <set>

#include "mail/mail_items.h"

namespace leadgate::collector {
namespace {

constexpr int64_t kDayMs = 86400 * 1000;
constexpr size_t kMaxItems = 25;  // a section's lines; the rest are counted

struct Mql {
  std::string subject;
  int64_t qualified_ms = 0;
};

// Each subject's latest hand-off without a verdict given since, newest first.
constexpr char kWaitingSql[] =
    "SELECT m.subject, m.qualified_ms FROM (SELECT subject, max(qualified_ms) AS qualified_ms FROM mql_handoffs "
    "GROUP BY subject) m WHERE NOT EXISTS (SELECT 1 FROM feedback f WHERE f.subject = m.subject AND "
    "f.at_ms >= m.qualified_ms) ORDER BY m.qualified_ms DESC LIMIT 5000";
// Accounts qualified after a time, newest first.
constexpr char kQualifiedSql[] =
    "SELECT subject, max(qualified_ms) FROM mql_handoffs WHERE subject LIKE 'company:%' AND qualified_ms > ? "
    "GROUP BY subject ORDER BY max(qualified_ms) DESC LIMIT 5000";
// Revisions after the active one that asked a sign-off of a role and have none of it.
constexpr char kSignoffsSql[] =
    "SELECT a.revision, r.name FROM mail_signoff_asks a JOIN policy_revisions r ON r.revision = a.revision "
    "WHERE a.role = ? AND a.revision > coalesce((SELECT revision FROM policy_history WHERE action = 'activate' "
    "ORDER BY id DESC LIMIT 1), 0) AND NOT EXISTS (SELECT 1 FROM policy_history h WHERE h.revision = a.revision "
    "AND h.action = 'signoff' AND h.role = a.role) ORDER BY a.revision";

Result<std::vector<Mql>> ReadMqls(Db& db, const char* sql, std::optional<int64_t> after) {
  auto query = db.Prepare(sql);
  if (!query.ok()) return query.status();
  if (after) query.value()->Bind(1, *after);
  std::vector<Mql> rows;
  Status step;
  while (query.value()->Step(&step)) rows.push_back({query.value()->Text(0), query.value()->Int(1)});
  if (!step.ok()) return step;
  return rows;
}

// Up to kMaxItems of `subjects` as lines, and a line counting the rest.
Result<MailSection> Section(Db& db, const std::string& heading, const std::vector<std::string>& subjects,
                            const std::string& app_url) {
  MailSection section{heading + " (" + std::to_string(subjects.size()) + ")", {}};
  for (size_t i = 0; i < subjects.size() && i < kMaxItems; ++i) {
    auto item = SubjectItem(db, subjects[i], app_url);
    if (!item.ok()) return item.status();
    section.items.push_back(std::move(item).value());
  }
  if (subjects.size() > kMaxItems)
    section.items.push_back({"and " + std::to_string(subjects.size() - kMaxItems) + " more", "", ""});
  return section;
}

}  // namespace

Result<DigestRun> MailDigests::SendDue(int64_t now_ms) { return Send(now_ms, false); }

Result<DigestRun> MailDigests::SendNow(int64_t now_ms) { return Send(now_ms, true); }

Result<DigestRun> MailDigests::Send(int64_t now_ms, bool now) {
  auto recipients = parts_.preferences->Recipients();
  if (!recipients.ok()) return recipients.status();
  DigestRun run;
  for (const MailRecipient& person : recipients.value()) {
    const MailPreferences& chosen = person.preferences;
    if (!chosen.digest_hour) continue;
    if (!now && LocalHour(chosen.time_zone, now_ms) != *chosen.digest_hour) continue;
    const std::string day = LocalDay(chosen.time_zone, now_ms);
    if (!now && person.digest_sent_ms && LocalDay(chosen.time_zone, *person.digest_sent_ms) == day) continue;
    auto mail = Compose(person, now_ms);
    if (!mail.ok()) return mail.status();
    bool queued = false;
    Status status = parts_.store->Write([&](Db& db) -> Status {
      auto claimed = MailPreferencesStore::ClaimDigest(db, person.name, day, now_ms, now);
      if (!claimed.ok()) return claimed.status();
      queued = claimed.value() && !mail->content.sections.empty();
      return queued ? parts_.mailer->Queue(db, person, mail.value(), now_ms) : Status::Ok();
    });
    if (!status.ok()) return status;
    queued ? ++run.sent : ++run.empty;
  }
  if (run.sent) parts_.mailer->Wake();
  return run;
}

Result<OutgoingMail> MailDigests::Compose(const MailRecipient& person, int64_t now_ms) {
  const int64_t since = person.digest_sent_ms.value_or(now_ms - kDayMs);
  const int64_t sla_ms = static_cast<int64_t>(std::llround(parts_.sla_hours * 3600 * 1000));
  std::vector<Mql> qualified, waiting;
  Status read = parts_.store->ReadWith([&](Db& db) -> Status {
    auto fresh = ReadMqls(db, kQualifiedSql, since);
    if (!fresh.ok()) return fresh.status();
    qualified = std::move(fresh).value();
    auto open = ReadMqls(db, kWaitingSql, std::nullopt);
    if (!open.ok()) return open.status();
    waiting = std::move(open).value();
    return Status::Ok();
  });
  if (!read.ok()) return read;
  std::vector<std::string> subjects;
  for (const auto* rows : {&qualified, &waiting})
    for (const Mql& row : *rows) subjects.push_back(row.subject);
  auto owners = parts_.assignments->Owners(subjects);
  if (!owners.ok()) return owners.status();

  std::vector<std::string> new_accounts, theirs_waiting, overdue;
  for (const Mql& row : qualified)
    if (Concerns(OwnerOf(owners.value(), row.subject), person.name)) new_accounts.push_back(row.subject);
  for (const Mql& row : waiting) {
    const auto owner = OwnerOf(owners.value(), row.subject);
    if (owner == person.name) theirs_waiting.push_back(row.subject);
    if (sla_ms > 0 && row.qualified_ms + sla_ms <= now_ms && Concerns(owner, person.name))
      overdue.push_back(row.subject);
  }
  OutgoingMail mail;
  mail.about = "digest";
  const std::string app = parts_.mailer->AppUrl();
  Status composed = parts_.store->ReadWith([&](Db& db) -> Status {
    const std::pair<const char*, const std::vector<std::string>*> parts[] = {
        {"New qualified accounts, yours or nobody's", &new_accounts},
        {"Yours, waiting for a verdict", &theirs_waiting},
        {"Past the SLA, yours or nobody's", &overdue}};
    for (const auto& [heading, list] : parts) {
      if (list->empty()) continue;
      auto section = Section(db, heading, *list, app);
      if (!section.ok()) return section.status();
      mail.content.sections.push_back(std::move(section).value());
    }
    auto asks = db.Prepare(kSignoffsSql);
    if (!asks.ok()) return asks.status();
    MailSection signoffs;
    Status step;
    for (asks.value()->Bind(1, person.role); asks.value()->Step(&step);)
      signoffs.items.push_back({asks.value()->Text(1) + " revision " + std::to_string(asks.value()->Int(0)),
                                "review its impact and sign it off", app + "/app/policy"});
    if (!step.ok()) return step;
    signoffs.heading =
        "Waiting for your sign-off as " + person.role + " (" + std::to_string(signoffs.items.size()) + ")";
    if (!signoffs.items.empty()) mail.content.sections.push_back(std::move(signoffs));
    return Status::Ok();
  });
  if (!composed.ok()) return composed;
  const std::string day = LocalDay(person.preferences.time_zone, now_ms);
  mail.subject = "leadgate digest " + day + ": " + std::to_string(new_accounts.size()) + " new, " +
                 std::to_string(theirs_waiting.size()) + " waiting, " + std::to_string(overdue.size()) + " overdue";
  mail.content.title = "Your leadgate digest of " + day;
  mail.content.intro = "Since " + MailDate(since) + ", for " + person.name + " (" + person.role + ").";
  mail.content.settings_url = parts_.mailer->SettingsUrl();
  return mail;
}

}  // namespace leadgate::collector
