// The active policy revision behind one swappable pointer: forms, leads and
// the scorer take a snapshot per request or batch, and an activation swaps
// it live (no restart). A snapshot stays valid for as long as it is held,
// so a request decided while the switch happens finishes under one
// revision. Thread-safe.
#ifndef LEADGATE_SERVER_SCORING_ACTIVE_POLICY_H_
#define LEADGATE_SERVER_SCORING_ACTIVE_POLICY_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "leadgate/policy.h"

namespace leadgate::collector {

// One decoded revision with the JSON it was decoded from.
struct PolicySnapshot {
  Policy policy;     // policy.revision is the revision's number; leads
  std::string json;  // as stored, "revision" set to the number
  // AccountPolicy(policy): companies are accounts, decided without the
  // rules on a person fact (collector-v1 v1.2).
  Policy account_policy;
};

class ActivePolicy {
 public:
  explicit ActivePolicy(std::shared_ptr<const PolicySnapshot> initial) : current_(std::move(initial)) {}

  std::shared_ptr<const PolicySnapshot> Get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
  }
  void Set(std::shared_ptr<const PolicySnapshot> next) {
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const PolicySnapshot> current_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_SCORING_ACTIVE_POLICY_H_
