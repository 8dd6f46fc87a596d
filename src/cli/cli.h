#pragma once
// The `concord` command line: one subcommand per file in cli/, registered in cli.cc.

namespace concord::cli {

// Parses argv and runs the chosen subcommand; returns the process exit status.
int Run(int argc, char** argv);

}  // namespace concord::cli
