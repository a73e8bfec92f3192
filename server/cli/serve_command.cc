// `leadgate serve`: reads the options (flags and --config, serve_options),
// loads the policy and the MaxMind databases, and runs the collector until
// SIGTERM or SIGINT (then everything acknowledged is on disk). Each step is
// one function returning an exit code (or -1 to go on).
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "app/collector.h"
#include "base/secrets.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "cli/serve_options.h"
#include "http/net_address.h"
#include "identify/identify.h"
#include "leadgate/policy.h"

#ifndef LEADGATE_SOURCE_DIR
#define LEADGATE_SOURCE_DIR ""
#endif

namespace leadgate::cli {
namespace {

constexpr int kGoOn = -1;

int Fail(const std::string& message) {
  std::fprintf(stderr, "leadgate serve: %s\n", message.c_str());
  return 2;
}

// The tracker: --web-dir, else web/ beside the build tree or the source tree.
std::string FindTracker(const std::string& web_dir) {
  std::vector<std::string> candidates;
  if (!web_dir.empty()) {
    candidates.push_back(web_dir + "/tracker/t.js");
    candidates.push_back(web_dir + "/t.js");
  } else {
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
      for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
        candidates.push_back((dir / "web/tracker/t.js").string());
    }
    if (*LEADGATE_SOURCE_DIR) candidates.push_back(std::string(LEADGATE_SOURCE_DIR) + "/web/tracker/t.js");
  }
  for (const std::string& path : candidates) {
    std::string contents;
    if (ReadFile(path, &contents)) return contents;
  }
  return "";
}

// The web app's folder: --web-dir's app/, else web/app beside the build
// tree or the source tree; empty when none is found.
std::string FindAppDir(const std::string& web_dir) {
  if (!web_dir.empty()) return std::filesystem::is_directory(web_dir + "/app") ? web_dir + "/app" : "";
  std::vector<std::filesystem::path> candidates;
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error)
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
      candidates.push_back(dir / "web/app");
  if (*LEADGATE_SOURCE_DIR) candidates.push_back(std::filesystem::path(LEADGATE_SOURCE_DIR) / "web/app");
  for (const auto& dir : candidates)
    if (std::filesystem::is_regular_file(dir / "app.html", error)) return dir.string();
  return "";
}

// The form widget and its wasm core (scripts/build-wasm's build/wasm), for
// the policy editor's preview: --web-dir's widget/, else wasm/ beside the
// program's bin/ or the source tree's build/wasm; empty when none is found.
std::string FindWidgetDir(const std::string& web_dir) {
  std::vector<std::filesystem::path> candidates;
  std::error_code error;
  if (!web_dir.empty()) {
    candidates.push_back(std::filesystem::path(web_dir) / "widget");
  } else {
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) candidates.push_back(exe.parent_path().parent_path() / "wasm");
    if (*LEADGATE_SOURCE_DIR) candidates.push_back(std::filesystem::path(LEADGATE_SOURCE_DIR) / "build/wasm");
  }
  for (const auto& dir : candidates)
    if (std::filesystem::is_regular_file(dir / "form-widget.mjs", error)) return dir.string();
  return "";
}

// Reads and validates the policy file given with `flag`; `text` keeps it
// for the store's revisions.
int LoadPolicy(const std::string& flag, const std::string& path, std::string* text) {
  if (!ReadFile(path, text)) return Fail("cannot read " + flag + " " + path);
  Result<Policy> decoded = DecodePolicy(*text);
  if (!decoded.ok()) {
    std::string message = flag + " " + path + " is not a valid policy:";
    for (const Problem& problem : decoded.status().problems()) message += "\n  " + problem.ToString();
    return Fail(message);
  }
  return kGoOn;
}

int OpenIdentifier(const std::vector<std::string>& mmdb_paths, std::unique_ptr<identify::Identifier>* identifier) {
  auto opened = identify::Identifier::Open(mmdb_paths);
  if (!opened.ok()) return Fail(opened.status().ToString());
  *identifier = std::move(opened).value();
  return kGoOn;
}

// Options that are valid but leave the collector half useful.
void WarnAboutGaps(const ServeConfig& config) {
  if (config.collector.write_keys.empty() && config.collector.secret_keys.empty())
    std::fprintf(stderr, "leadgate serve: warning: no --write-key or --secret-key; every event will get 401\n");
  if (config.mmdb_paths.empty())
    std::fprintf(stderr, "leadgate serve: warning: no --mmdb database; no visitor can be identified\n");
  if (config.collector.tracker_js.empty())
    std::fprintf(stderr, "leadgate serve: warning: web/tracker/t.js not found; /t.js answers 404 (use --web-dir)\n");
  const std::string& host = config.collector.host;
  const auto address = collector::ParseIpAddress(host);
  if (host != "localhost" && !(address && address->is_loopback()))
    std::fprintf(stderr,
                 "leadgate serve: warning: listening on %s, beyond this machine, without TLS: on the internet put "
                 "nginx in front (deploy/nginx/leadgate.conf: TLS, slow clients, limits) and listen on 127.0.0.1\n",
                 host.c_str());
  if (config.collector.app_dir.empty())
    std::fprintf(stderr, "leadgate serve: warning: web/app not found; /app answers 404 (use --web-dir)\n");
  else if (config.collector.widget_dir.empty())
    std::fprintf(stderr,
                 "leadgate serve: warning: the wasm build of the form widget (form-widget.mjs and its core) was not "
                 "found%s; the app's policy editor cannot check, preview or simulate a draft%s: run scripts/build-wasm "
                 "(build/wasm) or give --web-dir a folder with widget/\n",
                 config.web_dir.empty() ? "" : (" in " + config.web_dir + "/widget").c_str(),
                 config.collector.sql_policy_text.empty() ? "" : " and its call screen cannot run");
}

