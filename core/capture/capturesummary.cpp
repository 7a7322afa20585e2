#include "capturesummary.h"

#include "protocols/registry.h"

namespace zmqscope::capture {

namespace {
// A field's text without quotes; empty when there is no such field.
std::string text(const codec::Field *f)
{
    return f ? f->unquoted() : std::string();
}

}   // namespace

void SummaryBuilder::readZre(const codec::Field &tree)
{
    const std::string uuid = text(tree.find("zre.uuid"));
    if (uuid.empty())
        return;
    ZreMember &m = m_zre[uuid];
    m.uuid = uuid;
    const std::string command = text(tree.find("zre.command"));
    if (const std::string name = text(tree.find("zre.name")); !name.empty())
        m.name = name;
    else if (const std::string peer = text(tree.find("zre.peer")); !peer.empty() && m.name.empty())
        m.name = peer;
    if (command == "HELLO") {
        m.endpoint = text(tree.find("zre.endpoint"));
        if (const codec::Field *groups = tree.find("zre.groups"))
            groups->forEach("zre.group", [&](const codec::Field &g) { m.groups.insert(text(&g)); });
    }
    else if (command == "JOIN")
        m.groups.insert(text(tree.find("zre.group")));
    else if (command == "LEAVE")
        m.groups.erase(text(tree.find("zre.group")));
    else if (command == "SHOUT")
        ++m.shouts;
    else if (command == "WHISPER")
        ++m.whispers;
}

void SummaryBuilder::readMdp(const codec::Field &tree, std::uint32_t connection, const protocols::Note *note)
{
    const std::string command = text(tree.find("mdp.command"));
    std::string service = text(tree.find("mdp.service"));
    if (service.empty() && note)
        service = note->label;   // a worker's messages: the service it registered
    if (service.empty())
        return;
    MdpService &s = m_mdp[service];
    s.name = service;
    const std::string role = text(tree.find("mdp.role"));
    if (role == "worker" && (command == "READY" || (note && !note->label.empty())))
        s.workers.insert(connection);
    if (role == "client" && command == "REQUEST")
        ++s.requests;
    if (role == "client" && (command == "REPLY" || command == "PARTIAL" || command == "FINAL"))
        ++s.replies;
}

bool SummaryBuilder::update(const CaptureStore &store, std::size_t limit)
{
    const std::size_t count = store.eventCount();
    const std::size_t end = count - m_done > limit ? m_done + limit : count;
    std::map<std::size_t, protocols::Note> notes;
    store.forEachNote(m_done, end, [&](std::size_t e, const protocols::Note &n) {
        if (!n.label.empty())
            notes.emplace(e, n);
    });
    for (std::size_t i = m_done; i < end; ++i) {
        const EventRecord r = store.record(i);
        const bool derived = r.flags & EventRecord::kDerived;
        const std::uint64_t bytes = derived ? 0 : r.length;
        const protocols::ProtocolDissector *d = protocols::protocolByNumber(r.protocol);
        const std::string protocol = d ? std::string(d->info().id) : std::string();
        // The hierarchy: where this event sits (commands by name: decoded).
        const auto [version, mechanism] = r.kind == codec::EventKind::Beacon
            ? std::pair{codec::ZmtpVersion::Unknown, codec::Mechanism::None} : store.rowVersion(i);
        const std::uint32_t key = std::uint32_t(version) | std::uint32_t(mechanism) << 8 | std::uint32_t(r.kind) << 16
            | std::uint32_t(r.protocol) << 24;
        std::vector<Node *> *nodes = nullptr;
        std::vector<Node *> commandPath;
        if (r.kind != codec::EventKind::Command) {
            if (const auto it = m_paths.find(key); it != m_paths.end())
                nodes = &it->second;
        }
        if (!nodes) {
            std::vector<std::string> path;
            if (r.kind == codec::EventKind::Beacon)
                path = {"UDP datagrams", protocol.empty() ? std::string("unknown") : protocol};
            else {
                path.push_back(version == codec::ZmtpVersion::Unknown ? std::string("ZMTP (version unknown)")
                                                                      : "ZMTP " + std::string(codec::versionName(version)));
                path.push_back(mechanism == codec::Mechanism::None ? std::string("(mechanism unknown)")
                                                                   : std::string(codec::mechanismName(mechanism)));
                switch (r.kind) {
                case codec::EventKind::Command: {
                    path.push_back("commands");
                    // "command READY Socket-Type=..." -> READY
                    const std::string line = store.summary(i).value_or(std::string());
                    const std::size_t a = line.find(' ');
                    const std::size_t b = a == std::string::npos ? a : line.find(' ', a + 1);
                    path.push_back(a == std::string::npos ? std::string("?") : line.substr(a + 1, b == std::string::npos ? b : b - a - 1));
                    break;
                }
                case codec::EventKind::Message:
                    path.push_back("messages");
                    path.push_back(protocol.empty() ? std::string("(no application protocol)") : protocol);
                    break;
                case codec::EventKind::Finding:
                    path.push_back("findings");
                    break;
                default:
                    path.push_back(std::string(codec::eventKindName(r.kind)));
                }
            }
            std::vector<Node *> found;
            Node *at = &m_root;
            for (const std::string &p : path)
                found.push_back(at = &at->children[p]);   // (std::map: its nodes stay put)
            if (r.kind == codec::EventKind::Command) {
                commandPath = std::move(found);
                nodes = &commandPath;
            }
            else
                nodes = &(m_paths[key] = std::move(found));
        }
        m_root.events += 1;
        m_root.bytes += bytes;
        for (Node *n : *nodes) {
            n->events += 1;
            n->bytes += bytes;
        }
        // Conversations.
        if (r.connection && r.kind != codec::EventKind::Beacon) {
            ConversationStats &c = m_conversations[r.connection];
            if (!c.connection) {
                c.connection = r.connection;
                c.firstNs = r.timeNs;
            }
            c.firstNs = std::min(c.firstNs, r.timeNs);
            c.lastNs = std::max(c.lastNs, r.timeNs);
            const int dir = int(r.direction) & 1;
            c.bytes[dir] += bytes;
            if (r.kind == codec::EventKind::Message)
                ++c.messages[dir];
            if (c.protocol.empty())
                c.protocol = protocol;
        }
        // ZRE and MDP: what their messages say.
        if ((protocol == "zre" || protocol == "mdp") && r.kind == codec::EventKind::Message) {
            if (const auto tree = store.dissection(i)) {
                if (protocol == "zre")
                    readZre(*tree);
                else {
                    const auto note = notes.find(i);
                    readMdp(*tree, r.connection, note == notes.end() ? nullptr : &note->second);
                }
            }
        }
    }
    m_done = end;
    return m_done < count;
}

HierarchyNode SummaryBuilder::flatten(const std::string &name, const Node &n)
{
    HierarchyNode out;
    out.name = name;
    out.events = n.events;
    out.bytes = n.bytes;
    for (const auto &[childName, child] : n.children)
        out.children.push_back(flatten(childName, child));
    return out;
}

CaptureSummary SummaryBuilder::summary() const
{
    CaptureSummary s;
    for (const auto &[id, c] : m_conversations)
        s.conversations.push_back(c);
    s.hierarchy = flatten("all events", m_root);
    for (const auto &[uuid, m] : m_zre) {
        s.zreMembers.push_back(m);
        for (const std::string &g : m.groups)
            s.zreGroups[g].push_back(m.name.empty() ? m.uuid : m.name);
    }
    for (const auto &[name, svc] : m_mdp)
        s.mdpServices.push_back(svc);
    return s;
}

}   // namespace zmqscope::capture
