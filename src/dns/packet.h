#pragma once
// DNS messages (RFC 1035 §4, EDNS0 per RFC 6891) as far as an authoritative DNSBL server needs
// them: parsing a query and writing its response. The parser is hardened against malformed
// packets: it never reads outside the buffer, refuses compression loops and forward pointers,
// truncated names and records, labels over 63 and names over 255 octets, section counts that
// do not match the packet, and more than one OPT record. Every rejection names the offset and
// the reason. Depends on the C++ standard library only (the CI fuzz test compiles it alone).
// Pure functions; thread-safe.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace concord::dns {

namespace type {
inline constexpr uint16_t kA = 1, kNs = 2, kCname = 5, kSoa = 6, kTxt = 16, kAaaa = 28, kOpt = 41,
                          kAny = 255;
}
inline constexpr uint16_t kClassIn = 1;

enum class Rcode : uint16_t {
  kNoError = 0,
  kFormErr = 1,
  kServFail = 2,
  kNxDomain = 3,
  kNotImp = 4,
  kRefused = 5,
  kBadVers = 16,  // extended (EDNS0): the low 4 bits go in the header, the rest in the OPT
};

inline constexpr size_t kMaxName = 255;  // octets in wire form, the root's zero included
inline constexpr size_t kMaxUdpPayload = 4096;
inline constexpr size_t kMinUdpPayload = 512;  // RFC 1035; also the floor for EDNS0 sizes
inline constexpr size_t kOptSize = 11;         // an OPT record without options

// A domain name as labels, in lower case (DNS compares names case-insensitively). text()
// holds the labels joined by '.', without a trailing dot ("" for the root). Labels containing a
// '.' or bytes outside printable ASCII are kept as they are in text(), so the labels are the
// truth. Held inline (no allocation per query).
struct Name {
  std::array<uint8_t, 128> label_start{};  // offsets into text()
  std::array<uint8_t, 128> label_size{};
  int labels = 0;
  std::array<char, kMaxName> chars{};
  size_t length = 0;

  std::string_view text() const { return std::string_view(chars.data(), length); }
  std::string_view Label(int i) const { return text().substr(label_start[i], label_size[i]); }
};

struct Query {
  uint16_t id = 0;
  uint16_t flags = 0;  // as received
  Name name;
  uint16_t qtype = 0, qclass = 0;
  size_t question_end = 0;  // offset just past the question (the response copies it)
  bool edns = false;
  uint16_t udp_payload = kMinUdpPayload;  // what the client accepts (EDNS0), at least 512
  uint8_t edns_version = 0;
  bool dnssec_ok = false;
};

// Header flag bits.
inline constexpr uint16_t kFlagQr = 0x8000, kFlagAa = 0x0400, kFlagTc = 0x0200, kFlagRd = 0x0100;
inline uint16_t OpcodeOf(uint16_t flags) { return (flags >> 11) & 0xF; }

enum class ParseOutcome {
  kOk,
  kDrop,        // not worth an answer (a response, or shorter than a header)
  kFormatError  // answer FORMERR with the id (the header was readable)
};

// Parses a query. On kFormatError `query->id` and `query->flags` are set and `*error` says
// where and why; on kDrop `*error` says why.
ParseOutcome ParseQuery(const uint8_t* data, size_t size, Query* query, std::string* error);

// Writes a response into a caller's buffer. Records are added section by section, in order
// (answers, then authority, then additional). A record that would not fit in `limit` sets TC
// and is left out, as are the records after it.
class ResponseWriter {
 public:
  // Copies the question of `query` (from `request`), sets the id, QR, AA, the opcode and RD.
  // `out` must hold `limit + kOptSize` octets: the OPT record is never truncated away.
  ResponseWriter(const Query& query, const uint8_t* request, uint8_t* out, size_t limit);

  void SetRcode(Rcode rcode);
  // Owner name: the question's name (a compression pointer to it).
  void AddA(uint32_t ttl, uint32_t address);
  void AddTxt(uint32_t ttl, std::string_view text);  // split into 255-octet strings
  // Owner name `owner` (written as labels, compressed against the question name when it is
  // the zone apex the question ends in).
  void AddSoa(std::string_view owner, uint32_t ttl, std::string_view mname, std::string_view rname,
              uint32_t serial, uint32_t refresh, uint32_t retry, uint32_t expire, uint32_t minimum,
              bool authority_section);
  void AddNs(std::string_view owner, uint32_t ttl, std::string_view host);
  // The OPT record of an EDNS0 response (only when the query had one).
  void AddOpt(uint16_t udp_payload);

  bool truncated() const { return truncated_; }
  size_t size() const { return size_; }

 private:
  enum Section { kAnswer, kAuthority, kAdditional };
  bool Begin(Section s, size_t reserve);
  size_t BeginRecord(std::string_view owner, uint16_t rtype, uint32_t ttl);
  void EndRecord(size_t length_at);
  void Put16(uint16_t v);
  void Put32(uint32_t v);
  void PutName(std::string_view name);
  void Count(Section s);

  const Query& query_;
  uint8_t* out_;
  size_t limit_;
  size_t size_ = 0;
  Section section_ = kAnswer;
  bool truncated_ = false;
  uint16_t extended_rcode_ = 0;
};

// A query for `name` (dotted, no trailing dot; labels of at most 63 octets) with RD set, and an
// EDNS0 OPT record offering `edns_payload` octets when it is not 0. For clients and tests.
std::vector<uint8_t> MakeQuery(uint16_t id, std::string_view name, uint16_t qtype,
                               uint16_t edns_payload = 0);

// Writes a bare error response (header and, when it was readable, the question); `out` holds
// `limit + kOptSize` octets.
size_t WriteError(const Query& query, const uint8_t* request, Rcode rcode, uint8_t* out,
                  size_t limit);

}  // namespace concord::dns
