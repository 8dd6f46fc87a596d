#pragma once
// The incidents module: cross-border incidents, their tasks and assistance requests between
// teams with SLA clocks and escalation (docs/DESIGN.md, "Cross-border incidents"). Everything it
// adds to the node is registered by RegisterModule (module.cc).

#include "api/routes.h"
#include "cli/commands.h"
#include "incidents/desk.h"
#include "incidents/notify.h"
#include "incidents/store.h"
#include "modules/registry.h"

namespace concord::incidents {

void RegisterModule(modules::Registry& registry);

// Its parts, each in its own file.
void AddIncidentRoutes(api::Routes& routes);  // api_incidents.cc
void AddIncidentCommand(CLI::App& app, const cli::GlobalOptions& global,
                        int* exit_code);  // incident_command.cc
// `incident import` and `incident export`, added to the incident command.
void AddInterchangeCommands(CLI::App* incident, const cli::GlobalOptions& global,
                            int* exit_code);  // interchange_command.cc
void AddRequestCommand(CLI::App& app, const cli::GlobalOptions& global,
                       int* exit_code);  // request_command.cc
void AddNotifyCommand(CLI::App& app, const cli::GlobalOptions& global,
                      int* exit_code);  // notify_command.cc
void AddAuditCommand(CLI::App& app, const cli::GlobalOptions& global,
                     int* exit_code);  // audit_command.cc

// The webhook sender serve and `notify send` use: http::Client (https; plain http only to
// loopback), 10 s timeout (module.cc; the core library stays free of the HTTP stack).
WebhookPoster HttpWebhookPoster();

// The settings the escalation job reads (`concord request escalate` takes them as flags).
inline constexpr const char* kSmtpRelaySetting = "incidents.smtp_relay";  // host:port
inline constexpr const char* kMailFromSetting = "incidents.mail_from";

}  // namespace concord::incidents
