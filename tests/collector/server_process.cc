// Fork/exec of `leadgate serve` for crash tests.
#include "server_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_collector.h"

namespace leadgate::test_support {

ServerProcess::ServerProcess(const std::string& data_dir, const std::vector<std::string>& extra_args,
                             const std::string& policy, rlim_t file_size_limit) {
  std::vector<std::string> args = {
      LEADGATE_BINARY,   "serve",
      "--listen",        "127.0.0.1:0",
      "--data",          data_dir,
      "--policy",        TestDataPath(policy),
      "--mmdb",          TestDataPath("data/maxmind/test-data/GeoIP2-Enterprise-Test.mmdb"),
      "--write-key",     kWriteKey,
      "--api-token",     kApiToken,
      "--trusted-proxy", "127.0.0.1",
      "--rate-limit",    "0",
      "--threads",       "16"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe(out) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    if (file_size_limit != RLIM_INFINITY) {
      rlimit limit{file_size_limit, file_size_limit};
      setrlimit(RLIMIT_FSIZE, &limit);
    }
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execv(LEADGATE_BINARY, argv.data());
    _exit(127);
  }
  close(out[1]);
  output_ = fdopen(out[0], "r");
  char line[512];
  while (output_ && fgets(line, sizeof(line), output_)) {
    transcript_ += line;
    const std::string text = line;
    const size_t at = text.find("listening on http://127.0.0.1:");
    if (at != std::string::npos) {
      port_ = std::stoi(text.substr(at + 30));
      break;
    }
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (output_) fclose(output_);
}

long ServerProcess::PeakResidentKb() const {
  const std::string status = ReadTextFile("/proc/" + std::to_string(pid_) + "/status");
  const size_t at = status.find("VmHWM:");
  return at == std::string::npos ? -1 : std::atol(status.c_str() + at + 6);
}

void ServerProcess::Signal(int signal_number) { kill(pid_, signal_number); }

int ServerProcess::Wait() {
  char line[512];
  while (output_ && fgets(line, sizeof(line), output_)) transcript_ += line;
  int status = 0;
  waitpid(pid_, &status, 0);
  reaped_ = true;
  return status;
}

}  // namespace leadgate::test_support
