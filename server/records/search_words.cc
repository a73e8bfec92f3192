// Splitting a search into words, and the two index queries of them.
#include "records/search_words.h"

namespace leadgate::collector {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// `words` each quoted with `quote` (doubled inside), suffixed and joined.
std::string Joined(const std::vector<std::string>& words, char quote, const std::string& suffix,
                   const std::string& separator) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += separator;
    out += quote;
    for (char c : word) {
      if (c == quote) out += quote;
      out += c;
    }
    out += quote;
    out += suffix;
  }
  return out;
}

}  // namespace

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i <= text.size() && words.size() < kMaxSearchWords; ++i) {
    const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
    if (IsWordByte(c)) {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  return words;
}

std::string Fts5PrefixQuery(const std::vector<std::string>& words) { return Joined(words, '"', "*", " AND "); }

std::string TsPrefixQuery(const std::vector<std::string>& words) { return Joined(words, '\'', ":*", " & "); }

}  // namespace leadgate::collector
