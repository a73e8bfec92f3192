// Saved views over HTTP: each person lists, saves and removes their own
// named list filters (GET and POST /api/views, DELETE /api/views/ID); the
// app shows them in its navigation. Nobody sees another's views; the API
// token keeps its own as "api-token". Thread-safe.
#ifndef LEADGATE_SERVER_API_VIEWS_API_H_
#define LEADGATE_SERVER_API_VIEWS_API_H_

#include <cstdint>
#include <string>

#include "http/http_error.h"
#include "people/access.h"
#include "records/saved_view_store.h"

namespace leadgate::collector {

class ViewsApi {
 public:
  explicit ViewsApi(SavedViewStore* views) : views_(views) {}

  // GET /api/views -> {"views": [{"id", "page", "name", "query", "created_at"}]}.
  HttpAnswer List(const Caller& caller);
  // POST /api/views {"page": "companies"|"leads", "name", "query"} -> 201 the view
  // (saved again under the same page and name: replaced).
  HttpAnswer Save(const std::string& body, const Caller& caller, int64_t now_ms);
  // DELETE /api/views/ID -> {"removed": ID}, or 404 when the caller has no such view.
  HttpAnswer Remove(const std::string& id, const Caller& caller);

 private:
  SavedViewStore* views_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_VIEWS_API_H_
