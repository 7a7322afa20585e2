#include "zap.h"

#include "command.h"
#include "curve.h"

namespace zmqscope::codec {

std::optional<ZapRequest> parseZapRequest(const Frames &f, std::string *error)
{
    auto bad = [&](std::string why) -> std::optional<ZapRequest> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    if (f.size() < 6)
        return bad("a ZAP request has at least 6 frames, got " + std::to_string(f.size()));
    ZapRequest r;
    r.version = f[0];
    if (r.version != "1.0")
        return bad("ZAP version '" + r.version + "'");
    r.requestId = f[1];
    r.auth.domain = f[2];
    r.auth.address = f[3];
    r.auth.identity = f[4];
    r.auth.mechanism = mechanismFromName(f[5]);
    switch (r.auth.mechanism) {
    case Mechanism::Null:
        if (f.size() != 6)
            return bad("NULL requests carry no credentials");
        break;
    case Mechanism::Plain:
        if (f.size() != 8)
            return bad("PLAIN requests carry username and password");
        r.auth.username = f[6];
        r.auth.password = f[7];
        break;
    case Mechanism::Curve:
        if (f.size() != 7 || f[6].size() != 32)
            return bad("CURVE requests carry one 32-byte key");
        {
            std::array<std::uint8_t, 32> k;
            std::copy(f[6].begin(), f[6].end(), k.begin());
            r.auth.clientKey = k;
        }
        break;
    default:
        return bad("mechanism '" + f[5] + "'");
    }
    return r;
}

Frames zapRequestFrames(const ZapRequest &r)
{
    Frames f{r.version, r.requestId, r.auth.domain, r.auth.address, r.auth.identity,
             std::string(mechanismName(r.auth.mechanism))};
    if (r.auth.mechanism == Mechanism::Plain) {
        f.push_back(r.auth.username);
        f.push_back(r.auth.password);
    } else if (r.auth.mechanism == Mechanism::Curve && r.auth.clientKey) {
        f.emplace_back(r.auth.clientKey->begin(), r.auth.clientKey->end());
    }
    return f;
}

Frames zapReplyFrames(const ZapRequest &request, const AuthResult &result)
{
    std::string md;
    for (const auto &[k, v] : result.metadata) {
        md.push_back(static_cast<char>(k.size()));
        md += k;
        for (int i = 3; i >= 0; --i)
            md.push_back(static_cast<char>(v.size() >> (8 * i)));
        md += v;
    }
    return {"1.0", request.requestId, result.statusCode, result.statusText,
            result.accepted() ? result.userId : std::string(), md};
}

ProtocolError checkZapReply(const Frames &reply, const std::string &requestId, AuthResult *result)
{
    if (reply.size() != 6)
        return ProtocolError::ZapMalformedReply;
    if (reply[0] != "1.0")
        return ProtocolError::ZapBadVersion;
    if (reply[1] != requestId)
        return ProtocolError::ZapBadRequestId;
    const std::string &s = reply[2];
    if (s.size() != 3 || s[0] < '2' || s[0] > '5' || s[1] != '0' || s[2] != '0')
        return ProtocolError::ZapInvalidStatusCode;
    std::vector<Property> props;
    std::vector<Finding> findings;
    const Bytes md(reinterpret_cast<const std::uint8_t *>(reply[5].data()), reply[5].size());
    if (!parseMetadata(md, 0, ZmtpVersion::V3_1, props, findings))
        return ProtocolError::ZapInvalidMetadata;
    if (result) {
        result->statusCode = s;
        result->statusText = reply[3];
        result->userId = reply[4];
        result->metadata.clear();
        for (const Property &p : props)
            result->metadata.emplace_back(std::string(p.name), std::string(p.value.begin(), p.value.end()));
    }
    return ProtocolError::None;
}

std::optional<ZapView> recognizeZap(const std::vector<std::string_view> &f)
{
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i] != "1.0" || (i > 0 && !f[i - 1].empty()))
            continue;
        const std::size_t n = f.size() - i;
        if (n >= 6) {
            const std::string_view mech = f[i + 5];
            const bool knownMech = mech == "NULL" || mech == "PLAIN" || mech == "CURVE" || mech == "GSSAPI";
            const std::size_t creds = mech == "PLAIN" ? 2 : mech == "CURVE" || mech == "GSSAPI" ? 1 : 0;
            if (knownMech && n == 6 + creds && (mech != "CURVE" || f[i + 6].size() == 32))
                return ZapView{true, i};
        }
        if (n == 6) {
            const std::string_view st = f[i + 2];
            if (st.size() == 3 && st[0] >= '2' && st[0] <= '5' && st[1] == '0' && st[2] == '0')
                return ZapView{false, i};
        }
    }
    return std::nullopt;
}

AuthResult AccessPolicy::decide(const AuthRequest &req) const
{
    auto refuse = [](std::string why) { return AuthResult{"400", std::move(why), {}, {}}; };
    if (failAll)
        return AuthResult{"500", "handler failure", {}, {}};
    if (denyAddresses.count(req.address))
        return refuse("address denied");
    if (!allowAddresses.empty() && !allowAddresses.count(req.address))
        return refuse("address not allowed");
    switch (req.mechanism) {
    case Mechanism::Plain: {
        const auto it = plainUsers.find(req.username);
        if (it == plainUsers.end() || it->second != req.password)
            return refuse("invalid username or password");
        return AuthResult{"200", "OK", req.username, {}};
    }
    case Mechanism::Curve:
        if (!req.clientKey)
            return refuse("no client key");
        if (!curveKeys.empty() && !curveKeys.count(*req.clientKey))
            return refuse("client key not allowed");
        return AuthResult{"200", "OK", curveKeyToZ85(*req.clientKey), {}};
    default:
        return AuthResult{"200", "OK", {}, {}};
    }
}

Authenticator AccessPolicy::authenticator() const
{
    return [policy = *this](const AuthRequest &r) { return policy.decide(r); };
}

}   // namespace zmqscope::codec
