#include "incidents/command_support.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/numbers.h"
#include "sharing/node_policy.h"

namespace concord::incidents {

void AddActingOption(CLI::App* cmd, std::string* as) {
  cmd->add_option("--as", *as,
                  "Act as this organisation of the node (name or identity; default: the node's "
                  "own)");
}

Result<std::string> ResolveOrganisation(store::Database& db, const std::string& text) {
  auto orgs = db.accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  std::string known;
  for (const auto& o : *orgs) {
    if (o.name == text || o.identity_id == text) return o.identity_id;
    known += (known.empty() ? "" : ", ") + o.name;
  }
  return Status::NotFound("no organisation " + text + " here (known: " + known + ")");
}

Result<Actor> CliActorFor(store::Database& db, const std::string& as) {
  store::Organisation org;
  if (as.empty()) {
    auto node = sharing::NodeOrganisation(db);
    if (!node.ok()) {
      return Status::Unprocessable(
          "this node has no organisation yet: run `concord serve` once (or `concord org add`)");
    }
    org = *node;
  } else {
    auto orgs = db.accounts().ListOrganisations();
    if (!orgs.ok()) return orgs.status();
    bool found = false;
    for (const auto& o : *orgs) {
      if (o.name == as || o.identity_id == as) {
        org = o;
        found = true;
      }
    }
    if (!found) return Status::NotFound("--as: no organisation " + as + " here");
  }
  return Actor{org.identity_id, org.name, cli::CliActor() + "@" + org.name};
}

Result<Micros> ParseWhen(std::string_view text, Micros now, std::string_view flag) {
  if (!text.empty()) {
    const char unit = text.back();
    const int64_t per = unit == 'd'   ? 86400
                        : unit == 'h' ? 3600
                        : unit == 'm' ? 60
                        : unit == 's' ? 1
                                      : 0;
    if (per != 0) {
      auto n = ParseDouble(text.substr(0, text.size() - 1));
      if (n && *n > 0 && *n < 1e5) return now + static_cast<Micros>(*n * per * 1e6);
    }
  }
  auto at = ParseTimestamp(text);
  if (!at.ok()) {
    return Status::InvalidArgument(std::string(flag) + " " + std::string(text) +
                                   ": expected a duration (2d, 4h, 30m, 90s) or a timestamp");
  }
  return *at;
}

Result<std::string> ReadInput(const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound("cannot read " + path);
    text << in.rdbuf();
  }
  return text.str();
}

void PrintJson(const std::function<void(json::Writer&)>& write) {
  std::string out;
  json::Writer w(&out);
  write(w);
  std::printf("%s\n", out.c_str());
}

}  // namespace concord::incidents
