// Identification: a visitor's IP address -> the organisation behind it, through
// MaxMind-format databases (libmaxminddb), consulted in order. Decides
// network.type. Open() refuses corrupt databases; Identify() never throws and
// a lookup error never loses the event (the caller stores it as unknown).
// Thread-safe after Open(): lookups only read the memory-mapped files.
#ifndef LEADGATE_SERVER_IDENTIFY_IDENTIFY_H_
#define LEADGATE_SERVER_IDENTIFY_IDENTIFY_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::identify {

struct Identity {
  bool found = false;        // some database knew the address
  std::string network_type;  // business, residential, cellular, hosting, anonymizer, unknown
  std::string company_id;    // stable id for a business (domain, else a slug of the name); empty otherwise
  std::string name;          // organisation name
  std::string domain;
  std::string industry;
  std::string country;  // ISO 3166-1 alpha-2
  std::optional<double> employees;
  std::optional<double> revenue;
  std::string lookup_error;  // non-empty when a database answered with an error
  bool is_business() const { return network_type == "business" && !company_id.empty(); }
};

class Identifier {
 public:
  // Opens every database; fails naming the file and libmaxminddb's reason, and
  // also when a database's search tree or metadata is corrupt.
  static Result<std::unique_ptr<Identifier>> Open(const std::vector<std::string>& mmdb_paths);
  virtual ~Identifier() = default;
  // `ip` is textual IPv4 or IPv6. A bad address gives found=false,
  // network_type "unknown" and lookup_error set.
  virtual Identity Identify(std::string_view ip) const = 0;
};

// True for search-engine spiders, known bots, headless browsers and HTTP
// libraries, by User-Agent.
bool IsBotUserAgent(std::string_view user_agent);

}  // namespace leadgate::identify

#endif  // LEADGATE_SERVER_IDENTIFY_IDENTIFY_H_
