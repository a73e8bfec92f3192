// Note rows: SQL over the store's writer and read pool.
#include "records/note_store.h"

namespace leadgate::collector {

Result<NoteRecord> NoteStore::Add(NoteRecord note) {
  Status status = store_->Write([&](Db& db) -> Status {
    auto insert = db.Prepare("INSERT INTO notes (subject, body, by_name, at_ms) VALUES (?, ?, ?, ?) RETURNING id");
    if (!insert.ok()) return insert.status();
    Statement& row = insert.value()->Bind(1, note.subject).Bind(2, note.text).Bind(3, note.by).Bind(4, note.at_ms);
    Status run;
    if (row.Step(&run)) note.id = row.Int(0);
    return run;
  });
  if (!status.ok()) return status;
  return note;
}

Result<std::vector<NoteRecord>> NoteStore::OfSubject(const std::string& subject) {
  std::vector<NoteRecord> notes;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT id, subject, body, by_name, at_ms FROM notes WHERE subject = ? ORDER BY at_ms, id");
    if (!query.ok()) return query.status();
    Statement& row = query.value()->Bind(1, subject);
    Status step;
    while (row.Step(&step)) notes.push_back(NoteRecord{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4)});
    return step;
  });
  if (!status.ok()) return status;
  return notes;
}

}  // namespace leadgate::collector
