#include "federation/sync.h"

namespace concord::federation {

SyncReport SyncPeer(store::Database& db, const store::Peer& peer, const Clock& clock,
                    const PullOptions& options) {
  SyncReport report;
  report.status = PullPeer(db, peer, options, &report.pull);
  if (report.status.ok() && !peer.push_to.empty()) {
    PushOptions push;
    push.log = options.log;
    report.pushed = true;
    report.status = PushPeer(db, peer, push, &report.push);
  }
  (void)db.peers().RecordAttempt(peer.id, clock.Now(), report.status,
                                 static_cast<int64_t>(report.pull.received));
  return report;
}

std::string Describe(const store::Peer& peer, const SyncReport& r) {
  std::string line = peer.name + ": " + std::to_string(r.pull.pages) + " pages, " +
                     std::to_string(r.pull.received) + " object versions received, " +
                     std::to_string(r.pull.added) + " new, " + std::to_string(r.pull.rejected) +
                     " rejected";
  if (r.pushed) {
    line += "; pushed " + std::to_string(r.push.pushed) + " of " +
            std::to_string(r.push.considered) + " (" + std::to_string(r.push.withheld) +
            " withheld, " + std::to_string(r.push.refused) + " refused)";
  }
  if (!r.status.ok()) line += "; stopped: " + r.status.message();
  return line;
}

}  // namespace concord::federation
