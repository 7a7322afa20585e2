// Exports of dissected events: JSON Lines (one object per ZMTP event, the
// format of docs/JSON_EXPORT.md) and text (one readable line per event).
// Both write to a FILE* on whichever thread produces the events.
#pragma once

#include "capturedissector.h"

#include <array>
#include <cstdio>
#include <map>
#include <string>

namespace zmqscope::capture {

std::string jsonEscape(std::string_view s);

class JsonEventWriter : public CaptureEventSink {
public:
    explicit JsonEventWriter(std::FILE *out) : m_out(out) {}
    void event(const ConnectionContext &context, const codec::Event &event) override;
    // A problem of the capture itself (truncated file...), as a finding object.
    void captureFinding(std::string_view key, std::string_view severity, std::string_view detail);
    std::uint64_t written() const { return m_written; }

private:
    void writeTail(const ConnectionContext &context, const codec::Event &event);
    // Per connection and direction: its "conn", "src", "dst" and "dir"
    // members, written once (formatting addresses per event is not free).
    std::map<std::uint64_t, std::array<std::string, 2>> m_heads;
    std::FILE *m_out;
    std::uint64_t m_written = 0;
    std::string m_line;
};

class TextEventWriter : public CaptureEventSink {
public:
    explicit TextEventWriter(std::FILE *out) : m_out(out) {}
    void event(const ConnectionContext &context, const codec::Event &event) override;
    std::uint64_t written() const { return m_written; }

private:
    std::FILE *m_out;
    std::uint64_t m_written = 0;
};

}   // namespace zmqscope::capture
