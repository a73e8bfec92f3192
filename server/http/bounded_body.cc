// The bounded body reader. Stopping the receiver stops the inflation too:
// httplib inflates only as the receiver takes the pieces.
#include "http/bounded_body.h"

#include "http/json_body.h"

namespace leadgate::collector {

std::optional<HttpAnswer> ReadBoundedBody(const httplib::Request& request, const httplib::ContentReader& reader,
                                          size_t limit, std::string* body) {
  bool too_large = false;
  size_t received = 0;
  const bool read = reader([&](const char* data, size_t length) {
    received += length;
    if (too_large || body->size() + length > limit) {
      too_large = true;
      body->clear();
      body->shrink_to_fit();
      return received <= kDrainBytes;
    }
    body->append(data, length);
    return true;
  });
  if (too_large) return Refuse(BodyTooLarge(limit));
  if (!read) {
    const bool gzip = !request.get_header_value("Content-Encoding").empty();
    return Refuse(
        Status::InvalidArgument(gzip ? "body could not be inflated (bad gzip data)" : "body could not be read"),
        gzip ? "bad_gzip" : "bad_body");
  }
  return std::nullopt;
}

}  // namespace leadgate::collector
