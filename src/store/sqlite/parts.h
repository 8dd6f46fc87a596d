#pragma once
// How a module's typed writer (store/transaction.h) is made on SQLite: a factory that builds it
// over the shared state while the transaction holds the writer connection. Core parts (the
// audit log, sync cursors) are registered in sqlite_store.cc; a module registers its own with
// SqliteModule (sqlite_store.h). Internal to store implementations.

#include <cstdlib>
#include <functional>
#include <memory>
#include <typeindex>
#include <utility>
#include <vector>

#include "store/sql/statement.h"
#include "store/transaction.h"

namespace concord::store::sqlite {

struct PartFactory {
  // The part, and a pointer to it as the requested kind W (what Transaction::Part<W> returns).
  using Made = std::pair<std::unique_ptr<TransactionPart>, void*>;
  std::type_index type;
  // Made over the transaction's connection (either engine's: store/sql/statement.h).
  std::function<Made(sql::Connection& transaction)> make;
};

// `make(sql::Connection&)` returns std::unique_ptr<W> (or of a class derived from W).
template <typename W, typename Make>
PartFactory MakePartFactory(Make make) {
  return {std::type_index(typeid(W)), [make](sql::Connection& transaction) {
            std::unique_ptr<W> part = make(transaction);
            void* as_w = part.get();
            return PartFactory::Made(std::move(part), as_w);
          }};
}

[[noreturn]] void DieOnUnknownPart(std::type_index type);

// The core's parts (the audit log, sync cursors), for either engine (store/sql/audit.cc).
std::vector<PartFactory> CoreParts();

}  // namespace concord::store::sqlite
