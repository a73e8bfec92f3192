// Text, HTML and MIME rendering of leadgate's mails.
#include "mail/mail_message.h"

#include <ctime>

#include "base/html_text.h"
#include "handoff/webhook_signature.h"

namespace leadgate::collector {
namespace {

constexpr size_t kBase64Line = 76;

// Base64 in lines of 76 characters (RFC 2045).
std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = Base64(bytes);
  std::string out;
  for (size_t at = 0; at < encoded.size(); at += kBase64Line) out += encoded.substr(at, kBase64Line) + "\r\n";
  return out;
}

bool IsAscii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// An unstructured header's value: as it is when ASCII, else an RFC 2047
// encoded word (UTF-8, base64).
std::string HeaderText(std::string_view text) {
  const std::string line = OneLine(text);
  if (IsAscii(line)) return line;
  return "=?UTF-8?B?" + Base64(line) + "?=";
}

std::string ItemText(const MailItem& item) {
  std::string line = "- " + item.text;
  if (!item.detail.empty()) line += ": " + item.detail;
  if (!item.url.empty()) line += "\n  " + item.url;
  return line + "\n";
}

std::string ItemHtml(const MailItem& item) {
  std::string html = "<li>";
  html += item.url.empty()
              ? "<strong>" + EscapeHtml(item.text) + "</strong>"
              : "<a href=\"" + EscapeHtml(item.url) + "\"><strong>" + EscapeHtml(item.text) + "</strong></a>";
  if (!item.detail.empty()) html += ": " + EscapeHtml(item.detail);
  return html + "</li>\n";
}

}  // namespace

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

std::string RenderText(const MailContent& content) {
  std::string text = content.title + "\n\n";
  if (!content.intro.empty()) text += content.intro + "\n\n";
  for (const MailSection& section : content.sections) {
    text += section.heading + "\n";
    for (const MailItem& item : section.items) text += ItemText(item);
    text += "\n";
  }
  if (!content.settings_url.empty()) text += "-- \nWhat you get by email: " + content.settings_url + "\n";
  return text;
}

std::string RenderHtml(const MailContent& content) {
  std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + EscapeHtml(content.title) +
                     "</title></head>\n<body style=\"font-family: sans-serif; color: #1f2937; max-width: 40em\">\n<h1 "
                     "style=\"font-size: 1.25em\">" +
                     EscapeHtml(content.title) + "</h1>\n";
  if (!content.intro.empty()) html += "<p>" + EscapeHtml(content.intro) + "</p>\n";
  for (const MailSection& section : content.sections) {
    html += "<h2 style=\"font-size: 1.05em\">" + EscapeHtml(section.heading) + "</h2>\n<ul>\n";
    for (const MailItem& item : section.items) html += ItemHtml(item);
    html += "</ul>\n";
  }
  if (!content.settings_url.empty())
    html += "<p style=\"color: #4b5563; font-size: 0.875em\"><a href=\"" + EscapeHtml(content.settings_url) +
            "\">Choose what you get by email</a></p>\n";
  return html + "</body></html>\n";
}

std::string MailDate(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[64];
  std::snprintf(text, sizeof(text), "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

std::string ComposeMail(const MailHeaders& headers, const MailContent& content) {
  const std::string& b = headers.boundary;
  std::string mail;
  mail += "From: " + OneLine(headers.from) + "\r\n";
  mail += "To: " + OneLine(headers.to) + "\r\n";
  mail += "Subject: " + HeaderText(headers.subject) + "\r\n";
  mail += "Date: " + MailDate(headers.date_ms) + "\r\n";
  mail += "Message-ID: " + OneLine(headers.message_id) + "\r\n";
  mail += "MIME-Version: 1.0\r\n";
  // RFC 3834: machine-made, so auto-responders stay quiet.
  mail += "Auto-Submitted: auto-generated\r\n";
  if (!headers.list_unsubscribe.empty()) mail += "List-Unsubscribe: <" + OneLine(headers.list_unsubscribe) + ">\r\n";
  mail += "Content-Type: multipart/alternative; boundary=\"" + b + "\"\r\n\r\n";
  mail += "--" + b + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  mail += Base64Lines(RenderText(content));
  mail += "--" + b + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  mail += Base64Lines(RenderHtml(content));
  mail += "--" + b + "--\r\n";
  return mail;
}

}  // namespace leadgate::collector
