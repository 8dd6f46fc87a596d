// concord dns: the DNSBL zones `concord serve --dns` answers, their manual listings and
// delistings, and exports for rbldnsd and BIND (RPZ).
#include <cstdio>
#include <memory>

#include "common/file.h"
#include "common/numbers.h"
#include "spam/module.h"
#include "spam/store.h"
#include "spam/zones.h"

namespace concord::spam {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...
namespace {

// "7d", "12h", "30m" from now, or an RFC 3339 timestamp; "" is never.
Result<Micros> ParseExpiry(const std::string& text, Micros now) {
  if (text.empty()) return Micros{0};
  const char unit = text.back();
  const int64_t per = unit == 'd' ? 86400 : unit == 'h' ? 3600 : unit == 'm' ? 60 : 0;
  if (per != 0) {
    const std::optional<double> n = ParseDouble(std::string_view(text).substr(0, text.size() - 1));
    if (n && *n > 0 && *n < 1e6) return now + static_cast<Micros>(*n * per * 1e6);
  }
  auto at = ParseTimestamp(text);
  if (!at.ok()) {
    return Status::InvalidArgument("--expires " + text +
                                   ": expected a duration (7d, 12h, 30m) or a timestamp");
  }
  return *at;
}

std::string Expiry(Micros t) { return t == 0 ? "never" : FormatTimestamp(t); }

struct ListingArgs {
  std::string zone, entry, code, reason, expires;
  bool force = false;
};

void AddListingCommand(CLI::App* dns, const char* name, bool delist, const GlobalOptions& global,
                       int* exit_code) {
  auto* cmd = dns->add_subcommand(
      name, delist ? "Delist an entry (overrides reputation, indicators and listings)"
                   : "List an entry by hand");
  auto args = std::make_shared<ListingArgs>();
  cmd->add_option("zone", args->zone, "The zone's origin")->required();
  cmd->add_option("entry", args->entry, "IP address, CIDR network, domain or *.domain")->required();
  if (!delist) cmd->add_option("--code", args->code, "A answer, 127.0.0.x (default 127.0.0.10)");
  cmd->add_option("--reason", args->reason, "Why (the TXT answer; '$' is the queried address)")
      ->required(delist);
  cmd->add_option("--expires", args->expires, "When it ends: 7d, 12h, 30m or a timestamp");
  if (!delist) {
    cmd->add_flag("--force", args->force,
                  "List a network wider than the bound (settings dns.min_listing_prefix_ipv4, "
                  "default 8, and dns.min_listing_prefix_ipv6, default 32)");
  }
  cmd->callback([args, delist, name, &global, exit_code] {
    const std::string command = std::string("dns ") + name;
    const Micros now = SystemClock::Get().Now();
    auto expires = ParseExpiry(args->expires, now);
    if (!expires.ok()) return void(*exit_code = Report(command.c_str(), expires.status()));
    auto db = OpenDatabaseOrReport(global, command.c_str());
    if (!db) return void(*exit_code = kExitError);
    spam::DnsListing listing{0,          args->zone, args->entry, delist, args->code, args->reason,
                             CliActor(), now,        *expires};
    auto id = spam::AddManualListing(*db, listing, args->force);
    if (!id.ok()) return void(*exit_code = Report(command.c_str(), id.status()));
    std::printf("%s %lld: %s in %s until %s\n", delist ? "delisting" : "listing",
                static_cast<long long>(*id), args->entry.c_str(), args->zone.c_str(),
                Expiry(*expires).c_str());
    *exit_code = kExitOk;
  });
}

}  // namespace

void AddDnsCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand("dns", "DNSBL zones served by `concord serve --dns`");
  cmd->require_subcommand(1);

