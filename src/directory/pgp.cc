#include "directory/pgp.h"

#include <openssl/evp.h>

#include <vector>

#include "common/strings.h"

namespace concord::directory {
namespace {

constexpr std::string_view kBegin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
constexpr std::string_view kEnd = "-----END PGP PUBLIC KEY BLOCK-----";

uint32_t Crc24(std::string_view data) {
  uint32_t crc = 0xB704CE;
  for (unsigned char c : data) {
    crc ^= static_cast<uint32_t>(c) << 16;
    for (int i = 0; i < 8; ++i) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864CFB;
    }
  }
  return crc & 0xFFFFFF;
}

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 15]);
  }
  return out;
}

std::string Digest(const EVP_MD* md, std::string_view prefix, std::string_view body) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, md, nullptr);
  EVP_DigestUpdate(ctx, prefix.data(), prefix.size());
  EVP_DigestUpdate(ctx, body.data(), body.size());
  EVP_DigestFinal_ex(ctx, out, &len);
  EVP_MD_CTX_free(ctx);
  return Hex(out, len);
}

// The binary packets inside the armour.
Result<std::string> Dearmour(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(TrimWhitespace(text.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  size_t i = 0;
  while (i < lines.size() && lines[i].empty()) ++i;
  if (i == lines.size() || lines[i] != kBegin) {
    return Status::InvalidArgument("PGP key: does not start with '" + std::string(kBegin) + "'");
  }
  ++i;
  // Armour headers ("Version: ...", "Comment: ...") up to a blank line.
  while (i < lines.size() && !lines[i].empty() && lines[i].find(": ") != std::string_view::npos &&
         lines[i] != kEnd) {
    ++i;
  }
  if (i < lines.size() && lines[i].empty()) ++i;
  std::string base64;
  std::string_view checksum;
  for (; i < lines.size() && lines[i] != kEnd; ++i) {
    if (lines[i].empty()) continue;
    if (lines[i][0] == '=') {
      checksum = lines[i].substr(1);
      continue;
    }
    base64.append(lines[i]);
  }
  if (i == lines.size()) {
    return Status::InvalidArgument("PGP key: no '" + std::string(kEnd) + "' line");
  }
  auto binary = Base64Decode(base64);
  if (!binary || binary->empty()) {
    return Status::InvalidArgument("PGP key: the armoured body is not valid base64");
  }
  if (!checksum.empty()) {
    auto crc = Base64Decode(checksum);
    if (!crc || crc->size() != 3) return Status::InvalidArgument("PGP key: malformed checksum");
    const uint32_t stated = static_cast<unsigned char>((*crc)[0]) << 16 |
                            static_cast<unsigned char>((*crc)[1]) << 8 |
                            static_cast<unsigned char>((*crc)[2]);
    if (stated != Crc24(*binary)) {
      return Status::InvalidArgument("PGP key: CRC-24 checksum mismatch (the key was altered)");
    }
  }
  return *binary;
}

struct Packet {
  int tag;
  std::string_view body;
};

// Splits binary OpenPGP data into packets (old and new formats; partial lengths refused: key
// material never uses them).
Result<std::vector<Packet>> SplitPackets(std::string_view data) {
  std::vector<Packet> out;
  size_t pos = 0;
  auto byte = [&](size_t at) { return static_cast<unsigned char>(data[at]); };
  while (pos < data.size()) {
    const size_t start = pos;
    const unsigned char header = byte(pos++);
    auto bad = [&](const std::string& why) {
      return Status::InvalidArgument("PGP key: packet " + std::to_string(out.size() + 1) +
                                     " at byte " + std::to_string(start) + ": " + why);
    };
    if (!(header & 0x80)) return bad("not a packet header");
    int tag;
    size_t length;
    if (header & 0x40) {
      tag = header & 0x3F;
      if (pos >= data.size()) return bad("truncated length");
      const unsigned char l0 = byte(pos++);
      if (l0 < 192) {
        length = l0;
      } else if (l0 < 224) {
        if (pos >= data.size()) return bad("truncated length");
        length = ((l0 - 192) << 8) + byte(pos++) + 192;
      } else if (l0 == 255) {
        if (data.size() - pos < 4) return bad("truncated length");
        length = size_t{byte(pos)} << 24 | byte(pos + 1) << 16 | byte(pos + 2) << 8 | byte(pos + 3);
        pos += 4;
      } else {
        return bad("partial body lengths are not allowed in keys");
      }
    } else {
      tag = (header >> 2) & 0x0F;
      const int type = header & 3;
      if (type == 3) return bad("indeterminate length");
      const size_t n = size_t{1} << type;
      if (data.size() - pos < n) return bad("truncated length");
      length = 0;
      for (size_t k = 0; k < n; ++k) length = length << 8 | byte(pos + k);
      pos += n;
    }
    if (data.size() - pos < length) return bad("body runs past the end of the key");
    out.push_back({tag, data.substr(pos, length)});
    pos += length;
  }
  return out;
}

}  // namespace

Result<PgpKeyInfo> ParsePgpPublicKey(std::string_view armoured) {
  auto binary = Dearmour(armoured);
  if (!binary.ok()) return binary.status();
  auto packets = SplitPackets(*binary);
  if (!packets.ok()) return packets.status();
  if (packets->empty() || (*packets)[0].tag != 6) {
    return Status::InvalidArgument(
        "PGP key: the first packet is not a public key (a private key or a signature?)");
  }
  std::string_view body = (*packets)[0].body;
  PgpKeyInfo info;
  if (body.size() < 6) return Status::InvalidArgument("PGP key: public-key packet too short");
  info.version = static_cast<unsigned char>(body[0]);
  info.algorithm = static_cast<unsigned char>(body[5]);
  if (info.version == 4) {
    const char prefix[3] = {static_cast<char>(0x99), static_cast<char>(body.size() >> 8 & 255),
                            static_cast<char>(body.size() & 255)};
    if (body.size() > 0xFFFF) return Status::InvalidArgument("PGP key: v4 key packet too long");
    info.fingerprint = Digest(EVP_sha1(), std::string_view(prefix, 3), body);
  } else if (info.version == 6) {
    const char prefix[5] = {static_cast<char>(0x9B), static_cast<char>(body.size() >> 24 & 255),
                            static_cast<char>(body.size() >> 16 & 255),
                            static_cast<char>(body.size() >> 8 & 255),
                            static_cast<char>(body.size() & 255)};
    info.fingerprint = Digest(EVP_sha256(), std::string_view(prefix, 5), body);
  } else {
    return Status::InvalidArgument("PGP key: key version " + std::to_string(info.version) +
                                   " is not supported (only v4 and v6 keys, RFC 9580)");
  }
  for (const Packet& p : *packets) {
    if (p.tag == 5 || p.tag == 7) {
      return Status::InvalidArgument(
          "PGP key: contains secret key material; publish only the "
          "public key");
    }
    if (p.tag == 13 && info.user_id.empty()) info.user_id = std::string(p.body);
  }
  return info;
}

Result<std::string> NormaliseFingerprint(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ') continue;
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) {
      return Status::InvalidArgument("PGP fingerprint '" + std::string(text) +
                                     "': only hex digits and spaces are allowed");
    }
    out.push_back(c >= 'a' ? static_cast<char>(c - 32) : c);
  }
  if (out.size() != 40 && out.size() != 64) {
    return Status::InvalidArgument("PGP fingerprint '" + std::string(text) +
                                   "': " + std::to_string(out.size()) +
                                   " hex digits; a v4 fingerprint has 40, a v6 one 64");
  }
  return out;
}

}  // namespace concord::directory
