// MaxMind DB serialisation. Layout: search tree (node_count nodes of two
// records each), 16 zero bytes, data section, "\xAB\xCD\xEFMaxMind.com" and
// the metadata map. A record < node_count is a node, == node_count is "no
// data", and node_count + 16 + offset points into the data section.
#include "identify/mmdb_writer.h"

#include <cstring>
#include <deque>
#include <unordered_map>

namespace leadgate::identify {
namespace {

enum Type : int {
  kPointer = 1,
  kUtf8String = 2,
  kDouble = 3,
  kUint16 = 5,
  kUint32 = 6,
  kMap = 7,
  kUint64 = 9,
  kArray = 11,
  kBoolean = 14,
};

void AppendBigEndian(uint64_t value, int bytes, std::string* out) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) out->push_back(static_cast<char>((value >> shift) & 0xff));
}

// Control byte(s): 3 type bits, 5 size bits, extended type and size bytes.
void AppendControl(int type, uint32_t size, std::string* out) {
  const uint8_t type_bits = static_cast<uint8_t>(type <= 7 ? type << 5 : 0);
  std::string size_bytes;
  uint8_t size_bits;
  if (size < 29) {
    size_bits = static_cast<uint8_t>(size);
  } else if (size < 29 + 256) {
    size_bits = 29;
    AppendBigEndian(size - 29, 1, &size_bytes);
  } else if (size < 285 + 65536) {
    size_bits = 30;
    AppendBigEndian(size - 285, 2, &size_bytes);
  } else {
    size_bits = 31;
    AppendBigEndian(size - 65821, 3, &size_bytes);
  }
  out->push_back(static_cast<char>(type_bits | size_bits));
  if (type > 7) out->push_back(static_cast<char>(type - 7));
  out->append(size_bytes);
}

void AppendPointer(uint32_t offset, std::string* out) {
  if (offset < 2048) {
    out->push_back(static_cast<char>((kPointer << 5) | ((offset >> 8) & 0x7)));
    AppendBigEndian(offset, 1, out);
  } else if (offset < 526336) {
    uint32_t value = offset - 2048;
    out->push_back(static_cast<char>((kPointer << 5) | (1 << 3) | ((value >> 16) & 0x7)));
    AppendBigEndian(value, 2, out);
  } else if (offset < 134744064) {
    uint32_t value = offset - 526336;
    out->push_back(static_cast<char>((kPointer << 5) | (2 << 3) | ((value >> 24) & 0x7)));
    AppendBigEndian(value, 3, out);
  } else {
    out->push_back(static_cast<char>((kPointer << 5) | (3 << 3)));
    AppendBigEndian(offset, 4, out);
  }
}

void AppendString(const std::string& text, std::string* out) {
  AppendControl(kUtf8String, static_cast<uint32_t>(text.size()), out);
  out->append(text);
}

void AppendUnsigned(int type, uint64_t value, std::string* out) {
  int bytes = 0;
  for (uint64_t rest = value; rest != 0; rest >>= 8) ++bytes;  // minimal: 0 is zero bytes
  AppendControl(type, static_cast<uint32_t>(bytes), out);
  AppendBigEndian(value, bytes, out);
}

void AppendDouble(double value, std::string* out) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  AppendControl(kDouble, 8, out);
  AppendBigEndian(bits, 8, out);
}

// Strings (keys and values) repeated across records are written once and
// referred to by pointer, as MaxMind's writers do.
class DataSection {
 public:
  uint32_t Append(const MmdbRecord& record) {
    const uint32_t offset = static_cast<uint32_t>(bytes_.size());
    AppendControl(kMap, static_cast<uint32_t>(record.size()), &bytes_);
    for (const auto& [key, value] : record) {
      AppendSharedString(key);
      if (const auto* text = std::get_if<std::string>(&value)) {
        AppendSharedString(*text);
      } else if (const auto* number = std::get_if<double>(&value)) {
        AppendDouble(*number, &bytes_);
      } else if (const auto* count = std::get_if<uint32_t>(&value)) {
        AppendUnsigned(kUint32, *count, &bytes_);
      } else {
        AppendControl(kBoolean, std::get<bool>(value) ? 1 : 0, &bytes_);
      }
    }
    return offset;
  }
  const std::string& bytes() const { return bytes_; }