  auto* zone = cmd->add_subcommand("zone", "Add, list or remove zones");
  zone->require_subcommand(1);
  auto* add = zone->add_subcommand("add", "Add (or change) a zone");
  auto settings = std::make_shared<spam::ZoneSettings>();
  auto max_tlp = std::make_shared<std::string>("clear");
  add->add_option("origin", settings->origin, "The zone's name, e.g. bl.cert.example")->required();
  add->add_option("--source", settings->source, "spam, indicators or manual")
      ->capture_default_str();
  add->add_option("--audience", settings->audience,
                  "public (TLP:CLEAR only) or community (what the node's users may see)")
      ->capture_default_str();
  add->add_option("--ttl", settings->ttl, "TTL of answers, seconds")->capture_default_str();
  add->add_option("--ns", settings->nameservers, "Name servers of the zone (repeatable)");
  add->add_option("--hostmaster", settings->hostmaster, "SOA contact, as a name");
  add->add_option("--indicator-type", settings->indicator_types,
                  "indicators: only these indicator_types (repeatable)");
  add->add_option("--label", settings->labels, "indicators: only these labels (repeatable)");
  add->add_option("--max-tlp", *max_tlp, "indicators: the most restrictive TLP served")
      ->capture_default_str();
  add->callback([settings, max_tlp, &global, exit_code] {
    auto tlp = sharing::ParseTlp(*max_tlp);
    if (!tlp) {
      return void(*exit_code =
                      Report("dns zone add", Status::InvalidArgument("--max-tlp " + *max_tlp)));
    }
    settings->max_tlp = *tlp;
    auto config = spam::WriteZoneSettings(*settings);
    if (!config.ok()) return void(*exit_code = Report("dns zone add", config.status()));
    auto db = OpenDatabaseOrReport(global, "dns zone add");
    if (!db) return void(*exit_code = kExitError);
    Status st = db->Get<spam::SpamStore>().PutZone(*config);
    if (!st.ok()) return void(*exit_code = Report("dns zone add", st));
    std::printf("zone %s (%s): %s\n", config->origin.c_str(), config->source.c_str(),
                config->config.c_str());
    *exit_code = kExitOk;
  });
  auto* list = zone->add_subcommand("list", "The zones and their entry counts");
  RunWithDatabase(list, "dns zone list", global, exit_code, [](store::Database& db) {
    auto zones = spam::BuildZones(db, SystemClock::Get().Now());
    if (!zones.ok()) return Report("dns zone list", zones.status());
    auto configs = db.Get<spam::SpamStore>().ListZones();
    for (size_t i = 0; configs.ok() && i < configs->size(); ++i) {
      const dns::Zone& z = (*zones)->zones()[i];
      std::printf("%-32s %-10s %8zu networks/addresses %8zu names  %s\n", z.origin.c_str(),
                  (*configs)[i].source.c_str(), z.data->networks(), z.data->domains(),
                  (*configs)[i].config.c_str());
    }
    return kExitOk;
  });
  auto* remove = zone->add_subcommand("remove", "Remove a zone (its listings stay)");
  auto origin = std::make_shared<std::string>();
  remove->add_option("origin", *origin)->required();
  RunWithDatabase(remove, "dns zone remove", global, exit_code, [origin](store::Database& db) {
    Status st = db.Get<spam::SpamStore>().RemoveZone(*origin);
    return st.ok() ? kExitOk : Report("dns zone remove", st);
  });

  AddListingCommand(cmd, "list", false, global, exit_code);
  AddListingCommand(cmd, "delist", true, global, exit_code);

  auto* listings = cmd->add_subcommand("listings", "Manual listings and delistings");
  auto of_zone = std::make_shared<std::string>();
  listings->add_option("zone", *of_zone, "Only this zone's");
  RunWithDatabase(listings, "dns listings", global, exit_code, [of_zone](store::Database& db) {
    auto all = db.Get<spam::SpamStore>().ListListings(*of_zone);
    if (!all.ok()) return Report("dns listings", all.status());
    const Micros now = SystemClock::Get().Now();
    for (const spam::DnsListing& l : *all) {
      std::printf("%5lld  %-24s %-6s %-32s %-10s until %s%s  by %s: %s\n",
                  static_cast<long long>(l.id), l.zone.c_str(), l.delist ? "delist" : "list",
                  l.entry.c_str(), l.code.empty() ? "-" : l.code.c_str(), Expiry(l.expires).c_str(),
                  l.expires != 0 && l.expires <= now ? " (expired)" : "", l.actor.c_str(),
                  l.reason.c_str());
    }
    return kExitOk;
  });
  auto* unlist = cmd->add_subcommand("unlist", "Remove a manual listing or delisting");
  auto id = std::make_shared<int64_t>(0);
  unlist->add_option("id", *id)->required();
  RunWithDatabase(unlist, "dns unlist", global, exit_code, [id](store::Database& db) {
    Status st = RemoveManualListing(db, *id, CliActor(), SystemClock::Get().Now());
    return st.ok() ? kExitOk : Report("dns unlist", st);
  });

  auto* exporter = cmd->add_subcommand(
      "export", "Write a zone for rbldnsd (ip4set, ip6trie, dnset) or BIND/Unbound (rpz)");
  auto export_zone = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>("-");
  exporter->add_option("zone", *export_zone)->required();
  exporter->add_option("--format", *format, "ip4set, ip6trie, dnset or rpz")->required();
  exporter->add_option("-o,--output", *output, "File ('-': standard output)")
      ->capture_default_str();
  exporter->callback([export_zone, format, output, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "dns export");
    if (!db) return void(*exit_code = kExitError);
    auto zones = spam::BuildZones(*db, SystemClock::Get().Now());
    if (!zones.ok()) return void(*exit_code = Report("dns export", zones.status()));
    for (const dns::Zone& z : (*zones)->zones()) {
      if (z.origin != *export_zone) continue;
      auto text = spam::ExportZone(z, *format);
      if (!text.ok()) return void(*exit_code = Report("dns export", text.status()));
      FILE* out = *output == "-" ? stdout : std::fopen(output->c_str(), "wb");
      if (!out) {
        return void(*exit_code = Report("dns export", Status::Internal("cannot write " + *output)));
      }
      const bool written = std::fwrite(text->data(), 1, text->size(), out) == text->size();
      if (out != stdout && std::fclose(out) != 0) {
        return void(*exit_code = Report("dns export", Status::Internal("cannot write " + *output)));
      }
      *exit_code = written ? kExitOk : Report("dns export", Status::Internal("write failed"));
      return;
    }
    *exit_code = Report("dns export", Status::NotFound("no zone " + *export_zone));
  });
}

}  // namespace concord::spam
