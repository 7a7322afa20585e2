// Links only the core; check_layers.cmake inspects what this binary needs.
#include "samplecapture.h"

int main()
{
    return zmqscope::builtinSamples().isEmpty() ? 1 : 0;
}