// One collector per data folder: a second one would interleave its writes
// and keys with the first. The lock lasts as long as the process.
int LockDataDir(const std::string& data_dir) {
  std::error_code dir_error;
  std::filesystem::create_directories(data_dir, dir_error);
  const std::string lock_path = (std::filesystem::path(data_dir) / "lock").string();
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0)
    return Fail(data_dir + " is in use by another leadgate serve (or not writable)");
  return kGoOn;
}

int EnsureApiToken(collector::CollectorOptions* options) {
  // With --store the collectors share one token, kept in the store.
  if (!options->api_token.empty() || !options->store_url.empty()) return kGoOn;
  auto token = collector::LoadOrCreateApiToken(options->data_dir);
  if (!token.ok()) return Fail(token.status().ToString());
  options->api_token = token->token;
  if (token->generated)
    std::printf("API token (shown once, kept in %s): %s\n", token->file.c_str(), token->token.c_str());
  return kGoOn;
}

// Signals go to one thread that asks the collector to stop; every other
// thread (started later) inherits the blocked mask.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  // A file size limit (ulimit -f) must fail writes (then /healthz tells),
  // not kill the server.
  std::signal(SIGXFSZ, SIG_IGN);
  return signals;
}

int StartCollector(ServeConfig config, const std::string& policy_text, std::unique_ptr<identify::Identifier> identifier,
                   std::unique_ptr<collector::Collector>* started) {
  auto created = collector::Collector::Create(config.collector, policy_text, std::move(identifier));
  if (!created.ok()) return Fail(created.status().ToString());
  auto port = created.value()->Bind();
  if (!port.ok()) return Fail(port.status().ToString());
  if (!created.value()->generated_api_token().empty())
    std::printf("API token (shown once, kept in the store): %s\n", created.value()->generated_api_token().c_str());
  std::printf("policy: %s is active\n", created.value()->active_policy().c_str());
  if (!created.value()->policy_change_note().empty())
    std::printf("policy: %s\n", created.value()->policy_change_note().c_str());
  const std::string& host = config.collector.host;
  const bool v6 = host.find(':') != std::string::npos;
  std::printf("leadgate listening on http://%s%s%s:%d\n", v6 ? "[" : "", host.c_str(), v6 ? "]" : "", port.value());
  std::fflush(stdout);
  *started = std::move(created).value();
  return kGoOn;
}

// Serves until a stop signal (or a server failure), then closes the store.
int ServeUntilSignal(std::unique_ptr<collector::Collector> running, sigset_t signals) {
  collector::Collector* collector = running.get();
  std::thread signal_thread([collector, signals] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    if (signal_number != 0) collector->Stop();
  });
  collector->Serve();
  // Serve() returned: either a signal arrived or the server failed. Wake
  // the signal thread if it is still waiting.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  running.reset();
  std::printf("leadgate stopped\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace

int RunServe(const Args& args) {
  ServeOptionsOutcome options = ParseServeOptions(args);
  if (options.exit_code != kGoOn) {
    std::fputs(options.message.c_str(), options.exit_code == 0 ? stdout : stderr);
    return options.exit_code;
  }
  ServeConfig& config = options.config;
  std::string policy_text;
  std::unique_ptr<identify::Identifier> identifier;
  int code = LoadPolicy("--policy", config.policy_path, &policy_text);
  if (code == kGoOn && !config.sql_policy_path.empty())
    code = LoadPolicy("--sql-policy", config.sql_policy_path, &config.collector.sql_policy_text);
  if (code == kGoOn) code = OpenIdentifier(config.mmdb_paths, &identifier);
  if (code != kGoOn) return code;
  config.collector.tracker_js = FindTracker(config.web_dir);
  config.collector.app_dir = FindAppDir(config.web_dir);
  config.collector.widget_dir = FindWidgetDir(config.web_dir);
  WarnAboutGaps(config);
  if ((code = LockDataDir(config.collector.data_dir)) != kGoOn) return code;
  if ((code = EnsureApiToken(&config.collector)) != kGoOn) return code;
  const sigset_t signals = BlockStopSignals();
  std::unique_ptr<collector::Collector> collector;
  code = StartCollector(std::move(config), policy_text, std::move(identifier), &collector);
  if (code != kGoOn) return code;
  return ServeUntilSignal(std::move(collector), signals);
}

}  // namespace leadgate::cli
