// A mail as leadgate writes it: its content (a title, an introduction,
// sections of items with links into the app) rendered once as plain text
// and once as HTML, with everything from outside escaped in the HTML, and
// the whole composed as an RFC 5322 multipart/alternative message (UTF-8,
// base64 parts, encoded subject, List-Unsubscribe). Pure: no I/O, no clock.
#ifndef LEADGATE_SERVER_MAIL_MAIL_MESSAGE_H_
#define LEADGATE_SERVER_MAIL_MAIL_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadgate::collector {

struct MailItem {
  std::string text;    // e.g. a company's name
  std::string detail;  // e.g. "qualified, 65 points: pricing, came-back"
  std::string url;     // where it is in the app; "" for none
};

struct MailSection {
  std::string heading;
  std::vector<MailItem> items;
};

struct MailContent {
  std::string title;  // the first line of the body
  std::string intro;
  std::vector<MailSection> sections;
  std::string settings_url;  // where the person changes what they get
};

struct MailHeaders {
  std::string from;
  std::string to;
  std::string subject;
  std::string list_unsubscribe;  // a URL
  int64_t date_ms = 0;
  std::string message_id;  // "<...@host>"
  std::string boundary;    // of the multipart body; never in the parts
};

// `text` on one header line: controls (CR, LF included) become spaces.
std::string OneLine(std::string_view text);

std::string RenderText(const MailContent& content);
std::string RenderHtml(const MailContent& content);

// The message, CRLF line ends, ready for SMTP's DATA.
std::string ComposeMail(const MailHeaders& headers, const MailContent& content);

// "Mon, 07 Dec 2026 08:00:00 +0000".
std::string MailDate(int64_t ms);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_MAIL_MAIL_MESSAGE_H_
