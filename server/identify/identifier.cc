// Identifier: looks an address up in every database in order, takes the first
// database whose record decides network.type, and fills the company fields
// from that record, then from the others in order. Never throws.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>
#include <cstring>
#include <string>
#include <utility>

#include "identify/identify.h"
#include "identify/ip_address.h"
#include "identify/mmdb_database.h"
#include "identify/network_record.h"
#include "identify/network_type.h"

namespace leadgate::identify {
namespace {

// Reverse-DNS zones that say nothing about who owns a network.
bool IsMeaningfulDomain(const std::string& domain) {
  return !domain.empty() && domain != "in-addr.arpa" && domain != "ip6.arpa";
}

std::string ToLower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The socket address libmaxminddb looks up: IPv4 (also when written
// IPv4-mapped) as AF_INET, so that IPv4-only databases answer it.
sockaddr_storage ToSocketAddress(const IpAddress& address) {
  sockaddr_storage out{};
  if (address.is_v4()) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
    v4->sin_family = AF_INET;
    std::memcpy(&v4->sin_addr, address.bytes.data() + 12, 4);
  } else {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
    v6->sin6_family = AF_INET6;
    std::memcpy(v6->sin6_addr.s6_addr, address.bytes.data(), 16);
  }
  return out;
}

class MmdbIdentifier : public Identifier {
 public:
  explicit MmdbIdentifier(std::vector<std::unique_ptr<MmdbDatabase>> databases) : databases_(std::move(databases)) {}

  Identity Identify(std::string_view ip) const override {
    Identity identity;
    identity.network_type = "unknown";
    const std::optional<IpAddress> parsed = ParseIpAddress(ip);
    if (!parsed) {
      identity.lookup_error = "not an IP address";
      return identity;
    }
    const sockaddr_storage address = ToSocketAddress(*parsed);
    NetworkRecord merged;
    NetworkRecord deciding;
    std::string verdict;
    for (const auto& database : databases_) {
      int mmdb_error = MMDB_SUCCESS;
      MMDB_lookup_result_s result =
          MMDB_lookup_sockaddr(database->handle(), reinterpret_cast<const sockaddr*>(&address), &mmdb_error);
      if (mmdb_error == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR) continue;  // cannot know: not an error
      if (mmdb_error != MMDB_SUCCESS) {
        NoteError(database->path(), MMDB_strerror(mmdb_error), &identity);
        continue;
      }
      if (!result.found_entry) continue;
      NetworkRecord record;
      std::string error = ReadNetworkRecord(result.entry, database->field_groups(), &record);
      if (!error.empty()) NoteError(database->path(), error, &identity);
      identity.found = true;
      if (verdict.empty()) {
        verdict = ClassifyRecord(record);
        if (!verdict.empty()) deciding = record;
      }
      MergeMissing(record, &merged);
    }
    if (!identity.found) return identity;
    if (verdict.empty()) {
      verdict = ClassifyMerged(merged);
      deciding = merged;
    } else {
      MergeMissing(merged, &deciding);
    }
    identity.network_type = verdict;
    identity.country = deciding.country;
    if (verdict != "business") return identity;
    FillCompany(deciding, &identity);
    return identity;
  }

 private:
  static void NoteError(const std::string& path, const std::string& error, Identity* identity) {
    if (identity->lookup_error.empty()) identity->lookup_error = path + ": " + error;
  }

  static void FillCompany(const NetworkRecord& record, Identity* identity) {
    identity->name = record.organization;
    identity->domain = IsMeaningfulDomain(record.domain) ? ToLower(record.domain) : "";
    identity->industry = record.industry;
    identity->employees = record.employees;
    identity->revenue = record.revenue;
    // A curated domain names the company; a MaxMind domain is often the ISP's
    // reverse-DNS zone, shared by its customers, so it cannot be an id there.
    if (record.company_schema && !identity->domain.empty()) {
      identity->company_id = identity->domain;
    } else {
      identity->company_id = Slug(record.organization);
    }
  }

  std::vector<std::unique_ptr<MmdbDatabase>> databases_;
};

}  // namespace

Result<std::unique_ptr<Identifier>> Identifier::Open(const std::vector<std::string>& mmdb_paths) {
  std::vector<std::unique_ptr<MmdbDatabase>> databases;
  for (const std::string& path : mmdb_paths) {
    auto database = MmdbDatabase::Open(path);
    if (!database.ok()) return database.status();
    databases.push_back(std::move(database).value());
  }
  return std::unique_ptr<Identifier>(new MmdbIdentifier(std::move(databases)));
}

}  // namespace leadgate::identify
