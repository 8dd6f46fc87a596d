// concord incident import / export: IODEF v2 documents in, IODEF or a STIX bundle out.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "incidents/command_support.h"
#include "incidents/interchange.h"
#include "incidents/module.h"

namespace concord::incidents {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...
namespace {

void AddImport(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  auto* cmd = incident->add_subcommand(
      "import", "Open incidents from an IODEF v2 document (RFC 7970), validated first");
  struct Flags {
    std::string file, rsit, as;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("file", f->file, "The IODEF document (- for standard input)")->required();
  cmd->add_option("--rsit", f->rsit,
                  "CLASS/TYPE for incidents the document does not classify (default "
                  "other/undetermined)");
  AddActingOption(cmd, &f->as);
  RunWithDatabase(cmd, "incident import", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("incident import", actor.status());
    auto xml = ReadInput(f->file);
    if (!xml.ok()) return Report("incident import", xml.status());
    IodefImportOptions options;
    if (!f->rsit.empty()) {
      const size_t slash = f->rsit.find('/');
      options.rsit_class = f->rsit.substr(0, slash);
      options.rsit_type = slash == std::string::npos ? "" : f->rsit.substr(slash + 1);
    }
    auto imported = ImportIodef(db, SystemClock::Get(), *actor, *xml, options);
    if (!imported.ok()) return Report("incident import", imported.status());
    for (const Incident& i : imported->incidents) {
      std::printf("opened %s %s (%s/%s, %s)\n", i.id.c_str(), i.name.c_str(), i.rsit_class.c_str(),
                  i.rsit_type.c_str(), sharing::TlpName(i.tlp));
    }
    std::printf("%zu incident(s), %d linked object(s), %d task(s)\n", imported->incidents.size(),
                imported->linked_objects, imported->tasks);
    for (const std::string& s : imported->skipped) std::printf("not kept: %s\n", s.c_str());
    return kExitOk;
  });
}

void AddExport(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  auto* cmd = incident->add_subcommand(
      "export", "An incident as IODEF v2 (RFC 7970) or as a STIX bundle with its audit log");
  struct Flags {
    std::string id, format = "iodef", output = "-", as;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("incident", f->id, "The incident's id")->required();
  cmd->add_option("--format", f->format, "iodef (default) or stix")
      ->check(CLI::IsMember({"iodef", "stix"}));
  cmd->add_option("-o,--output", f->output, "Write to this file (default standard output)");
  AddActingOption(cmd, &f->as);
  RunWithDatabase(cmd, "incident export", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("incident export", actor.status());
    const Clock& clock = SystemClock::Get();
    auto text = f->format == "stix" ? ExportStixBundle(db, clock, *actor, f->id)
                                    : ExportIodef(db, clock, *actor, f->id);
    if (!text.ok()) return Report("incident export", text.status());
    if (f->output == "-") {
      std::fwrite(text->data(), 1, text->size(), stdout);
      if (text->empty() || text->back() != '\n') std::fputc('\n', stdout);
      return kExitOk;
    }
    std::ofstream out(f->output, std::ios::binary | std::ios::trunc);
    out << *text;
    out.close();
    if (!out) return Report("incident export", Status::Internal("cannot write " + f->output));
    return kExitOk;
  });
}

}  // namespace

void AddInterchangeCommands(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  AddImport(incident, global, exit_code);
  AddExport(incident, global, exit_code);
}

}  // namespace concord::incidents
