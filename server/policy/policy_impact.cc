// Deciding companies and leads again under a draft revision.
#include "policy/policy_impact.h"

#include <algorithm>

#include "base/parallel_for.h"
#include "base/subject_ref.h"
#include "leadgate/facts.h"
#include "leadgate/qualifier.h"
#include "records/feedback_store.h"
#include "scoring/company_facts.h"
#include "scoring/scorer.h"
#include "scoring/subject_facts.h"

namespace leadgate::collector {
namespace {

constexpr size_t kImpactPageSize = 2000;

// A lead with what it is decided on again.
struct StoredLead {
  int64_t id = 0;
  Lead lead;
};

void Count(SubjectImpact& impact, DecisionChange change) {
  ++impact.decided;
  if (change.from == change.to) return;
  if (change.to == Verdict::kQualified) ++impact.newly_qualified;
  if (change.from == Verdict::kQualified) ++impact.no_longer_qualified;
  impact.changes.push_back(std::move(change));
}

// Qualified ones first (gained, then lost), then by name.
void SortChanges(std::vector<DecisionChange>& changes) {
  auto rank = [](const DecisionChange& change) {
    return change.to == Verdict::kQualified ? 0 : change.from == Verdict::kQualified ? 1 : 2;
  };
  std::stable_sort(changes.begin(), changes.end(), [&](const DecisionChange& a, const DecisionChange& b) {
    return std::make_pair(rank(a), a.name) < std::make_pair(rank(b), b.name);
  });
}

Result<std::vector<StoredLead>> RecentLeads(Store& store, int64_t since_ms) {
  std::vector<StoredLead> leads;
  Status status = store.ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(
        "SELECT id, answers_json, decision, company_id, visitor, received_ms FROM leads "
        "WHERE received_ms >= ? ORDER BY id");
    if (!query.ok()) return query.status();
    query.value()->Bind(1, since_ms);
    Status step;
    while (query.value()->Step(&step)) {
      const Statement& row = *query.value();
      StoredLead& stored = leads.emplace_back();
      stored.id = row.Int(0);
      stored.lead.answers_json = row.Text(1);
      stored.lead.decision = row.Text(2);
      stored.lead.company_id = row.Text(3);
      stored.lead.visitor = row.Text(4);
      stored.lead.received_ms = row.Int(5);
    }
    return step;
  });
  if (!status.ok()) return status;
  return leads;
}

std::string LeadName(const std::string& answers_json, const std::optional<CompanyRecord>& company, int64_t id) {
  const nlohmann::json answers = nlohmann::json::parse(answers_json, nullptr, false);
  std::string name;
  if (answers.is_object() && answers.contains("email") && answers["email"].is_string()) name = answers["email"];
  if (company && !company->info.name.empty()) name += (name.empty() ? "" : ", ") + company->info.name;
  return name.empty() ? "lead " + std::to_string(id) : name;
}

// Every scored company decided again, a page of companies (with their
// running totals) at a time, on every core.
Status CompaniesImpact(const Policy& policy, Store& store, const EngagementAggregates* engagement, int64_t now_ms,
                       SubjectImpact& impact) {
  // The totals serve when they were made for this revision's pages and
  // half-life; otherwise each company's events are read.
  const bool from_totals = engagement && engagement->MadeFor(policy);
  const unsigned workers = CoreCount();
  const Policy account_policy = AccountPolicy(policy);  // companies are accounts
  std::vector<std::unique_ptr<Qualifier>> qualifiers;
  for (unsigned i = 0; i < workers; ++i) qualifiers.push_back(std::make_unique<Qualifier>(account_policy));
  std::string after;
  for (;;) {
    auto page = store.CompaniesToDecide(after, kImpactPageSize);
    if (!page.ok()) return page.status();
    if (page->empty()) return Status::Ok();
    after = page->back().info.id;
    std::vector<Verdict> decisions(page->size());
    std::vector<Status> failures(workers);
    ParallelFor(page->size(), workers, [&](unsigned worker, size_t begin, size_t end) {
      for (size_t i = begin; i < end && failures[worker].ok(); ++i) {
        const CompanyToDecide& company = page.value()[i];
        if (!ParseDecisionName(company.decision)) continue;  // not scored now, not counted
        try {
          auto behavior =
              CompanyEngagement(policy, store, company.info.id, from_totals ? &company.totals : nullptr, now_ms);
          if (!behavior.ok()) {
            failures[worker] = behavior.status();
            break;
          }
          auto decided =
              Scorer::DecideCompany(account_policy, *qualifiers[worker], std::move(behavior->behavior), company.info);
          if (!decided.ok()) {
            failures[worker] = decided.status();
            break;
          }
          decisions[i] = decided->decision.decision;
        } catch (const std::exception& e) {
          failures[worker] = Status::Internal(e.what());
        }
      }
    });
    for (const Status& failure : failures)
      if (!failure.ok()) return failure;
    for (size_t i = 0; i < decisions.size(); ++i) {
      const CompanyToDecide& company = page.value()[i];
      const std::optional<Verdict> now = ParseDecisionName(company.decision);
      if (!now) continue;
      Count(impact,
            DecisionChange{SubjectRef::Company(company.info.id).ToString(), company.info.name, *now, decisions[i]});
    }
  }
}

