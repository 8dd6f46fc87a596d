#include "common/secret_box.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "common/strings.h"

namespace concord {
namespace {

constexpr std::string_view kPrefix = "enc:v1:";
constexpr size_t kKeyBytes = 32, kNonceBytes = 12, kTagBytes = 16;

using Cipher = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

Status ReadKey(int fd, const std::string& key_file, std::string* key) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return Status::Internal(key_file + ": " + std::strerror(errno));
  if ((st.st_mode & 077) != 0) {
    return Status::PermissionDenied("node key " + key_file +
                                    " is readable by others; chmod 600 it (it protects the "
                                    "secrets stored in the database)");
  }
  char buf[kKeyBytes + 1];
  const ssize_t n = read(fd, buf, sizeof buf);
  if (n != static_cast<ssize_t>(kKeyBytes)) {
    return Status::InvalidArgument("node key " + key_file + " is not " + std::to_string(kKeyBytes) +
                                   " bytes");
  }
  key->assign(buf, kKeyBytes);
  return Status::Ok();
}

}  // namespace

Result<SecretBox> SecretBox::LoadOrCreate(const std::string& key_file) {
  std::string key;
  int fd = open(key_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    unsigned char fresh[kKeyBytes];
    if (RAND_bytes(fresh, sizeof fresh) != 1) return Status::Internal("no randomness for a key");
    const int out = open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out >= 0) {
      const bool written = write(out, fresh, sizeof fresh) == static_cast<ssize_t>(sizeof fresh);
      const bool synced = fsync(out) == 0;
      close(out);
      if (!written || !synced) {
        unlink(key_file.c_str());
        return Status::Internal("cannot write node key " + key_file);
      }
    } else if (errno != EEXIST) {  // EEXIST: another process made it first; read theirs
      return Status::Internal("cannot create node key " + key_file + ": " + std::strerror(errno));
    }
    fd = open(key_file.c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0)
    return Status::Internal("cannot read node key " + key_file + ": " + std::strerror(errno));
  Status st = ReadKey(fd, key_file, &key);
  close(fd);
  if (!st.ok()) return st;
  return SecretBox(std::move(key));
}

bool SecretBox::IsSealed(std::string_view text) {
  return text.substr(0, kPrefix.size()) == kPrefix;
}

Result<std::string> SecretBox::Seal(std::string_view plain) const {
  std::string raw(kNonceBytes + plain.size() + kTagBytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(raw.data());
  if (RAND_bytes(bytes, kNonceBytes) != 1) return Status::Internal("no randomness for a nonce");
  Cipher ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  const auto* key = reinterpret_cast<const unsigned char*>(key_.data());
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, bytes) != 1 ||
      EVP_EncryptUpdate(ctx.get(), bytes + kNonceBytes, &len,
                        reinterpret_cast<const unsigned char*>(plain.data()),
                        static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), bytes + kNonceBytes + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          bytes + kNonceBytes + plain.size()) != 1) {
    return Status::Internal("encryption failed");
  }
  return std::string(kPrefix) + Base64Encode(raw);
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  if (!IsSealed(sealed)) return std::string(sealed);
  auto raw = Base64Decode(sealed.substr(kPrefix.size()));
  if (!raw || raw->size() < kNonceBytes + kTagBytes) {
    return Status::InvalidArgument("a stored secret is damaged");
  }
  const size_t n = raw->size() - kNonceBytes - kTagBytes;
  auto* bytes = reinterpret_cast<unsigned char*>(raw->data());
  std::string plain(n, '\0');
  Cipher ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  const auto* key = reinterpret_cast<const unsigned char*>(key_.data());
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, bytes) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len,
                        bytes + kNonceBytes, static_cast<int>(n)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes + kNonceBytes + n) !=
          1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &len) !=
          1) {
    return Status::PermissionDenied(
        "a stored secret cannot be decrypted with this node key (was the database moved "
        "without its .key file?)");
  }
  return plain;
}

}  // namespace concord
