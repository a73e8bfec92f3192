// The timeline's kinds, each read newest first after the cursor from its
// table's (subject or company, time, id) index, then merged.
#include "records/timeline_store.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <tuple>
#include <variant>

#include "base/subject_ref.h"
#include "records/subject_json.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr const char* kKindNames[] = {"visit", "lead", "handoff", "assignment", "verdict", "note"};

// Positional parameters in the order their `?` appear in the SQL.
class Params {
 public:
  std::string Add(std::variant<int64_t, std::string> value) {
    values_.push_back(std::move(value));
    return "?";
  }
  // "?, ?, ..." for `items`, padded to a power of two with the last item (a
  // repeat changes nothing in an IN list) so that few statements are cached.
  std::string List(const std::vector<std::string>& items) {
    size_t padded = 1;
    while (padded < items.size()) padded *= 2;
    std::string sql;
    for (size_t i = 0; i < padded; ++i) sql += (i ? ", " : "") + Add(items[std::min(i, items.size() - 1)]);
    return sql;
  }
  void BindTo(Statement& statement) const {
    for (size_t i = 0; i < values_.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      if (const auto* number = std::get_if<int64_t>(&values_[i])) {
        statement.Bind(index, *number);
      } else {
        statement.Bind(index, std::get<std::string>(values_[i]));
      }
    }
  }

 private:
  std::vector<std::variant<int64_t, std::string>> values_;
};

// The rows of `kind` that come after the cursor, newest first: (at, kind,
// id) below the cursor's.
std::string AfterCursor(const TimelineQuery& query, TimelineKind kind, const std::string& at, Params& params) {
  if (!query.after) return "";
  const TimelineCursor& after = *query.after;
  if (kind < after.kind) return " AND " + at + " <= " + params.Add(after.at_ms);
  if (kind > after.kind) return " AND " + at + " < " + params.Add(after.at_ms);
  std::string sql = " AND (" + at + " < " + params.Add(after.at_ms);
  sql += " OR (" + at + " = " + params.Add(after.at_ms);
  sql += " AND id < " + params.Add(after.id) + "))";
  return sql;
}

// Runs `sql` (its columns: id, at, then the kind's) and adds an entry per row.
using ReadRow = std::function<TimelineEntry(const Statement&)>;
Status ReadKind(Db& db, TimelineKind kind, const std::string& sql, const Params& params, const ReadRow& read,
                std::vector<TimelineEntry>* entries) {
  auto statement = db.Prepare(sql);
  if (!statement.ok()) return statement.status();
  params.BindTo(*statement.value());
  Status step;
  while (statement.value()->Step(&step)) {
    TimelineEntry entry = read(*statement.value());
    entry.position = TimelineCursor{statement.value()->Int(1), kind, statement.value()->Int(0)};
    entries->push_back(std::move(entry));
  }
  return step;
}

// ORDER BY and LIMIT of every kind's query. The limit is a parameter:
// PostgreSQL plans a statement it has run five times once for any
// parameters, and with a written LIMIT 51 above the 33 events it guesses
// a company has, that plan read all of an account's 12,407 events and
// sorted them for the first page of its timeline (40-60 ms); with the
// limit a parameter it walks the (company_id, time_ms) index newest first
// (0.3-0.5 ms by EXPLAIN ANALYZE of the generic plan).
std::string Newest(const std::string& at, size_t limit, Params& params) {
  return " ORDER BY " + at + " DESC, id DESC LIMIT " + params.Add(static_cast<int64_t>(limit));
}

Status ReadVisits(Db& db, const TimelineQuery& query, std::vector<TimelineEntry>* entries) {
  if (query.company_id.empty()) return Status::Ok();
  Params params;
  std::string sql =
      "SELECT id, time_ms, type, name, path, seconds, visitor, referrer, utm_source, utm_medium, utm_campaign "
      "FROM events WHERE company_id = " +
      params.Add(query.company_id);
  if (!query.visitor.empty()) sql += " AND visitor = " + params.Add(query.visitor);
  sql += AfterCursor(query, TimelineKind::kVisit, "time_ms", params);
  sql += Newest("time_ms", query.limit + 1, params);
  const std::string subject = SubjectRef::Company(query.company_id).ToString();
  return ReadKind(
      db, TimelineKind::kVisit, sql, params,
      [&](const Statement& row) {
        const auto seconds = row.OptionalReal(5);
        return TimelineEntry{{},
                             subject,
                             {{"type", row.Text(2)},
                              {"name", row.IsNull(3) ? json(nullptr) : json(row.Text(3))},
                              {"path", row.IsNull(4) ? json(nullptr) : json(row.Text(4))},
                              {"seconds", seconds ? json(*seconds) : json(nullptr)},
                              {"visitor", row.Text(6).substr(0, 8)},
                              {"source", TouchJson(ReadTouchColumns(row, 7))}}};
      },
      entries);
}

Status ReadLeads(Db& db, const TimelineQuery& query, std::vector<TimelineEntry>* entries) {
  if (query.lead_ids.empty()) return Status::Ok();
  Params params;
  // Lead ids are compared as numbers (PostgreSQL refuses text against BIGINT).
  std::string sql = "SELECT id, received_ms, decision, answers_json, revision, policy FROM leads WHERE id IN (";
  for (size_t i = 0; i < query.lead_ids.size(); ++i) sql += (i ? ", " : "") + params.Add(query.lead_ids[i]);
  sql += ")";
  sql += AfterCursor(query, TimelineKind::kLead, "received_ms", params);
  sql += Newest("received_ms", query.limit + 1, params);
  return ReadKind(
      db, TimelineKind::kLead, sql, params,
      [](const Statement& row) {
        const json answers = json::parse(row.Text(3), nullptr, false);
        return TimelineEntry{{},
                             SubjectRef::Lead(row.Int(0)).ToString(),
                             {{"lead", std::to_string(row.Int(0))},
                              {"decision", row.Text(2)},
                              {"answers", answers.is_object() ? answers : json::object()},
                              {"policy", row.Text(5)},
                              {"revision", row.Int(4)}}};
      },
      entries);
}

