// Starting (once per process, unless ctest did) and sharing the test server.
#include "store/pg_test_server.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <random>

namespace leadgate::collector {
namespace {

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Stops the server this process started when the process ends.
struct OwnServer {
  std::string dir;
  ~OwnServer() {
    if (!dir.empty())
      std::system(("'" LEADGATE_SOURCE_DIR "/scripts/pg-test-server' stop '" + dir + "' >/dev/null 2>&1").c_str());
  }
};

Result<std::string> ServerUrl() {
  static std::mutex mutex;
  static OwnServer own;
  static Result<std::string> url = Status::NotFound("not started");
  std::lock_guard<std::mutex> lock(mutex);
  if (url.ok()) return url;
  if (const char* file = getenv("LEADGATE_TEST_PG_URL_FILE")) {
    std::ifstream in(file);
    std::string text;
    if (std::getline(in, text) && !Trim(text).empty()) return url = Trim(text);
  }
  char dir[] = "/tmp/leadgate-pg-XXXXXX";
  if (!mkdtemp(dir)) return Status::Internal("cannot create a temporary directory");
  FILE* start =
      popen(("'" LEADGATE_SOURCE_DIR "/scripts/pg-test-server' start '" + std::string(dir) + "'").c_str(), "r");
  if (!start) return Status::Internal("cannot run scripts/pg-test-server");
  std::string text;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, start)) text += buffer;
  const int exit_status = pclose(start);
  if (WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 77)
    return Status::NotFound("PostgreSQL is not installed (Debian package postgresql): PostgreSQL store tests skipped");
  if (exit_status != 0 || Trim(text).empty())
    return Status::Internal("scripts/pg-test-server could not start PostgreSQL");
  own.dir = dir;
  return url = Trim(text);
}

Status Run(const std::string& url, const std::string& sql) {
  PGconn* connection = PQconnectdb(
      (url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-cclient_min_messages%3Dwarning").c_str());
  Status status = Status::Ok();
  if (PQstatus(connection) != CONNECTION_OK) {
    status = Status::Internal(std::string("cannot connect to the test PostgreSQL: ") + PQerrorMessage(connection));
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) status = Status::Internal(PQresultErrorMessage(result));
    PQclear(result);
  }
  PQfinish(connection);
  return status;
}

}  // namespace

Result<PgTestSchema> PgTestSchema::Create() {
  auto url = ServerUrl();
  if (!url.ok()) return url.status();
  std::random_device random;
  const std::string name = "test_" + std::to_string(getpid()) + "_" + std::to_string(random() % 1000000000);
  Status created = Run(url.value(), "CREATE SCHEMA " + name);
  if (!created.ok()) return created;
  const char* separator = url.value().find('?') == std::string::npos ? "?" : "&";
  return PgTestSchema(url.value() + separator + "options=-csearch_path%3D" + name, name);
}

PgTestSchema::~PgTestSchema() {
  if (name_.empty()) return;
  const std::string base = url_.substr(0, url_.rfind(url_.find("&options=") != std::string::npos ? '&' : '?'));
  Run(base, "DROP SCHEMA " + name_ + " CASCADE");
}

}  // namespace leadgate::collector
