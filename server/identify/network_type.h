// Decides network.type (business, residential, cellular, hosting, anonymizer,
// unknown) from what the databases say about an address. The rules, in order,
// are documented in docs/identification.md; keep the two in step.
#ifndef LEADGATE_SERVER_IDENTIFY_NETWORK_TYPE_H_
#define LEADGATE_SERVER_IDENTIFY_NETWORK_TYPE_H_

#include <string>
#include <string_view>

#include "identify/network_record.h"

namespace leadgate::identify {

// The verdict of one database's record, or "" when that record alone does not
// decide (the next database is consulted).
std::string ClassifyRecord(const NetworkRecord& record);

// The verdict over the field-wise merge of all records, used when no single
// record decided: "business" or "unknown".
std::string ClassifyMerged(const NetworkRecord& merged);

// True when `organization` names something other than `isp` (case, spaces and
// punctuation ignored; one containing the other counts as the same).
bool NamedApartFromIsp(std::string_view organization, std::string_view isp);

// A lower-case id: letters and digits, runs of anything else as one '-'.
std::string Slug(std::string_view name);

}  // namespace leadgate::identify

#endif  // LEADGATE_SERVER_IDENTIFY_NETWORK_TYPE_H_
