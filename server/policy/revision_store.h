// Policy revisions in the store: every revision's JSON with who created it,
// when and why, and its history of sign-offs and activations. Revisions are
// never changed or deleted; the active one is the last activated. SQL only:
// the rules (validation, sign-off, switching) live in policy_revisions.h.
// Thread-safe.
#ifndef LEADGATE_SERVER_POLICY_REVISION_STORE_H_
#define LEADGATE_SERVER_POLICY_REVISION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

struct RevisionEvent {
  std::string action;  // "signoff" or "activate"
  std::string by;
  std::string role;  // the person's role for a sign-off; "" otherwise
  int64_t at_ms = 0;
};

struct RevisionRecord {
  int64_t revision = 0;
  std::string name;         // the policy's name
  std::string policy_json;  // "revision" set to `revision`
  int64_t created_ms = 0;
  std::string created_by;
  std::string note;
  std::vector<RevisionEvent> history;  // oldest first
};

struct NewRevision {
  std::string name;
  // Policy JSON text without its final number: the store sets it.
  std::string policy_json;
  int64_t created_ms = 0;
  std::string created_by;
  std::string note;
  int64_t first_number = 1;  // the number when it is the first revision
  bool activate = false;     // also record an activation by `created_by`
  bool only_first = false;   // add nothing when some revision is stored already
};

class RevisionStore {
 public:
  explicit RevisionStore(Store* store) : store_(store) {}

  // Stores a revision numbered after the last one; returns its number.
  Result<int64_t> Add(const NewRevision& revision);
  Status Record(int64_t revision, const RevisionEvent& event);

  // Every revision with its history, newest first.
  Result<std::vector<RevisionRecord>> List();
  Result<std::optional<RevisionRecord>> Get(int64_t revision);
  // The revision activated last; nullopt before the first.
  Result<std::optional<int64_t>> Active();

 private:
  Store* store_;
};

// The policy JSON text with "revision" set to `revision` (key order kept).
// Fails on text that is not a JSON object.
Result<std::string> WithRevisionNumber(const std::string& policy_json, int64_t revision);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_POLICY_REVISION_STORE_H_
