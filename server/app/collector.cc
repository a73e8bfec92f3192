// Wiring of the collector's modules and their start/stop order.
#include "app/collector.h"

#include <chrono>
#include <cstdio>

#include "api/api.h"
#include "api/api_routes.h"
#include "api/feedback_api.h"
#include "api/history_api.h"
#include "api/leads_api.h"
#include "app/room_routes.h"
#include "app/routes.h"
#include "base/metrics.h"
#include "base/secrets.h"
#include "crm/crm_handoff.h"
#include "crm/crm_poller.h"
#include "crm/crm_sync.h"
#include "crm/hubspot_start.h"
#include "forms/form_routes.h"
#include "handoff/command_line_receivers.h"
#include "handoff/deliveries_api.h"
#include "handoff/handoff.h"
#include "handoff/sla.h"
#include "handoff/webhook_registry.h"
#include "handoff/webhook_tls.h"
#include "http/app_files.h"
#include "http/net_address.h"
#include "http/rate_limiter.h"
#include "ingest/ingest_routes.h"
#include "ingest/visitor_hash.h"
#include "mail/mail_routes.h"
#include "people/access.h"
#include "people/people_routes.h"
#include "people/people_store.h"
#include "policy/policy_revisions.h"
#include "policy/policy_routes.h"
#include "records/feedback_store.h"
#include "records/lead_store.h"
#include "records/note_store.h"
#include "records/subject_json.h"
#include "scoring/active_policy.h"
#include "scoring/scorer.h"
#include "scoring/scoring_gauges.h"
#include "store/event_retention.h"
#include "store/store.h"
#include "store/store_budget.h"

namespace leadgate::collector {
namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What collectors sharing a store must agree on comes from it: the visitor
// key of each day and, unless given, the API token (the first collector
// generates it). With SQLite both stay in the data directory.
Status ShareThroughStore(Store* store, CollectorOptions* options, std::unique_ptr<VisitorHasher>* hasher,
                         std::string* generated_api_token) {
  if (options->store_url.empty()) {
    auto opened = VisitorHasher::Open(options->data_dir);
    if (!opened.ok()) return opened.status();
    *hasher = std::move(opened).value();
    return Status::Ok();
  }
  *hasher = VisitorHasher::Shared([store](int64_t day) -> Result<std::string> {
    auto fresh = RandomBytes(16);
    if (!fresh.ok()) return fresh.status();
    return store->DailySecret("visitor_key", day, Hex(fresh.value()));
  });
  if (!options->api_token.empty()) return Status::Ok();
  auto generated = NewApiToken();
  if (!generated.ok()) return generated.status();
  auto token = store->MetaOrInsert("api_token", generated.value());
  if (!token.ok()) return token.status();
  options->api_token = token.value();
  if (token.value() == generated.value()) *generated_api_token = generated.value();
  return Status::Ok();
}

}  // namespace

struct Collector::Parts {
  CollectorOptions options;
  std::unique_ptr<ActivePolicy> policy;
  std::unique_ptr<identify::Identifier> identifier;
  std::unique_ptr<Store> store;
  std::unique_ptr<StoreBudget> budget;
  std::unique_ptr<DeliveryWorkers> deliveries;
  std::unique_ptr<WebhookRegistry> webhooks;
  std::unique_ptr<Handoff> handoff;
  std::unique_ptr<CrmSync> crm_sync;      // with HubSpot
  std::unique_ptr<CrmPoller> crm_poller;  // with HubSpot
  std::unique_ptr<PolicyRevisions> revisions;
  std::unique_ptr<PolicyApi> policy_api;
  std::unique_ptr<DeliveriesApi> deliveries_api;
  std::unique_ptr<Sla> sla;  // with --sla-hours
  std::unique_ptr<MailPreferencesStore> mail_preferences;
  std::unique_ptr<MailService> mail;  // with --smtp
  std::string app_url;                // set once bound
  std::mutex app_url_mutex;
  std::unique_ptr<VisitorHasher> hasher;
  Metrics metrics;
  std::unique_ptr<RateLimiter> rate_limiter;
  std::unique_ptr<Scorer> scorer;
  std::unique_ptr<Ingestor> ingestor;
  std::unique_ptr<FormHandler> forms;
  KeyRing keys;  // the prefill route checks write keys as ingest does
  std::unique_ptr<PrefillHandler> prefill;
  std::unique_ptr<FormPolicyHandler> form_policy;
  std::unique_ptr<Api> api;
  std::unique_ptr<PeopleStore> people;
  std::unique_ptr<LeadStore> leads;
  std::unique_ptr<FeedbackStore> feedback;
  std::unique_ptr<LeadsApi> leads_api;
  std::unique_ptr<FeedbackApi> feedback_api;
  std::unique_ptr<QualificationCall> calls;
  std::unique_ptr<NoteStore> notes;
  std::unique_ptr<HistoryApi> history;
  std::unique_ptr<AssignmentStore> assignments;
  std::unique_ptr<OwnershipApi> ownership;
  std::unique_ptr<SavedViewStore> saved_views;
  std::unique_ptr<ViewsApi> views;
  std::unique_ptr<AccessControl> access;
  AppFiles app_files;
  std::unique_ptr<HttpServer> server;
  std::string policy_change_note;
  std::string generated_api_token;

