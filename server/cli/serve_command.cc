// `leadgate serve`: parses the options of the collector contract, loads the
// policy and the MaxMind databases, and runs the collector until SIGTERM or
// SIGINT (then everything acknowledged is on disk).
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "cli/files.h"
#include "collector/collector.h"
#include "collector/secrets.h"
#include "identify/identify.h"
#include "leadgate/policy.h"

#ifndef LEADGATE_SOURCE_DIR
#define LEADGATE_SOURCE_DIR ""
#endif

namespace leadgate::cli {
namespace {

const char kServeUsage[] =
    "usage: leadgate serve --policy FILE [options]\n"
    "  --listen HOST:PORT      address to listen on (default 127.0.0.1:8080; port 0: any)\n"
    "  --data DIR              data directory (default ./leadgate-data)\n"
    "  --policy FILE           qualification policy (required)\n"
    "  --mmdb FILE             MaxMind-format database; repeatable, consulted in order\n"
    "  --write-key KEY         public key for browser sources; repeatable\n"
    "  --secret-key KEY        secret key for server-side sources; repeatable\n"
    "  --api-token TOKEN       bearer token for /api/* (default: generated, kept in the data dir)\n"
    "  --trusted-proxy CIDR    peers whose X-Forwarded-For is believed; repeatable\n"
    "  --web-dir DIR           folder holding tracker/t.js (default: found next to the program)\n"
    "  --site-dir DIR          also serve this folder of static files at /\n"
    "  --rate-limit N          requests per second per client address (default 100; 0: off)\n"
    "  --rate-burst N          burst allowance per address (default 200)\n"
    "  --retention-days N      delete events older than N days (default 395; 0: keep)\n"
    "  --threads N             HTTP worker threads (default 64)\n"
    "  --sync normal|full      SQLite synchronous mode (default full: fsync each group commit)\n";

// HOST:PORT, [V6]:PORT or :PORT.
bool ParseListen(const std::string& text, std::string* host, int* port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host_part = text.substr(0, colon);
  if (host_part.size() >= 2 && host_part.front() == '[' && host_part.back() == ']')
    host_part = host_part.substr(1, host_part.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  const int value = std::atoi(port_text.c_str());
  if (value > 65535) return false;
  *host = host_part.empty() ? "0.0.0.0" : host_part;
  *port = value;
  return true;
}

bool ParseNumber(const std::string& text, double* value) {
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0';
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

}  // namespace

int RunServe(const Args& args) {
  collector::CollectorOptions options;
  std::string policy_path, web_dir;
  std::vector<std::string> mmdb_paths;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "-h" || flag == "--help") {
      std::fputs(kServeUsage, stdout);
      return 0;
    }
    static const char* const kFlags[] = {"--listen",     "--data",       "--policy",         "--mmdb",    "--write-key",
                                         "--secret-key", "--api-token",  "--trusted-proxy",  "--web-dir", "--site-dir",
                                         "--rate-limit", "--rate-burst", "--retention-days", "--threads", "--sync"};
    if (std::none_of(std::begin(kFlags), std::end(kFlags), [&](const char* known) { return flag == known; })) {
      std::fprintf(stderr, "leadgate serve: unknown option %s\n%s", flag.c_str(), kServeUsage);
      return 2;
    }
    if (i + 1 >= args.size()) {
      std::fprintf(stderr, "leadgate serve: %s needs a value\n%s", flag.c_str(), kServeUsage);
      return 2;
    }
    const std::string& value = args[++i];
    double number = 0;
    if (flag == "--listen") {
      if (!ParseListen(value, &options.host, &options.port)) {
        std::fprintf(stderr, "leadgate serve: --listen wants HOST:PORT, got \"%s\"\n", value.c_str());
        return 2;
      }
    } else if (flag == "--data") {
      options.data_dir = value;
    } else if (flag == "--policy") {
      policy_path = value;
    } else if (flag == "--mmdb") {
      mmdb_paths.push_back(value);
    } else if (flag == "--write-key") {
      options.write_keys.push_back(value);
    } else if (flag == "--secret-key") {
      options.secret_keys.push_back(value);
    } else if (flag == "--api-token") {
      options.api_token = value;
    } else if (flag == "--trusted-proxy") {
      options.trusted_proxies.push_back(value);
    } else if (flag == "--web-dir") {
      web_dir = value;
    } else if (flag == "--site-dir") {
      options.site_dir = value;
    } else if (flag == "--rate-limit" && ParseNumber(value, &number) && number >= 0) {
      options.rate_limit_per_second = number;
    } else if (flag == "--rate-burst" && ParseNumber(value, &number) && number >= 1) {
      options.rate_burst = number;
    } else if (flag == "--retention-days" && ParseNumber(value, &number) && number >= 0) {
      options.retention_days = static_cast<int>(number);
    } else if (flag == "--threads" && ParseNumber(value, &number) && number >= 1 && number <= 4096) {
      options.http.threads = static_cast<int>(number);
    } else if (flag == "--sync" && (value == "full" || value == "normal")) {
      options.synchronous_full = value == "full";
    } else {
      std::fprintf(stderr, "leadgate serve: bad value %s for %s\n%s", ("\"" + value + "\"").c_str(), flag.c_str(),
                   kServeUsage);
      return 2;
    }
  }
  if (policy_path.empty()) {
    std::fprintf(stderr, "leadgate serve: --policy FILE is required\n%s", kServeUsage);
    return 2;
  }
  std::string policy_text;
  if (!ReadFile(policy_path, &policy_text)) {
    std::fprintf(stderr, "leadgate serve: cannot read policy %s\n", policy_path.c_str());
    return 2;
  }
  PolicyDecodeResult decoded = DecodePolicy(policy_text);
  if (!decoded.ok()) {
    std::fprintf(stderr, "leadgate serve: %s is not a valid policy:\n", policy_path.c_str());
    for (const PolicyProblem& problem : decoded.problems) std::fprintf(stderr, "  %s\n", problem.ToString().c_str());
    return 2;
  }
  auto identifier = identify::Identifier::Open(mmdb_paths);
  if (!identifier.ok()) {
    std::fprintf(stderr, "leadgate serve: %s\n", identifier.status().ToString().c_str());
    return 2;
  }
  if (options.write_keys.empty() && options.secret_keys.empty())
    std::fprintf(stderr, "leadgate serve: warning: no --write-key or --secret-key; every event will get 401\n");
  if (mmdb_paths.empty())
    std::fprintf(stderr, "leadgate serve: warning: no --mmdb database; no visitor can be identified\n");

