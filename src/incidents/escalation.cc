#include "incidents/escalation.h"

#include <algorithm>

#include "sharing/node_policy.h"

namespace concord::incidents {
namespace {

// Who hears of a missed acknowledgement at `team`: its 24/7 contacts, else its address.
std::vector<std::string> AlarmAddresses(const directory::Team* team) {
  std::vector<std::string> out;
  if (team == nullptr) return out;
  for (const auto& c : team->contacts) {
    if (c.always_on) out.push_back(c.email);
  }
  if (out.empty() && !team->email.empty()) out.push_back(team->email);
  return out;
}

// The requesting team's own desk: its duty officers, else its address.
std::vector<std::string> DeskAddresses(const directory::Team* team) {
  std::vector<std::string> out;
  if (team == nullptr) return out;
  for (const auto& c : team->contacts) {
    if (c.role == "duty-officer" || c.always_on) out.push_back(c.email);
  }
  if (out.empty() && !team->email.empty()) out.push_back(team->email);
  return out;
}

}  // namespace

directory::MailMessage EscalationMessage(const RequestState& s, const Names& names,
                                         const std::string& incident_name, const std::string& from,
                                         const std::string& to) {
  const Request& r = s.request;
  const bool may_describe = r.tlp <= sharing::Tlp::kGreen;
  directory::MailMessage m;
  m.from = from;
  m.to = to;
  m.subject = std::string("[") + sharing::TlpName(r.tlp) +
              "] Assistance request not acknowledged: " + r.severity + " " + r.action +
              (may_describe ? " (" + incident_name + ")" : "");
  m.body = "An assistance request was not acknowledged by its deadline.\n\n";
  m.body += "Request:        " + r.id + "\n";
  m.body += "From:           " + names.NameOf(r.requester) + "\n";
  m.body += "To:             " + names.NameOf(r.recipient) + "\n";
  m.body += "Action:         " + r.action + "\n";
  m.body += "Severity:       " + r.severity + "\n";
  m.body += "Acknowledge by: " + FormatTimestampMillis(r.acknowledge_by) + "\n";
  m.body += "Complete by:    " + FormatTimestampMillis(r.complete_by) + "\n";
  if (may_describe) {
    m.body += "Incident:       " + incident_name + "\n";
    if (!r.text.empty()) m.body += "\n" + r.text + "\n";
  } else {
    m.body += "\nThe request is " + std::string(sharing::TlpName(r.tlp)) +
              ": its incident and text are in Concord, not in this message.\n";
  }
  m.body += "\nAcknowledge it in Concord: concord request ack " + r.id + "\n";
  return m;
}

Result<std::vector<EscalationReport>> EscalateOverdue(store::Database& db, Micros now,
                                                      directory::MailTransport& mail,
                                                      const std::string& from) {
  CONCORD_RETURN_IF_ERROR(CatchUpIndex(db));
  auto& store = db.Get<IncidentStore>();
  auto due = store.DueForEscalation(now);
  if (!due.ok()) return due.status();
  std::vector<EscalationReport> reports;
  if (due->empty()) return reports;
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  auto names = Names::Load(db);
  if (!names.ok()) return names.status();
  for (const RequestState& s : *due) {
    if (!policy->IsLocalOrg(s.request.requester)) continue;  // the requester's node escalates
    EscalationReport report;
    report.request_id = s.request.id;
    auto incident = store.Get(s.request.incident_id, now);
    const std::string incident_name =
        incident.ok() && incident->has_value() ? (*incident)->incident.name : "";
    std::vector<std::string> to = AlarmAddresses(names->TeamOf(s.request.recipient));
    for (const auto& a : DeskAddresses(names->TeamOf(s.request.requester))) {
      if (std::find(to.begin(), to.end(), a) == to.end()) to.push_back(a);
    }
    if (to.empty()) report.error = "the directory has no address for either team";
    for (const auto& address : to) {
      Status sent = mail.Send(EscalationMessage(s, *names, incident_name, from, address));
      if (sent.ok()) {
        report.notified.push_back(address);
      } else {
        report.error = address + ": " + sent.message();
      }
    }
    if (!report.notified.empty()) {
      auto tx = db.objects().BeginWrite();
      if (!tx.ok()) return tx.status();
      CONCORD_RETURN_IF_ERROR((*tx)->Part<IndexWriter>().MarkEscalated(s.request.id, now));
      CONCORD_RETURN_IF_ERROR((*tx)->Commit());
    }
    reports.push_back(std::move(report));
  }
  return reports;
}

}  // namespace concord::incidents
