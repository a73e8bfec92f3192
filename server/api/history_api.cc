// Notes and timelines: requests checked here, rows read by the records room.
#include "api/history_api.h"

#include "api/api_json.h"
#include "base/iso_time.h"
#include "base/subject_ref.h"
#include "http/json_body.h"
#include "people/people_admin.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr int64_t kDefaultTimelinePage = 50;
constexpr int64_t kMaxTimelinePage = 200;
// An account's people read into its timeline, newest first.
constexpr int64_t kMaxAccountPeople = 500;

json NoteJson(const NoteRecord& note) {
  return {{"id", std::to_string(note.id)},
          {"subject", note.subject},
          {"text", note.text},
          {"by", note.by},
          {"at", FormatIsoTime(note.at_ms)}};
}

json EntryJson(const TimelineEntry& entry) {
  json out = {{"at", FormatIsoTime(entry.position.at_ms)},
              {"kind", TimelineKindName(entry.position.kind)},
              {"subject", entry.subject}};
  for (const auto& [key, value] : entry.detail.items()) out[key] = value;
  return out;
}

HttpAnswer NoSuchSubject() { return Refuse(Status::NotFound("no such subject", "subject")); }

}  // namespace

Result<std::optional<TimelineQuery>> HistoryApi::QueryOf(const std::string& subject) {
  TimelineQuery query;
  const auto ref = SubjectRef::Parse(subject);
  if (!ref) return std::optional<TimelineQuery>();
  if (ref->is_lead()) {
    auto lead = parts_.leads->Get(ref->lead_id);
    if (!lead.ok()) return lead.status();
    if (!lead.value()) return std::optional<TimelineQuery>();
    // A person's visits are their own, at the company their address identified.
    if (!lead.value()->lead.visitor.empty()) {
      query.company_id = lead.value()->lead.company_id;
      query.visitor = lead.value()->lead.visitor;
    }
    query.lead_ids = {ref->lead_id};
    query.subjects = {ref->ToString()};
    return std::optional<TimelineQuery>(std::move(query));
  }
  auto company = parts_.store->GetCompany(ref->company_id);
  if (!company.ok()) return company.status();
  if (!company.value()) return std::optional<TimelineQuery>();
  query.company_id = ref->company_id;
  query.subjects = {ref->ToString()};
  LeadQuery people;
  people.account = query.company_id;
  people.excluded = ExcludedCompanies::kIncluded;
  people.limit = kMaxAccountPeople;
  // Their ids alone: reading the 500 leads whole (and their accounts) was
  // most of the first page's time on PostgreSQL.
  auto lead_ids = parts_.leads->Ids(people);
  if (!lead_ids.ok()) return lead_ids.status();
  query.lead_ids = std::move(lead_ids).value();
  for (int64_t lead_id : query.lead_ids) query.subjects.push_back(SubjectRef::Lead(lead_id).ToString());
  return std::optional<TimelineQuery>(std::move(query));
}

HttpAnswer HistoryApi::AddNote(const std::string& body_text, const Caller& caller, int64_t now_ms) {
  const auto parsed = JsonObjectBody(body_text);
  if (!parsed.ok()) return Refuse(parsed.status());
  NoteRecord note;
  std::string by;
  Status read = OptionalTexts(
      *parsed, {{"subject", 300, &note.subject}, {"text", kMaxNoteText, &note.text}, {"by", kMaxPersonName, &by}});
  if (!read.ok()) return Refuse(read);
  if (note.subject.empty()) return Malformed("subject is required (\"company:ID\" or \"lead:ID\")", "subject");
  if (note.text.find_first_not_of(" \t\r\n") == std::string::npos) return Malformed("text is required", "text");
  // A person's note is theirs; only scripts (the API token) name someone.
  note.by = caller.by_token ? (by.empty() ? "API" : by) : caller.name;
  note.at_ms = now_ms;
  note.subject = NormalSubject(note.subject).value_or(note.subject);  // unknown below when none
  auto known = QueryOf(note.subject);
  if (!known.ok()) return Refuse(known.status());
  if (!known.value()) return NoSuchSubject();
  auto stored = parts_.notes->Add(std::move(note));
  if (!stored.ok()) return Refuse(stored.status());
  return JsonAnswer(NoteJson(stored.value()), 201);
}

HttpAnswer HistoryApi::Notes(const std::string& subject) {
  auto known = QueryOf(subject);
  if (!known.ok()) return Refuse(known.status());
  if (!known.value()) return NoSuchSubject();
  auto notes = parts_.notes->OfSubject(NormalSubject(subject).value_or(subject));
  if (!notes.ok()) return Refuse(notes.status());
  json list = json::array();
  for (const NoteRecord& note : notes.value()) list.push_back(NoteJson(note));
  return JsonAnswer({{"notes", list}});
}

HttpAnswer HistoryApi::Timeline(const std::multimap<std::string, std::string>& params) {
  std::string subject;
  std::optional<TimelineCursor> after;
  int64_t limit = kDefaultTimelinePage;
  for (const auto& [key, value] : params) {
    if (key == "subject") {
      subject = value;
    } else if (key == "after") {
      after = ParseTimelineCursor(value);
      if (!after) return BadQuery("after must be the `next` of an earlier page", "after");
    } else if (key == "limit") {
      Result<int64_t> parsed = ParseLimit(value, kMaxTimelinePage);
      if (!parsed.ok()) return RefuseQuery(parsed.status());
      limit = *parsed;
    } else {
      return BadQuery("unknown query parameter \"" + key.substr(0, 50) + "\"", key.substr(0, 50));
    }
  }
  if (subject.empty()) return BadQuery("subject is required (\"company:ID\" or \"lead:ID\")", "subject");
  auto query = QueryOf(subject);
  if (!query.ok()) return Refuse(query.status());
  if (!query.value()) return NoSuchSubject();
  query.value()->after = after;
  query.value()->limit = static_cast<size_t>(limit);
  auto page = ReadTimeline(*parts_.store, *query.value());
  if (!page.ok()) return Refuse(page.status());
  json entries = json::array();
  for (const TimelineEntry& entry : page->entries) entries.push_back(EntryJson(entry));
  return JsonAnswer({{"subject", subject},
                     {"entries", entries},
                     {"next", page->next ? json(FormatTimelineCursor(*page->next)) : json(nullptr)}});
}

}  // namespace leadgate::collector
