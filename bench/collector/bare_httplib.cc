// The baselines of bench/ingest: a bare cpp-httplib server with the
// collector's settings (64 threads, keep-alive, TCP_NODELAY) that parses
// each JSON body (nlohmann) and answers {"success":true}, storing nothing;
// with DB_FILE, it also stores each body durably before answering (the
// collector's group-commit writer into SQLite, WAL with synchronous=FULL,
// one table without indexes): the floor of any durable ingest here.
// The collector's own work per request is what it costs beyond these.
// Usage: bare_httplib PORT [DB_FILE]   (DB_FILE ":memory:": the hand-off and
// the inserts without a file or a sync)
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "store/group_commit.h"
#include "store/sqlite_db.h"

namespace {

using leadgate::Status;
using leadgate::collector::Db;
using leadgate::collector::GroupCommitWriter;
using leadgate::collector::SqliteDb;

std::unique_ptr<GroupCommitWriter> OpenBodies(const char* path) {
  auto db = SqliteDb::Open(path, /*read_only=*/false, /*synchronous_full=*/true);
  if (!db.ok() || !db.value()->Exec("CREATE TABLE IF NOT EXISTS bodies (id INTEGER PRIMARY KEY, body TEXT)").ok()) {
    std::fprintf(stderr, "bare_httplib: cannot open %s\n", path);
    std::exit(1);
  }
  return std::make_unique<GroupCommitWriter>(std::move(db).value());
}

Status StoreBody(GroupCommitWriter& writer, const std::string& body) {
  return writer.Run([&body](Db& db) -> Status {
    auto insert = db.Prepare("INSERT INTO bodies (body) VALUES (?)");
    if (!insert.ok()) return insert.status();
    return insert.value()->Bind(1, body).Run();
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: bare_httplib PORT [DB_FILE]\n");
    return 2;
  }
  std::unique_ptr<GroupCommitWriter> writer = argc == 3 ? OpenBodies(argv[2]) : nullptr;
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  server.Post(R"(/v1/(page|track|identify|batch))",
              [&writer](const httplib::Request& request, httplib::Response& response) {
                const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
                if (body.is_discarded() || !body.is_object()) {
                  response.status = 400;
                  response.set_content(R"({"error":"malformed JSON","path":""})", "application/json");
                  return;
                }
                if (writer && !StoreBody(*writer, request.body).ok()) {
                  response.status = 503;
                  response.set_content(R"({"error":"not stored","path":""})", "application/json");
                  return;
                }
                response.set_content(R"({"success":true})", "application/json");
              });
  if (!server.bind_to_port("127.0.0.1", std::atoi(argv[1]))) return 1;
  std::printf("listening on 127.0.0.1:%s\n", argv[1]);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
