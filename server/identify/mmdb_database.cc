// Opening and validating MaxMind DB files. libmaxminddb checks little at open,
// and some corrupt files only fail on the lookup that reaches the bad part, so
// we walk the whole search tree and decode the data it points to up front.
#include "identify/mmdb_database.h"

#include <cerrno>
#include <cstring>
#include <unordered_set>
#include <utility>
#include <vector>

#include "identify/network_record.h"

namespace leadgate::identify {
namespace {

constexpr uint64_t kDataSectionSeparator = 16;

Status CheckMetadata(const MMDB_s& mmdb) {
  MMDB_entry_data_list_s* list = nullptr;
  int rc = MMDB_get_metadata_as_entry_data_list(&mmdb, &list);
  MMDB_free_entry_data_list(list);
  if (rc != MMDB_SUCCESS) return Status::Corruption(std::string("metadata is corrupt: ") + MMDB_strerror(rc));
  const MMDB_metadata_s& meta = mmdb.metadata;
  if (meta.binary_format_major_version != 2)
    return Status::Corruption("unsupported binary format version " + std::to_string(meta.binary_format_major_version));
  if (meta.record_size != 24 && meta.record_size != 28 && meta.record_size != 32)
    return Status::Corruption("invalid record size " + std::to_string(meta.record_size));
  if (meta.ip_version != 4 && meta.ip_version != 6)
    return Status::Corruption("invalid ip_version " + std::to_string(meta.ip_version));
  if (meta.node_count == 0) return Status::Corruption("empty search tree");
  return Status::Ok();
}

struct PendingNode {
  uint32_t node;
  uint32_t depth;  // bits consumed before this node
  bool children_pushed;
};

}  // namespace

Status ValidateMmdb(const MMDB_s& mmdb, const ValidationLimits& limits) {
  Status metadata = CheckMetadata(mmdb);
  if (!metadata.ok()) return metadata;

  const uint32_t node_count = mmdb.metadata.node_count;
  const uint32_t address_bits = mmdb.metadata.ip_version == 4 ? 32 : 128;
  const uint64_t data_size = mmdb.data_section_size;
  // Depth-first walk. A record that leads back to a node still on the current
  // path is a cycle; shared subtrees (MaxMind aliases IPv4-mapped and 6to4
  // space to the IPv4 subtree) are fine and walked once.
  enum : uint8_t { kUnseen, kOnPath, kDone };
  std::vector<uint8_t> state(node_count, kUnseen);
  std::unordered_set<uint32_t> data_offsets;
  std::vector<PendingNode> stack{{0, 0, false}};
  size_t decoded = 0;
  size_t reached = 0;

  while (!stack.empty()) {
    PendingNode& current = stack.back();
    if (current.children_pushed) {
      state[current.node] = kDone;
      stack.pop_back();
      continue;
    }
    current.children_pushed = true;
    state[current.node] = kOnPath;
    ++reached;
    const uint32_t node_number = current.node;
    const uint32_t depth = current.depth;
    MMDB_search_node_s node{};
    int rc = MMDB_read_node(&mmdb, node_number, &node);
    if (rc != MMDB_SUCCESS)
      return Status::Corruption("search tree node " + std::to_string(node_number) + ": " + MMDB_strerror(rc));
    const uint64_t records[2] = {node.left_record, node.right_record};
    for (uint64_t record : records) {
      auto where = [&] {
        return "search tree node " + std::to_string(node_number) + " at depth " + std::to_string(depth);
      };
      if (record < node_count) {
        if (depth + 1 >= address_bits)
          return Status::Corruption(where() + " is deeper than a " + std::to_string(address_bits) + "-bit address");
        if (state[record] == kOnPath)
          return Status::Corruption(where() + " leads back to node " + std::to_string(record) + " (a cycle)");
        if (state[record] == kUnseen) stack.push_back({static_cast<uint32_t>(record), depth + 1, false});
        continue;
      }
      if (record == node_count) continue;  // no data for this network
      const uint64_t past_tree = record - node_count;
      if (past_tree < kDataSectionSeparator)
        return Status::Corruption(where() + " points into the data section separator");
      const uint64_t offset = past_tree - kDataSectionSeparator;
      if (offset >= data_size) return Status::Corruption(where() + " points past the data section");
      if (decoded >= limits.max_data_records) continue;
      if (!data_offsets.insert(static_cast<uint32_t>(offset)).second) continue;
      ++decoded;
      MMDB_entry_s entry{&mmdb, static_cast<uint32_t>(offset)};
      MMDB_entry_data_list_s* list = nullptr;
      rc = MMDB_get_entry_data_list(&entry, &list);
      MMDB_free_entry_data_list(list);
      if (rc != MMDB_SUCCESS)
        return Status::Corruption("data record at offset " + std::to_string(offset) + ": " + MMDB_strerror(rc));
    }
  }
  // Writers number only the nodes they use; nodes nothing points to mean the
  // node count or the records are wrong.
  if (reached != node_count)
    return Status::Corruption(std::to_string(node_count - reached) + " of " + std::to_string(node_count) +
                              " search tree nodes are unreachable from the root");
  return Status::Ok();
}

Result<std::unique_ptr<MmdbDatabase>> MmdbDatabase::Open(const std::string& path, const ValidationLimits& limits) {
  std::unique_ptr<MmdbDatabase> db(new MmdbDatabase(path));
  errno = 0;
  int rc = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &db->mmdb_);
  if (rc != MMDB_SUCCESS) {
    std::string reason = MMDB_strerror(rc);
    if (rc == MMDB_IO_ERROR && errno != 0) reason += std::string(" (") + std::strerror(errno) + ")";
    return Status::InvalidArgument("cannot open MaxMind database " + path + ": " + reason);
  }
  db->opened_ = true;
  Status valid = ValidateMmdb(db->mmdb_, limits);
  if (!valid.ok()) return Status::Corruption("corrupt MaxMind database " + path + ": " + valid.message());
  db->field_groups_ = FieldGroupsForType(db->database_type());
  return db;
}

MmdbDatabase::~MmdbDatabase() {
  if (opened_) MMDB_close(&mmdb_);
}

std::string MmdbDatabase::database_type() const {
  const char* type = mmdb_.metadata.database_type;
  return type == nullptr ? std::string() : std::string(type);
}

}  // namespace leadgate::identify
