// Verdicts and acceptance rates.
#include "api/feedback_api.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>

#include "api/api_json.h"
#include "base/decimal_id.h"
#include "base/proportion.h"
#include "base/subject_ref.h"
#include "http/json_body.h"
#include "people/people_admin.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

// The MQLs counted under one key, by their latest verdict.
struct Tally {
  int64_t accepted = 0, rejected = 0, pending = 0;
  void Count(const std::string& verdict) {
    if (verdict.empty()) {
      ++pending;
    } else if (verdict == "accepted") {
      ++accepted;
    } else {
      ++rejected;
    }
  }
};

json Rounded(double rate) { return std::round(1000.0 * rate) / 1000.0; }

// A row of GET /api/acceptance, with the 95 % Wilson interval of its rate.
json TallyJson(const std::string& key, const Tally& tally) {
  const int64_t decided = tally.accepted + tally.rejected;
  json rate = nullptr, interval = nullptr;
  if (decided > 0) {
    rate = Rounded(static_cast<double>(tally.accepted) / decided);
    const Interval wilson = WilsonInterval(tally.accepted, decided);
    interval = json::array({Rounded(wilson.low), Rounded(wilson.high)});
  }
  return {{"key", key},
          {"mqls", tally.accepted + tally.rejected + tally.pending},
          {"accepted", tally.accepted},
          {"rejected", tally.rejected},
          {"pending", tally.pending},
          {"acceptance_rate", rate},
          {"interval", interval}};
}

// A row of GET /api/acceptance?by=reason: the MQLs rejected for `key`
// (a row as any other, none accepted or pending) and their `share` of all
// rejections, with its 95 % Wilson interval.
json ReasonJson(const std::string& key, int64_t rejected, int64_t all_rejected) {
  Tally tally;
  tally.rejected = rejected;
  json row = TallyJson(key, tally);
  const Interval wilson = WilsonInterval(rejected, all_rejected);
  row["share"] = Rounded(static_cast<double>(rejected) / all_rejected);
  row["share_interval"] = json::array({Rounded(wilson.low), Rounded(wilson.high)});
  return row;
}

// The rows by=reason, most rejections first (then by reason); a
// rejection stored without a reason counts under "(none)".
json ReasonRows(const std::map<std::string, int64_t>& rejections) {
  int64_t all_rejected = 0;
  for (const auto& [reason, count] : rejections) all_rejected += count;
  std::vector<std::pair<std::string, int64_t>> sorted(rejections.begin(), rejections.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  json rows = json::array();
  for (const auto& [reason, count] : sorted) rows.push_back(ReasonJson(reason, count, all_rejected));
  return rows;
}

std::string SourceOf(const std::string& subject) {
  const auto ref = SubjectRef::Parse(subject);
  return ref && ref->is_lead() ? "form" : "visitor";
}

// The key of a subject whose first touch names no campaign, or of a
// rejection stored without a reason.
constexpr char kNoKey[] = "(none)";

std::string CampaignKey(const Touch& touch) { return touch.utm_campaign.empty() ? kNoKey : touch.utm_campaign; }

std::string ReasonKey(const std::string& reason) { return reason.empty() ? kNoKey : reason; }

bool KnownGrouping(const std::string& by) {
  return by == "revision" || by == "source" || by == "rule" || by == "campaign" || by == "reason";
}

}  // namespace

std::vector<std::string> DefaultRejectReasons() {
  return {"too small", "no budget", "wrong territory", "competitor", "student or job seeker", "duplicate", "other"};
}

Result<std::optional<FeedbackApi::Subject>> FeedbackApi::FindSubject(const std::string& subject) {
  const auto ref = SubjectRef::Parse(subject);
  if (!ref) return std::optional<Subject>();
  if (ref->is_lead()) {
    auto lead = parts_.leads->Get(ref->lead_id);
    if (!lead.ok()) return lead.status();
    if (!lead.value()) return std::optional<Subject>();
    const json decision = json::parse(lead.value()->lead.decision_json, nullptr, false);
    return std::optional<Subject>(
        Subject{lead.value()->lead.decision, lead.value()->lead.policy, lead.value()->lead.revision,
                RuleNames(decision.is_object() ? decision.value("reasons", json()) : json())});
  }
  parts_.scorer->Flush(std::chrono::seconds(5));
  auto company = parts_.store->GetCompany(ref->company_id);
  if (!company.ok()) return company.status();
  if (!company.value() || !company.value()->score) return std::optional<Subject>();
  const CompanyScore& score = *company.value()->score;
  const json details = json::parse(score.score_json, nullptr, false);
  return std::optional<Subject>(Subject{score.decision, parts_.policy_name, score.policy_revision,
                                        RuleNames(details.is_object() ? details.value("reasons", json()) : json())});
}

