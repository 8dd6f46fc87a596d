#pragma once
// Internet messages (RFC 5322) and MIME (RFC 2045-2047) as abuse reports need them: header
// fields (unfolded), Content-Type with parameters, multipart bodies split on their boundary,
// base64 and quoted-printable bodies decoded, nested message/rfc822 parts parsed in turn.
// Structural problems that make the message unreadable are errors naming the line; problems a
// reader can work around (a missing closing boundary, a body that is not in its declared
// charset, an unknown charset) are kept as warnings and the content is still read as bytes.
// Pure functions; thread-safe.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace concord::spam {

struct HeaderField {
  std::string name;   // as written
  std::string value;  // unfolded, surrounding whitespace trimmed, not decoded
};

struct MimePart {
  std::string path;  // "1", "1.2", ...: where the part sits, for messages ("" : the top)
  std::vector<HeaderField> headers;
  std::string media_type;  // lower case "type/subtype"; "text/plain" when absent (RFC 2045)
  std::vector<std::pair<std::string, std::string>> params;  // names in lower case
  std::string body;                                         // decoded (transfer encoding)
  std::vector<MimePart> children;                           // multipart parts
  std::unique_ptr<MimePart> message;                        // message/rfc822: the message

  // The first field's value ("" when absent); names compare case-insensitively.
  std::string Header(std::string_view name) const;
  std::vector<std::string> Headers(std::string_view name) const;
  std::string Param(std::string_view name) const;
  bool IsMultipart() const { return media_type.rfind("multipart/", 0) == 0; }
  bool IsText() const { return media_type.rfind("text/", 0) == 0; }
};

struct ParsedMessage {
  MimePart root;
  std::vector<std::string> warnings;
};

// Parses a whole message. A leading mbox "From " line is skipped.
Result<ParsedMessage> ParseMessage(std::string_view text);

// Only the header block (text/rfc822-headers parts, or a message cut after its headers).
Result<std::vector<HeaderField>> ParseHeaders(std::string_view text, size_t* body_offset);

// The value of a header with RFC 2047 encoded words decoded (UTF-8, ISO-8859-1 and US-ASCII;
// others are left encoded).
std::string DecodeWords(std::string_view value);

// "name@domain" of the first address in an address header ("" when none).
std::string FirstAddress(std::string_view value);

// Checks a text body against its charset; returns a warning ("" when it is fine).
std::string CheckCharset(std::string_view body, std::string_view charset);

// Splits an mbox file (mboxrd/mboxo: messages start at "From " lines; ">From " unquoted).
std::vector<std::string> SplitMbox(std::string_view text);

}  // namespace concord::spam
