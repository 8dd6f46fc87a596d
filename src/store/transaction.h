#pragma once
// Typed writers in one write transaction. A write that must commit atomically with objects
// (an audit entry, a peer's sync cursor, a module's own rows) asks the transaction for the
// writer of its kind instead of adding a method to ObjectWriter:
//
//   auto tx = db.objects().BeginWrite();          // Result<std::unique_ptr<ObjectWriter>>
//   store::PutObject(**tx, record);
//   (*tx)->Part<store::AuditWriter>().Add(entry);  // same transaction
//   (*tx)->Commit();                               // both or neither
//
// A part is made on first use by the factory its module registered for the backend
// (store/sqlite/parts.h for SQLite), lives until the transaction ends, and is used on the
// transaction's thread only.

#include <memory>
#include <typeindex>

namespace concord::store {

// Base of every typed writer: what the transaction owns.
class TransactionPart {
 public:
  virtual ~TransactionPart() = default;
};

class Transaction {
 public:
  virtual ~Transaction() = default;
  // The writer of kind W in this transaction. Asking for a kind no module registered for
  // this backend is a bug: the program stops with the kind's name.
  template <typename W>
  W& Part() {
    return *static_cast<W*>(FindPart(std::type_index(typeid(W))));
  }

 protected:
  // Returns a pointer to the W (not to its TransactionPart base) for `type`.
  virtual void* FindPart(std::type_index type) = 0;
};

}  // namespace concord::store
