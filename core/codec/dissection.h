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

struct FieldInfo {
    std::string_view key;          // filter name, e.g. "zmtp.metadata.value"
    std::string_view name;         // label, e.g. "Value"
    FieldType type;
    std::string_view description;  // what it means, citing the spec
};

std::span<const FieldInfo> fieldTable();
const FieldInfo *findField(std::string_view key);

struct Field {
    const FieldInfo *info = nullptr;
    std::string value;             // display text ("3.1", "\"ROUTER\"", "0x04")
    std::uint64_t offset = 0;      // in the direction's stream
    std::uint64_t length = 0;
    std::vector<Field> children;

    std::string_view key() const { return info ? info->key : std::string_view(); }
    // Depth-first search for the first field with `key`.
    const Field *find(std::string_view key) const;
};

// The tree for one event. The root covers the event's byte range.
Field dissect(const Event &event);

}   // namespace zmqscope::codec
