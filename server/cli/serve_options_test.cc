// Tests of `leadgate serve`'s options: flags, the config file, which one
// wins, and errors that name the flag or the file and line.
#include "cli/serve_options.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace leadgate::cli {
namespace {

// Runs in a fresh folder so that "serve.conf" is a real file of its own.
class ServeOptions : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/leadgate-serve-options-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    ASSERT_EQ(chdir(dir), 0);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ServeOptionsOutcome Parse(const Args& args, const std::string& config = "") {
    std::ofstream("serve.conf") << config;
    return ParseServeOptions(args);
  }

 private:
  std::string dir_;
};

TEST_F(ServeOptions, FlagsAreApplied) {
  auto outcome = Parse({"--policy", "p.json", "--listen", "[::1]:9000", "--write-key", "a", "--write-key", "b",
                        "--rate-limit", "0", "--sync", "normal", "--threads", "8"});
  ASSERT_EQ(outcome.exit_code, -1) << outcome.message;
  EXPECT_EQ(outcome.config.policy_path, "p.json");
  EXPECT_EQ(outcome.config.collector.host, "::1");
  EXPECT_EQ(outcome.config.collector.port, 9000);
  EXPECT_EQ(outcome.config.collector.write_keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(outcome.config.collector.rate_limit_per_second, 0);
  EXPECT_FALSE(outcome.config.collector.synchronous_full);
  EXPECT_EQ(outcome.config.collector.http.threads, 8);
}

TEST_F(ServeOptions, ConfigFileGivesTheSameKeys) {
  auto outcome = Parse({"--config", "serve.conf"},
                       "# a deployment\n"
                       "policy = /etc/leadgate/policy.json\n"
                       "\n"
                       "listen = 0.0.0.0:8080\n"
                       "mmdb = a.mmdb\n"
                       "mmdb = b.mmdb\n"
                       "trusted-proxy = 127.0.0.1/32\n"
                       "retention-days = 30\n");
  ASSERT_EQ(outcome.exit_code, -1) << outcome.message;
  EXPECT_EQ(outcome.config.policy_path, "/etc/leadgate/policy.json");
  EXPECT_EQ(outcome.config.collector.host, "0.0.0.0");
  EXPECT_EQ(outcome.config.mmdb_paths, (std::vector<std::string>{"a.mmdb", "b.mmdb"}));
  EXPECT_EQ(outcome.config.collector.trusted_proxies, (std::vector<std::string>{"127.0.0.1/32"}));
  EXPECT_EQ(outcome.config.collector.retention_days, 30);
}

TEST_F(ServeOptions, FlagsOverrideTheFile) {
  auto outcome = Parse({"--listen", "127.0.0.1:1", "--config", "serve.conf", "--mmdb", "flag.mmdb"},
                       "policy = p.json\nlisten = 0.0.0.0:8080\nmmdb = a.mmdb\nmmdb = b.mmdb\nwrite-key = k\n");
  ASSERT_EQ(outcome.exit_code, -1) << outcome.message;
  EXPECT_EQ(outcome.config.collector.host, "127.0.0.1");
  EXPECT_EQ(outcome.config.collector.port, 1);
  EXPECT_EQ(outcome.config.mmdb_paths, (std::vector<std::string>{"flag.mmdb"}));
  EXPECT_EQ(outcome.config.collector.write_keys, (std::vector<std::string>{"k"}));
}

// A switch takes no value as a flag; in the file it is true or false.
TEST_F(ServeOptions, ASwitchIsAFlagAloneOrTrueOrFalseInTheFile) {
  auto off = Parse({"--policy", "p.json"});
  ASSERT_EQ(off.exit_code, -1) << off.message;
  EXPECT_FALSE(off.config.collector.allow_private_webhooks);
  auto flag = Parse({"--allow-private-webhooks", "--policy", "p.json"});
  ASSERT_EQ(flag.exit_code, -1) << flag.message;
  EXPECT_TRUE(flag.config.collector.allow_private_webhooks);
  EXPECT_EQ(flag.config.policy_path, "p.json");
  auto file = Parse({"--config", "serve.conf"}, "policy = p.json\nallow-private-webhooks = true\n");
  ASSERT_EQ(file.exit_code, -1) << file.message;
  EXPECT_TRUE(file.config.collector.allow_private_webhooks);
  auto bad = Parse({"--config", "serve.conf"}, "policy = p.json\nallow-private-webhooks = yes\n");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.message.find("serve.conf:2: allow-private-webhooks: bad value \"yes\", expected true or false"),
            std::string::npos)
      << bad.message;
  EXPECT_NE(ServeUsage().find("  --allow-private-webhooks also deliver"), std::string::npos) << ServeUsage();
}