// Verdicts, notes, assignments and hand-offs: rows of the query's subjects.
Status ReadSubjectRows(Db& db, const TimelineQuery& query, TimelineKind kind, const std::string& columns,
                       const std::string& table, const std::string& at, const ReadRow& read,
                       std::vector<TimelineEntry>* entries) {
  if (query.subjects.empty()) return Status::Ok();
  // One piece at a time: the order of the `?` is the order of the values.
  Params params;
  std::string sql = "SELECT id, " + at + ", subject, " + columns + " FROM " + table + " WHERE subject IN (";
  sql += params.List(query.subjects) + ")";
  sql += AfterCursor(query, kind, at, params);
  sql += Newest(at, query.limit + 1, params);
  return ReadKind(db, kind, sql, params, read, entries);
}

json TextOrNull(const Statement& row, int column) {
  return row.IsNull(column) ? json(nullptr) : json(row.Text(column));
}

Status ReadVerdicts(Db& db, const TimelineQuery& query, std::vector<TimelineEntry>* entries) {
  return ReadSubjectRows(
      db, query, TimelineKind::kVerdict, "verdict, reason, note, by_name, revision, source, answers_json", "feedback",
      "at_ms",
      [](const Statement& row) {
        const json answers = json::parse(row.IsNull(9) ? "null" : row.Text(9), nullptr, false);
        return TimelineEntry{{},
                             row.Text(2),
                             {{"verdict", row.Text(3)},
                              {"reason", TextOrNull(row, 4)},
                              {"note", TextOrNull(row, 5)},
                              {"by", TextOrNull(row, 6)},
                              {"revision", row.Int(7)},
                              {"source", TextOrNull(row, 8)},
                              {"answers", answers.is_object() ? answers : json(nullptr)}}};
      },
      entries);
}

Status ReadNotes(Db& db, const TimelineQuery& query, std::vector<TimelineEntry>* entries) {
  return ReadSubjectRows(
      db, query, TimelineKind::kNote, "body, by_name", "notes", "at_ms",
      [](const Statement& row) {
        return TimelineEntry{{}, row.Text(2), {{"text", row.Text(3)}, {"by", row.Text(4)}}};
      },
      entries);
}

Status ReadAssignments(Db& db, const TimelineQuery& query, std::vector<TimelineEntry>* entries) {
  return ReadSubjectRows(
      db, query, TimelineKind::kAssignment, "owner, by_name", "assignment_log", "at_ms",
      [](const Statement& row) {
        return TimelineEntry{
            {}, row.Text(2), {{"owner", row.Text(3).empty() ? json(nullptr) : json(row.Text(3))}, {"by", row.Text(4)}}};
      },
      entries);
}

Status ReadHandoffs(Db& db, const TimelineQuery& query, std::vector<TimelineEntry>* entries) {
  return ReadSubjectRows(
      db, query, TimelineKind::kHandoff, "revision", "mql_handoffs", "qualified_ms",
      [](const Statement& row) {
        return TimelineEntry{{}, row.Text(2), {{"revision", row.Int(3)}}};
      },
      entries);
}

bool Newer(const TimelineEntry& a, const TimelineEntry& b) {
  const TimelineCursor &x = a.position, &y = b.position;
  return std::make_tuple(x.at_ms, static_cast<int>(x.kind), x.id) >
         std::make_tuple(y.at_ms, static_cast<int>(y.kind), y.id);
}

}  // namespace

const char* TimelineKindName(TimelineKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::string FormatTimelineCursor(const TimelineCursor& cursor) {
  return std::to_string(cursor.at_ms) + "." + std::to_string(static_cast<int>(cursor.kind)) + "." +
         std::to_string(cursor.id);
}

std::optional<TimelineCursor> ParseTimelineCursor(const std::string& text) {
  int64_t parts[3] = {0, 0, 0};
  const char* at = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 3; ++i) {
    auto [next, error] = std::from_chars(at, end, parts[i]);
    if (error != std::errc() || next == at || parts[i] < 0) return std::nullopt;
    at = next;
    if (i < 2 && (at == end || *at++ != '.')) return std::nullopt;
  }
  if (at != end || parts[1] > static_cast<int64_t>(TimelineKind::kNote)) return std::nullopt;
  return TimelineCursor{parts[0], static_cast<TimelineKind>(parts[1]), parts[2]};
}

Result<TimelinePage> ReadTimeline(Store& store, const TimelineQuery& query) {
  std::vector<TimelineEntry> entries;
  Status status = store.ReadWith([&](Db& db) -> Status {
    for (auto read : {ReadVisits, ReadLeads, ReadVerdicts, ReadNotes, ReadAssignments, ReadHandoffs}) {
      Status kind = read(db, query, &entries);
      if (!kind.ok()) return kind;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  std::sort(entries.begin(), entries.end(), Newer);
  TimelinePage page;
  if (entries.size() > query.limit) {
    entries.resize(query.limit);
    page.next = entries.back().position;
  }
  page.entries = std::move(entries);
  return page;
}

}  // namespace leadgate::collector
