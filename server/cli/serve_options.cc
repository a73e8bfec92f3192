// The option table of `leadgate serve` and the two readers over it: the
// command line and the config file (`key = value` lines, `#` comments).
// Both produce settings with where they came from, so every error names
// the flag or the file and line.
#include "cli/serve_options.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

#include "base/decimal_id.h"
#include "cli/files.h"
#include "crm/lead_status_map.h"
#include "handoff/webhook_registry.h"
#include "http/cors.h"
#include "http/net_address.h"
#include "mail/smtp.h"
#include "people/people_admin.h"
#include "policy/policy_revisions.h"
#include "store/pg_db.h"

namespace leadgate::cli {
namespace {

struct OptionSpec {
  const char* name;        // flag --name, config key name
  const char* value_name;  // for the usage text; "" for a switch (a flag alone; `key = true|false` in a file)
  const char* help;
  bool repeatable;
  // Applies one value; false when the value is not acceptable.
  bool (*apply)(const std::string& value, ServeConfig* config);
  // A secret: only in a config file (a flag would show it in the process
  // list), and never repeated in an error.
  bool secret = false;
};

// HOST:PORT, [V6]:PORT or :PORT.
bool ParseListen(const std::string& text, std::string* host, int* port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host_part = text.substr(0, colon);
  if (host_part.size() >= 2 && host_part.front() == '[' && host_part.back() == ']')
    host_part = host_part.substr(1, host_part.size() - 2);
  const std::optional<int64_t> value = collector::ParseWholeNumber(text.substr(colon + 1), 0, 65535);
  if (!value) return false;
  *host = host_part.empty() ? "0.0.0.0" : host_part;
  *port = static_cast<int>(*value);
  return true;
}

// A number within [low, high].
bool ParseNumber(const std::string& text, double low, double high, double* value) {
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0' && *value >= low && *value <= high;
}

// The first line of the file at `path` (a secret, never echoed); false when
// it cannot be read or is empty.
bool ReadSecretLine(const std::string& path, std::string* secret) {
  std::string text;
  if (!ReadFile(path, &text)) return false;
  *secret = text.substr(0, text.find_first_of("\r\n"));
  return !secret->empty();
}

// Every option, in usage order. A new option is one entry here.
const OptionSpec kOptions[] = {
    {"listen", "HOST:PORT", "address to listen on (default 127.0.0.1:8080; port 0: any)", false,
     [](const std::string& v, ServeConfig* c) { return ParseListen(v, &c->collector.host, &c->collector.port); }},
    {"data", "DIR", "data directory (default ./leadgate-data)", false,
     [](const std::string& v, ServeConfig* c) { return c->collector.data_dir = v, true; }},
    {"store", "URL", "keep the store in PostgreSQL (postgres://...), shared by several collectors", false,
     [](const std::string& v, ServeConfig* c) {
       return collector::IsPostgresUrl(v) && (c->collector.store_url = v, true);
     }},
    {"policy", "FILE", "qualification policy (required)", false,
     [](const std::string& v, ServeConfig* c) { return c->policy_path = v, true; }},
    {"sql-policy", "FILE", "the SQL policy (e.g. BANT, owned by sales) for qualification calls in the app", false,
     [](const std::string& v, ServeConfig* c) { return c->sql_policy_path = v, true; }},
    {"mmdb", "FILE", "MaxMind-format database; repeatable, consulted in order", true,
     [](const std::string& v, ServeConfig* c) { return c->mmdb_paths.push_back(v), true; }},
    {"write-key", "KEY", "public key for browser sources; repeatable", true,
     [](const std::string& v, ServeConfig* c) { return c->collector.write_keys.push_back(v), true; }},
    {"secret-key", "KEY", "secret key for server-side sources; repeatable", true,
     [](const std::string& v, ServeConfig* c) { return c->collector.secret_keys.push_back(v), true; }},
    {"api-token", "TOKEN", "bearer token for /api/* (default: generated, kept in the data dir or --store)", false,
     [](const std::string& v, ServeConfig* c) { return c->collector.api_token = v, true; }},
    {"trusted-proxy", "CIDR", "peers whose X-Forwarded-For is believed; repeatable", true,
     [](const std::string& v, ServeConfig* c) {
       return collector::ParseCidr(v).ok() && (c->collector.trusted_proxies.push_back(v), true);
     }},
    {"web-dir", "DIR", "folder holding tracker/t.js, app/ and widget/ (default: found next to the program)", false,
     [](const std::string& v, ServeConfig* c) { return c->web_dir = v, true; }},
    {"site-dir", "DIR", "also serve this folder of static files at /", false,
     [](const std::string& v, ServeConfig* c) { return c->collector.site_dir = v, true; }},
    {"site-origin", "ORIGIN",
     "the site's own origin (https://www.example.com), whose pages may read prefill; repeatable (default: none)", true,
     [](const std::string& v, ServeConfig* c) {
       return collector::IsWebOrigin(v) && (c->collector.site_origins.push_back(v), true);
     }},
    {"rate-limit", "N", "requests per second per client address (default 100; 0: off)", false,
     [](const std::string& v, ServeConfig* c) { return ParseNumber(v, 0, 1e9, &c->collector.rate_limit_per_second); }},
    {"rate-burst", "N", "burst allowance per address (default 200)", false,
     [](const std::string& v, ServeConfig* c) { return ParseNumber(v, 1, 1e9, &c->collector.rate_burst); }},
    {"retention-days", "N", "delete events older than N days (default 395; 0: keep)", false,
     [](const std::string& v, ServeConfig* c) {
       double days = 0;
       return ParseNumber(v, 0, 1e6, &days) && (c->collector.retention_days = static_cast<int>(days), true);
     }},
    {"unidentified-retention-days", "N",
     "delete events from unidentified networks (no company) older than N days (default 2; 0: as the others)", false,
     [](const std::string& v, ServeConfig* c) {
       double days = 0;
       return ParseNumber(v, 0, 1e6, &days) &&
              (c->collector.unidentified_retention_days = static_cast<int>(days), true);
     }},
    {"store-budget-mb", "N",
     "the store's size budget: over it, events from unidentified networks are refused (507); /healthz warns from 80 "
     "% (default 10240; 0: none)",
     false,
     [](const std::string& v, ServeConfig* c) {
       double megabytes = 0;
       return ParseNumber(v, 0, 1e9, &megabytes) &&
              (c->collector.store_budget_mb = static_cast<int64_t>(megabytes), true);
     }},
    {"threads", "N", "HTTP worker threads (default 64)", false,
     [](const std::string& v, ServeConfig* c) {
       double threads = 0;
       return ParseNumber(v, 1, 4096, &threads) && (c->collector.http.threads = static_cast<int>(threads), true);
     }},
    {"reject-reason", "TEXT", "a reason offered when rejecting an MQL in the app; repeatable (default: a list)", true,
     [](const std::string& v, ServeConfig* c) {
       return !v.empty() && v.size() <= 200 && (c->collector.reject_reasons.push_back(v), true);
     }},
    {"sync", "normal|full", "SQLite synchronous mode (default full: fsync each group commit)", false,
     [](const std::string& v, ServeConfig* c) {
       return (v == "full" || v == "normal") && (c->collector.synchronous_full = v == "full", true);
     }},
    {"webhook", "URL", "POST signed mql.qualified payloads to URL; repeatable", true,
     [](const std::string& v, ServeConfig* c) {
       return collector::CheckWebhookUrl(v).ok() && (c->collector.webhooks.push_back(v), true);
     }},
    {"webhook-secret", "SECRET", "signing secret (whsec_BASE64 or raw bytes); needed with --webhook", false,
     [](const std::string& v, ServeConfig* c) { return c->collector.webhook_secret = v, true; }},
    {"allow-private-webhooks", "",
     "also deliver to loopback and private addresses (a receiver on this machine or network); off: refused", false,
     [](const std::string& v, ServeConfig* c) {
       return (v == "true" || v == "false") && (c->collector.allow_private_webhooks = v == "true", true);
     }},
    {"webhook-ca", "FILE", "also trust these CA certificates (PEM) for https:// webhooks (a private CA)", false,
     [](const std::string& v, ServeConfig* c) { return c->collector.webhook_ca_file = v, true; }},
    {"slack-webhook", "URL", "also post each new MQL to this Slack incoming webhook", false,
     [](const std::string& v, ServeConfig* c) {
       return collector::CheckWebhookUrl(v).ok() && (c->collector.slack_webhook = v, true);
     }},
    {"signoff", "ROLES", "roles a loosening revision needs sign-off from (default sales,marketing; none)", false,
     [](const std::string& v, ServeConfig* c) {
       auto roles = collector::ParseSignoffRoles(v);
       return roles.ok() && (c->collector.signoff_roles = roles.value(), true);
     }},
    {"sla-hours", "N", "an MQL without sales feedback N hours after it qualified is overdue", false,
     [](const std::string& v, ServeConfig* c) { return ParseNumber(v, 0.001, 1e6, &c->collector.sla_hours); }},
    {"escalation-webhook", "URL", "receives each overdue MQL once (signed like --webhook)", false,
     [](const std::string& v, ServeConfig* c) {
       return collector::CheckWebhookUrl(v).ok() && (c->collector.escalation_webhook = v, true);
     }},
    {"app-url", "URL", "the app's address as people reach it, for links in messages and mails", false,
     [](const std::string& v, ServeConfig* c) { return c->collector.app_url = v, true; }},
    {"hubspot-token-file", "FILE",
     "write each hand-off to HubSpot and read sales' lead statuses and deals back, with the private app token in "
     "FILE (docs/crm.md)",
     false, [](const std::string& v, ServeConfig* c) { return c->collector.hubspot.token_file = v, true; }},
    {"hubspot-token", "TOKEN", "the private app token itself, in --config only (never as a flag)", false,
     [](const std::string& v, ServeConfig* c) { return c->collector.hubspot.token = v, true; }, true},
    {"hubspot-url", "URL", "HubSpot's API address (default https://api.hubapi.com; a stand-in for tests)", false,
     [](const std::string& v, ServeConfig* c) {
       return (v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0) && (c->collector.hubspot.url = v, true);
     }},
    {"hubspot-owner", "NAME=OWNER_ID",
     "the HubSpot owner of what leadgate's person NAME owns (a numeric owner id); repeatable", true,
     [](const std::string& v, ServeConfig* c) {
       const size_t equals = v.find('=');
       if (equals == 0 || equals == std::string::npos || equals + 1 == v.size()) return false;
       const std::string id = v.substr(equals + 1);
       if (id.find_first_not_of("0123456789") != std::string::npos) return false;
       return c->collector.hubspot.owners.emplace(v.substr(0, equals), id).second;
     }},
    {"hubspot-poll-seconds", "N", "read HubSpot's changed contacts and deals every N seconds (default 300; 0: never)",
     false,
     [](const std::string& v, ServeConfig* c) {
       double seconds = 0;
       return ParseNumber(v, 0, 86400, &seconds) &&
              (c->collector.hubspot.poll_seconds = static_cast<int>(seconds), true);
     }},
    {"hubspot-lead-status", "STATUS=VERDICT",
     "a contact's hs_lead_status STATUS becomes VERDICT (accepted, rejected or none); repeatable (default "
     "UNQUALIFIED=rejected, IN_PROGRESS, OPEN_DEAL and CONNECTED=accepted)",
     true,
     [](const std::string& v, ServeConfig* c) {
       collector::LeadStatusMap check;
       return check.Set(v).ok() && (c->collector.hubspot.lead_statuses.push_back(v), true);
     }},
    {"smtp", "URL", "send email (alerts, digests) through smtp[s]://USER@HOST:PORT (no password in it)", false,
     [](const std::string& v, ServeConfig* c) {
       return collector::ParseSmtpUrl(v).ok() && (c->collector.mail.smtp_url = v, true);
     }},
    {"smtp-password-file", "FILE", "the SMTP password: the file's first line (or smtp-password in --config)", false,
     [](const std::string& v, ServeConfig* c) { return ReadSecretLine(v, &c->collector.mail.smtp_password); }},
    {"smtp-password", "PASSWORD", "the SMTP password itself, in --config only (never as a flag)", false,
     [](const std::string& v, ServeConfig* c) { return c->collector.mail.smtp_password = v, true; }, true},
    {"mail-from", "ADDRESS", "the sender of mails; required with --smtp", false,
     [](const std::string& v, ServeConfig* c) {
       return collector::CheckEmail(v).ok() && (c->collector.mail.from = v, true);
     }},
};

const OptionSpec* FindOption(const std::string& name) {
  for (const OptionSpec& spec : kOptions)
    if (name == spec.name) return &spec;
  return nullptr;
}

// One value for one option, and where it was given ("--listen", "FILE:3: listen").
struct Setting {
  const OptionSpec* spec;
  std::string value;
  std::string where;
};

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r") + 1 - begin);
}

// `key = value` lines; blank lines and lines starting with # are skipped.
// Returns an error naming the file and line, or "".
std::string ReadConfigSettings(const std::string& path, const std::string& text, std::vector<Setting>* settings) {
  std::map<std::string, int> single_lines;  // non-repeatable key -> line it was set on
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    const std::string where = path + ":" + std::to_string(number);
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    const size_t equals = line.find('=');
    if (equals == std::string::npos) return where + ": expected KEY = VALUE, got \"" + line + "\"";
    const std::string key = Trim(line.substr(0, equals));
    const std::string value = Trim(line.substr(equals + 1));
    const OptionSpec* spec = FindOption(key);
    if (spec == nullptr) return where + ": unknown key \"" + key + "\"";
    if (value.empty()) return where + ": " + key + " needs a value";
    if (!spec->repeatable) {
      auto [earlier, fresh] = single_lines.emplace(key, number);
      if (!fresh) return where + ": " + key + " is already set on line " + std::to_string(earlier->second);
    }
    settings->push_back({spec, value, where + ": " + key});
  }
  return "";
}

