#include "objectexport.h"

#include "eventwriter.h"
#include "codec/eventdump.h"
#include "protocols/applayer.h"

#include <sodium.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace zmqscope::capture {

using namespace codec;
namespace fs = std::filesystem;

struct ObjectExporter::File {
    std::string name;
    std::string relative;                          // under the folder
    std::map<std::uint64_t, std::uint64_t> have;   // start -> end of the bytes written
    std::optional<std::uint64_t> size;             // announced by the end-of-file chunk
    bool deleted = false;
    bool clipped = false;                          // a chunk the capture did not keep whole
};

namespace {

// A path component that cannot leave the folder or mean something else.
std::string safeComponent(std::string_view s)
{
    std::string out;
    for (char c : s)
        out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
    if (out.empty() || out == "." || out == "..")
        out = "_" + out;
    return out.substr(0, 200);
}

std::string safePath(std::string_view name)
{
    std::string out;
    int parts = 0;
    while (!name.empty() && parts < 32) {
        const std::size_t slash = name.find('/');
        const std::string_view part = name.substr(0, slash);
        if (!part.empty()) {
            out += (out.empty() ? "" : "/") + safeComponent(part);
            ++parts;
        }
        if (slash == std::string_view::npos)
            break;
        name.remove_prefix(slash + 1);
    }
    return out.empty() ? "unnamed" : out;
}

const Field *child(const Field &f, std::string_view key)
{
    for (const Field &c : f.children)
        if (c.key() == key)
            return &c;
    return nullptr;
}

// The bytes a field covers, out of the message's frames (what was kept).
Bytes bytesOf(const Event &ev, const Field &f, bool &clipped)
{
    for (const FrameView &fr : ev.frames) {
        const std::uint64_t start = fr.bodyOffset();
        if (f.offset < start || f.offset > start + fr.size)
            continue;
        const std::uint64_t from = f.offset - start;
        if (from > fr.body.size() || f.length > fr.body.size() - from) {
            clipped = true;
            return from < fr.body.size() ? fr.body.subspan(std::size_t(from)) : Bytes{};
        }
        return fr.body.subspan(std::size_t(from), std::size_t(f.length));
    }
    clipped = f.length > 0;
    return {};
}

}   // namespace

ObjectExporter::ObjectExporter(std::string folder)
    : m_folder(std::move(folder))
{
}

ObjectExporter::~ObjectExporter() = default;

ObjectExporter::File &ObjectExporter::file(std::uint32_t connection, const std::string &name)
{
    auto &slot = m_files[{connection, name}];
    if (!slot) {
        slot = std::make_unique<File>();
        slot->name = name;
        slot->relative = "filemq/conn" + std::to_string(connection) + "/" + safePath(name);
    }
    return *slot;
}

void ObjectExporter::chunk(std::uint32_t connection, const std::string &name, std::uint64_t offset, Bytes bytes,
                           std::uint64_t declared, bool eof)
{
    File &f = file(connection, name);
    if (eof)
        f.size = offset + declared;
    if (bytes.size() < declared)
        f.clipped = true;
    if (bytes.empty() || !m_error.empty())
        return;
    const fs::path path = fs::path(m_folder) / f.relative;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        m_error = path.string() + ": " + std::strerror(errno);
        return;
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, off_t(offset + done));
        if (n <= 0) {
            m_error = path.string() + ": " + std::strerror(errno);
            break;
        }
        done += std::size_t(n);
    }
    ::close(fd);
    // Merge [offset, offset + done) into what the file has.
    std::uint64_t start = offset, end = offset + done;
    auto it = f.have.upper_bound(start);
    if (it != f.have.begin() && std::prev(it)->second >= start)
        --it;
    while (it != f.have.end() && it->first <= end) {
        start = std::min(start, it->first);
        end = std::max(end, it->second);
        it = f.have.erase(it);
    }
    f.have.emplace(start, end);
}

void ObjectExporter::event(const ConnectionContext &ctx, const Event &ev)
{
    if (ev.kind != EventKind::Message || !ctx.app || !ctx.app->dissector)
        return;
    const std::string_view id = ctx.app->dissector->info().id;
    if (id != "filemq" && id != "clone")
        return;
    const Field tree = protocols::dissectEvent(ev, ctx.app);
    if (tree.children.empty())
        return;
    const Field &p = tree.children.back();
    const auto connection = std::uint32_t(ctx.flow.id);
    if (id == "filemq") {
        const Field *cmd = child(p, "filemq.command");
        const Field *name = child(p, "filemq.filename");
        if (!cmd || cmd->value != "CHEEZBURGER" || !name)
            return;
        const Field *op = child(p, "filemq.operation");
        if (op && op->value == "delete") {
            file(connection, name->value).deleted = true;
            return;
        }
        const Field *offset = child(p, "filemq.offset");
        const Field *chunk = child(p, "filemq.chunk");
        const Field *size = child(p, "filemq.chunk_size");
        const Field *eof = child(p, "filemq.eof");
        if (!offset || !chunk || !size)
            return;
        bool clipped = false;
        const Bytes bytes = bytesOf(ev, *chunk, clipped);
        // v1 has no eof flag: its last chunk is the empty one.
        const bool end = eof ? eof->number != 0 : size->number == 0;
        this->chunk(connection, name->value, offset->number, bytes, size->number, end);
        return;
    }
    const Field *cmd = child(p, "clone.command");
    const Field *key = child(p, "clone.key");
    const Field *seq = child(p, "clone.sequence");
    const Field *value = child(p, "clone.value");
    if (!cmd || (cmd->value != "KVSYNC" && cmd->value != "KVPUB") || !key || !seq || !value)
        return;
    bool clipped = false;
    const Bytes v = bytesOf(ev, *value, clipped);
    auto &entry = m_clone[0].entries[key->value];
    if (entry.first > seq->number && !entry.second.empty())
        return;   // an older update than the one the map holds
    entry = {seq->number, std::string(reinterpret_cast<const char *>(v.data()), v.size())};
}

