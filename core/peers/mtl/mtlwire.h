// The Message Transport Layer's encodings (11/MTL; digest section 12),
// shared by the MTL server and client (mtlroles.cpp). Bytes in, values
// out: no sockets, no timers.
//
// Control flow (REQ to ROUTER): request = command name | JSON object,
// reply = three-digit status | JSON object. Command names are
// case-insensitive. Authentication is SASL: the PLAIN response (RFC 4616)
// is base64 of "authzid NUL user NUL password".
//
// Data flow (DEALER to ROUTER): header | body. The header is one type
// octet and that type's fields: integers 8 octets big-endian, short
// strings one length octet and up to 255 octets, Booleans one octet 0 or 1.
//   01 Lease    seq, lease             02 Response seq | body: status
//   03 Summon   seq, resource          04 Dismiss  seq, resource
//   05 Content  content seq, resource, properties | body: the content
//   06 Confirm  content seq, multiple  07 Reject   content seq, multiple, recycle
//   08 Ping                            09 Pong
// Content's properties are a "field table" the RFC leaves undefined: sent
// empty (zero octets), read as opaque bytes.
#pragma once

#include "peers/zsocket.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zmqscope::peers::mtl {

// --- JSON (RFC 8259), as much as the control flow needs --------------------------

// A parsed value. Objects keep their members in the order written (the
// replies are written in the order 11/MTL shows them).
struct Json {
    enum class Type : std::uint8_t { Null, Bool, Number, String, Array, Object };
    struct Member;
    Type type = Type::Null;
    bool flag = false;              // Bool
    double number = 0;              // Number
    bool integral = false;          // Number written without fraction or exponent that fits an int64
    std::int64_t integer = 0;       // (when integral)
    std::string text;               // String, as UTF-8
    std::vector<Json> items;        // Array
    std::vector<Member> members;    // Object

    static Json string(std::string s);
    static Json whole(std::int64_t n);
    static Json array(std::vector<Json> items);
    static Json object(std::vector<Member> members);

    // An object's member by name (the first, if written twice); else nullptr.
    const Json *find(std::string_view key) const;
    bool isString() const { return type == Type::String; }
};

struct Json::Member {
    std::string name;
    Json value;
};

// Caps on what a peer may send: a body larger than this, or nested deeper,
// is not read.
inline constexpr std::size_t kMaxJsonBytes = 64 * 1024;
inline constexpr int kMaxJsonDepth = 32;

// The whole of `text` as one JSON value; nullopt and why in `error`
// ("column 12: expected ':'").
std::optional<Json> parseJson(std::string_view text, std::string *error);
// Compact (no spaces), members in order.
std::string toJson(const Json &value);

// --- SASL ------------------------------------------------------------------------

std::string base64Encode(std::string_view bytes);
// Strict RFC 4648 base64 (padding required, no white space); nullopt otherwise.
std::optional<std::string> base64Decode(std::string_view text);

// RFC 4616: [authzid] NUL authcid NUL passwd.
struct PlainCredentials {
    std::string authzid, user, password;
};
std::string plainMessage(std::string_view user, std::string_view password);
std::optional<PlainCredentials> readPlain(std::string_view message);

// --- Control flow ----------------------------------------------------------------

enum class Command : std::uint8_t { Open, Authorize, Profile, Reader, Writer };
inline constexpr std::string_view kCommandNames[] = {"Connection.Open", "Connection.Authorize", "Connection.Profile",
                                                     "Connection.Reader", "Connection.Writer"};
inline std::string_view commandName(Command c)
{
    return kCommandNames[std::size_t(c)];
}
// 11/MTL: command names (and profile names) are case-insensitive.
bool sameName(std::string_view a, std::string_view b);
std::optional<Command> commandByName(std::string_view name);

// A status frame: exactly three digits, 200-599.
bool isStatus(std::string_view s);

// --- Data flow -------------------------------------------------------------------

enum class DataType : std::uint8_t { Lease = 1, Response, Summon, Dismiss, Content, Confirm, Reject, Ping, Pong };
std::string_view dataTypeName(DataType t);

struct DataCommand {
    DataType type = DataType::Ping;
    std::uint64_t sequence = 0;   // command sequence (Lease ... Dismiss) or content sequence (Content, Confirm, Reject)
    std::string name;             // Lease: the lease; Summon, Dismiss, Content: the resource
    std::string properties;       // Content: the field table, opaque
    bool multiple = false;        // Confirm, Reject
    bool recycle = false;         // Reject
    std::string body;             // Response: the status; Content: the content; else empty
};

// A command of `type` with the fields most have (the Booleans are set after).
inline DataCommand dataCommand(DataType type, std::uint64_t sequence = 0, std::string name = {}, std::string body = {})
{
    DataCommand c;
    c.type = type;
    c.sequence = sequence;
    c.name = std::move(name);
    c.body = std::move(body);
    return c;
}

inline constexpr std::size_t kMaxShortString = 255;

// The two frames; nullopt when `name` is longer than a short string.
std::optional<Frames> dataFrames(const DataCommand &c);
// `f` from frame `first` on: exactly header | body, the header exactly its
// type's fields, an unused body empty. nullopt and why in `problem`
// otherwise (11/MTL: ill-formed commands are dropped).
std::optional<DataCommand> readData(const Frames &f, std::size_t first, std::string *problem);

}   // namespace zmqscope::peers::mtl
