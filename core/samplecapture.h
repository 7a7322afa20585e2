// The built-in sample: connections whose bytes libzmq 4.3.4 put on the wire
// (captured on 127.0.0.1, transport digest sections 11.2 and 11.5, plus a
// PUB/SUB exchange with a subscription and its cancel). The window shows it
// before any capture is open; tests use it as a known input.
#pragma once

#include "codec/zmtp.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace zmqscope {

struct SampleSegment {
    codec::Direction direction;
    QByteArray bytes;
};

struct SampleConnection {
    QString title;
    QList<SampleSegment> segments;
};

QList<SampleConnection> builtinSamples();

}   // namespace zmqscope
