#include "store/sql/statement.h"

#include <string>

namespace concord::store::sql {
namespace {

// One prepared INSERT, run once per row.
class InsertAppender : public RowAppender {
 public:
  InsertAppender(Connection& connection, std::string_view table, std::string_view columns)
      : insert_(connection, InsertSql(table, columns)) {}

  RowAppender& Int(int64_t value) override {
    insert_.Bind(value);
    return *this;
  }
  RowAppender& Text(std::string_view value) override {
    insert_.Bind(value);
    return *this;
  }
  RowAppender& Null() override {
    insert_.BindNull();
    return *this;
  }
  RowAppender& Blob(std::string_view bytes) override {
    insert_.BindBlob(bytes);
    return *this;
  }
  Status EndRow() override {
    Status st = insert_.Run();
    insert_.Reset();
    return st;
  }
  Status Finish() override { return Status::Ok(); }

 private:
  static std::string InsertSql(std::string_view table, std::string_view columns) {
    std::string sql =
        "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES (?";
    for (char c : columns) {
      if (c == ',') sql += ",?";
    }
    return sql + ")";
  }
  Query insert_;
};

}  // namespace

std::unique_ptr<RowAppender> Connection::Append(std::string_view table, std::string_view columns) {
  return std::make_unique<InsertAppender>(*this, table, columns);
}

}  // namespace concord::store::sql
