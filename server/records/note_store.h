// People's notes on a company or a lead ("company:ID" or "lead:ID"): kept as
// written, never edited or overwritten, each signed and timed. They are
// part of the subject's timeline (timeline_store.h). Thread-safe.
#ifndef LEADGATE_SERVER_RECORDS_NOTE_STORE_H_
#define LEADGATE_SERVER_RECORDS_NOTE_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

struct NoteRecord {
  int64_t id = 0;
  std::string subject;  // company:ID or lead:ID
  std::string text;
  std::string by;
  int64_t at_ms = 0;
};

class NoteStore {
 public:
  explicit NoteStore(Store* store) : store_(store) {}

  // Stores `note` and returns it with its id.
  Result<NoteRecord> Add(NoteRecord note);
  // The notes on `subject`, oldest first.
  Result<std::vector<NoteRecord>> OfSubject(const std::string& subject);

 private:
  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_NOTE_STORE_H_
