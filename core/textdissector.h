// Runs the codec over a sample connection and returns one text line per
// event (codec/eventdump.h). Synchronous and small: the threaded capture
// engine and its models replace it for live data.
#pragma once

#include "samplecapture.h"

#include <QStringList>

namespace zmqscope {

QStringList dissectToText(const SampleConnection &connection);

}   // namespace zmqscope
