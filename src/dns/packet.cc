#include "dns/packet.h"

#include <cstring>

namespace concord::dns {
namespace {

constexpr size_t kHeader = 12;

uint16_t Read16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

std::string At(size_t offset, const std::string& why) {
  return "offset " + std::to_string(offset) + ": " + why;
}

// Reads the name at `*pos`, following compression pointers (RFC 1035 §4.1.4). A pointer must
// point strictly before the place it is read from, which makes loops impossible; the hop
// count is bounded too. `*pos` ends after the name as it appears at its first place. `out` may
// be null (skip only).
bool ReadName(const uint8_t* data, size_t size, size_t* pos, Name* out, std::string* error) {
  size_t p = *pos;
  size_t wire_length = 1;  // the root's zero octet
  bool jumped = false;
  int hops = 0;
  if (out) {
    out->labels = 0;
    out->length = 0;
  }
  while (true) {
    if (p >= size) return *error = At(p, "name runs past the end of the packet"), false;
    const uint8_t len = data[p];
    if ((len & 0xC0) == 0xC0) {
      if (p + 1 >= size) return *error = At(p, "truncated compression pointer"), false;
      const size_t target = static_cast<size_t>(len & 0x3F) << 8 | data[p + 1];
      if (target >= p) return *error = At(p, "compression pointer does not point backwards"), false;
      if (++hops > 64) return *error = At(p, "too many compression pointers"), false;
      if (!jumped) *pos = p + 2;
      jumped = true;
      p = target;
      continue;
    }
    if (len & 0xC0) return *error = At(p, "reserved label type"), false;
    if (len == 0) {
      if (!jumped) *pos = p + 1;
      return true;
    }
    if (p + 1 + len > size) return *error = At(p, "label runs past the end of the packet"), false;
    wire_length += 1 + len;
    if (wire_length > kMaxName) return *error = At(p, "name longer than 255 octets"), false;
    if (out) {
      // The text is at most 254 octets: the wire form's length bytes become dots or vanish.
      if (out->labels) out->chars[out->length++] = '.';
      out->label_start[out->labels] = static_cast<uint8_t>(out->length);
      out->label_size[out->labels] = len;
      for (size_t i = 0; i < len; ++i) {
        const char c = static_cast<char>(data[p + 1 + i]);
        out->chars[out->length++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
      }
      ++out->labels;
    }
    p += 1 + len;
  }
}

}  // namespace

ParseOutcome ParseQuery(const uint8_t* data, size_t size, Query* q, std::string* error) {
  if (size < kHeader) return *error = "shorter than a DNS header", ParseOutcome::kDrop;
  q->id = Read16(data);
  q->flags = Read16(data + 2);
  q->question_end = 0;
  q->edns = false;
  q->udp_payload = kMinUdpPayload;
  q->edns_version = 0;
  q->dnssec_ok = false;
  if (q->flags & kFlagQr) return *error = "a response, not a query", ParseOutcome::kDrop;
  const uint16_t qdcount = Read16(data + 4), ancount = Read16(data + 6), nscount = Read16(data + 8),
                 arcount = Read16(data + 10);
  if (qdcount != 1) {
    *error = "QDCOUNT is " + std::to_string(qdcount) + ", a query has one question";
    return ParseOutcome::kFormatError;
  }
  size_t pos = kHeader;
  if (!ReadName(data, size, &pos, &q->name, error)) return ParseOutcome::kFormatError;
  if (pos + 4 > size) return *error = At(pos, "truncated question"), ParseOutcome::kFormatError;
  q->qtype = Read16(data + pos);
  q->qclass = Read16(data + pos + 2);
  pos += 4;
  q->question_end = pos;
  // Answer, authority and additional records: walked to check the counts and find OPT.
  const size_t records = static_cast<size_t>(ancount) + nscount + arcount;
  for (size_t i = 0; i < records; ++i) {
    const size_t start = pos;
    Name owner;
    if (!ReadName(data, size, &pos, &owner, error)) return ParseOutcome::kFormatError;
    if (pos + 10 > size) {
      *error = At(start, "record " + std::to_string(i + 1) + " of " + std::to_string(records) +
                             " is truncated (the counts say more records than the packet has)");
      return ParseOutcome::kFormatError;
    }
    const uint16_t rtype = Read16(data + pos), rclass = Read16(data + pos + 2);
    const uint16_t rdlength = Read16(data + pos + 8);
    const uint8_t* ttl = data + pos + 4;
    pos += 10;
    if (pos + rdlength > size) {
      return *error = At(start, "record data runs past the end of the packet"),
             ParseOutcome::kFormatError;
    }
    if (rtype == type::kOpt) {
      if (i < static_cast<size_t>(ancount) + nscount) {
        return *error = At(start, "OPT record outside the additional section"),
               ParseOutcome::kFormatError;
      }
      if (q->edns)
        return *error = At(start, "more than one OPT record"), ParseOutcome::kFormatError;
      if (owner.labels != 0) {
        return *error = At(start, "OPT record owner is not the root"), ParseOutcome::kFormatError;
      }
      q->edns = true;
      q->udp_payload = rclass < kMinUdpPayload ? kMinUdpPayload : rclass;
      q->edns_version = ttl[1];
      q->dnssec_ok = (ttl[2] & 0x80) != 0;
      // Options (RFC 6891 §6.1.2): each a code, a length and data, filling RDLEN exactly.
      size_t opt = pos;
      while (opt < pos + rdlength) {
        if (opt + 4 > pos + rdlength) {
          return *error = At(opt, "truncated EDNS option"), ParseOutcome::kFormatError;
        }
        opt += 4 + Read16(data + opt + 2);
        if (opt > pos + rdlength) {
          return *error = At(opt, "EDNS option runs past its record"), ParseOutcome::kFormatError;
        }
      }
    }
    pos += rdlength;
  }
  // Bytes after the last record are ignored, as most servers do: they cannot change the answer.
  return ParseOutcome::kOk;
}

ResponseWriter::ResponseWriter(const Query& query, const uint8_t* request, uint8_t* out,
                               size_t limit)
    : query_(query), out_(out), limit_(limit) {
  const uint16_t flags =
      static_cast<uint16_t>(kFlagQr | kFlagAa | (query.flags & 0x7800) | (query.flags & kFlagRd));
  out_[0] = static_cast<uint8_t>(query.id >> 8);
  out_[1] = static_cast<uint8_t>(query.id);
  out_[2] = static_cast<uint8_t>(flags >> 8);
  out_[3] = static_cast<uint8_t>(flags);
  std::memset(out_ + 4, 0, 8);
  size_ = kHeader;
  if (query.question_end > kHeader && query.question_end <= limit_) {
    std::memcpy(out_ + kHeader, request + kHeader, query.question_end - kHeader);
    size_ = query.question_end;
    out_[5] = 1;
  }
}

void ResponseWriter::SetRcode(Rcode rcode) {
  const uint16_t value = static_cast<uint16_t>(rcode);
  out_[3] = static_cast<uint8_t>((out_[3] & 0xF0) | (value & 0xF));
  extended_rcode_ = value >> 4;
}

void ResponseWriter::Put16(uint16_t v) {
  out_[size_++] = static_cast<uint8_t>(v >> 8);
  out_[size_++] = static_cast<uint8_t>(v);
}

void ResponseWriter::Put32(uint32_t v) {
  Put16(static_cast<uint16_t>(v >> 16));
  Put16(static_cast<uint16_t>(v));
}

void ResponseWriter::Count(Section s) {
  const int at = 6 + 2 * static_cast<int>(s);
  const uint16_t n = static_cast<uint16_t>(Read16(out_ + at) + 1);
  out_[at] = static_cast<uint8_t>(n >> 8);
  out_[at + 1] = static_cast<uint8_t>(n);
}

// `reserve` is an upper bound of the record's size; a record that may not fit is left out.
bool ResponseWriter::Begin(Section s, size_t reserve) {
  if (truncated_ || s < section_) return false;
  if (size_ + reserve > limit_) {
    truncated_ = true;
    out_[2] |= static_cast<uint8_t>(kFlagTc >> 8);
    return false;
  }
  section_ = s;
  Count(s);
  return true;
}

// Writes `name` (lower-case dotted text, "" for the root), compressed against the question
// name where a label-aligned suffix of it matches.
void ResponseWriter::PutName(std::string_view name) {
  const Name& q = query_.name;
  bool question_plain = true;  // labels with '.' inside make text suffixes ambiguous
  for (int i = 0; i < q.labels; ++i) {
    if (q.Label(i).find('.') != std::string_view::npos) question_plain = false;
  }
  while (!name.empty()) {
    if (question_plain) {
      size_t offset = kHeader;
      for (int i = 0; i < q.labels; ++i) {
        if (q.text().substr(q.label_start[i]) == name) {
          Put16(static_cast<uint16_t>(0xC000 | offset));
          return;
        }
        offset += 1 + q.label_size[i];
      }
    }
    const size_t dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    out_[size_++] = static_cast<uint8_t>(label.size());
    std::memcpy(out_ + size_, label.data(), label.size());
    size_ += label.size();
    name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  }
  out_[size_++] = 0;
}

void ResponseWriter::AddA(uint32_t ttl, uint32_t address) {
  if (!Begin(kAnswer, 16)) return;
  Put16(static_cast<uint16_t>(0xC000 | kHeader));
  Put16(type::kA);
  Put16(kClassIn);
  Put32(ttl);
  Put16(4);
  Put32(address);
}

void ResponseWriter::AddTxt(uint32_t ttl, std::string_view text) {
  const size_t strings = text.empty() ? 1 : (text.size() + 254) / 255;
  if (!Begin(kAnswer, 12 + strings + text.size())) return;
  Put16(static_cast<uint16_t>(0xC000 | kHeader));
  Put16(type::kTxt);
  Put16(kClassIn);
  Put32(ttl);
  Put16(static_cast<uint16_t>(strings + text.size()));
  do {
    const std::string_view chunk = text.substr(0, 255);
    out_[size_++] = static_cast<uint8_t>(chunk.size());
    std::memcpy(out_ + size_, chunk.data(), chunk.size());
    size_ += chunk.size();
    text.remove_prefix(chunk.size());
  } while (!text.empty());
}

void ResponseWriter::AddSoa(std::string_view owner, uint32_t ttl, std::string_view mname,
                            std::string_view rname, uint32_t serial, uint32_t refresh,
                            uint32_t retry, uint32_t expire, uint32_t minimum,
                            bool authority_section) {
  if (!Begin(authority_section ? kAuthority : kAnswer,
             10 + owner.size() + mname.size() + rname.size() + 6 + 20)) {
    return;
  }
  const size_t length_at = BeginRecord(owner, type::kSoa, ttl);
  PutName(mname);
  PutName(rname);
  Put32(serial);
  Put32(refresh);
  Put32(retry);
  Put32(expire);
  Put32(minimum);
  EndRecord(length_at);
}

void ResponseWriter::AddNs(std::string_view owner, uint32_t ttl, std::string_view host) {
  if (!Begin(kAnswer, 10 + owner.size() + host.size() + 4)) return;
  const size_t length_at = BeginRecord(owner, type::kNs, ttl);
  PutName(host);
  EndRecord(length_at);
}

// Owner, type, class, TTL and a placeholder RDLENGTH (its offset is returned)...
size_t ResponseWriter::BeginRecord(std::string_view owner, uint16_t rtype, uint32_t ttl) {
  PutName(owner);
  Put16(rtype);
  Put16(kClassIn);
  Put32(ttl);
  Put16(0);
  return size_ - 2;
}

// ...filled in once the data is written.
void ResponseWriter::EndRecord(size_t length_at) {
  const uint16_t rdlength = static_cast<uint16_t>(size_ - length_at - 2);
  out_[length_at] = static_cast<uint8_t>(rdlength >> 8);
  out_[length_at + 1] = static_cast<uint8_t>(rdlength);
}

void ResponseWriter::AddOpt(uint16_t udp_payload) {
  // Written even after truncation: the caller's buffer has kOptSize octets past the limit.
  section_ = kAdditional;
  Count(kAdditional);
  out_[size_++] = 0;  // the root
  Put16(type::kOpt);
  Put16(udp_payload);
  out_[size_++] = static_cast<uint8_t>(extended_rcode_);
  out_[size_++] = 0;  // version 0
  Put16(0);           // flags (DO stays clear: the zones are not signed)
  Put16(0);           // no options
}

std::vector<uint8_t> MakeQuery(uint16_t id, std::string_view name, uint16_t qtype,
                               uint16_t edns_payload) {
  std::vector<uint8_t> q = {static_cast<uint8_t>(id >> 8),
                            static_cast<uint8_t>(id),
                            0x01,
                            0x00,
                            0,
                            1,
                            0,
                            0,
                            0,
                            0,
                            0,
                            edns_payload ? uint8_t{1} : uint8_t{0}};
  while (!name.empty()) {
    const size_t dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    q.push_back(static_cast<uint8_t>(label.size()));
    q.insert(q.end(), label.begin(), label.end());
    name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  }
  q.insert(q.end(), {0, static_cast<uint8_t>(qtype >> 8), static_cast<uint8_t>(qtype), 0,
                     static_cast<uint8_t>(kClassIn)});
  if (edns_payload) {
    q.insert(q.end(),
             {0, 0, static_cast<uint8_t>(type::kOpt), static_cast<uint8_t>(edns_payload >> 8),
              static_cast<uint8_t>(edns_payload), 0, 0, 0, 0, 0, 0});
  }
  return q;
}

size_t WriteError(const Query& query, const uint8_t* request, Rcode rcode, uint8_t* out,
                  size_t limit) {
  ResponseWriter w(query, request, out, limit);
  w.SetRcode(rcode);
  if (query.edns && query.question_end != 0) w.AddOpt(kMaxUdpPayload);
  return w.size();
}

}  // namespace concord::dns
