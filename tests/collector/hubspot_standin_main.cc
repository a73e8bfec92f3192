// `hubspot-standin`: the tests' HubSpot stand-in (hubspot_standin.h) as a
// program, for the demo: `hubspot-standin --port N --token TOKEN` serves on
// 127.0.0.1 (port 0: any free one), prints "listening on http://..." once
// it accepts connections, and keeps its clock on the system's. Stops on
// SIGTERM or SIGINT.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "hubspot_standin.h"

namespace {

volatile std::sig_atomic_t stopping = 0;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  std::string token;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--port") {
      port = std::atoi(argv[i + 1]);
    } else if (flag == "--token") {
      token = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: hubspot-standin [--port N] --token TOKEN\n");
      return 2;
    }
  }
  if (token.empty()) {
    std::fprintf(stderr, "hubspot-standin: --token TOKEN is required\n");
    return 2;
  }
  std::signal(SIGTERM, [](int) { stopping = 1; });
  std::signal(SIGINT, [](int) { stopping = 1; });
  leadgate::test_support::HubSpotStandIn hubspot(token, NowMs(), port);
  if (hubspot.port() <= 0) {
    std::fprintf(stderr, "hubspot-standin: cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  std::printf("listening on %s\n", hubspot.url().c_str());
  std::fflush(stdout);
  while (!stopping) {
    hubspot.SetNow(NowMs());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}
