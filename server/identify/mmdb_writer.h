// A MaxMind DB (format 2.0) writer: a binary trie of networks in IPv6 space,
// a deduplicating data section and the metadata map, written to the published
// spec (https://maxmind.github.io/MaxMind-DB/) so that libmaxminddb,
// mmdblookup and every other reader can open the file. Not thread-safe.
#ifndef LEADGATE_SERVER_IDENTIFY_MMDB_WRITER_H_
#define LEADGATE_SERVER_IDENTIFY_MMDB_WRITER_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "identify/ip_network.h"
#include "leadgate/status.h"

namespace leadgate::identify {

// The value types the company schema needs (strings, doubles, uint32, bool).
using MmdbScalar = std::variant<std::string, double, uint32_t, bool>;
// A data record: a map with string keys, in the order given.
using MmdbRecord = std::vector<std::pair<std::string, MmdbScalar>>;

struct MmdbMetadata {
  std::string database_type;
  std::string description;  // English
  uint64_t build_epoch = 0;
  int record_size = 0;  // 24, 28 or 32; 0 picks the smallest that fits
};

class MmdbWriter {
 public:
  // Adds a record and returns its handle; equal records share one copy.
  uint32_t AddRecord(const MmdbRecord& record);

  // Maps `network` to a record. `label` names the source (e.g. "line 12") in
  // the error when the network overlaps one inserted before.
  Status Insert(const IpNetwork& network, uint32_t record, const std::string& label);

  size_t network_count() const { return network_count_; }

  // The whole file. IPv4-mapped space (::ffff:0:0/96) is aliased to the IPv4
  // subtree as MaxMind's own databases do.
  Result<std::string> Serialize(const MmdbMetadata& metadata) const;

 private:
  // A child slot: kEmpty, a node index (>= 0), or a leaf -(2 + leaf index).
  static constexpr int64_t kEmpty = -1;
  struct Node {
    int64_t child[2] = {kEmpty, kEmpty};
  };
  struct Leaf {
    uint32_t record;
    IpNetwork network;
    std::string label;
  };
  std::string DescribeLeafUnder(int64_t slot) const;

  std::vector<Node> nodes_{Node{}};
  std::vector<Leaf> leaves_;
  std::vector<std::string> records_;  // encoded, without shared pointers
  std::map<std::string, uint32_t> record_index_;
  std::vector<MmdbRecord> record_values_;
  size_t network_count_ = 0;
};

}  // namespace leadgate::identify

#endif  // LEADGATE_SERVER_IDENTIFY_MMDB_WRITER_H_