Result<std::string> FeedbackApi::CampaignOf(const std::string& subject) {
  const auto ref = SubjectRef::Parse(subject);
  if (!ref) return std::string(kNoKey);
  if (ref->is_lead()) {
    auto lead = parts_.leads->Get(ref->lead_id);
    if (!lead.ok()) return lead.status();
    return lead.value() ? CampaignKey(lead.value()->lead.touch) : std::string(kNoKey);
  }
  auto company = parts_.store->GetCompany(ref->company_id);
  if (!company.ok()) return company.status();
  return company.value() ? CampaignKey(company.value()->first_touch) : std::string(kNoKey);
}

HttpAnswer FeedbackApi::Post(const std::string& body_text, const Caller& caller, int64_t now_ms) {
  const auto parsed = JsonObjectBody(body_text);
  if (!parsed.ok()) return Refuse(parsed.status());
  const json& body = *parsed;
  FeedbackRecord feedback;
  Status read = OptionalTexts(body, {{"subject", 300, &feedback.subject},
                                     {"verdict", 20, &feedback.verdict},
                                     {"reason", kMaxFeedbackReason, &feedback.reason},
                                     {"note", kMaxFeedbackNote, &feedback.note},
                                     {"by", kMaxPersonName, &feedback.by}});
  if (!read.ok()) return Refuse(read);
  if (feedback.subject.empty()) return Malformed("subject is required (\"company:ID\" or \"lead:ID\")", "subject");
  if (feedback.verdict != "accepted" && feedback.verdict != "rejected")
    return Malformed("verdict must be accepted or rejected", "verdict");
  if (feedback.verdict == "rejected" && feedback.reason.empty())
    return Malformed("reason is required for a rejection", "reason");
  auto stored = Record(std::move(feedback), caller, now_ms);
  if (!stored.ok()) return Refuse(stored.status());
  return JsonAnswer(FeedbackJson(stored.value()), 201);
}

Result<FeedbackRecord> FeedbackApi::Record(FeedbackRecord feedback, const Caller& caller, int64_t now_ms) {
  // A person's verdict is theirs; only scripts (the API token) name someone.
  if (!caller.by_token) feedback.by = caller.name;

  feedback.subject = NormalSubject(feedback.subject).value_or(feedback.subject);  // unknown below when none
  auto subject = FindSubject(feedback.subject);
  if (!subject.ok()) return subject.status();
  if (!subject.value()) return Status::NotFound("no such subject", "subject");
  if (feedback.source.empty()) feedback.source = caller.by_token ? "api" : "inbox";
  feedback.at_ms = now_ms;
  feedback.policy = subject.value()->policy;
  feedback.revision = subject.value()->revision;
  feedback.subject_decision = subject.value()->decision;
  feedback.rules = subject.value()->rules;
  return parts_.feedback->Add(std::move(feedback));
}

HttpAnswer FeedbackApi::Reasons() const {
  return JsonAnswer({{"reasons", parts_.reject_reasons.empty() ? DefaultRejectReasons() : parts_.reject_reasons}});
}

HttpAnswer FeedbackApi::History(const std::string& subject) {
  auto known = FindSubject(subject);
  if (!known.ok()) return Refuse(known.status());
  if (!known.value()) return Refuse(Status::NotFound("no such subject", "subject"));
  auto verdicts = parts_.feedback->OfSubject(NormalSubject(subject).value_or(subject));
  if (!verdicts.ok()) return Refuse(verdicts.status());
  json feedback = json::array();
  for (const FeedbackRecord& verdict : verdicts.value()) feedback.push_back(FeedbackJson(verdict));
  return JsonAnswer({{"feedback", feedback}});
}

