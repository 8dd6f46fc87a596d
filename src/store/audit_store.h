#pragma once
// The audit log: who changed what, when, with the record before and after. Written in the
// transaction of the change itself (AuditWriter, a part of ObjectWriter's transaction), so a
// change is never stored without its entry nor the entry without the change; read here. Every
// module that changes records on behalf of people writes it (directory edits today; incidents,
// assessments and drills next). Thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "store/transaction.h"

namespace concord::store {

struct AuditEntry {
  int64_t seq = 0;  // assigned by the store
  Micros at = 0;
  std::string actor;          // "cli:<os user>" or "api:<user>@<organisation>"
  std::string action;         // "team.add", "contact.remove", ...
  std::string subject;        // the record changed
  std::string before, after;  // its JSON; "" for none
};

class AuditWriter : public TransactionPart {
 public:
  virtual Status Add(const AuditEntry& entry) = 0;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Newest first; `subject` "" for every subject; at most `limit` (0: all).
  virtual Result<std::vector<AuditEntry>> List(std::string_view subject, size_t limit) const = 0;
};

}  // namespace concord::store
