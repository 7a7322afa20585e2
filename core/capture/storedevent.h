// One stored event as the display filter and the statistics read it: its
// context (connection, direction, kind, the sender's version and mechanism)
// at once, its dissection tree decoded again only when a test or a field
// value needs it, and then once. Lives on the stack of whoever reads the
// store (the capture thread, or a filter's workers).
#pragma once

#include "capturestore.h"

#include "codec/filter.h"

#include <functional>
#include <optional>

namespace zmqscope::capture {

class StoredEvent {
public:
    StoredEvent(const CaptureStore &store, std::size_t i)
        : m_store(store), m_index(i), m_record(store.record(i))
    {
        const auto [version, mechanism] = store.sender(i);
        m_context = codec::FilterContext{m_record.connection, codec::directionName(m_record.direction),
                                         codec::eventKindName(m_record.kind),
                                         version == codec::ZmtpVersion::Unknown ? std::string_view() : codec::versionName(version),
                                         mechanism == codec::Mechanism::None ? std::string_view() : codec::mechanismName(mechanism)};
    }
    StoredEvent(const StoredEvent &) = delete;   // its tree function points at it
    StoredEvent &operator=(const StoredEvent &) = delete;

    const EventRecord &record() const { return m_record; }
    bool matches(const codec::FilterExpression &f) const { return f.matches(m_makeTree, m_context); }
    // The tree, decoded on the first call (null when it cannot be rebuilt).
    const codec::Field *tree() const { return m_makeTree(); }

private:
    const CaptureStore &m_store;
    std::size_t m_index;
    EventRecord m_record;
    codec::FilterContext m_context;
    mutable std::optional<codec::Field> m_tree;
    mutable bool m_built = false;
    const std::function<const codec::Field *()> m_makeTree = [this]() -> const codec::Field * {
        if (!m_built) {
            m_built = true;
            m_tree = m_store.dissection(m_index);
        }
        return m_tree ? &*m_tree : nullptr;
    };
};

}   // namespace zmqscope::capture