// The SMTP password comes from a file or the config file, never from the
// command line (the process list would show it), nor in the URL.
TEST_F(ServeOptions, TheSmtpPasswordNeverComesOnTheCommandLine) {
  std::ofstream("smtp-password") << "s3cret\n";
  auto file = Parse({"--policy", "p.json", "--smtp", "smtp://alerts@mail.example:587", "--smtp-password-file",
                     "smtp-password", "--mail-from", "leadgate@acme.example"});
  ASSERT_EQ(file.exit_code, -1) << file.message;
  EXPECT_EQ(file.config.collector.mail.smtp_password, "s3cret");
  EXPECT_EQ(file.config.collector.mail.smtp_url, "smtp://alerts@mail.example:587");
  EXPECT_EQ(file.config.collector.mail.from, "leadgate@acme.example");
  auto config = Parse({"--config", "serve.conf"},
                      "policy = p.json\nsmtp = smtps://alerts@mail.example\nsmtp-password = from the file\n"
                      "mail-from = leadgate@acme.example\n");
  ASSERT_EQ(config.exit_code, -1) << config.message;
  EXPECT_EQ(config.config.collector.mail.smtp_password, "from the file");
  auto flag = Parse({"--policy", "p.json", "--smtp-password", "s3cret"});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_NE(flag.message.find("--smtp-password-file"), std::string::npos) << flag.message;
  auto in_url =
      Parse({"--policy", "p.json", "--smtp", "smtp://alerts:s3cret@mail.example", "--mail-from", "a@b.example"});
  EXPECT_EQ(in_url.exit_code, 2);
  EXPECT_EQ(in_url.message.find("s3cret"), std::string::npos) << "never repeated: " << in_url.message;
  EXPECT_NE(Parse({"--policy", "p.json", "--smtp", "smtp://mail.example"}).message.find("--mail-from"),
            std::string::npos);
  EXPECT_EQ(Parse({"--policy", "p.json", "--smtp", "smtp://mail.example", "--mail-from", "not an address"}).exit_code,
            2);
}

TEST_F(ServeOptions, UnknownKeyIsNamedWithItsLine) {
  auto outcome = Parse({"--config", "serve.conf"}, "policy = p.json\n\nlisten-on = 0.0.0.0:80\n");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.message.find("serve.conf:3: unknown key \"listen-on\""), std::string::npos) << outcome.message;
}

TEST_F(ServeOptions, FileErrorsNameTheLine) {
  EXPECT_NE(Parse({"--config", "serve.conf"}, "policy p.json\n").message.find("serve.conf:1: expected KEY = VALUE"),
            std::string::npos);
  EXPECT_NE(Parse({"--config", "serve.conf"}, "policy = a\npolicy = b\n")
                .message.find("serve.conf:2: policy is already set on line 1"),
            std::string::npos);
  EXPECT_NE(Parse({"--config", "serve.conf"}, "policy = a\nthreads = many\n")
                .message.find("serve.conf:2: threads: bad value \"many\", expected N"),
            std::string::npos);
  EXPECT_NE(Parse({"--config", "missing.conf"}).message.find("cannot read config missing.conf"), std::string::npos);
  // Checked here, not when the collector starts, so that the file and line are named.
  EXPECT_NE(Parse({"--config", "serve.conf"}, "policy = a\nslack-webhook = hooks.slack.com/x\n")
                .message.find("serve.conf:2: slack-webhook: bad value \"hooks.slack.com/x\", expected URL"),
            std::string::npos);
  EXPECT_NE(Parse({"--policy", "a", "--escalation-webhook", "ftp://x"})
                .message.find("--escalation-webhook: bad value \"ftp://x\", expected URL"),
            std::string::npos);
  EXPECT_NE(Parse({"--config", "serve.conf"}, "policy = a\ntrusted-proxy = 10.0.0.0/33\n")
                .message.find("serve.conf:2: trusted-proxy: bad value \"10.0.0.0/33\", expected CIDR"),
            std::string::npos);
}

