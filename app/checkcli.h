// `zmqscope check ENDPOINT`: the ZMTP conformance suite, headless.
#pragma once

namespace zmqscope {

int checkCommand(int argc, char **argv);

}   // namespace zmqscope
