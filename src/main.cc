#include "cli/cli.h"

int main(int argc, char** argv) { return concord::cli::Run(argc, argv); }
