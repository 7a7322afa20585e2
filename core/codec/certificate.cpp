#include "certificate.h"

#include "zpl.h"

namespace zmqscope::codec {

CurveCertificate CurveCertificate::generate()
{
    const CurveKeyPair kp = CurveKeyPair::generate();
    return CurveCertificate{kp.publicKey, kp.secretKey, {}};
}

std::optional<CurveCertificate> CurveCertificate::fromZpl(std::string_view text, std::string *error)
{
    auto bad = [&](std::string why) -> std::optional<CurveCertificate> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    const ZplResult zpl = parseZpl(text);
    if (!zpl.root)
        return bad("line " + std::to_string(zpl.line) + ": " + zpl.error);
    const ZplNode *pub = zpl.root->find("curve/public-key");
    if (!pub)
        return bad("no curve/public-key");
    const auto pk = curveKeyFromZ85(pub->value);
    if (!pk)
        return bad("curve/public-key is not a 40-character Z85 key");
    CurveCertificate cert;
    cert.publicKey = *pk;
    if (const ZplNode *sec = zpl.root->find("curve/secret-key")) {
        const auto sk = curveKeyFromZ85(sec->value);
        if (!sk)
            return bad("curve/secret-key is not a 40-character Z85 key");
        if (CurveKeyPair::fromSecret(*sk).publicKey != cert.publicKey)
            return bad("secret-key does not belong to public-key");
        cert.secretKey = sk;
    }
    if (const ZplNode *md = zpl.root->child("metadata"))
        for (const ZplNode &n : md->children)
            cert.metadata.emplace_back(n.name, n.value);
    return cert;
}

std::string CurveCertificate::toZpl(bool withSecret, std::string_view generatedOn) const
{
    std::vector<std::string> comments{"   ****  Generated on " + std::string(generatedOn) + " by ZmqScope  ****"};
    if (withSecret) {
        comments.push_back("   ZeroMQ CURVE **Secret** Certificate");
        comments.push_back("   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.");
    } else {
        comments.push_back("   ZeroMQ CURVE Public Certificate");
        comments.push_back("   Exchange securely, or use a secure mechanism to verify the contents");
        comments.push_back("   of this file after exchange. Store public certificates in your home");
        comments.push_back("   directory, in the .curve subdirectory.");
    }
    ZplNode root;
    ZplNode &md = root.add("metadata");
    for (const auto &[k, v] : metadata)
        md.add(k, v);
    ZplNode &curve = root.add("curve");
    curve.add("public-key", curveKeyToZ85(publicKey));
    if (withSecret && secretKey)
        curve.add("secret-key", curveKeyToZ85(*secretKey));
    return writeZpl(root, comments);
}

}   // namespace zmqscope::codec
