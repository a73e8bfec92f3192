// Lead status -> verdict.
#include "crm/lead_status_map.h"

#include <algorithm>
#include <cctype>

namespace leadgate::collector {

LeadStatusMap LeadStatusMap::Default() {
  LeadStatusMap map;
  map.verdicts_ = {
      {"UNQUALIFIED", "rejected"}, {"IN_PROGRESS", "accepted"}, {"OPEN_DEAL", "accepted"}, {"CONNECTED", "accepted"}};
  return map;
}

Status LeadStatusMap::Set(const std::string& entry) {
  const size_t equals = entry.find('=');
  if (equals == std::string::npos || equals == 0)
    return Status::InvalidArgument("expected STATUS=accepted|rejected|none, got \"" + entry + "\"");
  const std::string status = entry.substr(0, equals), verdict = entry.substr(equals + 1);
  if (status.size() > 100 || !std::all_of(status.begin(), status.end(),
                                          [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; }))
    return Status::InvalidArgument("a lead status is letters, digits, _ and -, got \"" + status + "\"");
  if (verdict == "none") {
    verdicts_.erase(status);
  } else if (verdict == "accepted" || verdict == "rejected") {
    verdicts_[status] = verdict;
  } else {
    return Status::InvalidArgument("the verdict of " + status + " is accepted, rejected or none, got \"" + verdict +
                                   "\"");
  }
  return Status::Ok();
}

std::string LeadStatusMap::VerdictOf(const std::string& status) const {
  const auto found = verdicts_.find(status);
  return found == verdicts_.end() ? "" : found->second;
}

}  // namespace leadgate::collector
