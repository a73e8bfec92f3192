// The form's policy route: the active snapshot's JSON, its ETag and the
// revalidation headers.
#include "forms/form_policy.h"

#include <cinttypes>
#include <cstdio>

#include "forms/forms.h"

namespace leadgate::collector {
namespace {

// Whether an If-None-Match list ("a", W/"b", *) names `etag`.
bool MatchesEtag(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.find('*') != std::string::npos) return true;
  return if_none_match.find(etag) != std::string::npos;
}

}  // namespace

std::string PolicyEtag(const std::string& policy_json) {
  // FNV-1a, 64 bits: stable across processes, so a restart keeps caches valid.
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : policy_json) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char text[24];
  std::snprintf(text, sizeof(text), "\"%016" PRIx64 "\"", hash);
  return text;
}

HttpAnswer FormPolicyHandler::Get(const std::string& policy_name, const std::string& if_none_match,
                                  const ClientRequest& request) const {
  const std::shared_ptr<const PolicySnapshot> active = policy_->Get();
  Result<std::string> admitted = AdmitFormRequest(policy_name, active->policy, request, trusted_proxies_);
  if (!admitted.ok()) return RefuseAdmission(admitted.status());
  int retry_after = 0;
  if (!services_.rate_limiter->Allow(*admitted, &retry_after))
    return RefuseRateLimited("too many requests from this address", retry_after);
  HttpAnswer answer;
  const std::string etag = PolicyEtag(active->json);
  answer.headers = {{"ETag", etag}, {"Cache-Control", "no-cache"}};
  if (!if_none_match.empty() && MatchesEtag(if_none_match, etag)) {
    answer.status = 304;
    return answer;
  }
  answer.body = active->json;
  return answer;
}

}  // namespace leadgate::collector
