// The aiosmtpd sink as a child process.
#include "smtp_sink.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "test_collector.h"

namespace leadgate::test_support {

SmtpSink::SmtpSink(const std::string& user, const std::string& password) : folder_(MakeTempDir()) {
  std::vector<std::string> args = {"/usr/bin/python3", TestDataPath("mail/smtp_sink.py"), folder_};
  if (!user.empty()) args.insert(args.end(), {"--user", user, "--password", password});
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    execv(argv[0], argv.data());
    _exit(127);
  }
  const std::string port_file = folder_ + "/port";
  for (int tries = 0; tries < 400 && !std::filesystem::exists(port_file); ++tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  if (std::filesystem::exists(port_file)) port_ = std::stoi(ReadTextFile(port_file));
}

SmtpSink::~SmtpSink() {
  if (pid_ > 0) {
    kill(pid_, SIGINT);
    waitpid(pid_, nullptr, 0);
  }
  std::filesystem::remove_all(folder_);
}

std::string SmtpSink::url(const std::string& user) const {
  return "smtp://" + (user.empty() ? "" : user + "@") + "127.0.0.1:" + std::to_string(port_);
}

std::vector<nlohmann::json> SmtpSink::Messages() const {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(folder_))
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::vector<nlohmann::json> messages;
  for (const std::string& path : paths) messages.push_back(nlohmann::json::parse(ReadTextFile(path)));
  return messages;
}

bool SmtpSink::WaitFor(size_t count) const {
  for (int tries = 0; tries < 800; ++tries) {
    if (Messages().size() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

}  // namespace leadgate::test_support