 private:
  void AppendSharedString(const std::string& text) {
    auto found = strings_.find(text);
    if (found != strings_.end() && text.size() > 3) {
      AppendPointer(found->second, &bytes_);
      return;
    }
    strings_.emplace(text, static_cast<uint32_t>(bytes_.size()));
    AppendString(text, &bytes_);
  }
  std::string bytes_;
  std::unordered_map<std::string, uint32_t> strings_;
};

std::string EncodeMetadata(const MmdbMetadata& metadata, uint32_t node_count, int record_size) {
  std::string out;
  AppendControl(kMap, 9, &out);
  AppendString("binary_format_major_version", &out);
  AppendUnsigned(kUint16, 2, &out);
  AppendString("binary_format_minor_version", &out);
  AppendUnsigned(kUint16, 0, &out);
  AppendString("build_epoch", &out);
  // libmaxminddb takes a build_epoch of 0 for a missing one and refuses the file.
  AppendUnsigned(kUint64, metadata.build_epoch == 0 ? 1 : metadata.build_epoch, &out);
  AppendString("database_type", &out);
  AppendString(metadata.database_type, &out);
  AppendString("description", &out);
  AppendControl(kMap, 1, &out);
  AppendString("en", &out);
  AppendString(metadata.description, &out);
  AppendString("languages", &out);
  AppendControl(kArray, 1, &out);
  AppendString("en", &out);
  AppendString("ip_version", &out);
  AppendUnsigned(kUint16, 6, &out);
  AppendString("node_count", &out);
  AppendUnsigned(kUint32, node_count, &out);
  AppendString("record_size", &out);
  AppendUnsigned(kUint16, static_cast<uint64_t>(record_size), &out);
  return out;
}

void AppendNode(uint64_t left, uint64_t right, int record_size, std::string* out) {
  if (record_size == 24) {
    AppendBigEndian(left, 3, out);
    AppendBigEndian(right, 3, out);
  } else if (record_size == 28) {
    AppendBigEndian(left & 0xffffff, 3, out);
    out->push_back(static_cast<char>(((left >> 24) & 0x0f) << 4 | ((right >> 24) & 0x0f)));
    AppendBigEndian(right & 0xffffff, 3, out);
  } else {
    AppendBigEndian(left, 4, out);
    AppendBigEndian(right, 4, out);
  }
}

std::string EncodeForDedup(const MmdbRecord& record) {
  std::string out;
  for (const auto& [key, value] : record) {
    AppendString(key, &out);
    if (const auto* text = std::get_if<std::string>(&value)) {
      AppendString(*text, &out);
    } else if (const auto* number = std::get_if<double>(&value)) {
      AppendDouble(*number, &out);
    } else if (const auto* count = std::get_if<uint32_t>(&value)) {
      AppendUnsigned(kUint32, *count, &out);
    } else {
      AppendControl(kBoolean, std::get<bool>(value) ? 1 : 0, &out);
    }
  }
  return out;
}

}  // namespace

uint32_t MmdbWriter::AddRecord(const MmdbRecord& record) {
  std::string key = EncodeForDedup(record);
  auto found = record_index_.find(key);
  if (found != record_index_.end()) return found->second;
  const uint32_t index = static_cast<uint32_t>(record_values_.size());
  record_values_.push_back(record);
  record_index_.emplace(std::move(key), index);
  return index;
}

std::string MmdbWriter::DescribeLeafUnder(int64_t slot) const {
  while (slot >= 0) {
    const Node& node = nodes_[static_cast<size_t>(slot)];
    slot = node.child[0] != kEmpty ? node.child[0] : node.child[1];
  }
  if (slot == kEmpty) return "another network";
  const Leaf& leaf = leaves_[static_cast<size_t>(-(slot + 2))];
  return leaf.network.ToString() + " (" + leaf.label + ")";
}

Status MmdbWriter::Insert(const IpNetwork& network, uint32_t record, const std::string& label) {
  if (network.prefix_length < 1 || network.prefix_length > 128)
    return Status::InvalidArgument(network.ToString() + ": a network must have a prefix length of 1 to 128 bits");
  // MaxMind DB files keep IPv4 at ::a.b.c.d (::/96); Serialize aliases the
  // mapped space (::ffff:0:0/96) to it.
  IpAddress path = network.address;
  if (network.ipv4) path.bytes[10] = path.bytes[11] = 0;
  int64_t node = 0;
  for (int depth = 0; depth < network.prefix_length - 1; ++depth) {
    int64_t& slot = nodes_[static_cast<size_t>(node)].child[path.Bit(depth)];
    if (slot <= -2) return Status::InvalidArgument(network.ToString() + " overlaps " + DescribeLeafUnder(slot));
    if (slot == kEmpty) {
      slot = static_cast<int64_t>(nodes_.size());
      nodes_.emplace_back();  // invalidates `slot`; not used again below
    }
    node = nodes_[static_cast<size_t>(node)].child[path.Bit(depth)];
  }
  int64_t& slot = nodes_[static_cast<size_t>(node)].child[path.Bit(network.prefix_length - 1)];
  if (slot != kEmpty) return Status::InvalidArgument(network.ToString() + " overlaps " + DescribeLeafUnder(slot));
  slot = -2 - static_cast<int64_t>(leaves_.size());
  leaves_.push_back({record, network, label});
  ++network_count_;
  return Status::Ok();
}

