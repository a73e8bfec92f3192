// libFuzzer target over the body reader every POST route uses
// (bounded_body.h) behind httplib's own dechunking and inflation, run on
// whole requests through httplib's request processing, as the edge's
// workers do: any body, with any Content-Encoding and framing, gives the
// decoded body within the limit, a 413 or a 400, never more than the limit
// held and never a crash. Byte 0 picks the limit, the encoding, the
// framing and whether the target gzips, repeats and chunks the rest itself
// (valid streams, bombs included) or sends it as it is (broken ones).
#include <httplib.h>
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "http/bounded_body.h"

namespace {

using leadgate::collector::ReadBoundedBody;

void Check(bool holds) {
  if (!holds) std::abort();
}

// One request's bytes in, the answer's bytes out.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(const std::string& in) : in_(in) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* data, size_t size) override {
    const size_t count = std::min(size, in_.size() - position_);
    std::memcpy(data, in_.data() + position_, count);
    position_ += count;
    return static_cast<ssize_t>(count);
  }
  ssize_t write(const char* data, size_t size) override {
    out_.append(data, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override { ip = "127.0.0.1", port = 1; }
  void get_local_ip_and_port(std::string& ip, int& port) const override { ip = "127.0.0.1", port = 2; }
  socket_t socket() const override { return INVALID_SOCKET; }
  const std::string& out() const { return out_; }

 private:
  const std::string& in_;
  size_t position_ = 0;
  std::string out_;
};

// httplib's request processing with one route that reads its body the
// routes' way and records what it got.
class Harness : public httplib::Server {
 public:
  Harness() {
    Post(".*",
         [this](const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& reader) {
           ++calls;
           body.clear();
           auto refusal = ReadBoundedBody(request, reader, limit, &body);
           response.status = refusal ? refusal->status : 200;
           held = body.size();
         });
  }
  // The answer's status, 0 when httplib answered nothing.
  int Run(const std::string& request) {
    calls = 0;
    held = 0;
    MemoryStream stream(request);
    bool closed = false;
    process_request(stream, true, closed, nullptr);
    const std::string& out = stream.out();
    return out.rfind("HTTP/1.1 ", 0) == 0 && out.size() >= 12 ? std::atoi(out.substr(9, 3).c_str()) : 0;
  }

  size_t limit = 0;
  int calls = 0;
  size_t held = 0;
  std::string body;
};

std::string Deflate(const std::string& data, bool gzip) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, gzip ? 15 + 16 : 15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Chunked(const std::string& body, size_t piece) {
  std::string out;
  char size[32];
  for (size_t at = 0; at < body.size(); at += piece) {
    const size_t take = std::min(piece, body.size() - at);
    std::snprintf(size, sizeof size, "%zx\r\n", take);
    out += size;
    out.append(body, at, take);
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

Harness& TheHarness() {
  static Harness* harness = new Harness();
  return *harness;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t mode = data[0];
  const size_t limit = size_t{16} << (mode & 15);  // 16 B .. 512 KB
  const char* encoding = (mode >> 4 & 3) == 0   ? ""
                         : (mode >> 4 & 3) == 1 ? "gzip"
                         : (mode >> 4 & 3) == 2 ? "deflate"
                                                : "identity";
  const bool chunked = mode & 64;
  const bool encode_here = mode & 128;
  std::string payload(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string decoded;  // what the body decodes to, when the target made it
  if (encode_here) {
    // Repeated up to 1024 times (at most 4 MB): a bomb when compressed.
    const size_t times =
        std::min<size_t>(size_t{1} << (data[1] & 15), (4u << 20) / std::max<size_t>(payload.size(), 1));
    for (size_t i = 0; i < std::max<size_t>(times, 1); ++i) decoded += payload;
    payload = (mode >> 4 & 3) == 1 || (mode >> 4 & 3) == 2 ? Deflate(decoded, (mode >> 4 & 3) == 1) : decoded;
    if (chunked) payload = Chunked(payload, 1 + data[1] * 16);
  }
  std::string request = "POST /v1/batch HTTP/1.1\r\nHost: f\r\nContent-Type: application/json\r\n";
  if (*encoding) request += std::string("Content-Encoding: ") + encoding + "\r\n";
  request += chunked ? std::string("Transfer-Encoding: chunked\r\n")
                     : "Content-Length: " + std::to_string(payload.size()) + "\r\n";
  request += "\r\n" + payload;

  Harness& harness = TheHarness();
  harness.limit = limit;
  const int status = harness.Run(request);
  Check(harness.calls <= 1);
  Check(harness.held <= limit);
  if (harness.calls == 1) Check(status == 200 || status == 400 || status == 413);
  if (encode_here) {
    Check(harness.calls == 1);
    if (decoded.size() <= limit) {
      Check(status == 200);
      Check(harness.body == decoded);
    } else {
      Check(status == 413);
    }
  }
  return 0;
}
