#pragma once
// Secrets this node must be able to read back (the tokens it presents to peers), encrypted at
// rest with a node key that lives outside the database: a copy of the database alone (a
// backup, a `db copy`, a stolen disk image of the data volume) does not reveal them.
//
// The key is 32 random bytes in a file readable by the node's user only (mode 0600), created
// on first use; a key file that group or others can read is refused. Sealed text is
// "enc:v1:" + base64(12-byte nonce || AES-256-GCM ciphertext || 16-byte tag). Thread-safe.

#include <string>
#include <string_view>

#include "common/status.h"

namespace concord {

class SecretBox {
 public:
  // Reads the key at `key_file`, creating it (and only it) when absent.
  static Result<SecretBox> LoadOrCreate(const std::string& key_file);
  Result<std::string> Seal(std::string_view plain) const;
  // Opens sealed text; text without the "enc:v1:" prefix was stored before encryption and is
  // returned as it is.
  Result<std::string> Open(std::string_view sealed) const;
  static bool IsSealed(std::string_view text);

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace concord
