#pragma once
// Output to a terminal shows data, never drives the terminal: when standard output or standard
// error is a terminal, what the program writes there passes a filter that shows control
// characters as escapes ("\x1b", "\u009b"), keeping newlines, tabs and all other UTF-8. A team
// named with an escape sequence cannot retitle the window, move the cursor or hide text.
// Output to a pipe or a file is left byte for byte (scripts, exports).

namespace concord::cli {

// Call once, first thing in main.
void GuardTerminalOutput();

}  // namespace concord::cli
