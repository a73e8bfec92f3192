// One timeline of everything that happened to an account or a person:
// visits (page views and visible time), form leads, verdicts (calls
// included, with their answers), notes, assignments and hand-offs, newest
// first, a page at a time. Each kind is read from its own table by index
// from a cursor (keyset paging), so a page costs the same on an account
// with ten or ten thousand entries. Thread-safe.
#ifndef LEADGATE_SERVER_RECORDS_TIMELINE_STORE_H_
#define LEADGATE_SERVER_RECORDS_TIMELINE_STORE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

// The kinds, in the order entries of one millisecond are listed (last first).
enum class TimelineKind { kVisit = 0, kLead, kHandoff, kAssignment, kVerdict, kNote };
const char* TimelineKindName(TimelineKind kind);

// Where a page ends: the next page has the entries after it.
struct TimelineCursor {
  int64_t at_ms = 0;
  TimelineKind kind = TimelineKind::kVisit;
  int64_t id = 0;  // the row's id in its table
};

// "AT.KIND.ID" (numbers) and back; nullopt for anything else.
std::string FormatTimelineCursor(const TimelineCursor& cursor);
std::optional<TimelineCursor> ParseTimelineCursor(const std::string& text);

struct TimelineEntry {
  TimelineCursor position;
  std::string subject;    // whom it concerns: company:ID or lead:ID
  nlohmann::json detail;  // the kind's own fields
};

struct TimelineQuery {
  std::string company_id;             // visits of this company ("": none)
  std::string visitor;                // only this visitor's ("": every visitor's)
  std::vector<int64_t> lead_ids;      // these leads' submissions
  std::vector<std::string> subjects;  // verdicts, notes, assignments and hand-offs on these
  std::optional<TimelineCursor> after;
  size_t limit = 50;
};

// Up to `limit` entries after `query.after`, newest first, and the cursor
// of the next page when there are more.
struct TimelinePage {
  std::vector<TimelineEntry> entries;
  std::optional<TimelineCursor> next;
};
Result<TimelinePage> ReadTimeline(Store& store, const TimelineQuery& query);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_TIMELINE_STORE_H_