  std::unique_ptr<EventRetention> retention;
  std::mutex shutdown_mutex;
  bool stopping = false;

  // Create's steps, in order (below Create's helpers).
  Status OpenStore(const std::string& policy_text);
  Status MakeHandoff(const std::vector<Receiver>& receivers, const SendSettings& send);
  void MakeIntake(const KeyRing& keys, const std::vector<Cidr>& trusted);
  Status MakeApis(const std::vector<Cidr>& trusted);
  Status StartWorkers();
  void MakeServer(const std::vector<Cidr>& trusted);

  // With --smtp: the mail service (its receiver in the outbox sends by
  // SMTP), and the sign-offs revisions ask sent as alerts.
  Status StartMail() {
    mail_preferences = std::make_unique<MailPreferencesStore>(store.get());
    if (options.mail.smtp_url.empty()) return Status::Ok();
    MailOptions mail_options = options.mail;
    mail_options.sla_hours = options.sla_hours;
    auto created =
        MailService::Create(mail_options, MailService::Parts{store.get(), assignments.get(), mail_preferences.get(),
                                                             [this] { return AppUrl(); }, options.clock,
                                                             [this] { deliveries->Wake(); }, &metrics});
    if (!created.ok()) return created.status();
    mail = std::move(created).value();
    revisions->SetOnSignoffAsked(
        [this](int64_t revision, const std::string& policy, const std::vector<std::string>& roles) {
          auto asked = mail->alerts().SignoffAsked(revision, policy, roles, options.clock());
          if (!asked.ok()) std::fprintf(stderr, "leadgate: mail: %s\n", asked.status().ToString().c_str());
        });
    return Status::Ok();
  }

  // The webhooks' (command line and app), the CRM's and, with --smtp, the
  // mail server's.
  std::vector<Receiver> AllReceivers() {
    std::vector<Receiver> receivers = webhooks->Receivers();
    if (crm_sync) receivers.push_back(crm_sync->receiver());
    if (mail) receivers.push_back(mail->mailer().OutboxReceiver());
    return receivers;
  }

  std::string AppUrl() {
    std::lock_guard<std::mutex> lock(app_url_mutex);
    return app_url;
  }

  // Every room's routes, between the edge's first and last ones.
  void InstallRoutes() {
    httplib::Server& http = *server;
    const RouteEdge edge(&metrics, BodyLimit);
    const RouteGuard guard(edge, access.get());
    const RouteClock clock = options.clock;
    InstallEdgeRoutes(http, edge, SiteOptions{options.tracker_js, options.site_dir, options.site_origins});
    InstallIngestRoutes(http, edge, *ingestor, clock);
    InstallFormRoutes(http, edge, *forms, *prefill, *form_policy, clock);
    InstallHealthRoutes(http, edge, *store, *budget, metrics, clock);
    InstallCompanyRoutes(http, guard, *api, clock);
    InstallLeadRoutes(http, guard, *leads_api, *feedback_api, *calls, *history, clock);
    InstallOwnershipRoutes(http, guard, *ownership, clock);
    InstallViewRoutes(http, guard, *views, clock);
    InstallAppRoutes(http, guard, &app_files);
    InstallPolicyRoutes(http, guard, *policy_api);
    InstallHandoffRoutes(http, guard, *deliveries_api, *webhooks, clock);
    InstallCrmRoutes(http, guard, crm_poller.get());
    InstallMailRoutes(http, guard, *mail_preferences, mail.get(), clock);
    InstallPeopleRoutes(http, guard, *people, clock);
    InstallLastRoutes(http, edge, options.site_dir);
  }

