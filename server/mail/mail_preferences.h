// What each person gets by email, chosen in the app (/app/me): a daily
// digest at an hour of their own time zone, and which immediate alerts
// (a sign-off asked of their role, an account of theirs qualified, an SLA
// breach). Kept in the store's mail_preferences beside the person; nothing
// is chosen until the person chooses. Time zones are IANA names read from
// the system's zoneinfo (Howard Hinnant's date/tz). Thread-safe.
#ifndef LEADGATE_SERVER_MAIL_MAIL_PREFERENCES_H_
#define LEADGATE_SERVER_MAIL_MAIL_PREFERENCES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

struct MailPreferences {
  std::string time_zone = "UTC";
  std::optional<int> digest_hour;  // 0-23 in time_zone; nullopt: no digest
  bool alert_signoff = false;      // a sign-off asked of their role
  bool alert_qualified = false;    // an account or lead of theirs qualified
  bool alert_sla = false;          // an MQL of theirs (or nobody's) past the SLA
};

// A person who may get mail: one with an email address.
struct MailRecipient {
  std::string name;
  std::string role;
  std::string email;
  MailPreferences preferences;
  std::optional<int64_t> digest_sent_ms;  // their last digest
};

// InvalidArgument (path "time_zone") unless an IANA time zone name.
Status CheckTimeZone(const std::string& name);
// The hour (0-23) and the day ("YYYY-MM-DD") at `ms` in `time_zone` (a
// checked name; UTC when unknown).
int LocalHour(const std::string& time_zone, int64_t ms);
std::string LocalDay(const std::string& time_zone, int64_t ms);

class MailPreferencesStore {
 public:
  explicit MailPreferencesStore(Store* store) : store_(store) {}

  // Defaults for a person who has chosen nothing yet.
  Result<MailPreferences> Get(const std::string& name);
  // Checked first (time zone, hour): InvalidArgument naming the field.
  Status Set(const std::string& name, const MailPreferences& preferences);
  // Every person with an email address, with their preferences, by name.
  Result<std::vector<MailRecipient>> Recipients();

  // Inside a write job: true when `name`'s digest of local day `day` was
  // not sent yet (or `again`), and marks it sent at `now_ms` (once across
  // collectors).
  static Result<bool> ClaimDigest(Db& db, const std::string& name, const std::string& day, int64_t now_ms, bool again);

 private:
  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_MAIL_MAIL_PREFERENCES_H_
