// The dissection tree of one event: every field with its key, value and the
// byte range it covers in its direction's stream. Built on demand from an
// event (never in the decoder's hot path); the tree view, the hex view's
// highlighting, the filter language and the teaching pane all read it.
//
// The field table (STYLE point 7) is data: one entry per field key, with the
// display name and a one-line description that the teaching pane shows.
#pragma once

#include "streamdecoder.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

enum class FieldType : std::uint8_t { Node, Text, Bytes, Number, Flag };

// A number's name where a field's values have names (MDP command codes,
// ZRE message ids).
struct ValueName {
    std::uint64_t value;
    std::string_view name;
};

struct FieldInfo {
    std::string_view key;          // filter name, e.g. "zmtp.metadata.value"
    std::string_view name;         // label, e.g. "Value"
    FieldType type;
    std::string_view description;  // what it means, for people (the teaching pane shows it)
    std::string_view spec = {};    // where it is defined: "7/MDP", "36/ZRE section Beacon"
    std::span<const ValueName> valueNames = {};
};

// The ZMTP field table (this codec's own fields).
std::span<const FieldInfo> fieldTable();
// Any field: ZMTP's, or one of the protocol layer's tables once it has
// installed them (installFieldCatalog). Hashed: cheap to call per field.
const FieldInfo *findField(std::string_view key);
// Every field of every table, in table order (completion, documentation).
std::vector<const FieldInfo *> allFields();
// The name of `value` in `info`'s value names, or empty.
std::string_view valueName(const FieldInfo &info, std::uint64_t value);

// The protocol layer (core/protocols, which links this codec) installs its
// tables here once, before any lookup needs them; the codec itself knows
// only ZMTP. The pointer is atomic: lookups on other threads see either
// nothing or the whole catalog.
struct FieldCatalog {
    const FieldInfo *(*find)(std::string_view key) = nullptr;
    void (*each)(void (*visit)(const FieldInfo &, void *), void *context) = nullptr;
};
void installFieldCatalog(const FieldCatalog *catalog);

// What a field's value is, beside its display text: a number compares as
// a number in filters and is a JSON number in exports ("0 (leaving)" is
// displayed, 0 compared).
enum class ValueKind : std::uint8_t { Text, Unsigned, Real };

struct Field {
    const FieldInfo *info = nullptr;
    std::string value;             // display text ("3.1", "\"ROUTER\"", "0x04")
    std::uint64_t offset = 0;      // in the direction's stream
    std::uint64_t length = 0;
    std::vector<Field> children;
    ValueKind kind = ValueKind::Text;
    // offset and length are in the event's decrypted bytes (decryptedBytes()),
    // not in the stream: what a CURVE box held, shown beside the wire bytes.
    bool decrypted = false;
    std::uint64_t number = 0;      // kind Unsigned
    double real = 0;               // kind Real

    std::string_view key() const { return info ? info->key : std::string_view(); }
    bool numeric() const { return kind != ValueKind::Text; }
    double asDouble() const { return kind == ValueKind::Real ? real : double(number); }
    // Depth-first search for the first field with `key`.
    const Field *find(std::string_view key) const;
    // The value as text without the quotes a byte string gets in a tree.
    std::string unquoted() const
    {
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            return value.substr(1, value.size() - 2);
        return value;
    }
    // Every field with `key`, depth first (this one included).
    template <typename Visit>
    void forEach(std::string_view key, const Visit &visit) const
    {
        if (this->key() == key)
            visit(*this);
        for (const Field &c : children)
            c.forEach(key, visit);
    }
};

// The tree for one event. The root covers the event's byte range.
// A decrypted event's root covers the boxes in the stream; the fields of
// what they held are marked `decrypted`.
Field dissect(const Event &event);
// What a decrypted event's boxes held, as its `decrypted` fields count:
// a message's frames each as the box had it (its flags byte, then the
// body), a command's box plaintext. Empty for other events.
std::vector<std::uint8_t> decryptedBytes(const Event &event);
// Marks `f` and everything below it `decrypted`.
void markDecrypted(Field &f);

}   // namespace zmqscope::codec
