// ISO 8601 / RFC 3339 timestamps <-> UTC milliseconds since the epoch, as
// Segment clients send them ("2026-11-20T10:00:00.123Z", "+01:00" offsets).
// Pure functions; thread-safe.
#ifndef LEADGATE_SERVER_BASE_ISO_TIME_H_
#define LEADGATE_SERVER_BASE_ISO_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadgate::collector {

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" with "Z" or "+HH:MM"
// ("+HHMM", "+HH") or no zone (taken as UTC). nullopt when malformed.
std::optional<int64_t> ParseIsoTime(std::string_view text);

// "2026-11-20T10:00:00Z" (milliseconds shown only when not zero).
std::string FormatIsoTime(int64_t time_ms);

// Days from 1970-01-01 to the civil (proleptic Gregorian) date year-month-day,
// negative before it; the date is not checked (2026-02-31 is 2026-03-03).
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_ISO_TIME_H_