Result<std::string> MmdbWriter::Serialize(const MmdbMetadata& metadata) const {
  // Copy the trie and alias ::ffff:0:0/96 to the IPv4 subtree (::/96) when
  // that path is free.
  std::vector<Node> nodes = nodes_;
  int64_t ipv4_root = 0;
  for (int depth = 0; depth < 96 && ipv4_root >= 0; ++depth) ipv4_root = nodes[static_cast<size_t>(ipv4_root)].child[0];
  if (ipv4_root != kEmpty && ipv4_root != 0) {
    int64_t node = 0;
    bool free_path = true;
    for (int depth = 0; depth < 95 && free_path; ++depth) {
      const int bit = depth < 80 ? 0 : 1;
      int64_t next = nodes[static_cast<size_t>(node)].child[bit];
      if (next == kEmpty) {
        next = static_cast<int64_t>(nodes.size());
        nodes[static_cast<size_t>(node)].child[bit] = next;
        nodes.emplace_back();
      } else if (next < 0) {
        free_path = false;
      }
      node = next;
    }
    if (free_path && nodes[static_cast<size_t>(node)].child[1] == kEmpty)
      nodes[static_cast<size_t>(node)].child[1] = ipv4_root;
  }

  // Number the nodes breadth-first from the root; a shared subtree once.
  std::vector<int64_t> number(nodes.size(), -1);
  std::vector<int64_t> order;
  std::deque<int64_t> queue{0};
  number[0] = 0;
  while (!queue.empty()) {
    int64_t node = queue.front();
    queue.pop_front();
    order.push_back(node);
    for (int64_t child : nodes[static_cast<size_t>(node)].child) {
      if (child >= 0 && number[static_cast<size_t>(child)] < 0) {
        number[static_cast<size_t>(child)] = static_cast<int64_t>(order.size() + queue.size());
        queue.push_back(child);
      }
    }
  }
  const uint64_t node_count = order.size();

  DataSection data;
  std::vector<uint32_t> record_offsets;
  record_offsets.reserve(record_values_.size());
  for (const MmdbRecord& record : record_values_) record_offsets.push_back(data.Append(record));

  const uint64_t largest = node_count + 16 + data.bytes().size();
  int record_size = largest < (1ull << 24) ? 24 : largest < (1ull << 28) ? 28 : 32;
  if (largest >= (1ull << 32)) return Status::ResourceExhausted("database too large for the MaxMind DB format");
  if (metadata.record_size != 0) {
    if (metadata.record_size != 24 && metadata.record_size != 28 && metadata.record_size != 32)
      return Status::InvalidArgument("record size must be 24, 28 or 32");
    if (metadata.record_size < record_size)
      return Status::InvalidArgument("record size " + std::to_string(metadata.record_size) + " is too small");
    record_size = metadata.record_size;
  }

  std::string out;
  out.reserve(node_count * record_size / 4 + data.bytes().size() + 256);
  auto record_value = [&](int64_t slot) -> uint64_t {
    if (slot == kEmpty) return node_count;
    if (slot >= 0) return static_cast<uint64_t>(number[static_cast<size_t>(slot)]);
    const Leaf& leaf = leaves_[static_cast<size_t>(-(slot + 2))];
    return node_count + 16 + record_offsets[leaf.record];
  };
  for (int64_t node : order) {
    const Node& current = nodes[static_cast<size_t>(node)];
    AppendNode(record_value(current.child[0]), record_value(current.child[1]), record_size, &out);
  }
  out.append(16, '\0');
  out.append(data.bytes());
  out.append("\xAB\xCD\xEFMaxMind.com");
  out.append(EncodeMetadata(metadata, static_cast<uint32_t>(node_count), record_size));
  return out;
}

}  // namespace leadgate::identify
