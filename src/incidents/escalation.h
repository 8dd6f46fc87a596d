#pragma once
// Escalating a missed acknowledgement: when a request's acknowledgement deadline passes and the
// recipient has not acknowledged it, the requester's node mails the recipient's 24/7 contacts
// from the directory (else the team's address) and the requesting team, once. Only the node of
// the requesting organisation escalates, so two nodes never send the same alarm. A message never
// carries more than the request's TLP allows: above TLP:GREEN the subject and body name the
// request's id, action, severity and deadline only, never the incident's title or the text.

#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "directory/mail.h"
#include "incidents/views.h"
#include "store/database.h"

namespace concord::incidents {

struct EscalationReport {
  std::string request_id;
  std::vector<std::string> notified;  // addresses the relay accepted
  std::string error;                  // why nobody could be told ("": someone was)
};

// One pass at `now`: every request due for escalation whose requester is an organisation of
// this node. A request is marked escalated once a message was accepted for someone.
Result<std::vector<EscalationReport>> EscalateOverdue(store::Database& db, Micros now,
                                                      directory::MailTransport& mail,
                                                      const std::string& from);

// The message for one recipient address (exposed for tests of what a message may carry).
directory::MailMessage EscalationMessage(const RequestState& state, const Names& names,
                                         const std::string& incident_name, const std::string& from,
                                         const std::string& to);

}  // namespace concord::incidents
