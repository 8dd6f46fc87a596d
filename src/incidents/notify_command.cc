// concord notify: an organisation's notifications, its mail and webhook subscriptions, and a
// delivery pass (what `serve` does every 5 seconds).
#include <cstdio>
#include <fstream>
#include <memory>

#include "common/strings.h"
#include "incidents/command_support.h"
#include "incidents/module.h"
#include "incidents/notify.h"

namespace concord::incidents {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...
namespace {

void AddList(CLI::App* notify, const GlobalOptions& global, int* exit_code) {
  auto* cmd = notify->add_subcommand("list", "Your organisation's notifications, newest first");
  struct Flags {
    std::string as;
    bool unread = false, json = false;
    int limit = 50;
  };
  auto f = std::make_shared<Flags>();
  AddActingOption(cmd, &f->as);
  cmd->add_flag("--unread", f->unread, "Only those not read yet");
  cmd->add_option("--limit", f->limit, "At most this many (default 50)")
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--json", f->json, "Print JSON");
  RunWithDatabase(cmd, "notify list", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("notify list", actor.status());
    if (Status st = NotificationsCurrent(db, SystemClock::Get().Now()); !st.ok())
      return Report("notify list", st);
    auto list = db.Get<NotificationStore>().List(actor->org_identity, f->unread, f->limit);
    if (!list.ok()) return Report("notify list", list.status());
    if (f->json) {
      PrintJson([&](json::Writer& w) {
        w.BeginObject().Key("notifications").BeginArray();
        for (const auto& n : *list) WriteNotification(n, w);
        w.EndArray().EndObject();
      });
      return kExitOk;
    }
    for (const auto& n : *list) {
      std::printf("%lld %s %s %s: %s (%s)%s\n", static_cast<long long>(n.id),
                  FormatTimestampMillis(n.at).c_str(), n.kind.c_str(), n.title.c_str(),
                  n.summary.c_str(), sharing::TlpName(n.tlp), n.read_at ? "" : " [unread]");
    }
    std::printf("%zu notification(s)\n", list->size());
    return kExitOk;
  });
}

void AddRead(CLI::App* notify, const GlobalOptions& global, int* exit_code) {
  auto* cmd = notify->add_subcommand("read", "Mark notifications read (all when none is named)");
  struct Flags {
    std::string as;
    std::vector<int64_t> ids;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("id", f->ids, "Notification ids");
  AddActingOption(cmd, &f->as);
  RunWithDatabase(cmd, "notify read", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("notify read", actor.status());
    Status st =
        db.Get<NotificationStore>().MarkRead(actor->org_identity, f->ids, SystemClock::Get().Now());
    if (!st.ok()) return Report("notify read", st);
    auto unread = db.Get<NotificationStore>().Unread(actor->org_identity);
    if (!unread.ok()) return Report("notify read", unread.status());
    std::printf("%lld unread\n", static_cast<long long>(*unread));
    return kExitOk;
  });
}

void AddSubscriptions(CLI::App* notify, const GlobalOptions& global, int* exit_code) {
  auto* sub = notify->add_subcommand("subscribe", "Be told by mail or by a signed webhook");
  struct Flags {
    std::string as, mail, webhook, secret_file;
    int64_t id = 0;
  };
  auto f = std::make_shared<Flags>();
  AddActingOption(sub, &f->as);
  auto* mail = sub->add_option("--mail", f->mail,
                               "An address (encrypted to your team's OpenPGP key when the "
                               "directory holds one)");
  auto* hook = sub->add_option("--webhook", f->webhook, "An https URL to POST JSON to");
  mail->excludes(hook);
  sub->add_option("--secret-file", f->secret_file,
                  "The webhook's HMAC key: the first line of this file (- for standard input)")
      ->needs(hook);
  RunWithDatabase(sub, "notify subscribe", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("notify subscribe", actor.status());
    Subscription s;
    s.org = actor->org_identity;
    s.channel = f->mail.empty() ? "webhook" : "mail";
    s.target = f->mail.empty() ? f->webhook : f->mail;
    if (s.target.empty()) {
      return Report("notify subscribe", Status::InvalidArgument("--mail or --webhook is needed"));
    }
    if (s.channel == "webhook") {
      std::string line;
      if (f->secret_file == "-") {
        std::getline(std::cin, line);
      } else if (!f->secret_file.empty()) {
        std::ifstream in(f->secret_file);
        std::getline(in, line);
      }
      s.secret = std::string(TrimWhitespace(line));
    }
    s.created = SystemClock::Get().Now();
    if (Status st = CheckSubscription(s); !st.ok()) return Report("notify subscribe", st);
    auto id = db.Get<NotificationStore>().Subscribe(s);
    if (!id.ok()) return Report("notify subscribe", id.status());
    std::printf("subscription %lld: %s %s\n", static_cast<long long>(*id), s.channel.c_str(),
                s.target.c_str());
    return kExitOk;
  });

