#pragma once
// The spam module: abuse/spam reports, source reputation, DNSBL zones and their manual
// listings. Everything it adds to the node is registered by RegisterModule (module.cc).

#include "api/routes.h"
#include "cli/commands.h"
#include "modules/registry.h"

namespace concord::spam {

void RegisterModule(modules::Registry& registry);

// Its parts, each in its own file.
void AddReportRoutes(api::Routes& routes);  // api_reports.cc
void AddDnsRoutes(api::Routes& routes);     // api_dns.cc
void AddSpamCommand(CLI::App& app, const cli::GlobalOptions& global,
                    int* exit_code);  // spam_command.cc
void AddDnsCommand(CLI::App& app, const cli::GlobalOptions& global,
                   int* exit_code);  // dns_command.cc

}  // namespace concord::spam
