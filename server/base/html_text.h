// Text for HTML and for Slack's mrkdwn: the one escaper every page, report,
// mail, CRM note and Slack message that leadgate writes puts outside text
// (names, paths, answers, notes, rules) through, so that none of it is ever
// read as markup.
#ifndef LEADGATE_SERVER_BASE_HTML_TEXT_H_
#define LEADGATE_SERVER_BASE_HTML_TEXT_H_

#include <string>
#include <string_view>

namespace leadgate {

// `text` with &, <, >, " and ' as character references: safe in an
// element's content and in a quoted attribute value.
std::string EscapeHtml(std::string_view text);

// `text` with only &, < and > as &amp;, &lt; and &gt;: Slack reads those
// three as its own markup (<!channel>, <url|label>) and decodes no other
// reference, so a quote escaped as for HTML would show as "&quot;".
std::string EscapeSlackText(std::string_view text);

}  // namespace leadgate

#endif  // LEADGATE_SERVER_BASE_HTML_TEXT_H_