  void Shutdown() {
    {
      std::lock_guard<std::mutex> lock(shutdown_mutex);
      if (stopping) return;
      stopping = true;
    }
    if (retention) retention->Stop();
    if (sla) sla->Stop();
    if (crm_poller) crm_poller->Stop();
    if (mail) mail->Stop();
    if (deliveries) deliveries->Stop();
    if (scorer) scorer->Stop();
    if (store) store->Shutdown();
  }
};

namespace {

// A verdict read back from the CRM, stored as the API stores one (source crm).
Status RecordCrmVerdict(FeedbackApi& feedback, const std::string& crm, const std::string& subject,
                        const std::string& verdict, const std::string& reason, int64_t at_ms) {
  FeedbackRecord record;
  record.subject = subject;
  record.verdict = verdict;
  record.reason = reason;
  record.by = crm;
  record.source = "crm";
  Caller caller;
  caller.by_token = true;
  caller.role = Role::kAdmin;
  auto stored = feedback.Record(record, caller, at_ms);
  if (stored.ok()) return Status::Ok();
  if (stored.status().code() == Status::Code::kNotFound) return Status::NotFound(subject + " is gone");
  return stored.status();
}

}  // namespace

// HubSpot as an outbox receiver (CrmSync) and its read-back (CrmPoller);
// both reach the other parts through `p` once they exist.
Status Collector::StartHubSpot(Parts& p) {
  const CollectorOptions::HubSpot& hubspot = p.options.hubspot;
  auto connector = HubSpotFromFlags(hubspot.token, hubspot.token_file, hubspot.url);
  if (!connector.ok()) return connector.status();
  LeadStatusMap statuses = LeadStatusMap::Default();
  for (const std::string& entry : p.options.hubspot.lead_statuses) {
    Status set = statuses.Set(entry);
    if (!set.ok()) return Status::InvalidArgument(set.message(), "--hubspot-lead-status");
  }
  CrmSync::Parts sync;
  sync.store = p.store.get();
  sync.metrics = &p.metrics;
  sync.app_url = [&p] { return p.AppUrl(); };
  sync.owner_of = [&p](const std::string& subject) -> Result<std::string> {
    auto owners = p.assignments->Owners({subject});
    if (!owners.ok()) return owners.status();
    const auto found = owners.value().find(subject);
    return found == owners.value().end() ? std::string() : found->second;
  };
  sync.people_of = [&p](const std::string& company_id) -> Result<std::vector<CrmPerson>> {
    auto leads = p.leads->List(AccountPeopleQuery(company_id));
    if (!leads.ok()) return leads.status();
    std::vector<CrmPerson> people;
    for (const LeadRecord& record : leads->leads)
      if (auto person = PersonOf(ContactJson(record.lead))) people.push_back(std::move(*person));
    return people;
  };
  sync.owners = p.options.hubspot.owners;
  p.crm_sync = std::make_unique<CrmSync>(connector.value(), std::move(sync));
  CrmPoller::Parts poll;
  poll.store = p.store.get();
  poll.metrics = &p.metrics;
  poll.clock = p.options.clock;
  poll.record_verdict = [&p](const std::string& subject, const std::string& verdict, const std::string& reason,
                             int64_t at_ms) {
    return RecordCrmVerdict(*p.feedback_api, "hubspot", subject, verdict, reason, at_ms);
  };
  poll.statuses = std::move(statuses);
  poll.poll_seconds = p.options.hubspot.poll_seconds;
  p.crm_poller = std::make_unique<CrmPoller>(connector.value(), std::move(poll));
  AddCrmGauges(p.metrics, p.store.get(), connector.value()->url());
  return Status::Ok();
}

