// Mail preferences in the store, and local time in a person's time zone.
#include "mail/mail_preferences.h"

#include <date/tz.h>

#include <chrono>

namespace leadgate::collector {
namespace {

constexpr size_t kMaxTimeZone = 64;

const date::time_zone* ZoneOrNull(const std::string& name) {
  if (name.empty() || name.size() > kMaxTimeZone) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

date::local_time<std::chrono::milliseconds> Local(const std::string& time_zone, int64_t ms) {
  const date::sys_time<std::chrono::milliseconds> at{std::chrono::milliseconds(ms)};
  const date::time_zone* zone = ZoneOrNull(time_zone);
  if (!zone) return date::local_time<std::chrono::milliseconds>{at.time_since_epoch()};
  return zone->to_local(at);
}

constexpr char kRecipientsSql[] =
    "SELECT u.name, u.role, u.email, p.time_zone, p.digest_hour, p.alert_signoff, p.alert_qualified, p.alert_sla, "
    "p.digest_sent_ms FROM users u LEFT JOIN mail_preferences p ON p.user_name = u.name "
    "WHERE u.email IS NOT NULL AND u.email <> '' ORDER BY u.name";

}  // namespace

Status CheckTimeZone(const std::string& name) {
  if (ZoneOrNull(name)) return Status::Ok();
  return Status::InvalidArgument(
      "unknown time zone \"" + name.substr(0, kMaxTimeZone) + "\": expected an IANA name such as Europe/Berlin or UTC",
      "time_zone");
}

int LocalHour(const std::string& time_zone, int64_t ms) {
  const auto local = Local(time_zone, ms);
  const auto day = date::floor<date::days>(local);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(local - day).count());
}

std::string LocalDay(const std::string& time_zone, int64_t ms) {
  return date::format("%F", date::floor<date::days>(Local(time_zone, ms)));
}

Result<MailPreferences> MailPreferencesStore::Get(const std::string& name) {
  MailPreferences preferences;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(
        "SELECT time_zone, digest_hour, alert_signoff, alert_qualified, alert_sla FROM mail_preferences "
        "WHERE user_name = ?");
    if (!query.ok()) return query.status();
    Status step;
    if (!query.value()->Bind(1, name).Step(&step)) return step;
    const Statement& row = *query.value();
    preferences.time_zone = row.Text(0);
    if (!row.IsNull(1)) preferences.digest_hour = static_cast<int>(row.Int(1));
    preferences.alert_signoff = row.Int(2) != 0;
    preferences.alert_qualified = row.Int(3) != 0;
    preferences.alert_sla = row.Int(4) != 0;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return preferences;
}

Status MailPreferencesStore::Set(const std::string& name, const MailPreferences& preferences) {
  if (Status zone = CheckTimeZone(preferences.time_zone); !zone.ok()) return zone;
  if (preferences.digest_hour && (*preferences.digest_hour < 0 || *preferences.digest_hour > 23))
    return Status::InvalidArgument("digest_hour must be an hour from 0 to 23, or null for no digest", "digest_hour");
  return store_->Write([&](Db& db) -> Status {
    auto upsert = db.Prepare(
        "INSERT INTO mail_preferences (user_name, time_zone, digest_hour, alert_signoff, alert_qualified, alert_sla) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_name) DO UPDATE SET time_zone = excluded.time_zone, "
        "digest_hour = excluded.digest_hour, alert_signoff = excluded.alert_signoff, "
        "alert_qualified = excluded.alert_qualified, alert_sla = excluded.alert_sla");
    if (!upsert.ok()) return upsert.status();
    Statement& statement = *upsert.value();
    statement.Bind(1, name).Bind(2, preferences.time_zone);
    if (preferences.digest_hour) {
      statement.Bind(3, static_cast<int64_t>(*preferences.digest_hour));
    } else {
      statement.BindNull(3);
    }
    statement.Bind(4, int64_t{preferences.alert_signoff})
        .Bind(5, int64_t{preferences.alert_qualified})
        .Bind(6, int64_t{preferences.alert_sla});
    return statement.Run();
  });
}

Result<std::vector<MailRecipient>> MailPreferencesStore::Recipients() {
  std::vector<MailRecipient> recipients;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(kRecipientsSql);
    if (!query.ok()) return query.status();
    Status step;
    while (query.value()->Step(&step)) {
      const Statement& row = *query.value();
      MailRecipient recipient{row.Text(0), row.Text(1), row.Text(2), {}, std::nullopt};
      if (!row.IsNull(3)) {
        recipient.preferences.time_zone = row.Text(3);
        if (!row.IsNull(4)) recipient.preferences.digest_hour = static_cast<int>(row.Int(4));
        recipient.preferences.alert_signoff = row.Int(5) != 0;
        recipient.preferences.alert_qualified = row.Int(6) != 0;
        recipient.preferences.alert_sla = row.Int(7) != 0;
        if (!row.IsNull(8)) recipient.digest_sent_ms = row.Int(8);
      }
      recipients.push_back(std::move(recipient));
    }
    return step;
  });
  if (!status.ok()) return status;
  return recipients;
}

Result<bool> MailPreferencesStore::ClaimDigest(Db& db, const std::string& name, const std::string& day, int64_t now_ms,
                                               bool again) {
  auto claim = db.Prepare(
      "UPDATE mail_preferences SET digest_day = ?, digest_sent_ms = ? WHERE user_name = ? AND "
      "(digest_day IS NULL OR digest_day <> ? OR " +
      std::string(again ? "1 = 1" : "1 = 0") + ")");
  if (!claim.ok()) return claim.status();
  Status status = claim.value()->Bind(1, day).Bind(2, now_ms).Bind(3, name).Bind(4, day).Run();
  if (!status.ok()) return status;
  return db.Changes() > 0;
}

}  // namespace leadgate::collector
