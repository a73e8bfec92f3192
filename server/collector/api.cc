// Company list and detail as the collector contract's COMPANY objects.
#include "collector/api.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "collector/api_json.h"
#include "collector/iso_time.h"
#include "leadgate/engagement.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr int kMaxLimit = 10000;
constexpr int kRecentEvents = 2000;
constexpr size_t kRecentVisits = 20;

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
    for (size_t k = i; k < j; ++k) {
      if (events[k].type == "page") {
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
                      {"pages", pages}});
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

std::string Dump(const json& value) { return DumpJson(value); }

HttpAnswer BadParam(const std::string& message, const std::string& param) { return BadQuery(message, param); }

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

}  // namespace

json CompanyJson(const CompanyRecord& record, const FeedbackRecord* feedback) {
  json company = {{"id", record.info.id},
                  {"name", record.info.name},
                  {"domain", record.info.domain},
                  {"decision", nullptr},
                  {"points", {{"min", 0}, {"max", 0}}},
                  {"reasons", json::array()},
                  {"ask", json::array()},
                  {"facts", json::object()},
                  {"first_seen", FormatIsoTime(record.first_seen_ms)},
                  {"last_seen", FormatIsoTime(record.last_seen_ms)},
                  {"scored_at", nullptr}};
  if (record.score) {
    // Behind the events when older than last_seen (see the backlog metric).
    company["scored_at"] = FormatIsoTime(record.score->scored_ms);
    company["decision"] = record.score->decision;
    company["points"] = {{"min", JsonNumber(record.score->points_min)}, {"max", JsonNumber(record.score->points_max)}};
    json score = json::parse(record.score->score_json, nullptr, false);
    if (score.is_object()) {
      for (const char* key : {"reasons", "ask", "facts", "activity"})
        if (score.contains(key)) company[key] = score[key];
    }
  }
  company["feedback"] = feedback ? FeedbackJson(*feedback) : json(nullptr);
  return company;
}

std::string CsvField(std::string_view text) {
  std::string field(text);
  if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' || field[0] == '\t' ||
                         field[0] == '\r'))
    field.insert(field.begin(), '\'');
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

HttpAnswer Api::ListCompanies(const QueryParams& params) {
  CompanyQuery query;
  bool csv = false;
  for (const auto& [key, value] : params) {
    if (key == "decision") {
      if (value != "qualified" && value != "undecided" && value != "not_qualified")
        return BadParam("decision must be qualified, undecided or not_qualified", "decision");
      query.decision = value;
    } else if (key == "min_points") {
      char* end = nullptr;
      const double points = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !std::isfinite(points))
        return BadParam("min_points must be a number", "min_points");
      query.min_points = points;
    } else if (key == "since") {
      auto since = ParseIsoTime(value);
      if (!since) return BadParam("since must be an ISO 8601 time", "since");
      query.since_ms = *since;
    } else if (key == "limit") {
      char* end = nullptr;
      const long limit = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || limit < 1 || limit > kMaxLimit)
        return BadParam("limit must be an integer from 1 to " + std::to_string(kMaxLimit), "limit");
      query.limit = limit;
    } else if (key == "format") {
      if (value != "csv" && value != "json") return BadParam("format must be json or csv", "format");
      csv = value == "csv";
    } else {
      return BadParam("unknown query parameter \"" + key.substr(0, 50) + "\"", key.substr(0, 50));
    }
  }
  scorer_->Flush(std::chrono::seconds(5));
  auto records = store_->ListCompanies(query);
  if (!records.ok()) return Refuse(records.status(), "store");
  HttpAnswer answer;
  if (csv) {
    answer.content_type = "text/csv; charset=utf-8";
    answer.body = CompaniesCsv(records.value());
    return answer;
  }
  std::vector<std::string> subjects;
  for (const CompanyRecord& record : records.value()) subjects.push_back("company:" + record.info.id);
  auto latest = feedback_->Latest(subjects);
  if (!latest.ok()) return StoreFailure();
  json companies = json::array();
  for (const CompanyRecord& record : records.value()) {
    auto found = latest->find("company:" + record.info.id);
    companies.push_back(CompanyJson(record, found == latest->end() ? nullptr : &found->second));
  }
  answer.body = Dump(json{{"companies", companies}});
  return answer;
}

HttpAnswer Api::GetCompany(const std::string& id) {
  scorer_->Flush(std::chrono::seconds(5));
  auto record = store_->GetCompany(id);
  if (!record.ok()) return Refuse(record.status(), "store");
  if (!record.value()) return ErrorAnswer(HttpError{404, "no company with this id", "id"}, "not_found");
  auto latest = feedback_->Latest({"company:" + id});
  if (!latest.ok()) return StoreFailure();
  auto found = latest->find("company:" + id);
  json company = CompanyJson(*record.value(), found == latest->end() ? nullptr : &found->second);
  auto events = store_->RecentEvents(id, kRecentEvents);
  if (!events.ok()) return Refuse(events.status(), "store");
  company["visits"] = RecentVisits(std::move(events).value());
  HttpAnswer answer;
  answer.body = Dump(company);
  return answer;
}

}  // namespace leadgate::collector
