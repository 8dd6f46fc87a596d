// SettingsStore on SQLite: one row per key.

#include "store/sqlite/shared.h"

namespace concord::store::sqlite {
namespace {

class SqliteSettings : public SettingsStore {
 public:
  explicit SqliteSettings(Shared* shared) : shared_(shared) {}

  Result<std::optional<std::string>> Get(std::string_view key) const override {
    auto conn = shared_->readers.Get();
    if (!conn.db()) return conn.status();
    Query q(conn.db(), "SELECT value FROM settings WHERE key = ?");
    q.Bind(key);
    if (q.Next()) return std::optional<std::string>(std::string(q.Text(0)));
    if (!q.status().ok()) return q.status();
    return std::optional<std::string>();
  }

  Status Set(std::string_view key, std::string_view value) override {
    std::lock_guard<std::mutex> g(shared_->write_mu);
    Query q(shared_->writer.get(),
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    return q.Bind(key).Bind(value).Run();
  }

 private:
  Shared* shared_;
};

}  // namespace

std::unique_ptr<SettingsStore> MakeSettingsStore(Shared* shared) {
  return std::make_unique<SqliteSettings>(shared);
}

}  // namespace concord::store::sqlite
