// The collector: wires the store, identification, scorer, ingest, forms,
// API and routes into one HTTP server. Create() opens everything (and
// fails with a clear message), Bind() starts listening, Serve() blocks
// until Stop(), then everything acknowledged is on disk. Stop() may be
// called from any thread.
#ifndef LEADGATE_SERVER_APP_COLLECTOR_H_
#define LEADGATE_SERVER_APP_COLLECTOR_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "handoff/delivery_workers.h"
#include "http/http_server.h"
#include "identify/identify.h"
#include "leadgate/status.h"
#include "mail/mail_service.h"

namespace leadgate::collector {

struct CollectorOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::string data_dir = "./leadgate-data";
  // PostgreSQL (postgres://...) instead of SQLite in data_dir: the store,
  // the visitor key and a generated API token are shared by every
  // collector given the same URL.
  std::string store_url;
  std::vector<std::string> write_keys;
  std::vector<std::string> secret_keys;
  std::vector<std::string> trusted_proxies;  // CIDRs
  std::string api_token;                     // required here unless store_url (then kept there)
  std::string tracker_js;                    // contents of web/tracker/t.js
  std::string site_dir;
  std::vector<std::string> site_origins;    // the site's own origins: the only ones that may read prefill
  std::string app_dir;                      // web/app: the web app's pages and assets; empty: none
  std::string widget_dir;                   // build/wasm: the form widget, served at /app/assets/widget/
  std::vector<std::string> reject_reasons;  // offered when rejecting an MQL; empty: the defaults
  std::string sql_policy_text;              // --sql-policy: for qualification calls; empty: none
  double rate_limit_per_second = 100;       // per client address; <= 0 disables
  double rate_burst = 200;
  int retention_days = 395;  // events older than this are deleted; <= 0 keeps all
  // Events from unidentified networks (no company) older than this are
  // deleted; <= 0: kept as long as the others.
  int unidentified_retention_days = 2;
  // Over this the store takes no events from unidentified networks;
  // /healthz warns from 80 %. <= 0: no budget.
  int64_t store_budget_mb = 10240;
  bool synchronous_full = true;
  HttpLimits http;
  std::function<int64_t()> clock;  // UTC ms; defaults to the system clock

  // Hand-off and policy revisions.
  std::vector<std::string> webhooks;    // receivers of signed mql.qualified payloads
  std::string webhook_secret;           // "whsec_BASE64" or raw bytes; required with webhooks
  std::string slack_webhook;            // a Slack incoming-webhook URL
  std::string escalation_webhook;       // receives overdue MQLs once (with sla_hours)
  std::string webhook_ca_file;          // PEM CA certificates trusted for https receivers beside the system's
  bool allow_private_webhooks = false;  // receivers on loopback and private networks too
  std::vector<std::string> signoff_roles = {"sales", "marketing"};  // for loosening revisions
  double sla_hours = 0;                                             // 0: no SLA
  std::string app_url;  // the app's address for links; default http://HOST:PORT
  RetryPolicy retry;

  // HubSpot both ways (crm/, docs/crm.md); off without a token.
  struct HubSpot {
    std::string token;       // a private app's token (the config file's hubspot-token)
    std::string token_file;  // --hubspot-token-file: the token's file, read at start
    std::string url = "https://api.hubapi.com";
    std::map<std::string, std::string> owners;  // leadgate person -> HubSpot owner id
    std::vector<std::string> lead_statuses;     // STATUS=accepted|rejected|none over the defaults
    int poll_seconds = 300;                     // 0: read back only on POST /api/crm/poll
    bool enabled() const { return !token.empty() || !token_file.empty(); }
  } hubspot;
  // Email (--smtp, --mail-from): none without an SMTP URL; sla_hours is
  // the collector's.
  MailOptions mail;
};

class Collector {
 public:
  // `policy_text`: the --policy file (valid): the first revision, or a
  // draft when it differs from every stored revision.
  static Result<std::unique_ptr<Collector>> Create(CollectorOptions options, const std::string& policy_text,
                                                   std::unique_ptr<identify::Identifier> identifier);
  ~Collector();

  // Listens on options.host:port; returns the bound port.
  Result<int> Bind();
  // Serves until Stop(); then finishes scoring and closes the store.
  void Serve();
  void Stop();

  // For the operator at start: a draft revision added from --policy, and
  // how to activate it; empty when nothing changed.
  const std::string& policy_change_note() const;
  // "acme-enterprise revision 3".
  std::string active_policy() const;
  // The API token when this collector generated it into the store (print
  // it once); empty otherwise.
  const std::string& generated_api_token() const;

 private:
  struct Parts;
  static Status StartHubSpot(Parts& parts);
  explicit Collector(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_APP_COLLECTOR_H_
