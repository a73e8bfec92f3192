// The collector: wires the store, identification, scorer, ingest, forms,
// API and routes into one HTTP server. Create() opens everything (and
// fails with a clear message), Bind() starts listening, Serve() blocks
// until Stop(), then everything acknowledged is on disk. Stop() may be
// called from any thread.
#ifndef LEADGATE_SERVER_COLLECTOR_COLLECTOR_H_
#define LEADGATE_SERVER_COLLECTOR_COLLECTOR_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "collector/http_server.h"
#include "identify/identify.h"
#include "leadgate/policy.h"
#include "leadgate/status.h"

namespace leadgate::collector {

struct CollectorOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::string data_dir = "./leadgate-data";
  std::vector<std::string> write_keys;
  std::vector<std::string> secret_keys;
  std::vector<std::string> trusted_proxies;  // CIDRs
  std::string api_token;                     // required here; serve generates one
  std::string tracker_js;                    // contents of web/tracker/t.js
  std::string site_dir;
  double rate_limit_per_second = 100;  // per client address; <= 0 disables
  double rate_burst = 200;
  int retention_days = 395;  // events older than this are deleted; <= 0 keeps all
  bool synchronous_full = true;
  HttpLimits http;
  std::function<int64_t()> clock;  // UTC ms; defaults to the system clock
};

class Collector {
 public:
  static Result<std::unique_ptr<Collector>> Create(CollectorOptions options, Policy policy,
                                                   std::unique_ptr<identify::Identifier> identifier);
  ~Collector();

  // Listens on options.host:port; returns the bound port.
  Result<int> Bind();
  // Serves until Stop(); then finishes scoring and closes the store.
  void Serve();
  void Stop();

  // A message when the stored scores came from another policy revision.
  const std::string& policy_change_note() const;

 private:
  struct Parts;
  explicit Collector(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_COLLECTOR_H_
