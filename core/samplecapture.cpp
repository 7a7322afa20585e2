#include "samplecapture.h"

namespace zmqscope {

namespace {

using codec::Direction;
constexpr Direction C2S = Direction::ClientToServer;
constexpr Direction S2C = Direction::ServerToClient;

SampleSegment seg(Direction d, const char *hex)
{
    return {d, QByteArray::fromHex(QByteArray(hex).replace(' ', ""))};
}

QByteArray zeros(int n)
{
    return QByteArray(n, '\0');
}

}   // namespace

QList<SampleConnection> builtinSamples()
{
    QList<SampleConnection> out;

    // Digest 11.2: DEALER (connect) and ROUTER (bind), NULL, segment by segment.
    SampleConnection dealer{QStringLiteral("DEALER → ROUTER, NULL (libzmq 4.3.4)"), {}};
    dealer.segments << seg(C2S, "ff 00 00 00 00 00 00 00 01 7f")
                    << seg(S2C, "ff 00 00 00 00 00 00 00 01 7f 03");
    dealer.segments << SampleSegment{C2S, QByteArray::fromHex("03014e554c4c") + zeros(16 + 32)};
    dealer.segments << SampleSegment{S2C, QByteArray::fromHex("014e554c4c") + zeros(16 + 32)};
    dealer.segments << seg(S2C, "04 29 05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06 52 4f 55 54 45 52"
                                " 08 49 64 65 6e 74 69 74 79 00 00 00 00")
                    << seg(C2S, "04 29 05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06 44 45 41 4c 45 52"
                                " 08 49 64 65 6e 74 69 74 79 00 00 00 00")
                    << seg(C2S, "01 00 00 05 68 65 6c 6c 6f");
    out << dealer;

    // Digest 11.5: PLAIN, DEALER with routing id "BOB", user admin/secret.
    SampleConnection plain{QStringLiteral("DEALER → ROUTER, PLAIN admin/secret (libzmq 4.3.4)"), {}};
    const QByteArray plainMech = QByteArray("PLAIN") + zeros(15);
    plain.segments << seg(C2S, "ff 00 00 00 00 00 00 00 04 7f") << seg(S2C, "ff 00 00 00 00 00 00 00 01 7f 03");
    plain.segments << SampleSegment{C2S, QByteArray::fromHex("0301") + plainMech + zeros(32)};
    plain.segments << SampleSegment{S2C, QByteArray::fromHex("01") + plainMech + zeros(32)};
    plain.segments << seg(C2S, "04 13 05 48 45 4c 4c 4f 05 61 64 6d 69 6e 06 73 65 63 72 65 74")
                   << seg(S2C, "04 08 07 57 45 4c 43 4f 4d 45")
                   << seg(C2S, "04 2f 08 49 4e 49 54 49 41 54 45 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06 44 45 41"
                               " 4c 45 52 08 49 64 65 6e 74 69 74 79 00 00 00 03 42 4f 42")
                   << seg(S2C, "04 29 05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06 52 4f 55 54 45 52"
                               " 08 49 64 65 6e 74 69 74 79 00 00 00 00")
                   << seg(C2S, "00 02 68 69");
    out << plain;

    // SUB (connect) and PUB (bind), 3.1: SUBSCRIBE, a message, CANCEL (digest 11.3).
    SampleConnection sub{QStringLiteral("SUB → PUB, NULL, subscribe and cancel (libzmq 4.3.4)"), {}};
    const QByteArray nullMech = QByteArray("NULL") + zeros(16);
    sub.segments << seg(C2S, "ff 00 00 00 00 00 00 00 01 7f") << seg(S2C, "ff 00 00 00 00 00 00 00 01 7f 03");
    sub.segments << SampleSegment{C2S, QByteArray::fromHex("0301") + nullMech + zeros(32)};
    sub.segments << SampleSegment{S2C, QByteArray::fromHex("01") + nullMech + zeros(32)};
    sub.segments << seg(S2C, "04 19 05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 03 50 55 42")
                 << seg(C2S, "04 19 05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 03 53 55 42")
                 << seg(C2S, "04 0f 09 53 55 42 53 43 52 49 42 45 74 6f 70 69 63")
                 << seg(S2C, "01 05 74 6f 70 69 63 00 05 68 65 6c 6c 6f")
                 << seg(C2S, "04 0c 06 43 41 4e 43 45 4c 74 6f 70 69 63");
    out << sub;
    return out;
}

}   // namespace zmqscope