  auto* list = notify->add_subcommand("subscriptions", "Your organisation's subscriptions");
  AddActingOption(list, &f->as);
  RunWithDatabase(list, "notify subscriptions", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("notify subscriptions", actor.status());
    auto subs = db.Get<NotificationStore>().Subscriptions(actor->org_identity);
    if (!subs.ok()) return Report("notify subscriptions", subs.status());
    for (const auto& s : *subs) {
      std::printf("%lld %s %s\n", static_cast<long long>(s.id), s.channel.c_str(),
                  s.target.c_str());
    }
    return kExitOk;
  });

  auto* remove = notify->add_subcommand("unsubscribe", "End a subscription");
  remove->add_option("id", f->id, "The subscription's number")->required();
  AddActingOption(remove, &f->as);
  RunWithDatabase(remove, "notify unsubscribe", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("notify unsubscribe", actor.status());
    Status st = db.Get<NotificationStore>().Unsubscribe(actor->org_identity, f->id);
    if (!st.ok()) return Report("notify unsubscribe", st);
    std::printf("removed subscription %lld\n", static_cast<long long>(f->id));
    return kExitOk;
  });
}

void AddSend(CLI::App* notify, const GlobalOptions& global, int* exit_code) {
  auto* cmd = notify->add_subcommand(
      "send", "One pass: derive notifications and deliver what is due (serve does it every 5 s)");
  struct Flags {
    std::string smtp, from = "concord@localhost";
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--smtp", f->smtp, "SMTP relay host:port (default: incidents.smtp_relay)");
  cmd->add_option("--from", f->from, "Sender address");
  RunWithDatabase(cmd, "notify send", global, exit_code, [f](store::Database& db) {
    if (Status st = NotificationsCurrent(db, SystemClock::Get().Now()); !st.ok())
      return Report("notify send", st);
    std::string relay = f->smtp;
    if (relay.empty()) {
      auto set = db.settings().Get(kSmtpRelaySetting);
      if (set.ok() && set->has_value()) relay = **set;
    }
    std::unique_ptr<directory::SmtpTransport> smtp;
    if (!relay.empty()) smtp = std::make_unique<directory::SmtpTransport>(relay);
    auto report = DeliverNotifications(db, SystemClock::Get().Now(), smtp.get(), f->from,
                                       HttpWebhookPoster());
    if (!report.ok()) return Report("notify send", report.status());
    std::printf("%d delivered, %d failed\n", report->delivered, report->failed);
    for (const auto& e : report->errors) std::printf("failed: %s\n", e.c_str());
    return kExitOk;
  });
}

}  // namespace

void AddNotifyCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd =
      app.add_subcommand("notify", "What happened in your incidents: console, mail, webhooks");
  cmd->require_subcommand(1);
  AddList(cmd, global, exit_code);
  AddRead(cmd, global, exit_code);
  AddSubscriptions(cmd, global, exit_code);
  AddSend(cmd, global, exit_code);
}

}  // namespace concord::incidents
