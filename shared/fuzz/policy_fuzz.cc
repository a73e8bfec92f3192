// libFuzzer target over the core's parsers of untrusted input: a policy file,
// then (after the first NUL byte) a line of facts decided against it, as a
// lead and as an account. Every input must give problems or decisions,
// never a crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "leadgate/codec.h"
#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t split = input.find('\0');
  std::string_view policy_text = input.substr(0, split);
  std::string_view facts_text = split == std::string_view::npos ? "{}" : input.substr(split + 1);
  leadgate::Result<leadgate::Policy> policy = leadgate::DecodePolicy(policy_text);
  if (!policy.ok()) {
    (void)leadgate::StatusToJson(policy.status());
    return 0;
  }
  leadgate::Qualifier qualifier(*policy);
  leadgate::Result<leadgate::Facts> facts = leadgate::DecodeFacts(*policy, facts_text);
  if (!facts.ok()) {
    (void)leadgate::StatusToJson(facts.status());
    return 0;
  }
  leadgate::Result<leadgate::Decision> decision = qualifier.Decide(*facts);
  if (decision.ok()) (void)leadgate::DecisionToJson(*decision);
  const leadgate::Policy account_policy = leadgate::AccountPolicy(*policy);
  leadgate::Qualifier account(account_policy);
  decision = account.Decide(*facts);
  if (decision.ok()) (void)leadgate::DecisionToJson(*decision);
  return 0;
}
