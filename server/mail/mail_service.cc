// The mail service's parts and its watcher thread.
#include "mail/mail_service.h"

#include <pthread.h>

#include <chrono>
#include <cstdio>

#include "people/people_admin.h"

namespace leadgate::collector {

Result<std::unique_ptr<MailService>> MailService::Create(const MailOptions& options, Parts parts) {
  auto smtp = ParseSmtpUrl(options.smtp_url);
  if (!smtp.ok()) return smtp.status();
  if (options.from.empty()) return Status::InvalidArgument("--smtp needs --mail-from ADDRESS", "--mail-from");
  if (Status from = CheckEmail(options.from); !from.ok())
    return Status::InvalidArgument("--mail-from: " + from.message(), "--mail-from");
  smtp.value().password = options.smtp_password;
  Mailer mailer(MailSettings{smtp.value(), options.from, parts.app_url, parts.wake});
  return std::unique_ptr<MailService>(new MailService(std::move(mailer), std::move(parts), options));
}

MailService::MailService(Mailer mailer, Parts parts, const MailOptions& options)
    : parts_(std::move(parts)),
      scan_every_(options.scan_every),
      mailer_(std::move(mailer)),
      alerts_({parts_.store, &mailer_, parts_.preferences, parts_.assignments, options.sla_hours}),
      digests_({parts_.store, &mailer_, parts_.preferences, parts_.assignments, options.sla_hours}) {}

MailService::~MailService() { Stop(); }

void MailService::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void MailService::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailService::Loop() {
  pthread_setname_np(pthread_self(), "lg-mail");
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    Pass();
    lock.lock();
    wake_.wait_for(lock, scan_every_, [this] { return stopping_; });
  }
}

void MailService::Pass() {
  const int64_t now_ms = parts_.clock();
  auto alerts = alerts_.Scan(now_ms);
  if (!alerts.ok()) std::fprintf(stderr, "leadgate: mail alerts: %s\n", alerts.status().ToString().c_str());
  auto digests = digests_.SendDue(now_ms);
  if (!digests.ok()) std::fprintf(stderr, "leadgate: mail digests: %s\n", digests.status().ToString().c_str());
  // Counted once done: a pass counted two after a reading began after it,
  // so it saw the clock as it was then (what tests wait for).
  if (parts_.metrics) parts_.metrics->Add("leadgate_mail_passes_total", "", "");
}

}  // namespace leadgate::collector
