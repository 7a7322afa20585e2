// Links only the peers library (plain C++ on libzmq and the codec);
// check_layers.cmake inspects what this binary needs.
#include "peers/peergroup.h"

int main()
{
    return zmqscope::peers::roles().empty() ? 1 : 0;
}
