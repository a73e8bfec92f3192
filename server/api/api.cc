// Company list and detail as the collector contract's COMPANY objects.
#include "api/api.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/api_json.h"
#include "api/csv_table.h"
#include "base/decimal_id.h"
#include "base/iso_time.h"
#include "base/subject_ref.h"
#include "leadgate/engagement.h"
#include "records/search_words.h"
#include "records/subject_json.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr int kMaxLimit = 10000;
constexpr int kRecentEvents = 2000;
// The visits an account's page shows, newest first.
constexpr size_t kRecentVisits = 20;
// The events of the recent visits are read this many at a time.
constexpr int kVisitEventsChunk = 200;

// Sessions of the most recent events, newest first.
json RecentVisits(std::vector<RecentEvent> events) {
  std::sort(events.begin(), events.end(), [](const RecentEvent& a, const RecentEvent& b) {
    return std::tie(a.visitor, a.time_ms) < std::tie(b.visitor, b.time_ms);
  });
  std::vector<json> visits;
  std::vector<int64_t> visit_end;
  for (size_t i = 0; i < events.size();) {
    size_t j = i + 1;
    while (j < events.size() && events[j].visitor == events[i].visitor &&
           SameVisit(events[j - 1].time_ms, events[j].time_ms))
      ++j;
    json pages = json::array();
    double seconds = 0;
    int pageviews = 0;
    const Touch* source = nullptr;  // of the visit's first page view
    for (size_t k = i; k < j; ++k) {
      if (events[k].type == "page") {
        if (!source) source = &events[k].touch;
        ++pageviews;
        pages.push_back(events[k].path);
      } else if (events[k].seconds) {
        seconds += *events[k].seconds;
      }
    }
    visits.push_back({{"visitor", events[i].visitor},
                      {"start", FormatIsoTime(events[i].time_ms)},
                      {"end", FormatIsoTime(events[j - 1].time_ms)},
                      {"pageviews", pageviews},
                      {"seconds", JsonNumber(seconds)},
                      {"pages", pages},
                      {"source", source ? TouchJson(*source) : json(nullptr)}});
    visit_end.push_back(events[j - 1].time_ms);
    i = j;
  }
  std::vector<size_t> order(visits.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return visit_end[a] > visit_end[b]; });
  json result = json::array();
  for (size_t i = 0; i < order.size() && i < kRecentVisits; ++i) result.push_back(visits[order[i]]);
  return result;
}

// Whether the kRecentVisits newest visits in `events` (a company's newest,
// newest first) are whole as RecentVisits groups them: every event not read
// yet (none newer than the last read) is a visit's gap or more before each
// of their starts, and ends no visit newer than theirs.
bool NewestVisitsWhole(const std::vector<RecentEvent>& events) {
  struct Visit {
    int64_t start_ms, end_ms;
  };
  std::map<std::string, std::vector<Visit>> by_visitor;  // each visitor's, newest first
  for (const RecentEvent& event : events) {
    std::vector<Visit>& visits = by_visitor[event.visitor];
    if (!visits.empty() && SameVisit(event.time_ms, visits.back().start_ms))
      visits.back().start_ms = event.time_ms;
    else
      visits.push_back({event.time_ms, event.time_ms});
  }
  std::vector<Visit> all;
  for (const auto& [visitor, visits] : by_visitor) all.insert(all.end(), visits.begin(), visits.end());
  if (all.size() < kRecentVisits) return false;
  std::partial_sort(all.begin(), all.begin() + kRecentVisits, all.end(),
                    [](const Visit& a, const Visit& b) { return a.end_ms > b.end_ms; });
  const int64_t last_read_ms = events.back().time_ms;
  return std::all_of(all.begin(), all.begin() + kRecentVisits, [&](const Visit& visit) {
    return !SameVisit(last_read_ms, visit.start_ms) && visit.end_ms > last_read_ms;
  });
}

// The events RecentVisits needs: the company's newest, read a chunk at a
// time until its visits are whole, at most kRecentEvents (a busy account's
// page reads a few hundred rather than all of them).
Result<std::vector<RecentEvent>> VisitEvents(Store& store, const std::string& company_id) {
  std::vector<RecentEvent> events;
  while (events.size() < static_cast<size_t>(kRecentEvents)) {
    const int chunk = std::min<int>(kVisitEventsChunk, kRecentEvents - static_cast<int>(events.size()));
    auto read = store.RecentEvents(company_id, chunk, events.empty() ? nullptr : &events.back());
    if (!read.ok()) return read.status();
    const bool last = static_cast<int>(read->size()) < chunk;
    events.insert(events.end(), std::make_move_iterator(read->begin()), std::make_move_iterator(read->end()));
    if (last || NewestVisitsWhole(events)) break;
  }
  return events;
}

std::string Dump(const json& value) { return DumpJson(value); }

