// The baseline of bench/ingest: a bare cpp-httplib server with the
// collector's settings (64 threads, keep-alive, TCP_NODELAY) that parses
// each JSON body (nlohmann) and answers {"success":true}, storing nothing.
// The collector's own work per request is what it costs beyond this.
// Usage: bare_httplib PORT
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bare_httplib PORT\n");
    return 2;
  }
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  server.Post(R"(/v1/(page|track|identify|batch))", [](const httplib::Request& request, httplib::Response& response) {
    const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      response.status = 400;
      response.set_content(R"({"error":"malformed JSON","path":""})", "application/json");
      return;
    }
    response.set_content(R"({"success":true})", "application/json");
  });
  if (!server.bind_to_port("127.0.0.1", std::atoi(argv[1]))) return 1;
  std::printf("listening on 127.0.0.1:%s\n", argv[1]);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
