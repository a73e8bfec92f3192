// What one MaxMind-format database says about one address, read by shape from
// any of the GeoIP2/GeoLite2 schemas (Enterprise, ISP, ASN, Domain,
// Connection-Type, Anonymous-IP, City, Country) or leadgate's company schema
// (see docs/identification.md). Plain values; no libmaxminddb types leak out.
#ifndef LEADGATE_SERVER_IDENTIFY_NETWORK_RECORD_H_
#define LEADGATE_SERVER_IDENTIFY_NETWORK_RECORD_H_

#include <maxminddb.h>

#include <optional>
#include <string>

namespace leadgate::identify {

struct NetworkRecord {
  bool company_schema = false;  // leadgate's own company database
  std::string organization;     // company name / traits.organization / organization
  std::string isp;
  std::string as_organization;
  std::string domain;
  std::string industry;
  std::string country;  // ISO 3166-1 alpha-2
  std::optional<double> employees;
  std::optional<double> revenue;
  std::string user_type;            // GeoIP2 traits.user_type
  std::string connection_type;      // "Cable/DSL", "Cellular", "Corporate", "Satellite", ...
  bool has_mobile_network = false;  // mobile_country_code present (ISP database)
  bool anonymous = false;           // VPN, Tor, public or residential proxy
  bool hosting_provider = false;
  bool satellite_provider = false;
};

// Which groups of fields a database can hold, from its database_type, so a
// lookup asks only for paths that can exist. Unknown types get all of them.
enum FieldGroups : unsigned {
  kCompanyFields = 1,    // leadgate's company schema (top-level name, industry, ...)
  kTopLevelNetwork = 2,  // ISP, ASN, Domain, Connection-Type: top-level keys
  kTraitsFields = 4,     // Enterprise, City, Country: traits.*, country.iso_code
  kAnonymousFlags = 8,   // Anonymous-IP: top-level is_* flags
  kAllFields = 15,
};
unsigned FieldGroupsForType(const std::string& database_type);

// Reads the fields above from a found entry. Returns an empty string, or a
// description of the first data error libmaxminddb reported.
std::string ReadNetworkRecord(MMDB_entry_s entry, unsigned field_groups, NetworkRecord* record);

// Field-wise merge: fills the fields of `into` that are still empty from `from`.
void MergeMissing(const NetworkRecord& from, NetworkRecord* into);

}  // namespace leadgate::identify

#endif  // LEADGATE_SERVER_IDENTIFY_NETWORK_RECORD_H_
