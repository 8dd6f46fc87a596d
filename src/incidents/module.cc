#include "incidents/module.h"

#include "common/log.h"
#include "http/client.h"
#include "incidents/escalation.h"
#include "incidents/notify.h"
#include "incidents/sqlite_store.h"

namespace concord::incidents {
namespace {

// One pass of the node's deadline watch: the index catches up with records received from peers,
// this node's tasks follow incidents whose participants changed, then missed acknowledgements are
// escalated by mail when a relay is configured. Only one process of a node runs it at a time.
Status WatchDeadlines(store::Database& db, const Clock& clock) {
  auto lock = db.TryExclusive("incident deadlines");
  if (!lock.ok()) return lock.status();
  if (!*lock) return Status::Ok();  // another process is on it
  std::vector<std::string> problems;
  CONCORD_RETURN_IF_ERROR(CatchUpIndex(db, &problems));
  for (const auto& p : problems) Log(LogLevel::kWarning, "incidents", "not indexed: " + p);
  problems.clear();
  auto followed = FollowAudienceChanges(db, clock, &problems);
  if (!followed.ok()) return followed.status();
  for (const auto& p : problems) Log(LogLevel::kWarning, "incidents", p);
  auto relay = db.settings().Get(kSmtpRelaySetting);
  if (!relay.ok()) return relay.status();
  if (!relay->has_value() || (*relay)->empty()) return Status::Ok();
  auto from = db.settings().Get(kMailFromSetting);
  if (!from.ok()) return from.status();
  directory::SmtpTransport smtp(**relay);
  auto reports = EscalateOverdue(db, clock.Now(), smtp,
                                 from->has_value() ? **from : std::string("concord@localhost"));
  if (!reports.ok()) return reports.status();
  for (const auto& r : *reports) {
    if (!r.error.empty())
      Log(LogLevel::kWarning, "incidents", "escalation of " + r.request_id + ": " + r.error);
  }
  return Status::Ok();
}

// One pass of the notifications: derived from what the audit log gained and from the request
// deadlines missed since, then sent to the subscriptions (mail once a relay is set; webhooks
// always). One process at a time.
Status Notify(store::Database& db, const Clock& clock) {
  auto lock = db.TryExclusive("incident notifications");
  if (!lock.ok()) return lock.status();
  if (!*lock) return Status::Ok();
  CONCORD_RETURN_IF_ERROR(NotificationsCurrent(db, clock.Now()));
  auto relay = db.settings().Get(kSmtpRelaySetting);
  if (!relay.ok()) return relay.status();
  auto from = db.settings().Get(kMailFromSetting);
  if (!from.ok()) return from.status();
  std::unique_ptr<directory::SmtpTransport> smtp;
  if (relay->has_value() && !(*relay)->empty()) {
    smtp = std::make_unique<directory::SmtpTransport>(**relay);
  }
  auto report = DeliverNotifications(db, clock.Now(), smtp.get(),
                                     from->has_value() ? **from : std::string("concord@localhost"),
                                     HttpWebhookPoster());
  if (!report.ok()) return report.status();
  for (const auto& e : report->errors) Log(LogLevel::kWarning, "notifications", e);
  return Status::Ok();
}

}  // namespace

WebhookPoster HttpWebhookPoster() {
  return [](const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
            const std::string& body) -> Result<int> {
    auto parsed = http::ParseUrl(url);
    if (!parsed.ok()) return parsed.status();
    http::ClientOptions options;
    options.timeout_seconds = 10;
    options.max_body_bytes = 64 << 10;
    auto client = http::Client::Create(url, options);
    if (!client.ok()) return client.status();
    auto response = (*client)->Send("POST", parsed->path, headers, body);
    if (!response.ok()) return response.status();
    return response->status;
  };
}

void RegisterModule(modules::Registry& registry) {
  AddSqlite(registry.sqlite());
  registry.AddRoutes([](api::Routes& routes, Scheduler& scheduler) {
    api::Node& node = routes.node();
    scheduler.Every("incident deadlines", 5'000'000,
                    [&node] { return WatchDeadlines(node.db, node.clock); });
    scheduler.Every("incident notifications", 5'000'000,
                    [&node] { return Notify(node.db, node.clock); });
    AddIncidentRoutes(routes);
  });
  registry.AddCommands([](CLI::App& app, const cli::GlobalOptions& global, int* exit_code) {
    AddIncidentCommand(app, global, exit_code);
    AddRequestCommand(app, global, exit_code);
    AddAuditCommand(app, global, exit_code);
    AddNotifyCommand(app, global, exit_code);
  });
}

}  // namespace concord::incidents
