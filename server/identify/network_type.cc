// network.type rules. First decisive rule wins; see docs/identification.md.
#include "identify/network_type.h"

#include <cctype>

namespace leadgate::identify {
namespace {

std::string Normalize(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

std::string FromUserType(const std::string& user_type) {
  if (user_type.empty()) return "";
  if (user_type == "business" || user_type == "government" || user_type == "military" || user_type == "university" ||
      user_type == "college" || user_type == "school" || user_type == "library") {
    return "business";  // MaxMind's own judgement of an organisation's network
  }
  if (user_type == "residential" || user_type == "dialup") return "residential";
  if (user_type == "cellular") return "cellular";
  if (user_type == "hosting" || user_type == "content_delivery_network" || user_type == "search_engine_spider")
    return "hosting";
  if (user_type == "consumer_privacy_network") return "anonymizer";
  return "unknown";  // cafe, traveler and types MaxMind may add later: a public place, not an organisation
}

std::string FromConnectionType(const std::string& connection_type, const NetworkRecord& record) {
  if (connection_type == "Cellular" || connection_type == "Satellite") return "cellular";
  if (connection_type == "Cable/DSL" || connection_type == "Dialup") return "residential";
  if (connection_type == "Corporate" && NamedApartFromIsp(record.organization, record.isp)) return "business";
  return "";
}

}  // namespace

bool NamedApartFromIsp(std::string_view organization, std::string_view isp) {
  std::string org = Normalize(organization);
  std::string provider = Normalize(isp);
  if (org.empty() || provider.empty()) return false;
  return org.find(provider) == std::string::npos && provider.find(org) == std::string::npos;
}

std::string Slug(std::string_view name) {
  std::string out;
  bool pending_dash = false;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      if (pending_dash && !out.empty()) out.push_back('-');
      pending_dash = false;
      out.push_back(static_cast<char>(std::tolower(c)));
    } else {
      pending_dash = true;
    }
  }
  return out;
}

std::string ClassifyRecord(const NetworkRecord& record) {
  if (record.company_schema) return "business";
  if (record.anonymous) return "anonymizer";
  if (record.hosting_provider) return "hosting";
  if (record.satellite_provider) return "cellular";
  std::string verdict = FromUserType(record.user_type);
  if (!verdict.empty()) return verdict;
  verdict = FromConnectionType(record.connection_type, record);
  if (!verdict.empty()) return verdict;
  if (record.has_mobile_network) return "cellular";
  if (NamedApartFromIsp(record.organization, record.isp)) return "business";
  return "";
}

std::string ClassifyMerged(const NetworkRecord& merged) {
  if (NamedApartFromIsp(merged.organization, merged.isp)) return "business";
  return "unknown";
}

}  // namespace leadgate::identify
