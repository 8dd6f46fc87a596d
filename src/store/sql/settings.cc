// SettingsStore in portable SQL (SQLite and PostgreSQL): one row per key.

#include "store/sql/stores.h"

namespace concord::store::sql {
namespace {

class SqlSettings : public SettingsStore {
 public:
  explicit SqlSettings(Engine& engine) : engine_(engine) {}

  Result<std::optional<std::string>> Get(std::string_view key) const override {
    auto conn = engine_.Read();
    if (!conn) return conn.status();
    Query q(*conn, "SELECT value FROM settings WHERE key = ?");
    q.Bind(key);
    if (q.Next()) return std::optional<std::string>(std::string(q.Text(0)));
    if (!q.status().ok()) return q.status();
    return std::optional<std::string>();
  }

  Status Set(std::string_view key, std::string_view value) override {
    auto writer = engine_.Write();
    if (!writer) return writer.status();
    Query q(*writer,
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    return q.Bind(key).Bind(value).Run();
  }

 private:
  Engine& engine_;
};

}  // namespace

std::unique_ptr<SettingsStore> MakeSettingsStore(Engine& engine) {
  return std::make_unique<SqlSettings>(engine);
}

}  // namespace concord::store::sql