bool ObjectExporter::finish(std::vector<ExportedObject> &objects, std::string *error)
{
    std::error_code ec;
    fs::create_directories(m_folder, ec);
    if (ec) {
        if (error)
            *error = m_folder + ": " + ec.message();
        return false;
    }
    for (auto &[key, f] : m_files) {
        if (f->deleted && f->have.empty())
            continue;
        ExportedObject o;
        o.protocol = "filemq";
        o.name = f->name;
        o.path = f->relative;
        o.connection = key.first;
        const fs::path path = fs::path(m_folder) / f->relative;
        if (f->have.empty()) {
            fs::create_directories(path.parent_path(), ec);
            std::FILE *touch = std::fopen(path.c_str(), "ab");
            if (touch)
                std::fclose(touch);
        }
        // The announced size is the file's size: holes stay zeros, and say so.
        std::uint64_t end = f->have.empty() ? 0 : f->have.rbegin()->second;
        if (f->size) {
            if (::truncate(path.c_str(), off_t(*f->size)) != 0 && error && m_error.empty())
                m_error = path.string() + ": " + std::strerror(errno);
            end = *f->size;
        }
        o.size = end;
        std::string missing;
        std::uint64_t at = 0;
        for (const auto &[s, e] : f->have) {
            if (s > at)
                missing += (missing.empty() ? "" : ", ") + std::string("bytes ") + std::to_string(at) + "-" + std::to_string(s - 1);
            at = std::max(at, e);
        }
        if (f->size && at < *f->size)
            missing += (missing.empty() ? "" : ", ") + std::string("bytes ") + std::to_string(at) + "-" + std::to_string(*f->size - 1);
        if (!f->size)
            missing += std::string(missing.empty() ? "" : "; ") + "no end-of-file chunk: the size was never announced";
        else if (f->size && at > *f->size)
            missing += std::string(missing.empty() ? "" : "; ") + "chunks beyond the announced size " + std::to_string(*f->size);
        if (f->clipped)
            missing += std::string(missing.empty() ? "" : "; ") + "a chunk the capture did not keep whole";
        o.complete = missing.empty();
        o.problem = missing;
        // SHA-256 of what was written.
        crypto_hash_sha256_state state;
        crypto_hash_sha256_init(&state);
        if (std::FILE *in = std::fopen(path.c_str(), "rb")) {
            std::vector<unsigned char> buffer(1 << 16);
            for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0;)
                crypto_hash_sha256_update(&state, buffer.data(), n);
            std::fclose(in);
        }
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&state, digest);
        o.sha256 = hexBytes(Bytes(digest, sizeof digest));
        objects.push_back(std::move(o));
    }
    for (const auto &[connection, map] : m_clone) {
        std::string json = "{\n";
        bool first = true;
        for (const auto &[k, entry] : map.entries) {
            if (entry.second.empty())
                continue;   // deleted
            json += std::string(first ? "" : ",\n") + "  \"" + jsonEscape(k) + "\": {\"sequence\": " + std::to_string(entry.first)
                + ", \"value\": \"" + jsonEscape(entry.second) + "\"}";
            first = false;
        }
        json += "\n}\n";
        const fs::path path = fs::path(m_folder) / "clone" / "map.json";
        fs::create_directories(path.parent_path(), ec);
        std::FILE *out = std::fopen(path.c_str(), "wb");
        if (!out || std::fwrite(json.data(), 1, json.size(), out) != json.size()) {
            if (m_error.empty())
                m_error = path.string() + ": " + std::strerror(errno);
        }
        if (out)
            std::fclose(out);
        ExportedObject o;
        o.protocol = "clone";
        o.name = "key-value map";
        o.path = "clone/map.json";
        o.size = json.size();
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(json.data()), json.size());
        o.sha256 = hexBytes(Bytes(digest, sizeof digest));
        o.connection = connection;
        objects.push_back(std::move(o));
    }
    // The list, for people and scripts.
    std::string list = "[\n";
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const ExportedObject &o = objects[i];
        list += std::string(i ? ",\n" : "") + "  {\"protocol\": \"" + o.protocol + "\", \"name\": \"" + jsonEscape(o.name)
            + "\", \"path\": \"" + jsonEscape(o.path) + "\", \"conn\": " + std::to_string(o.connection)
            + ", \"size\": " + std::to_string(o.size) + ", \"sha256\": \"" + o.sha256 + "\", \"complete\": "
            + (o.complete ? "true" : "false") + (o.problem.empty() ? "" : ", \"problem\": \"" + jsonEscape(o.problem) + "\"")
            + "}";
    }
    list += "\n]\n";
    std::FILE *out = std::fopen((fs::path(m_folder) / "objects.json").c_str(), "wb");
    if (out) {
        std::fwrite(list.data(), 1, list.size(), out);
        std::fclose(out);
    } else if (m_error.empty()) {
        m_error = (fs::path(m_folder) / "objects.json").string() + ": " + std::strerror(errno);
    }
    if (!m_error.empty() && error)
        *error = m_error;
    return m_error.empty();
}

}   // namespace zmqscope::capture
