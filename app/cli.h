// The headless command line (dissect, tap, capture); see cli.cpp.
#pragma once

namespace zmqscope {

// Runs a command-line subcommand; returns its exit code, or -1 when the
// arguments do not name one (then the window starts).
int runCli(int argc, char **argv);

}   // namespace zmqscope