Status LeadsImpact(const Policy& policy, Store& store, int64_t now_ms, SubjectImpact& impact) {
  auto leads = RecentLeads(store, now_ms - kImpactLeadWindowMs);
  if (!leads.ok()) return leads.status();
  Qualifier qualifier(policy);
  for (const auto& [id, lead] : leads.value()) {
    const std::optional<Verdict> now = ParseDecisionName(lead.decision);
    if (!now) continue;
    std::optional<CompanyRecord> company;
    if (!lead.company_id.empty()) {
      auto record = store.GetCompany(lead.company_id);
      if (!record.ok()) return record.status();
      company = record.value();
    }
    // As its form decided it: its visitor's behavior when it was submitted.
    auto facts = StoredLeadFacts(policy, store, lead, company);
    if (!facts.ok()) return facts.status();
    auto decision = qualifier.Decide(facts.value());
    if (!decision.ok()) return decision.status();
    Count(impact, DecisionChange{SubjectRef::Lead(id).ToString(), LeadName(lead.answers_json, company, id), *now,
                                 decision->decision});
  }
  return Status::Ok();
}

// Marks and counts the newly qualified subjects whose latest verdict is a
// rejection: the revision qualifies them, but they are not handed off.
Status CountRejectedBySales(Store& store, SubjectImpact& impact) {
  return store.ReadWith([&](Db& db) -> Status {
    for (DecisionChange& change : impact.changes) {
      if (change.to != Verdict::kQualified) continue;
      auto verdict = LatestFeedback(db, change.subject);
      if (!verdict.ok()) return verdict.status();
      change.rejected_by_sales = verdict.value() && verdict.value()->verdict == "rejected";
      if (change.rejected_by_sales) ++impact.rejected_by_sales;
    }
    return Status::Ok();
  });
}

nlohmann::json SubjectJson(const SubjectImpact& impact, size_t max_listed) {
  nlohmann::json changes = nlohmann::json::array();
  for (size_t i = 0; i < impact.changes.size() && i < max_listed; ++i) {
    const DecisionChange& change = impact.changes[i];
    changes.push_back({{"subject", change.subject},
                       {"name", change.name},
                       {"from", DecisionName(change.from)},
                       {"to", DecisionName(change.to)},
                       {"rejected_by_sales", change.rejected_by_sales}});
  }
  return {{"newly_qualified", impact.newly_qualified},
          {"no_longer_qualified", impact.no_longer_qualified},
          {"rejected_by_sales", impact.rejected_by_sales},
          {"decided", impact.decided},
          {"changed", impact.changes.size()},
          {"changes", changes}};
}

}  // namespace

Result<PolicyImpact> ComputeImpact(const Policy& policy, Store& store, const EngagementAggregates* engagement,
                                   int64_t now_ms) {
  PolicyImpact impact;
  Status status = CompaniesImpact(policy, store, engagement, now_ms, impact.companies);
  if (status.ok()) status = LeadsImpact(policy, store, now_ms, impact.leads);
  if (status.ok()) status = CountRejectedBySales(store, impact.companies);
  if (status.ok()) status = CountRejectedBySales(store, impact.leads);
  if (!status.ok()) return status;
  SortChanges(impact.companies.changes);
  SortChanges(impact.leads.changes);
  return impact;
}

nlohmann::json ImpactToJson(const PolicyImpact& impact, size_t max_listed) {
  return {{"companies", SubjectJson(impact.companies, max_listed)},
          {"leads", SubjectJson(impact.leads, max_listed)},
          {"loosens", impact.loosens()}};
}

}  // namespace leadgate::collector