std::string CompaniesCsv(const std::vector<CompanyRecord>& records) {
  std::string csv =
      "id,name,domain,country,decision,points_min,points_max,visits,pageviews,reasons,ask,first_seen,last_seen\r\n";
  for (const CompanyRecord& record : records) {
    const json company = CompanyJson(record);
    const std::string reasons = ReasonsText(company["reasons"]);
    std::string ask;
    for (const json& fact : company["ask"]) {
      if (!ask.empty()) ask += "; ";
      ask += fact.is_string() ? fact.get<std::string>() : fact.dump();
    }
    const json& facts = company["facts"];
    auto fact_text = [&](const char* id) { return facts.contains(id) ? Dump(facts[id]) : std::string(); };
    const std::string country = facts.contains("company.country") && facts["company.country"].is_string()
                                    ? facts["company.country"].get<std::string>()
                                    : record.info.country;
    csv += CsvField(record.info.id) + "," + CsvField(record.info.name) + "," + CsvField(record.info.domain) + "," +
           CsvField(country) + "," +
           CsvField(company["decision"].is_string() ? company["decision"].get<std::string>() : "") + "," +
           company["points"]["min"].dump() + "," + company["points"]["max"].dump() + "," +
           fact_text("behavior.visits") + "," + fact_text("behavior.pageviews") + "," + CsvField(reasons) + "," +
           CsvField(ask) + "," + company["first_seen"].get<std::string>() + "," +
           company["last_seen"].get<std::string>() + "\r\n";
  }
  return csv;
}

constexpr int64_t kDayMs = 86400000;
constexpr int64_t kMaxOffset = 10000000;
constexpr size_t kMaxFilterText = 200;

// The companies list's query and its format.
struct ListRequest {
  CompanyListQuery query;
  bool csv = false;
};

// Reads the list's query; InvalidArgument naming a bad parameter.
Result<ListRequest> ParseListQuery(const QueryParams& params, const std::string& caller_name, int64_t now_ms) {
  ListRequest request;
  CompanyListQuery& query = request.query;
  auto fail = [](const std::string& message, const std::string& param) {
    return Status::InvalidArgument(message, param);
  };
  for (const auto& [key, value] : params) {
    const bool text_filter = key == "industry" || key == "country" || key == "visited" || key == "q" ||
                             key == "utm_source" || key == "utm_campaign";
    if (text_filter && value.size() > kMaxFilterText)
      return fail(key + " is longer than " + std::to_string(kMaxFilterText) + " bytes", key);
    OwnershipFilter ownership{query.owner, query.excluded};
    Result<bool> owned = ReadOwnershipParam(key, value, caller_name, &ownership);
    if (!owned.ok()) return owned.status();
    if (*owned) {
      query.owner = ownership.owner;
      query.excluded = ownership.excluded;
    } else if (key == "decision") {
      Result<Verdict> decision = ParseDecisionFilter(value);
      if (!decision.ok()) return decision.status();
      query.decision = *decision;
    } else if (key == "min_points") {
      // Decimal only: strtod alone also takes hex, "inf" and stops at a NUL.
      char* end = nullptr;
      const bool decimal = !value.empty() && value.find_first_not_of("0123456789.-") == std::string::npos;
      const double points = decimal ? std::strtod(value.c_str(), &end) : 0;
      if (!decimal || end != value.c_str() + value.size() || !std::isfinite(points))
        return fail("min_points must be a decimal number", key);
      query.min_points = points;
    } else if (key == "since") {
      auto since = ParseIsoTime(value);
      if (!since) return fail("since must be an ISO 8601 time", "since");
      query.since_ms = std::max(query.since_ms.value_or(*since), *since);
    } else if (key == "days") {
      const std::optional<int64_t> days = ParseWholeNumber(value, 1, 36500);
      if (!days) return fail("days must be a whole number from 1 to 36500", key);
      const int64_t since = now_ms - *days * kDayMs;
      query.since_ms = std::max(query.since_ms.value_or(since), since);
    } else if (key == "limit") {
      const std::optional<int64_t> limit = ParseWholeNumber(value, 1, kMaxLimit);
      if (!limit) return fail("limit must be an integer from 1 to " + std::to_string(kMaxLimit), "limit");
      query.limit = *limit;
    } else if (key == "offset") {
      const std::optional<int64_t> offset = ParseWholeNumber(value, 0, kMaxOffset);
      if (!offset) return fail("offset must be an integer from 0 to " + std::to_string(kMaxOffset), "offset");
      query.offset = *offset;
    } else if (key == "format") {
      if (value != "csv" && value != "json") return fail("format must be json or csv", "format");
      request.csv = value == "csv";
    } else if (key == "industry" || key == "country") {
      if (!value.empty()) (key == "industry" ? query.industry : query.country) = value;
    } else if (key == "visited") {
      if (!value.empty()) query.page_group = value;
    } else if (key == "q") {
      if (!value.empty() && SearchWords(value).empty()) return fail("q must hold a letter or a digit", key);
      if (!value.empty()) query.search = value;
    } else if (key == "utm_source" || key == "utm_campaign") {
      if (!value.empty()) (key == "utm_source" ? query.utm_source : query.utm_campaign) = value;
    } else if (key == "sort") {
      if (value == "best")
        query.sort = CompanySort::kBest;
      else if (value == "points")
        query.sort = CompanySort::kPoints;
      else if (value == "recent")
        query.sort = CompanySort::kRecent;
      else if (value == "name")
        query.sort = CompanySort::kName;
      else
        return fail("sort must be best, points, recent or name", key);
    } else {
      return fail("unknown query parameter \"" + key.substr(0, 50) + "\"", key.substr(0, 50));
    }
  }
  return request;
}

}  // namespace

