// `zmqscope peer ROLE [options]`: one test peer or protocol role, headless;
// `zmqscope run FILE`: a scenario.
#pragma once

namespace zmqscope {

int peerCommand(int argc, char **argv);
// `zmqscope run FILE`: a scenario's peers and devices, headless.
int runCommand(int argc, char **argv);

}   // namespace zmqscope
