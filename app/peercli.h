// `zmqscope peer ROLE [options]`: one test peer or protocol role, headless.
#pragma once

namespace zmqscope {

int peerCommand(int argc, char **argv);

}   // namespace zmqscope
