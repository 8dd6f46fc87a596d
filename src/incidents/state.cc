// A request's state folded from its updates, and the audit chain's link: the same on every node.
#include "accounts/secrets.h"
#include "incidents/store.h"

namespace concord::incidents {

Status CheckTransition(const RequestState& s, const RequestUpdate& u) {
  const Request& r = s.request;
  if (u.kind == "cancelled") {
    if (u.author != r.requester) {
      return Status::PermissionDenied("only the requesting team cancels a request");
    }
    if (s.closed()) return Status::Unprocessable("kind: the request is already " + s.state);
    return Status::Ok();
  }
  if (u.author != r.recipient) {
    return Status::PermissionDenied("only the receiving team reports on a request (" + u.kind +
                                    ")");
  }
  if (s.closed()) return Status::Unprocessable("kind: the request is already " + s.state);
  const std::string& st = s.state;
  if (u.kind == "acknowledged" && st != "sent") {
    return Status::Unprocessable("kind: the request was acknowledged already");
  }
  if ((u.kind == "accepted" || u.kind == "declined") && st != "sent" && st != "acknowledged") {
    return Status::Unprocessable("kind: the request was " + st + " already");
  }
  if ((u.kind == "progress" || u.kind == "completed") && st != "accepted") {
    return Status::Unprocessable("kind: " + u.kind + " needs an accepted request (it is " + st +
                                 ")");
  }
  return Status::Ok();
}

void ApplyTransition(const RequestUpdate& u, RequestState* s) {
  if (u.kind == "acknowledged" || u.kind == "accepted" || u.kind == "declined") {
    if (s->acknowledged_at == 0) s->acknowledged_at = u.created;
    if (!u.reference.empty()) s->recipient_reference = u.reference;
  }
  if (u.kind == "progress") return;
  s->state = u.kind;
  if (u.kind == "completed") s->outcome = u.outcome;
  if (s->closed()) s->closed_at = u.created;
}

std::string AuditHash(const AuditRecord& r) {
  std::string text;
  json::Writer w(&text);
  w.BeginArray()
      .String(r.prev_hash)
      .String(r.incident_id)
      .Int(r.at)
      .String(r.actor)
      .String(r.action)
      .String(r.subject)
      .Int(r.version)
      .Int(r.previous_version)
      .String(r.content_hash)
      .EndArray();
  return accounts::Sha256Hex(text);
}

}  // namespace concord::incidents
