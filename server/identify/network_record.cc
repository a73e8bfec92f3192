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

std::string ReadNetworkRecord(MMDB_entry_s entry, NetworkRecord* record) {
  EntryReader reader(entry);
  std::string company_name = reader.String({{"company_name"}, {"name"}});
  record->company_schema = !company_name.empty();
  record->organization =
      record->company_schema ? company_name : reader.String({{"traits", "organization"}, {"organization"}});
  record->isp = reader.String({{"traits", "isp"}, {"isp"}});
  record->as_organization =
      reader.String({{"traits", "autonomous_system_organization"}, {"autonomous_system_organization"}});
  record->domain = reader.String({{"domain"}, {"traits", "domain"}});
  record->industry = reader.String({{"industry"}});
  // The company schema's country is a plain code; GeoIP2's is a map.
  record->country = reader.String({{"country"}, {"country", "iso_code"}, {"registered_country", "iso_code"}});
  record->employees = reader.Number({{"employees"}});
  record->revenue = reader.Number({{"revenue"}});
  record->user_type = reader.String({{"traits", "user_type"}, {"user_type"}});
  record->connection_type = reader.String({{"traits", "connection_type"}, {"connection_type"}});
  record->has_mobile_network = reader.Has({"mobile_country_code"}) || reader.Has({"traits", "mobile_country_code"});
  record->anonymous = reader.Flag({"is_anonymous"}) || reader.Flag({"is_anonymous_vpn"}) ||
                      reader.Flag({"is_public_proxy"}) || reader.Flag({"is_tor_exit_node"}) ||
                      reader.Flag({"is_residential_proxy"}) || reader.Flag({"traits", "is_anonymous"}) ||
                      reader.Flag({"traits", "is_anonymous_proxy"}) || reader.Flag({"traits", "is_anonymous_vpn"}) ||
                      reader.Flag({"traits", "is_public_proxy"}) || reader.Flag({"traits", "is_tor_exit_node"}) ||
                      reader.Flag({"traits", "is_residential_proxy"});
  record->hosting_provider = reader.Flag({"is_hosting_provider"}) || reader.Flag({"traits", "is_hosting_provider"});
  record->satellite_provider = reader.Flag({"traits", "is_satellite_provider"});
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