Result<json> Api::CompaniesJson(const std::vector<CompanyRecord>& records) {
  std::vector<std::string> subjects, domains;
  for (const CompanyRecord& record : records) {
    subjects.push_back(SubjectRef::Company(record.info.id).ToString());
    if (!record.info.domain.empty()) domains.push_back(record.info.domain);
  }
  auto latest = feedback_->Latest(subjects);
  if (!latest.ok()) return latest.status();
  auto owners = assignments_->Owners(subjects);
  if (!owners.ok()) return owners.status();
  auto exclusions = assignments_->ExclusionsOf(domains);
  if (!exclusions.ok()) return exclusions.status();
  json companies = json::array();
  for (const CompanyRecord& record : records) {
    const std::string subject = SubjectRef::Company(record.info.id).ToString();
    auto found = latest->find(subject);
    json company = CompanyJson(record, found == latest->end() ? nullptr : &found->second);
    auto owner = owners->find(subject);
    company["owner"] = owner == owners->end() ? json(nullptr) : json(owner->second);
    auto excluded = exclusions->find(record.info.domain);
    company["excluded"] = excluded == exclusions->end()
                              ? json(nullptr)
                              : json{{"label", excluded->second.label}, {"note", excluded->second.note}};
    companies.push_back(std::move(company));
  }
  return companies;
}

HttpAnswer Api::ListCompanies(const QueryParams& params, const std::string& caller_name, int64_t now_ms) {
  auto request = ParseListQuery(params, caller_name, now_ms);
  if (!request.ok()) return RefuseQuery(request.status());
  const CompanyListQuery& query = request->query;
  const bool csv = request->csv;
  scorer_->Flush(std::chrono::seconds(5));
  auto page = list_.List(query);
  if (!page.ok()) return Refuse(page.status(), "store");
  HttpAnswer answer;
  if (csv) {
    answer.content_type = "text/csv; charset=utf-8";
    answer.body = CompaniesCsv(page->records);
    return answer;
  }
  auto companies = CompaniesJson(page->records);
  if (!companies.ok()) return Refuse(companies.status());
  answer.body = Dump(json{{"companies", std::move(companies).value()},
                          {"total", page->total},
                          {"total_exact", page->total_exact},
                          {"offset", query.offset},
                          {"limit", query.limit}});
  return answer;
}

HttpAnswer Api::FilterChoices() {
  json choices = json::object();
  for (const auto& [column, key] : {std::pair<const char*, const char*>{"country", "countries"},
                                    {"industry", "industries"},
                                    {"page_groups", "page_groups"}}) {
    auto values = list_.Values(column);
    if (!values.ok()) return Refuse(values.status());
    choices[key] = values.value();
  }
  for (const auto& [field, key] :
       {std::pair<const char*, const char*>{"utm_source", "utm_sources"}, {"utm_campaign", "utm_campaigns"}}) {
    auto values = store_->FirstTouchValues(field);
    if (!values.ok()) return Refuse(values.status());
    choices[key] = values.value();
  }
  return JsonAnswer(choices);
}

Result<json> Api::AccountPeople(const std::string& id) {
  auto leads = leads_.List(AccountPeopleQuery(id));
  if (!leads.ok()) return leads.status();
  return PeopleJson(leads->leads);
}

HttpAnswer Api::GetCompany(const std::string& id) {
  scorer_->Flush(std::chrono::seconds(5));
  auto record = store_->GetCompany(id);
  if (!record.ok()) return Refuse(record.status(), "store");
  if (!record.value()) return Refuse(Status::NotFound("no company with this id", "id"));
  auto listed = CompaniesJson({*record.value()});
  if (!listed.ok()) return Refuse(listed.status());
  json company = std::move(listed.value()[0]);
  auto events = VisitEvents(*store_, id);
  if (!events.ok()) return Refuse(events.status(), "store");
  company["visits"] = RecentVisits(std::move(events).value());
  auto people = AccountPeople(id);
  if (!people.ok()) return Refuse(people.status(), "store");
  company["leads"] = std::move(people).value();
  HttpAnswer answer;
  answer.body = Dump(company);
  return answer;
}

}  // namespace leadgate::collector
