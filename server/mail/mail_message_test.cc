// Mails as composed: both parts, escaping of outside text in HTML, header
// lines that cannot be broken by outside text, encoded subjects; SMTP URLs
// as --smtp takes them (no password in the URL); local hours and days in a
// person's time zone (across a change to summer time).
#include "mail/mail_message.h"

#include <gtest/gtest.h>

#include "mail/mail_preferences.h"
#include "mail/smtp.h"

namespace leadgate::collector {
namespace {

MailContent Content() {
  MailContent content;
  content.title = "Account qualified: <b>Evil</b> & Co";
  content.intro = "It is yours.";
  content.sections = {
      {"Qualified", {{"<script>alert(1)</script>", "qualified, 65 points", "https://app/x?a=1&b=\"2\""}}}};
  content.settings_url = "https://app/app/me#mail";
  return content;
}

TEST(MailMessage, HtmlEscapesEverythingFromOutside) {
  const std::string html = RenderHtml(Content());
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;b&gt;Evil&lt;/b&gt; &amp; Co"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"https://app/x?a=1&amp;b=&quot;2&quot;\""), std::string::npos) << html;
  const std::string text = RenderText(Content());
  EXPECT_NE(text.find("- <script>alert(1)</script>: qualified, 65 points\n  https://app/x?a=1&b=\"2\""),
            std::string::npos)
      << text;
}

TEST(MailMessage, HeadersCannotBeBrokenAndSubjectsAreEncoded) {
  MailHeaders headers{"leadgate@example.com",
                      "dana@example.com",
                      "Qualified: Evil\r\nBcc: x@evil.example",
                      "https://app/app/me#mail",
                      1796601600000,
                      "<msg_1@example.com>",
                      "=_b"};
  std::string mail = ComposeMail(headers, Content());
  EXPECT_EQ(mail.find("\r\nBcc:"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: Qualified: Evil  Bcc: x@evil.example\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("List-Unsubscribe: <https://app/app/me#mail>\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: multipart/alternative; boundary=\"=_b\"\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Date: Mon, 07 Dec 2026 00:00:00 +0000\r\n"), std::string::npos) << mail;
  headers.subject = "Qualified: Müller GmbH";
  mail = ComposeMail(headers, Content());
  EXPECT_NE(mail.find("Subject: =?UTF-8?B?UXVhbGlmaWVkOiBNw7xsbGVyIEdtYkg=?=\r\n"), std::string::npos) << mail;
}

TEST(SmtpUrl, TakesUserHostAndPortAndRefusesAPassword) {
  auto plain = ParseSmtpUrl("smtp://127.0.0.1:2525");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->url, "smtp://127.0.0.1:2525");
  EXPECT_TRUE(plain->loopback);
  auto with_user = ParseSmtpUrl("smtps://alerts%40acme.example@mail.acme.example");
  ASSERT_TRUE(with_user.ok());
  EXPECT_EQ(with_user->user, "alerts@acme.example");
  EXPECT_EQ(with_user->url, "smtps://mail.acme.example:465");
  EXPECT_FALSE(with_user->loopback);
  EXPECT_EQ(SmtpLogUrl(with_user.value()), "smtps://alerts@acme.example@mail.acme.example:465");
  auto password = ParseSmtpUrl("smtp://user:secret@mail.example:587");
  ASSERT_FALSE(password.ok());
  EXPECT_NE(password.status().message().find("--smtp-password-file"), std::string::npos);
  EXPECT_EQ(password.status().message().find("secret"), std::string::npos) << "never repeated";
  for (const char* bad : {"http://mail.example", "smtp://", "smtp://mail.example:0", "smtp://mail.example/path",
                          "smtp://mail example", "smtp://:25"})
    EXPECT_FALSE(ParseSmtpUrl(bad).ok()) << bad;
}

TEST(LocalTime, FollowsTheZoneAcrossSummerTime) {
  // 2031-03-30 00:30 UTC: 01:30 in Berlin (winter); 2031-03-30 01:30 UTC: 03:30 (summer).
  const int64_t winter = 1932597000000, summer = winter + 3600 * 1000;
  EXPECT_EQ(LocalHour("Europe/Berlin", winter), 1);
  EXPECT_EQ(LocalHour("Europe/Berlin", summer), 3);
  EXPECT_EQ(LocalHour("UTC", winter), 0);
  EXPECT_EQ(LocalDay("America/New_York", winter), "2031-03-29");
  EXPECT_EQ(LocalDay("Asia/Tokyo", winter), "2031-03-30");
  EXPECT_TRUE(CheckTimeZone("Europe/Berlin").ok());
  EXPECT_FALSE(CheckTimeZone("Mars/Olympus").ok());
  EXPECT_FALSE(CheckTimeZone("").ok());
  EXPECT_FALSE(CheckTimeZone("../../etc/passwd").ok());
}

}  // namespace
}  // namespace leadgate::collector
