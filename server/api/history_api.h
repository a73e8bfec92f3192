// An account's and a person's history over HTTP. Notes: POST /api/notes
// {"subject", "text"} (anyone signed in; kept, never edited) and GET
// /api/notes?subject=. The timeline: GET /api/timeline?subject=company:ID
// (the account: its visits, its people's form leads, and the verdicts,
// notes, assignments and hand-offs on it and on them) or lead:ID (the
// person: their lead, their own visits at its company on the lead's day, the
// visitor pseudonym being keyed by day, and what was said and done about
// them), newest first, `limit` entries a page from `after`.
// Thread-safe.
#ifndef LEADGATE_SERVER_API_HISTORY_API_H_
#define LEADGATE_SERVER_API_HISTORY_API_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "http/http_error.h"
#include "people/access.h"
#include "records/lead_store.h"
#include "records/note_store.h"
#include "records/timeline_store.h"
#include "store/store.h"

namespace leadgate::collector {

// The longest note, in bytes.
inline constexpr size_t kMaxNoteText = 4000;

class HistoryApi {
 public:
  struct Parts {
    Store* store = nullptr;
    LeadStore* leads = nullptr;
    NoteStore* notes = nullptr;
  };
  explicit HistoryApi(Parts parts) : parts_(parts) {}

  // 201 NOTE {"id", "subject", "text", "by", "at"}; the note is the signed-in
  // person's (the API token may name `by`); 404 for an unknown subject.
  HttpAnswer AddNote(const std::string& body, const Caller& caller, int64_t now_ms);
  // {"notes": [NOTE, ...]}, oldest first.
  HttpAnswer Notes(const std::string& subject);
  // {"subject", "entries": [{"at", "kind", "subject", ...}], "next": CURSOR | null}.
  HttpAnswer Timeline(const std::multimap<std::string, std::string>& params);

 private:
  // What the timeline of `subject` reads (no cursor yet); nullopt when
  // there is no such company or lead.
  Result<std::optional<TimelineQuery>> QueryOf(const std::string& subject);

  Parts parts_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_HISTORY_API_H_