TEST_F(ServeOptions, FlagErrorsNameTheFlag) {
  EXPECT_NE(Parse({"--policy", "p", "--listen", "nowhere"}).message.find("--listen: bad value \"nowhere\""),
            std::string::npos);
  EXPECT_NE(Parse({"--policy", "p", "--listn", "x"}).message.find("unknown option --listn"), std::string::npos);
  EXPECT_NE(Parse({"--policy"}).message.find("--policy needs a value"), std::string::npos);
  EXPECT_NE(Parse({"--listen", ":1"}).message.find("--policy FILE"), std::string::npos);
  EXPECT_EQ(Parse({"--policy", "p", "--sync", "sometimes"}).exit_code, 2);
  // An origin is what a browser sends in Origin: no path, no trailing slash, lower case.
  for (const char* origin : {"www.example.com", "https://www.example.com/", "https://Example.com", "ftp://x", "*"})
    EXPECT_NE(Parse({"--policy", "p", "--site-origin", origin}).message.find("--site-origin: bad value"),
              std::string::npos)
        << origin;
  auto origins =
      Parse({"--policy", "p", "--site-origin", "https://www.example.com", "--site-origin", "http://[::1]:3000"});
  ASSERT_EQ(origins.exit_code, -1) << origins.message;
  EXPECT_EQ(origins.config.collector.site_origins,
            (std::vector<std::string>{"https://www.example.com", "http://[::1]:3000"}));
}

// HubSpot: the token only from a file or the config file, never a flag (it
// would be in the process list), and never repeated in an error.
TEST_F(ServeOptions, HubSpotTokenNeverOnTheCommandLine) {
  auto outcome = Parse({"--policy", "p.json", "--hubspot-token", "pat-secret-1"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_EQ(outcome.message.find("pat-secret-1"), std::string::npos) << outcome.message;
  EXPECT_NE(outcome.message.find("--hubspot-token-file"), std::string::npos) << outcome.message;
  outcome = Parse({"--config", "serve.conf"}, "policy = p.json\nhubspot-token = pat-secret-1\n");
  ASSERT_EQ(outcome.exit_code, -1) << outcome.message;
  EXPECT_EQ(outcome.config.collector.hubspot.token, "pat-secret-1");
  outcome = Parse({"--policy", "p.json", "--hubspot-token-file", "token.txt", "--hubspot-url", "http://127.0.0.1:9",
                   "--hubspot-owner", "rita=77", "--hubspot-owner", "sam=78", "--hubspot-poll-seconds", "60",
                   "--hubspot-lead-status", "BAD_TIMING=rejected", "--hubspot-lead-status", "CONNECTED=none"});
  ASSERT_EQ(outcome.exit_code, -1) << outcome.message;
  const auto& hubspot = outcome.config.collector.hubspot;
  EXPECT_EQ(hubspot.token_file, "token.txt");
  EXPECT_EQ(hubspot.url, "http://127.0.0.1:9");
  EXPECT_EQ(hubspot.owners, (std::map<std::string, std::string>{{"rita", "77"}, {"sam", "78"}}));
  EXPECT_EQ(hubspot.poll_seconds, 60);
  EXPECT_EQ(hubspot.lead_statuses, (std::vector<std::string>{"BAD_TIMING=rejected", "CONNECTED=none"}));
  for (const Args& bad : std::vector<Args>{{"--hubspot-owner", "rita"},
                                           {"--hubspot-owner", "rita=abc"},
                                           {"--hubspot-lead-status", "HOT=yes"},
                                           {"--hubspot-url", "api.hubapi.com"},
                                           {"--hubspot-poll-seconds", "-1"}}) {
    Args args = {"--policy", "p.json"};
    args.insert(args.end(), bad.begin(), bad.end());
    outcome = Parse(args);
    EXPECT_EQ(outcome.exit_code, 2) << bad[0] << " " << bad[1];
    EXPECT_NE(outcome.message.find(bad[0]), std::string::npos) << outcome.message;
  }
}

TEST_F(ServeOptions, HelpListsEveryOption) {
  auto outcome = Parse({"--help"});
  EXPECT_EQ(outcome.exit_code, 0);
  for (const char* flag : {"--config", "--listen", "--policy", "--mmdb", "--trusted-proxy", "--sync", "--site-origin"})
    EXPECT_NE(outcome.message.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace leadgate::cli
