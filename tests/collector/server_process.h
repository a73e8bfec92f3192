// The real `leadgate serve` binary as a child process for crash tests: it
// is started on 127.0.0.1 with an ephemeral port, the MaxMind test database
// and the test keys, its stdout read until it listens; it can be signalled
// (SIGKILL, SIGTERM) and waited for.
#ifndef LEADGATE_TESTS_COLLECTOR_SERVER_PROCESS_H_
#define LEADGATE_TESTS_COLLECTOR_SERVER_PROCESS_H_

#include <sys/resource.h>
#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

namespace leadgate::test_support {

class ServerProcess {
 public:
  // `policy`: relative to tests/; `extra_args` are appended to serve's.
  // `file_size_limit`: no file of the server grows past it (ulimit -f),
  // which is a full disk to SQLite, without needing to mount one.
  explicit ServerProcess(const std::string& data_dir, const std::vector<std::string>& extra_args = {},
                         const std::string& policy = "collector/data/policy.json",
                         rlim_t file_size_limit = RLIM_INFINITY);
  ~ServerProcess();  // SIGKILL unless waited for

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The most memory the process has had resident so far (VmHWM), in KB.
  long PeakResidentKb() const;
  const std::string& transcript() const { return transcript_; }
  void Signal(int signal_number);
  // Waits for exit; returns the wait status and collects the rest of stdout.
  int Wait();

 private:
  pid_t pid_ = -1;
  FILE* output_ = nullptr;
  int port_ = 0;
  bool reaped_ = false;
  std::string transcript_;
};

}  // namespace leadgate::test_support

#endif  // LEADGATE_TESTS_COLLECTOR_SERVER_PROCESS_H_