  std::error_code dir_error;
  std::filesystem::create_directories(options.data_dir, dir_error);
  // One collector per data folder: a second one would interleave its
  // writes and keys with the first. The lock lasts as long as the process.
  const std::string lock_path = (std::filesystem::path(options.data_dir) / "lock").string();
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    std::fprintf(stderr, "leadgate serve: %s is in use by another leadgate serve (or not writable)\n",
                 options.data_dir.c_str());
    return 2;
  }
  if (options.api_token.empty()) {
    auto token = collector::LoadOrCreateApiToken(options.data_dir);
    if (!token.ok()) {
      std::fprintf(stderr, "leadgate serve: %s\n", token.status().ToString().c_str());
      return 2;
    }
    options.api_token = token->token;
    if (token->generated)
      std::printf("API token (shown once, kept in %s): %s\n", token->file.c_str(), token->token.c_str());
  }
  options.tracker_js = FindTracker(web_dir);
  if (options.tracker_js.empty())
    std::fprintf(stderr, "leadgate serve: warning: web/tracker/t.js not found; /t.js answers 404 (use --web-dir)\n");

  // Signals go to one thread that asks the collector to stop.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto collector =
      collector::Collector::Create(options, std::move(decoded.policy).value(), std::move(identifier).value());
  if (!collector.ok()) {
    std::fprintf(stderr, "leadgate serve: %s\n", collector.status().ToString().c_str());
    return 2;
  }
  auto port = collector.value()->Bind();
  if (!port.ok()) {
    std::fprintf(stderr, "leadgate serve: %s\n", port.status().ToString().c_str());
    return 2;
  }
  if (!collector.value()->policy_change_note().empty())
    std::printf("%s\n", collector.value()->policy_change_note().c_str());
  const bool v6 = options.host.find(':') != std::string::npos;
  std::printf("leadgate listening on http://%s%s%s:%d\n", v6 ? "[" : "", options.host.c_str(), v6 ? "]" : "",
              port.value());
  std::fflush(stdout);

  collector::Collector* running = collector.value().get();
  std::thread signal_thread([running, signals] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    if (signal_number != 0) running->Stop();
  });
  running->Serve();
  // Serve() returned: either a signal arrived or the server failed. Wake
  // the signal thread if it is still waiting.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  collector.value().reset();
  std::printf("leadgate stopped\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace leadgate::cli