Collector::Collector(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Collector::~Collector() {
  if (parts_->server) parts_->server->Stop();
  parts_->Shutdown();
}

namespace {

// What the command line says of the edge and of the hand-off, checked
// before anything is opened.
struct CommandLineEdge {
  std::vector<Cidr> trusted;
  KeyRing keys;
  std::vector<Receiver> receivers;
  SendSettings send;
};

Result<CommandLineEdge> ReadCommandLineEdge(const CollectorOptions& options) {
  CommandLineEdge edge;
  for (const std::string& text : options.trusted_proxies) {
    auto cidr = ParseCidr(text);
    if (!cidr.ok()) return Status::InvalidArgument("--trusted-proxy: " + cidr.status().message());
    edge.trusted.push_back(cidr.value());
  }
  edge.keys.write_keys.insert(options.write_keys.begin(), options.write_keys.end());
  edge.keys.secret_keys.insert(options.secret_keys.begin(), options.secret_keys.end());
  auto receivers = CommandLineReceivers(ReceiverFlags{options.webhooks, options.webhook_secret, options.slack_webhook,
                                                      options.escalation_webhook, options.allow_private_webhooks});
  if (!receivers.ok()) return receivers.status();
  edge.receivers = std::move(receivers).value();
  edge.send.allow_internal = options.allow_private_webhooks;
  if (!options.webhook_ca_file.empty()) {
    auto pem = ReadWebhookCa(options.webhook_ca_file);
    if (!pem.ok()) return pem.status();
    edge.send.extra_ca_pem = std::move(pem).value();
  }
  return edge;
}

}  // namespace

// The store, what collectors sharing it agree on, and the active revision.
Status Collector::Parts::OpenStore(const std::string& policy_text) {
  Parts& p = *this;
  auto store =
      Store::Open(Store::Options{p.options.data_dir, p.options.synchronous_full, p.options.store_url, p.options.clock});
  if (!store.ok()) return store.status();
  p.store = std::move(store).value();
  p.budget = std::make_unique<StoreBudget>(p.store.get(), p.options.store_budget_mb * 1024 * 1024);
  if (auto measured = p.budget->Measure(); !measured.ok()) return measured.status();
  Status shared = ShareThroughStore(p.store.get(), &p.options, &p.hasher, &p.generated_api_token);
  if (!shared.ok()) return shared;
  RevisionStore revision_store(p.store.get());
  auto start = StartRevisions(revision_store, policy_text, p.options.clock());
  if (!start.ok()) return start.status();
  p.policy_change_note = start->note;
  p.policy = std::make_unique<ActivePolicy>(start->active);
  return Status::Ok();
}

// The outbox's workers, the webhooks, HubSpot and the hand-off itself.
Status Collector::Parts::MakeHandoff(const std::vector<Receiver>& receivers, const SendSettings& send) {
  Parts& p = *this;
  p.deliveries = std::make_unique<DeliveryWorkers>(p.store.get(), p.options.clock, p.options.retry, send);
  p.webhooks = std::make_unique<WebhookRegistry>(p.store.get(), receivers, p.options.allow_private_webhooks);
  if (Status loaded = p.webhooks->Load(); !loaded.ok()) return loaded;
  if (p.options.hubspot.enabled()) {
    Status crm = StartHubSpot(p);
    if (!crm.ok()) return crm;
  }
  p.handoff = std::make_unique<Handoff>([&p] { return p.AllReceivers(); }, [&p] { return p.AppUrl(); },
                                        [&p] { p.deliveries->Wake(); });
  p.store->SetQualifiedObserver(p.handoff.get());
  return Status::Ok();
}

// What takes visitors in (ingest, forms), the scorer, revisions and the SLA.
void Collector::Parts::MakeIntake(const KeyRing& keys, const std::vector<Cidr>& trusted) {
  Parts& p = *this;
  p.rate_limiter = std::make_unique<RateLimiter>(p.options.rate_limit_per_second, p.options.rate_burst);
  p.scorer = std::make_unique<Scorer>(p.policy.get(), p.store.get(), p.options.clock);
  IngestServices services{p.identifier.get(), p.store.get(),        p.scorer.get(), p.hasher.get(),
                          &p.metrics,         p.rate_limiter.get(), p.budget.get()};
  p.ingestor = std::make_unique<Ingestor>(keys, trusted, services);
  FormLimits form_limits;
  form_limits.enabled = p.options.rate_limit_per_second > 0;  // --rate-limit 0 lifts every limit
  form_limits.clock_ms = p.options.clock;
  p.forms = std::make_unique<FormHandler>(p.policy.get(), trusted, services, form_limits);
  p.keys = keys;
  p.prefill = std::make_unique<PrefillHandler>(p.policy.get(), p.keys, trusted, services);
  p.form_policy = std::make_unique<FormPolicyHandler>(p.policy.get(), trusted, services);
  p.revisions = std::make_unique<PolicyRevisions>(p.store.get(), p.policy.get(), p.scorer.get(), p.options.clock,
                                                  p.options.signoff_roles);
  p.scorer->SetRoundStart([&p] {
    Status followed = p.revisions->FollowStore();
    if (!followed.ok()) std::fprintf(stderr, "leadgate: policy: %s\n", followed.ToString().c_str());
  });
  if (p.options.sla_hours > 0) {
    Sla::Escalate escalate;
    if (!p.options.escalation_webhook.empty())
      escalate = [&p](Db& db, const std::string& subject, int64_t qualified_ms, int64_t deadline_ms) {
        return p.handoff->Escalate(db, subject, qualified_ms, deadline_ms, p.options.sla_hours);
      };
    p.sla = std::make_unique<Sla>(p.store.get(), p.options.sla_hours, p.options.clock, std::move(escalate));
    AddSlaGauges(p.metrics, p.sla.get());
  }
}

// The app's records and APIs, mail, the caller check and the app's files.
Status Collector::Parts::MakeApis(const std::vector<Cidr>& trusted) {
  Parts& p = *this;
  p.people = std::make_unique<PeopleStore>(p.store.get());
  p.policy_api = std::make_unique<PolicyApi>(p.revisions.get(), p.people.get());
  p.deliveries_api = std::make_unique<DeliveriesApi>(p.store.get(), p.handoff.get(), p.options.clock, p.sla.get());
  p.leads = std::make_unique<LeadStore>(p.store.get());
  p.feedback = std::make_unique<FeedbackStore>(p.store.get());
  p.assignments = std::make_unique<AssignmentStore>(p.store.get());
  p.api = std::make_unique<Api>(p.store.get(), p.scorer.get(), p.feedback.get(), p.assignments.get());
  p.leads_api = std::make_unique<LeadsApi>(p.leads.get(), p.feedback.get(), p.assignments.get());
  p.feedback_api =
      std::make_unique<FeedbackApi>(FeedbackApi::Parts{p.store.get(), p.scorer.get(), p.leads.get(), p.feedback.get(),
                                                       p.policy->Get()->policy.name, p.options.reject_reasons});
  auto calls = QualificationCall::Create(QualificationCall::Parts{p.store.get(), p.scorer.get(), p.leads.get(),
                                                                  p.feedback_api.get(), p.options.sql_policy_text});
  if (!calls.ok()) return calls.status();
  p.calls = std::move(calls).value();
  p.notes = std::make_unique<NoteStore>(p.store.get());
  p.history = std::make_unique<HistoryApi>(HistoryApi::Parts{p.store.get(), p.leads.get(), p.notes.get()});
  p.ownership = std::make_unique<OwnershipApi>(p.assignments.get(), p.people.get());
  p.saved_views = std::make_unique<SavedViewStore>(p.store.get());
  p.views = std::make_unique<ViewsApi>(p.saved_views.get());
  if (Status mail = p.StartMail(); !mail.ok()) return mail;
  AccessOptions access;
  access.api_token = p.options.api_token;
  access.trusted_proxies = trusted;
  access.clock = p.options.clock;
  p.access = std::make_unique<AccessControl>(access, p.people.get());
  auto app_files = AppFiles::Load(p.options.app_dir);
  if (!app_files.ok()) return app_files.status();
  p.app_files = std::move(app_files).value();
  return p.app_files.AddFolder(p.options.widget_dir, "widget/");
}

// The background work: scoring, deliveries, HubSpot's read-back, the SLA,
// mail and retention.
Status Collector::Parts::StartWorkers() {
  Parts& p = *this;
  AddScoringGauges(p.metrics, p.scorer.get());
  AddStoreGauges(p.metrics, p.budget.get());
  // Re-score everything on start: decay has moved on while the collector
  // was down (and scores of an older revision are brought up to date).
  p.scorer->MarkAllDirty();
  Status started = p.scorer->Start();
  if (!started.ok()) return started;
  p.deliveries->Start(p.AllReceivers());
  if (p.crm_poller) {
    if (Status polling = p.crm_poller->Start(); !polling.ok()) return polling;
  }
  p.webhooks->SetOnAdded([&p](const Receiver& receiver) { p.deliveries->Add(receiver); });
  p.webhooks->SetOnRemoved([&p](const std::string& url) { p.deliveries->Remove(url); });
  if (p.sla) p.sla->Start();
  if (p.mail) p.mail->Start();
  p.retention = std::make_unique<EventRetention>(
      p.store.get(), p.budget.get(),
      EventRetention::Options{p.options.retention_days, p.options.unidentified_retention_days, p.options.clock},
      [&p](const std::vector<std::string>* companies) {
        if (companies) p.scorer->RefoldCompanies(*companies);
        p.scorer->MarkAllDirty();
      });
  p.retention->Start();
  return Status::Ok();
}

// The HTTP server and every room's routes. The edge caps connections per
// address, except for trusted proxies (every visitor behind nginx shares
// its address).
void Collector::Parts::MakeServer(const std::vector<Cidr>& trusted) {
  Parts& p = *this;
  p.options.http.uncapped = [trusted](const std::string& peer) {
    const auto address = ParseIpAddress(peer);
    for (const Cidr& cidr : trusted)
      if (address && cidr.Contains(*address)) return true;
    return false;
  };
  p.options.http.on_refused = [&p](const char* reason) {
    p.metrics.Add("leadgate_connections_refused_total", "reason", reason);
  };
  p.server = std::make_unique<HttpServer>(p.options.http);
  p.InstallRoutes();
}

Result<std::unique_ptr<Collector>> Collector::Create(CollectorOptions options, const std::string& policy_text,
                                                     std::unique_ptr<identify::Identifier> identifier) {
  if (!identifier) return Status::InvalidArgument("no identifier");
  if (options.api_token.empty() && options.store_url.empty()) return Status::InvalidArgument("no API token");
  if (!options.clock) options.clock = SystemNowMs;
  auto edge = ReadCommandLineEdge(options);
  if (!edge.ok()) return edge.status();
  auto parts = std::make_unique<Parts>();
  Parts& p = *parts;
  p.options = std::move(options);
  p.identifier = std::move(identifier);
  if (Status opened = p.OpenStore(policy_text); !opened.ok()) return opened;
  if (Status handoff = p.MakeHandoff(edge->receivers, edge->send); !handoff.ok()) return handoff;
  p.MakeIntake(edge->keys, edge->trusted);
  if (Status apis = p.MakeApis(edge->trusted); !apis.ok()) return apis;
  if (Status started = p.StartWorkers(); !started.ok()) return started;
  p.MakeServer(edge->trusted);
  return std::unique_ptr<Collector>(new Collector(std::move(parts)));
}

Result<int> Collector::Bind() {
  auto port = parts_->server->Bind(parts_->options.host, parts_->options.port);
  if (port.ok()) {
    std::lock_guard<std::mutex> lock(parts_->app_url_mutex);
    const std::string& host = parts_->options.host;
    parts_->app_url =
        !parts_->options.app_url.empty() ? parts_->options.app_url
        : host.find(':') != std::string::npos
            ? "http://[" + host + "]:" + std::to_string(port.value())
            : "http://" + (host == "0.0.0.0" ? std::string("127.0.0.1") : host) + ":" + std::to_string(port.value());
  }
  return port;
}

void Collector::Serve() {
  parts_->server->Serve();
  parts_->Shutdown();
}

void Collector::Stop() { parts_->server->Stop(); }

const std::string& Collector::policy_change_note() const { return parts_->policy_change_note; }

const std::string& Collector::generated_api_token() const { return parts_->generated_api_token; }

std::string Collector::active_policy() const {
  const auto active = parts_->policy->Get();
  return active->policy.name + " revision " + std::to_string(active->policy.revision);
}

}  // namespace leadgate::collector