ServeOptionsOutcome Stop(int exit_code, std::string message) {
  ServeOptionsOutcome outcome;
  outcome.exit_code = exit_code;
  outcome.message = std::move(message);
  return outcome;
}

}  // namespace

std::string ServeUsage() {
  std::string usage =
      "usage: leadgate serve --policy FILE [options]\n"
      "  --config FILE           read options from FILE (key = value lines, keys as the flags\n"
      "                          without --); flags given too override it\n";
  for (const OptionSpec& spec : kOptions) {
    std::string flag = std::string("  --") + spec.name + (*spec.value_name ? " " : "") + spec.value_name;
    flag.resize(std::max<size_t>(flag.size() + 1, 26), ' ');
    usage += flag + spec.help + "\n";
  }
  return usage;
}

ServeOptionsOutcome ParseServeOptions(const Args& args) {
  const std::string usage = ServeUsage();
  std::vector<Setting> flags, file;
  std::string config_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "-h" || flag == "--help") return Stop(0, usage);
    const OptionSpec* spec = flag.rfind("--", 0) == 0 ? FindOption(flag.substr(2)) : nullptr;
    if (spec == nullptr && flag != "--config") return Stop(2, "leadgate serve: unknown option " + flag + "\n" + usage);
    if (spec != nullptr && spec->secret)
      return Stop(2, "leadgate serve: " + flag + " would show the secret in the process list: put it in --config (" +
                         spec->name + " = ...) or use --" + spec->name + "-file FILE\n");
    if (spec != nullptr && !*spec->value_name) {
      flags.push_back({spec, "true", flag});
      continue;
    }
    if (i + 1 >= args.size()) return Stop(2, "leadgate serve: " + flag + " needs a value\n" + usage);
    const std::string& value = args[++i];
    if (spec == nullptr) {
      config_path = value;
    } else {
      flags.push_back({spec, value, flag});
    }
  }
  if (!config_path.empty()) {
    std::string text;
    if (!ReadFile(config_path, &text)) return Stop(2, "leadgate serve: cannot read config " + config_path + "\n");
    const std::string error = ReadConfigSettings(config_path, text, &file);
    if (!error.empty()) return Stop(2, "leadgate serve: " + error + "\n");
  }
  ServeOptionsOutcome outcome;
  for (const OptionSpec& spec : kOptions) {
    // The flags' values when there are any, else the file's.
    std::vector<const Setting*> chosen;
    for (const Setting& setting : flags)
      if (setting.spec == &spec) chosen.push_back(&setting);
    if (chosen.empty())
      for (const Setting& setting : file)
        if (setting.spec == &spec) chosen.push_back(&setting);
    if (!spec.repeatable && chosen.size() > 1) chosen.erase(chosen.begin(), chosen.end() - 1);
    for (const Setting* setting : chosen) {
      if (spec.apply(setting->value, &outcome.config)) continue;
      // The SMTP URL's own reason, and never its value: it may hold a password.
      if (&spec == FindOption("smtp"))
        return Stop(2, "leadgate serve: " + setting->where + ": " +
                           collector::ParseSmtpUrl(setting->value).status().message() + "\n");
      const std::string shown = spec.secret ? "(hidden)" : "\"" + setting->value + "\"";
      return Stop(2, "leadgate serve: " + setting->where + ": bad value " + shown + ", expected " +
                         (*spec.value_name ? spec.value_name : "true or false") + "\n");
    }
  }
  const collector::MailOptions& mail = outcome.config.collector.mail;
  if (mail.smtp_url.empty() && (!mail.from.empty() || !mail.smtp_password.empty()))
    return Stop(2, "leadgate serve: --mail-from and the SMTP password need --smtp URL\n");
  if (!mail.smtp_url.empty() && mail.from.empty())
    return Stop(2, "leadgate serve: --smtp needs --mail-from ADDRESS (the mails' sender)\n");
  if (outcome.config.policy_path.empty())
    return Stop(2, "leadgate serve: --policy FILE (or policy = FILE in --config) is required\n" + usage);
  return outcome;
}

}  // namespace leadgate::cli
