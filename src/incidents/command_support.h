#pragma once
// What the incident and request commands share: acting as an organisation of this node, naming
// organisations by name or identity, building a body from flags (so that the CLI validates
// through the same functions as the API), and printing.

#include <functional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "common/json.h"
#include "incidents/desk.h"

namespace concord::incidents {

// Adds --as ORG (default: the node's own organisation) to `cmd`.
void AddActingOption(CLI::App* cmd, std::string* as);
// The actor for --as (name or identity of an organisation of this node).
Result<Actor> CliActorFor(store::Database& db, const std::string& as);
// An organisation's identity from its name or identity id; NotFound names what is known.
Result<std::string> ResolveOrganisation(store::Database& db, const std::string& name_or_identity);
// "4h", "30m", "2d" from `now`, or an RFC 3339 timestamp.
Result<Micros> ParseWhen(std::string_view text, Micros now, std::string_view flag);
// The whole of a file, or of standard input for "-".
Result<std::string> ReadInput(const std::string& path);
// Prints the JSON `write` produces, followed by a newline.
void PrintJson(const std::function<void(json::Writer&)>& write);

}  // namespace concord::incidents
