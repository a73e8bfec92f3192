// Saved views: a person's named set of list filters (the list page and its
// query string), kept in the store per person so that it follows them to
// any browser; one name per person and page, saved again to change it
// (schema version 20). Thread-safe.
#ifndef LEADGATE_SERVER_RECORDS_SAVED_VIEW_STORE_H_
#define LEADGATE_SERVER_RECORDS_SAVED_VIEW_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

struct SavedView {
  int64_t id = 0;
  std::string owner;  // who saved it (a person's name, or "api-token")
  std::string page;   // "companies" or "leads"
  std::string name;
  std::string query;  // the list's filters as a query string: "decision=qualified&q=acme"
  int64_t created_ms = 0;
};

class SavedViewStore {
 public:
  explicit SavedViewStore(Store* store) : store_(store) {}

  // `owner`'s views, by page, then name.
  Result<std::vector<SavedView>> List(const std::string& owner);
  // Stores `view` (replacing `owner`'s view of that page and name) and
  // returns it with its id.
  Result<SavedView> Save(SavedView view);
  // Removes `owner`'s view `id`; false when `owner` has none with that id.
  Result<bool> Remove(const std::string& owner, int64_t id);

 private:
  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_SAVED_VIEW_STORE_H_
