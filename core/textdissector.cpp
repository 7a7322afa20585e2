#include "textdissector.h"

#include "codec/connectiondecoder.h"
#include "codec/eventdump.h"

namespace zmqscope {

namespace {
class LineSink final : public codec::EventSink {
public:
    QStringList lines;
    void onEvent(const codec::Event &ev) override { lines << QString::fromStdString(codec::dumpEvent(ev)); }
};
}   // namespace

QStringList dissectToText(const SampleConnection &connection)
{
    LineSink sink;
    codec::ConnectionDecoder decoder(sink);
    for (const SampleSegment &s : connection.segments)
        decoder.feed(s.direction, {reinterpret_cast<const std::uint8_t *>(s.bytes.constData()),
                                   static_cast<std::size_t>(s.bytes.size())});
    decoder.finish();
    return sink.lines;
}

}   // namespace zmqscope
