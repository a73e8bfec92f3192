// The hand-off's receivers: those given on the command line (--webhook,
// --slack-webhook, --escalation-webhook; fixed for the run) and those an
// administrator adds in the app, kept in the store's `webhooks` table:
// webhooks, each with its own signing secret, and Slack channels (their
// incoming webhooks, sent Slack's message unsigned). The hand-off reads
// the current list for every MQL; an added webhook is announced so that
// its delivery worker starts at once. Removing one stops its worker and new
// hand-offs to it, and its queued deliveries fail as dropped (kept in the
// delivery log with who removed it). Thread-safe.
#ifndef LEADGATE_SERVER_HANDOFF_WEBHOOK_REGISTRY_H_
#define LEADGATE_SERVER_HANDOFF_WEBHOOK_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "handoff/delivery_workers.h"
#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

struct WebhookEntry {
  Receiver receiver;
  bool from_app = false;   // added in the app (else given on the command line)
  std::string secret;      // "whsec_…" of an app webhook (its receiver verifies with it); "" for Slack
  std::string created_by;  // app webhooks
  int64_t created_ms = 0;
};

// Refuses what is not an absolute http(s) URL with a host (InvalidArgument, path "url").
Status CheckWebhookUrl(const std::string& url);

class WebhookRegistry {
 public:
  using OnAdded = std::function<void(const Receiver&)>;
  using OnRemoved = std::function<void(const std::string& url)>;

  // `allow_internal`: webhooks to loopback and private addresses may be
  // added (--allow-private-webhooks; see webhook_destination.h).
  WebhookRegistry(Store* store, std::vector<Receiver> fixed, bool allow_internal = false)
      : store_(store), fixed_(std::move(fixed)), allow_internal_(allow_internal) {}

  // Reads the app's webhooks from the store (once, on start).
  Status Load();
  // Told of each webhook added from now on (the delivery workers).
  void SetOnAdded(OnAdded on_added);
  // Told of each webhook removed, before its deliveries are dropped (the
  // delivery workers stop its worker, so no attempt is under way).
  void SetOnRemoved(OnRemoved on_removed);

  // Every receiver now: the command line's, then the app's.
  std::vector<Receiver> Receivers() const;
  std::vector<WebhookEntry> List() const;

  // Adds a receiver of `kind` "webhook" (with a fresh signing secret) or
  // "slack" (a channel's incoming webhook: Slack's message, no secret);
  // InvalidArgument for another kind (path "kind"), a bad URL or an
  // internal destination, or when that URL already receives the hand-off.
  Result<WebhookEntry> Add(const std::string& url, const std::string& kind, const std::string& by, int64_t now_ms);
  // NotFound unless `url` is an app webhook. Its pending deliveries fail,
  // their last answer saying it was dropped because `by` removed it.
  Status Remove(const std::string& url, const std::string& by);

 private:
  Store* store_;
  const std::vector<Receiver> fixed_;
  const bool allow_internal_;
  std::mutex change_mutex_;  // one Add or Remove at a time
  mutable std::mutex mutex_;
  std::vector<WebhookEntry> added_;  // guarded by mutex_
  OnAdded on_added_;                 // guarded by mutex_
  OnRemoved on_removed_;             // guarded by mutex_
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_WEBHOOK_REGISTRY_H_
