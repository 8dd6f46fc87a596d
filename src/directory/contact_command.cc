// concord contact: a team's contacts and their reachability (add, edit, remove, check, status).
#include <cstdio>
#include <memory>

#include "common/file.h"
#include "common/strings.h"
#include "directory/command_support.h"
#include "directory/editor.h"
#include "directory/formats.h"
#include "directory/module.h"
#include "directory/reachability.h"

namespace concord::directory {
namespace {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...

struct ContactFlags {
  std::string team, email, name, role, phone, languages;
  bool always_on = false, not_always_on = false;
  CLI::Option *name_opt = nullptr, *role_opt = nullptr, *phone_opt = nullptr, *lang_opt = nullptr;
  void Register(CLI::App* cmd, bool edit) {
    cmd->add_option("team", team, "Team id or short name")->required();
    cmd->add_option("email", email, "The contact's e-mail address (its key)")->required();
    name_opt = cmd->add_option("--name", name, "Person or role mailbox name");
    role_opt =
        cmd->add_option("--role", role, "duty-officer, liaison, manager, pgp, technical, other");
    phone_opt = cmd->add_option("--phone", phone, "Phone, international form");
    lang_opt = cmd->add_option("--languages", languages, "ISO 639 codes, comma separated (az,en)");
    cmd->add_flag("--24x7", always_on, "Reachable 24/7");
    if (edit) cmd->add_flag("--no-24x7", not_always_on, "No longer reachable 24/7");
  }
  void Apply(Contact& c) const {
    if (name_opt->count()) c.name = name;
    if (role_opt->count()) c.role = role;
    if (phone_opt->count()) c.phone = phone;
    if (lang_opt->count()) c.languages = Split(languages, ',', true);
    if (always_on) c.always_on = true;
    if (not_always_on) c.always_on = false;
  }
};

}  // namespace

void AddContactCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* contact = app.add_subcommand("contact", "A team's contacts and their reachability");
  contact->alias("contacts");
  contact->require_subcommand(1);
  for (bool edit : {false, true}) {
    auto flags = std::make_shared<ContactFlags>();
    auto* cmd = contact->add_subcommand(edit ? "edit" : "add",
                                        edit ? "Change a contact" : "Add a contact to a team");
    flags->Register(cmd, edit);
    cmd->callback([flags, edit, &global, exit_code] {
      const char* command = edit ? "contact edit" : "contact add";
      auto db = OpenDatabaseOrReport(global, command);
      if (!db) return void(*exit_code = kExitError);
      Editor editor(*db, SystemClock::Get(), CliActor());
      if (edit) {
        *exit_code = ReportEdit(command, editor.EditContact(flags->team, flags->email,
                                                            [&](Contact& c) { flags->Apply(c); }));
        return;
      }
      Contact c;
      c.email = flags->email;
      flags->Apply(c);
      *exit_code = ReportEdit(command, editor.AddContact(flags->team, std::move(c)));
    });
  }
  auto remove_team = std::make_shared<std::string>();
  auto remove_email = std::make_shared<std::string>();
  auto* remove = contact->add_subcommand("remove", "Remove a contact from a team");
  remove->add_option("team", *remove_team, "Team id or short name")->required();
  remove->add_option("email", *remove_email, "The contact's e-mail address")->required();
  RunWithDatabase(remove, "contact remove", global, exit_code,
                  [remove_team, remove_email](store::Database& db) {
                    Editor editor(db, SystemClock::Get(), CliActor());
                    return ReportEdit("contact remove",
                                      editor.RemoveContact(*remove_team, *remove_email));
                  });

  struct CheckArgs {
    std::string team, smtp, from = "concord@localhost",
                            ack_url = "http://127.0.0.1:8080/api/v1/contacts/ack";
    double hours = 72;
  };
  auto check_args = std::make_shared<CheckArgs>();
  auto* check = contact->add_subcommand(
      "check",
      "Send each contact a one-time token to acknowledge through the API before a deadline");
  check->add_option("--team", check_args->team,
                    "Only this team (default: every team published here)");
  check->add_option("--smtp", check_args->smtp, "SMTP relay host:port")->required();
  check->add_option("--from", check_args->from, "Sender address");
  check->add_option("--ack-url", check_args->ack_url,
                    "This node's acknowledgement URL, as contacts reach it");
  check->add_option("--deadline-hours", check_args->hours, "Hours to acknowledge (default 72)");
  check->callback([check_args, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "contact check");
    if (!db) {
      *exit_code = kExitError;
      return;
    }
    SmtpTransport smtp(check_args->smtp);
    CheckOptions options;
    options.team = check_args->team;
    options.from = check_args->from;
    options.ack_url = check_args->ack_url;
    options.deadline_after = static_cast<Micros>(check_args->hours * 3600e6);
    auto issued = IssueChecks(*db, SystemClock::Get(), smtp, options);
    if (!issued.ok()) {
      *exit_code = Report("contact check", issued.status());
      return;
    }
    size_t failed = 0;
    for (const auto& i : *issued) {
      failed += !i.error.empty();
      std::printf("%s\t%s\t%s\n", i.team.c_str(), i.email.c_str(),
                  i.error.empty() ? "sent" : i.error.c_str());
    }
    std::printf("%zu challenges, %zu not delivered\n", issued->size(), failed);
    *exit_code = failed == 0 ? kExitOk : kExitRejected;
  });

  auto only_problems = std::make_shared<bool>(false);
  auto* status = contact->add_subcommand(
      "status", "Each contact's reachability (verified, pending, overdue, ...)");
  status->add_flag("--problems", *only_problems,
                   "Only overdue, undeliverable and unchecked contacts");
  status->callback([only_problems, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "contact status");
    if (!db) {
      *exit_code = kExitError;
      return;
    }
    auto report = ReachabilityReport(*db, SystemClock::Get().Now());
    if (!report.ok()) {
      *exit_code = Report("contact status", report.status());
      return;
    }
    for (const auto& r : *report) {
      const bool fine = r.state == Reachability::kVerified || r.state == Reachability::kPending;
      if (*only_problems && fine) continue;
      std::printf(
          "%s\t%s\t%s%s\t%s\n", r.team.c_str(), r.email.c_str(), ReachabilityName(r.state),
          r.always_on ? " (24/7)" : "",
          r.latest.id == 0 ? "" : ("deadline " + FormatTimestampMillis(r.latest.deadline)).c_str());
    }
    *exit_code = kExitOk;
  });
}

}  // namespace concord::directory
