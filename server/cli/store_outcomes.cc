// Sales verdicts in the store -> labeled leads -> outcome data.
#include "cli/store_outcomes.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "base/subject_ref.h"
#include "crm/crm_records.h"
#include "records/feedback_store.h"
#include "records/lead_store.h"
#include "scoring/subject_facts.h"
#include "store/pg_db.h"
#include "store/store.h"

namespace leadgate::cli {
namespace {

constexpr double kDayMs = 86400000.0;

using collector::FeedbackRecord;
using collector::Store;

// The subject of one verdict with its facts then; nullopt when the subject
// is gone (retention deleted the company, say).
Result<std::optional<calibrate::LabeledLead>> Labeled(const Policy& policy, Store& store, collector::LeadStore& leads,
                                                      const FeedbackRecord& verdict) {
  calibrate::LabeledLead labeled;
  labeled.converted = verdict.verdict == "accepted";
  labeled.id = static_cast<size_t>(verdict.id);
  labeled.day = std::floor(static_cast<double>(verdict.at_ms) / kDayMs);
  const auto subject = collector::SubjectRef::Parse(verdict.subject);
  if (!subject) return std::optional<calibrate::LabeledLead>();
  if (subject->is_lead()) {
    auto lead = leads.Get(subject->lead_id);
    if (!lead.ok()) return lead.status();
    if (!lead.value()) return std::optional<calibrate::LabeledLead>();
    const collector::Lead& stored = lead.value()->lead;
    std::optional<collector::CompanyRecord> company;
    if (!stored.company_id.empty()) {
      auto record = store.GetCompany(stored.company_id);
      if (!record.ok()) return record.status();
      company = record.value();
    }
    auto facts = collector::StoredLeadFacts(policy, store, stored, company);
    if (!facts.ok()) return facts.status();
    labeled.facts = std::move(facts).value();
    labeled.group = stored.company_id;
    labeled.day = std::floor(static_cast<double>(stored.received_ms) / kDayMs);
    return std::optional(std::move(labeled));
  }
  auto company = store.GetCompany(subject->company_id);
  if (!company.ok()) return company.status();
  if (!company.value()) return std::optional<calibrate::LabeledLead>();
  auto facts = collector::CompanySubjectFactsAt(policy, store, company.value()->info, verdict.at_ms);
  if (!facts.ok()) return facts.status();
  labeled.facts = std::move(facts).value();
  labeled.group = subject->company_id;
  return std::optional(std::move(labeled));
}

}  // namespace

std::string StoreName(const std::string& location) {
  if (!collector::IsPostgresUrl(location)) return location;
  // postgres://user:password@host/db -> postgres://user@host/db
  const size_t scheme_end = location.find("://") + 3;
  const size_t at = location.find('@', scheme_end), colon = location.find(':', scheme_end);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return location;
  return location.substr(0, colon) + location.substr(at);
}

Result<calibrate::OutcomeData> LoadStoreOutcomes(const std::string& location, const Policy& policy) {
  Store::Options options{location, false};
  if (collector::IsPostgresUrl(location)) {
    options = Store::Options{"", false, location};
  } else {
    struct stat info;
    if (stat((location + "/leadgate.db").c_str(), &info) != 0)
      return Status::NotFound("no leadgate store in " + location + " (expected " + location + "/leadgate.db)");
  }
  auto store = Store::Open(options);
  if (!store.ok()) return store.status();
  collector::FeedbackStore feedback(store.value().get());
  collector::LeadStore leads(store.value().get());
  auto verdicts = feedback.All();
  if (!verdicts.ok()) return verdicts.status();
  std::map<std::string, FeedbackRecord> latest;  // oldest first in: the last one wins
  int64_t next_id = 1;
  for (FeedbackRecord& verdict : verdicts.value()) {
    next_id = std::max(next_id, verdict.id + 1);
    latest[verdict.subject] = std::move(verdict);
  }
  // A company's closed deal in the CRM (crm/) is its outcome: it wins over
  // a verdict, the way a sale outweighs an opinion of one.
  auto deals = collector::LatestDealOutcomes(*store.value());
  if (!deals.ok()) return deals.status();
  for (const auto& [company_id, deal] : deals.value()) {
    FeedbackRecord outcome;
    outcome.id = next_id++;
    outcome.subject = collector::SubjectRef::Company(company_id).ToString();
    outcome.verdict = deal.outcome == "won" ? "accepted" : "rejected";
    outcome.at_ms = deal.closed_ms;
    latest[outcome.subject] = std::move(outcome);
  }
  std::vector<calibrate::LabeledLead> labeled;
  for (const auto& [subject, verdict] : latest) {
    auto one = Labeled(policy, *store.value(), leads, verdict);
    if (!one.ok()) return one.status();
    if (one.value()) labeled.push_back(std::move(*one.value()));
  }
  if (labeled.empty())
    return Status::InvalidArgument("the store " + StoreName(location) +
                                   " has no sales verdicts yet: accept or reject MQLs in the app's inbox (or close "
                                   "deals in the CRM) first");
  return calibrate::OutcomesFromLeads(policy, labeled);
}

}  // namespace leadgate::cli
