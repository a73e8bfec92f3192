// The receivers of the hand-off and the app's webhooks in the store.
#include "handoff/webhook_registry.h"

#include <sodium.h>

#include <algorithm>

#include "handoff/outbox.h"
#include "handoff/webhook_destination.h"
#include "handoff/webhook_signature.h"

namespace leadgate::collector {
namespace {

constexpr size_t kSecretBytes = 24;
constexpr size_t kMaxUrlBytes = 2000;

// "whsec_" + base64 of fresh random bytes, as Standard Webhooks secrets look.
Result<std::string> NewSecret() {
  if (sodium_init() < 0) return Status::Internal("libsodium did not initialise");
  std::string bytes(kSecretBytes, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return "whsec_" + Base64(bytes);
}

// The receiver of `kind` at `url`: a webhook signs with `secret`'s key, a
// Slack channel is sent unsigned.
Result<Receiver> MakeReceiver(const std::string& url, const std::string& kind, const std::string& secret) {
  if (kind == "slack") return Receiver{url, kind, "", nullptr};
  auto key = WebhookSigningKey(secret);
  if (!key.ok()) return key.status();
  return Receiver{url, kind, key.value(), nullptr};
}

Result<WebhookEntry> FromRow(const Statement& row) {
  WebhookEntry entry;
  entry.from_app = true;
  entry.secret = row.Text(1);
  entry.created_by = row.Text(2);
  entry.created_ms = row.Int(3);
  auto receiver = MakeReceiver(row.Text(0), row.Text(4), entry.secret);
  if (!receiver.ok()) return Status::Corruption("stored webhook " + row.Text(0) + ": " + receiver.status().message());
  entry.receiver = std::move(receiver).value();
  return entry;
}

}  // namespace

Status CheckWebhookUrl(const std::string& url) {
  const bool http = url.rfind("http://", 0) == 0;
  const bool https = url.rfind("https://", 0) == 0;
  if (!http && !https) return Status::InvalidArgument("a webhook must be an http:// or https:// URL", "url");
  const size_t host_start = http ? 7 : 8;
  const size_t host_end = url.find_first_of("/?#", host_start);
  if (host_end == host_start || url.size() == host_start)
    return Status::InvalidArgument("the webhook URL names no host", "url");
  if (url.size() > kMaxUrlBytes) return Status::InvalidArgument("the webhook URL is too long", "url");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return Status::InvalidArgument("the webhook URL holds a space or a control character", "url");
  return Status::Ok();
}

Status WebhookRegistry::Load() {
  std::vector<WebhookEntry> loaded;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT url, secret, created_by, created_ms, kind FROM webhooks ORDER BY created_ms, url");
    if (!query.ok()) return query.status();
    Status step;
    while (query.value()->Step(&step)) {
      auto entry = FromRow(*query.value());
      if (!entry.ok()) return entry.status();
      loaded.push_back(std::move(entry).value());
    }
    return step;
  });
  if (!status.ok()) return status;
  std::lock_guard<std::mutex> lock(mutex_);
  added_ = std::move(loaded);
  return Status::Ok();
}

void WebhookRegistry::SetOnAdded(OnAdded on_added) {
  std::lock_guard<std::mutex> lock(mutex_);
  on_added_ = std::move(on_added);
}

void WebhookRegistry::SetOnRemoved(OnRemoved on_removed) {
  std::lock_guard<std::mutex> lock(mutex_);
  on_removed_ = std::move(on_removed);
}

std::vector<Receiver> WebhookRegistry::Receivers() const {
  std::vector<Receiver> receivers = fixed_;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const WebhookEntry& entry : added_) receivers.push_back(entry.receiver);
  return receivers;
}

std::vector<WebhookEntry> WebhookRegistry::List() const {
  std::vector<WebhookEntry> list;
  for (const Receiver& receiver : fixed_) list.push_back(WebhookEntry{receiver, false, "", "", 0});
  std::lock_guard<std::mutex> lock(mutex_);
  list.insert(list.end(), added_.begin(), added_.end());
  return list;
}

Result<WebhookEntry> WebhookRegistry::Add(const std::string& url, const std::string& kind, const std::string& by,
                                          int64_t now_ms) {
  if (kind != "webhook" && kind != "slack")
    return Status::InvalidArgument("kind must be \"webhook\" or \"slack\"", "kind");
  Status valid = CheckWebhookUrl(url);
  if (valid.ok()) valid = CheckWebhookDestination(url, allow_internal_);
  if (!valid.ok()) return valid;
  auto secret = kind == "slack" ? Result<std::string>(std::string()) : NewSecret();
  if (!secret.ok()) return secret.status();
  auto receiver = MakeReceiver(url, kind, secret.value());
  if (!receiver.ok()) return receiver.status();
  WebhookEntry entry{std::move(receiver).value(), true, secret.value(), by, now_ms};
  // Adds and removals one at a time; mutex_ is never held across a store
  // write, since the writer thread reads Receivers() for every hand-off.
  std::lock_guard<std::mutex> change(change_mutex_);
  auto same = [&](const Receiver& receiver) { return receiver.url == url; };
  for (const WebhookEntry& existing : List())
    if (same(existing.receiver)) return Status::InvalidArgument("this URL already receives the hand-off", "url");
  Status stored = store_->Write([&](Db& db) -> Status {
    auto insert = db.Prepare("INSERT INTO webhooks (url, secret, created_by, created_ms, kind) VALUES (?, ?, ?, ?, ?)");
    if (!insert.ok()) return insert.status();
    return insert.value()->Bind(1, url).Bind(2, entry.secret).Bind(3, by).Bind(4, now_ms).Bind(5, kind).Run();
  });
  if (!stored.ok()) return stored;
  OnAdded announce;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    added_.push_back(entry);
    announce = on_added_;
  }
  if (announce) announce(entry.receiver);
  return entry;
}

Status WebhookRegistry::Remove(const std::string& url, const std::string& by) {
  std::lock_guard<std::mutex> change(change_mutex_);
  auto is_url = [&](const WebhookEntry& e) { return e.receiver.url == url; };
  WebhookEntry removed;
  OnAdded restart;
  OnRemoved stop;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = std::find_if(added_.begin(), added_.end(), is_url);
    if (found == added_.end()) return Status::NotFound("no webhook added in the app has this URL");
    removed = *found;
    added_.erase(found);  // no new hand-off to it from now on
    restart = on_added_;
    stop = on_removed_;
  }
  // Its worker stops first, so that no attempt still under way puts a
  // dropped delivery back to pending.
  if (stop) stop(url);
  Status stored = store_->Write([&](Db& db) -> Status {
    auto remove = db.Prepare("DELETE FROM webhooks WHERE url = ?");
    if (!remove.ok()) return remove.status();
    Status status = remove.value()->Bind(1, url).Run();
    if (!status.ok()) return status;
    return Outbox::DropPending(db, url, "dropped: the webhook was removed by " + by).status();
  });
  if (!stored.ok()) {  // still a receiver: back as it was
    {
      std::lock_guard<std::mutex> lock(mutex_);
      added_.push_back(removed);
    }
    if (restart) restart(removed.receiver);
  }
  return stored;
}

}  // namespace leadgate::collector