Result<std::map<std::string, FeedbackApi::Mql>> FeedbackApi::Mqls() {
  std::map<std::string, Mql> mqls;  // by subject
  LeadQuery qualified_leads;
  qualified_leads.decision = Verdict::kQualified;
  qualified_leads.limit = std::numeric_limits<int64_t>::max();
  auto leads = parts_.leads->List(qualified_leads);
  if (!leads.ok()) return leads.status();
  for (const LeadRecord& record : leads->leads) {
    const json decision = json::parse(record.lead.decision_json, nullptr, false);
    mqls[SubjectRef::Lead(record.id).ToString()] =
        Mql{record.lead.revision, RuleNames(decision.is_object() ? decision.value("reasons", json()) : json()), "", "",
            CampaignKey(record.lead.touch)};
  }
  parts_.scorer->Flush(std::chrono::seconds(5));
  CompanyQuery qualified_companies;
  qualified_companies.decision = Verdict::kQualified;
  qualified_companies.limit = std::numeric_limits<int64_t>::max();
  auto companies = parts_.store->ListCompanies(qualified_companies);
  if (!companies.ok()) return companies.status();
  for (const CompanyRecord& record : companies.value()) {
    const json details = json::parse(record.score->score_json, nullptr, false);
    mqls[SubjectRef::Company(record.info.id).ToString()] =
        Mql{record.score->policy_revision, RuleNames(details.is_object() ? details.value("reasons", json()) : json()),
            "", "", CampaignKey(record.first_touch)};
  }
  // A judged MQL counts under its latest verdict's key (oldest first: the
  // last one seen is the latest); a subject qualified when judged is one.
  auto verdicts = parts_.feedback->All();
  if (!verdicts.ok()) return verdicts.status();
  std::map<std::string, FeedbackRecord> latest;
  std::set<std::string> judged_as_mql;
  for (const FeedbackRecord& feedback : verdicts.value()) {
    latest[feedback.subject] = feedback;
    if (ParseDecisionName(feedback.subject_decision) == Verdict::kQualified) judged_as_mql.insert(feedback.subject);
  }
  for (const auto& [subject, feedback] : latest)
    if (mqls.count(subject) || judged_as_mql.count(subject))
      mqls[subject] = Mql{feedback.revision, feedback.rules, feedback.verdict, feedback.reason, mqls[subject].campaign};
  return mqls;
}

HttpAnswer FeedbackApi::Acceptance(const std::multimap<std::string, std::string>& params) {
  std::string by = "revision";
  for (const auto& [key, value] : params) {
    if (key != "by") return BadQuery("unknown query parameter \"" + key.substr(0, 50) + "\"", key.substr(0, 50));
    if (!KnownGrouping(value)) return BadQuery("by must be revision, source, rule, campaign or reason", "by");
    by = value;
  }
  auto mqls = Mqls();
  if (!mqls.ok()) return Refuse(mqls.status());
  auto rows = AcceptanceRows(by, mqls.value());
  if (!rows.ok()) return Refuse(rows.status());
  return JsonAnswer({{"by", by}, {"rows", rows.value()}});
}

Result<json> FeedbackApi::AcceptanceRows(const std::string& by, const std::map<std::string, Mql>& mqls) {
  if (by == "reason") {
    std::map<std::string, int64_t> rejections;
    for (const auto& [subject, mql] : mqls)
      if (mql.verdict == "rejected") ++rejections[ReasonKey(mql.reason)];
    return ReasonRows(rejections);
  }
  std::map<std::string, Tally> tallies;
  for (const auto& [subject, mql] : mqls) {
    if (by == "revision") tallies[std::to_string(mql.revision)].Count(mql.verdict);
    if (by == "source") tallies[SourceOf(subject)].Count(mql.verdict);
    if (by == "campaign") {
      auto campaign = mql.campaign.empty() ? CampaignOf(subject) : Result<std::string>(mql.campaign);
      if (!campaign.ok()) return campaign.status();
      tallies[campaign.value()].Count(mql.verdict);
    }
    if (by == "rule")
      for (const std::string& rule : std::set<std::string>(mql.rules.begin(), mql.rules.end()))
        tallies[rule].Count(mql.verdict);
  }
  std::vector<std::string> keys;
  for (const auto& [key, tally] : tallies) keys.push_back(key);
  if (by == "revision")
    std::sort(keys.begin(), keys.end(),
              [](const std::string& a, const std::string& b) { return ParseDecimalId(a) < ParseDecimalId(b); });
  json rows = json::array();
  for (const std::string& key : keys) rows.push_back(TallyJson(key, tallies[key]));
  return rows;
}

}  // namespace leadgate::collector
