// Links only the codec; check_layers.cmake inspects what this binary needs.
#include "codec/streamdecoder.h"

int main()
{
    zmqscope::codec::StreamDecoder decoder(zmqscope::codec::Direction::ClientToServer);
    return decoder.offset() == 0 ? 0 : 1;
}
