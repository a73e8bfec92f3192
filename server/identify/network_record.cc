// Reads a database entry into a NetworkRecord with MMDB_aget_value, one path
// per field, so a schema's missing keys are simply absent and a corrupt
// record surfaces as an error string instead of a crash.
#include "identify/network_record.h"

#include <initializer_list>

namespace leadgate::identify {
namespace {

class EntryReader {
 public:
  explicit EntryReader(MMDB_entry_s entry) : entry_(entry) {}

  // The first of `paths` that holds a string.
  std::string String(std::initializer_list<std::initializer_list<const char*>> paths) {
    for (const auto& path : paths) {
      MMDB_entry_data_s data{};
      if (Get(path, &data) && data.type == MMDB_DATA_TYPE_UTF8_STRING)
        return std::string(data.utf8_string, data.data_size);
    }
    return "";
  }

  // The first of `paths` that holds a number of any encoding.
  std::optional<double> Number(std::initializer_list<std::initializer_list<const char*>> paths) {
    for (const auto& path : paths) {
      MMDB_entry_data_s data{};
      if (!Get(path, &data)) continue;
      switch (data.type) {
        case MMDB_DATA_TYPE_DOUBLE:
          return data.double_value;
        case MMDB_DATA_TYPE_FLOAT:
          return data.float_value;
        case MMDB_DATA_TYPE_UINT16:
          return data.uint16;
        case MMDB_DATA_TYPE_UINT32:
          return data.uint32;
        case MMDB_DATA_TYPE_INT32:
          return data.int32;
        case MMDB_DATA_TYPE_UINT64:
          return static_cast<double>(data.uint64);
        default:
          break;
      }
    }
    return std::nullopt;
  }

  bool Flag(std::initializer_list<const char*> path) {
    MMDB_entry_data_s data{};
    return Get(path, &data) && data.type == MMDB_DATA_TYPE_BOOLEAN && data.boolean;
  }

  bool Has(std::initializer_list<const char*> path) {
    MMDB_entry_data_s data{};
    return Get(path, &data);
  }

  const std::string& error() const { return error_; }

 private:
  bool Get(std::initializer_list<const char*> path, MMDB_entry_data_s* data) {
    const char* keys[8] = {};
    size_t n = 0;
    for (const char* key : path) {
      if (n + 1 < sizeof(keys) / sizeof(keys[0])) keys[n++] = key;
    }
    int rc = MMDB_aget_value(&entry_, data, keys);
    if (rc == MMDB_SUCCESS) return data->has_data;
    if (rc != MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR && rc != MMDB_INVALID_LOOKUP_PATH_ERROR && error_.empty())
      error_ = MMDB_strerror(rc);
    return false;
  }

  MMDB_entry_s entry_;
  std::string error_;
};

}  // namespace

unsigned FieldGroupsForType(const std::string& database_type) {
  auto has = [&](const char* part) { return database_type.find(part) != std::string::npos; };
  if (has("Leadgate-Company")) return kCompanyFields;
  if (has("Anonymous-IP")) return kAnonymousFlags;
  if (has("Connection-Type") || has("Domain") || has("ISP") || has("ASN")) return kTopLevelNetwork;
  if (has("Enterprise") || has("City") || has("Country")) return kTraitsFields;
  return kAllFields;
}

std::string ReadNetworkRecord(MMDB_entry_s entry, unsigned groups, NetworkRecord* record) {
  EntryReader reader(entry);
  const bool company = groups & kCompanyFields;
  const bool top_level = groups & kTopLevelNetwork;
  const bool traits = groups & kTraitsFields;
  if (company) {
    record->organization = reader.String({{"company_name"}, {"name"}});
    record->company_schema = !record->organization.empty();
    record->industry = reader.String({{"industry"}});
    record->employees = reader.Number({{"employees"}});
    record->revenue = reader.Number({{"revenue"}});
  }
  if (company || top_level) {
    // The company schema's country is a plain code; GeoIP2's is a map.
    if (company) record->country = reader.String({{"country"}});
    record->domain = reader.String({{"domain"}});
  }
  if (top_level) {
    if (record->organization.empty()) record->organization = reader.String({{"organization"}});
    record->isp = reader.String({{"isp"}});
    record->as_organization = reader.String({{"autonomous_system_organization"}});
    record->connection_type = reader.String({{"connection_type"}});
    record->user_type = reader.String({{"user_type"}});
    record->has_mobile_network = reader.Has({"mobile_country_code"});
  }
  if (traits) {
    if (record->organization.empty()) record->organization = reader.String({{"traits", "organization"}});
    if (record->isp.empty()) record->isp = reader.String({{"traits", "isp"}});
    if (record->as_organization.empty())
      record->as_organization = reader.String({{"traits", "autonomous_system_organization"}});
    if (record->domain.empty()) record->domain = reader.String({{"traits", "domain"}});
    if (record->country.empty())
      record->country = reader.String({{"country", "iso_code"}, {"registered_country", "iso_code"}});
    if (record->user_type.empty()) record->user_type = reader.String({{"traits", "user_type"}});
    if (record->connection_type.empty()) record->connection_type = reader.String({{"traits", "connection_type"}});
    record->has_mobile_network = record->has_mobile_network || reader.Has({"traits", "mobile_country_code"});
    record->anonymous = reader.Flag({"traits", "is_anonymous"}) || reader.Flag({"traits", "is_anonymous_proxy"}) ||
                        reader.Flag({"traits", "is_anonymous_vpn"}) || reader.Flag({"traits", "is_public_proxy"}) ||
                        reader.Flag({"traits", "is_tor_exit_node"}) || reader.Flag({"traits", "is_residential_proxy"});
    record->hosting_provider = reader.Flag({"traits", "is_hosting_provider"});
    record->satellite_provider = reader.Flag({"traits", "is_satellite_provider"});
  }
  if (groups & kAnonymousFlags) {
    record->anonymous = record->anonymous || reader.Flag({"is_anonymous"}) || reader.Flag({"is_anonymous_vpn"}) ||
                        reader.Flag({"is_public_proxy"}) || reader.Flag({"is_tor_exit_node"}) ||
                        reader.Flag({"is_residential_proxy"});
    record->hosting_provider = record->hosting_provider || reader.Flag({"is_hosting_provider"});
  }
  return reader.error();
}

void MergeMissing(const NetworkRecord& from, NetworkRecord* into) {
  auto fill = [](const std::string& source, std::string* target) {
    if (target->empty()) *target = source;
  };
  fill(from.organization, &into->organization);
  fill(from.isp, &into->isp);
  fill(from.as_organization, &into->as_organization);
  fill(from.domain, &into->domain);
  fill(from.industry, &into->industry);
  fill(from.country, &into->country);
  fill(from.user_type, &into->user_type);
  fill(from.connection_type, &into->connection_type);
  if (!into->employees) into->employees = from.employees;
  if (!into->revenue) into->revenue = from.revenue;
  into->has_mobile_network = into->has_mobile_network || from.has_mobile_network;
  into->anonymous = into->anonymous || from.anonymous;
  into->hosting_provider = into->hosting_provider || from.hosting_provider;
  into->satellite_provider = into->satellite_provider || from.satellite_provider;
}

}  // namespace leadgate::identify
