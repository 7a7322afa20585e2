// RenumberingSink: one of several sources (tap relays, each numbering its
// connections from 1) into one sink that numbers them as one capture: each
// new connection gets the next number of a counter the sources share. The
// window's live sources and `zmqscope run` use it. The caller serialises
// the sources (they share the target).
#pragma once

#include "capturedissector.h"

#include <functional>
#include <map>

namespace zmqscope::capture {

class RenumberingSink : public CaptureEventSink {
public:
    RenumberingSink(CaptureEventSink &target, std::uint64_t &nextConnection) : m_target(target), m_next(nextConnection) {}
    // Called with each new connection's number, before the target hears of it.
    std::function<void(std::uint64_t id)> onNewConnection;

    void connectionStarted(const FlowInfo &f) override
    {
        FlowInfo mine = f;
        mine.id = ++m_next;
        if (onNewConnection)
            onNewConnection(mine.id);
        m_target.connectionStarted(m_flows.insert_or_assign(f.id, mine).first->second);
    }
    void connectionBytes(const FlowInfo &f, codec::Direction d, Bytes b) override
    {
        if (const FlowInfo *mine = find(f))
            m_target.connectionBytes(*mine, d, b);
    }
    void connectionGap(const FlowInfo &f, codec::Direction d, std::uint64_t n) override
    {
        if (const FlowInfo *mine = find(f))
            m_target.connectionGap(*mine, d, n);
    }
    void event(const ConnectionContext &ctx, const codec::Event &ev) override
    {
        if (ctx.flow.id == 0)
            m_target.event(ctx, ev);   // a datagram: no connection to renumber
        else if (const FlowInfo *mine = find(ctx.flow))
            m_target.event(ConnectionContext{*mine, ctx.decoder, ctx.timeNs, ctx.number, ctx.app}, ev);
    }
    std::uint32_t nextEventNumber() const override { return m_target.nextEventNumber(); }
    void connectionEnded(const FlowInfo &f, const codec::ConnectionDecoder &decoder) override
    {
        if (const FlowInfo *mine = find(f))
            m_target.connectionEnded(*mine, decoder);
        m_flows.erase(f.id);
    }

private:
    const FlowInfo *find(const FlowInfo &f) const
    {
        const auto it = m_flows.find(f.id);
        return it == m_flows.end() ? nullptr : &it->second;
    }
    CaptureEventSink &m_target;
    std::uint64_t &m_next;
    std::map<std::uint64_t, FlowInfo> m_flows;
};

}   // namespace zmqscope::capture
