// The Statistics menu's tables, built from the store on the capture thread
// and handed on as a plain value: conversations (per connection: both
// directions' messages and bytes, first and last event, duration and
// rates), a protocol hierarchy (ZMTP version > mechanism > commands by name
// and messages by application protocol, with findings and datagrams beside
// them), ZRE groups and members (from HELLO, JOIN and LEAVE: 36/ZRE), and MDP
// services with their workers (7/MDP: a worker's READY names its service)
// and requests. update() reads only the events added since its last call.
#pragma once

#include "capturestore.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace zmqscope::capture {

struct ConversationStats {
    std::uint32_t connection = 0;
    std::int64_t firstNs = 0, lastNs = 0;
    std::uint64_t bytes[2] = {0, 0};      // c2s, s2c: what crossed the wire (derived rows add none)
    std::uint64_t messages[2] = {0, 0};
    std::string protocol;                 // the application protocol's id, empty for none
    double seconds() const { return double(lastNs - firstNs) / 1e9; }
};

struct HierarchyNode {
    std::string name;                     // "ZMTP 3.1", "NULL", "commands", "READY", "mdp"
    std::uint64_t events = 0, bytes = 0;
    std::vector<HierarchyNode> children;  // sorted by name
};

struct ZreMember {
    std::string uuid;                     // 32 hex digits
    std::string name;
    std::string endpoint;                 // its HELLO's "tcp://ip:port"
    std::set<std::string> groups;
    std::uint64_t shouts = 0, whispers = 0;
};

struct MdpService {
    std::string name;
    std::set<std::uint32_t> workers;      // connections whose worker registered it
    std::uint64_t requests = 0, replies = 0;
};

struct CaptureSummary {
    std::vector<ConversationStats> conversations;   // by connection
    HierarchyNode hierarchy;                        // the root: "all events"
    std::vector<ZreMember> zreMembers;              // by UUID
    std::map<std::string, std::vector<std::string>> zreGroups;   // group -> member names (or UUIDs)
    std::vector<MdpService> mdpServices;            // by name
};

class SummaryBuilder {
public:
    // Reads the events the store gained since the last call, at most
    // `limit` of them; true when more are left.
    bool update(const CaptureStore &store, std::size_t limit = SIZE_MAX);
    CaptureSummary summary() const;

private:
    struct Node {
        std::uint64_t events = 0, bytes = 0;
        std::map<std::string, Node> children;
    };
    static HierarchyNode flatten(const std::string &name, const Node &n);
    void readZre(const codec::Field &tree);
    void readMdp(const codec::Field &tree, std::uint32_t connection, const protocols::Note *note);

    std::size_t m_done = 0;
    std::map<std::uint32_t, ConversationStats> m_conversations;
    Node m_root;
    // Where the events of one (version, mechanism, kind, protocol) sit in
    // the hierarchy: found once, then counted without a look-up by name.
    std::map<std::uint32_t, std::vector<Node *>> m_paths;
    std::map<std::string, ZreMember> m_zre;
    std::map<std::string, MdpService> m_mdp;
};

}   // namespace zmqscope::capture
