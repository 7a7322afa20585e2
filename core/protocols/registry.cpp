#include "registry.h"

#include "clone/clone.h"
#include "filemq/filemq.h"
#include "flp/flp.h"
#include "mdp/mdp.h"
#include "mtl/mtl.h"
#include "ppp/ppp.h"
#include "reqrep/reqrep.h"
#include "wmp/wmp.h"
#include "zap/zap.h"
#include "zre/zre.h"

#include <array>
#include <mutex>
#include <unordered_map>

namespace zmqscope::protocols {

namespace {

struct Tables {
    std::array<const ProtocolDissector *, 10> list;
    std::unordered_map<std::string_view, const FieldInfo *> fields;
    std::unordered_map<std::uint16_t, const codec::FindingInfo *> findings;
    codec::FieldCatalog fieldCatalog;
    codec::FindingCatalog findingCatalog;
};

const Tables &tables();

const FieldInfo *findAppField(std::string_view key)
{
    const auto &t = tables().fields;
    const auto it = t.find(key);
    return it == t.end() ? nullptr : it->second;
}

void eachAppField(void (*visit)(const FieldInfo &, void *), void *context)
{
    for (const ProtocolDissector *d : tables().list)
        for (const FieldInfo &f : d->info().fields)
            visit(f, context);
}

const codec::FindingInfo *findAppFinding(codec::FindingId id)
{
    const auto &t = tables().findings;
    const auto it = t.find(static_cast<std::uint16_t>(id));
    return it == t.end() ? nullptr : it->second;
}

const Tables &tables()
{
    static const Tables t = [] {
        // Detection asks every dissector; on equal confidence the earlier
        // one wins (full-parse markers first), and a reading of last resort
        // (plain request-reply) loses every tie. Records keep a
        // dissector's place in this list: append, never reorder.
        Tables t{{&zreDissector(), &filemqDissector(), &mdpDissector(), &cloneDissector(), &mtlDissector(),
                  &zapDissector(), &wmpDissector(), &flpDissector(), &pppDissector(), &reqrepDissector()},
                 {}, {}, {}, {}};
        for (const ProtocolDissector *d : t.list) {
            for (const FieldInfo &f : d->info().fields)
                t.fields.emplace(f.key, &f);
            for (const codec::FindingInfo &f : d->info().findings)
                t.findings.emplace(static_cast<std::uint16_t>(f.id), &f);
        }
        t.fieldCatalog = {&findAppField, &eachAppField};
        t.findingCatalog = {&findAppFinding};
        return t;
    }();
    return t;
}

}   // namespace

std::span<const ProtocolDissector *const> registry()
{
    static std::once_flag installed;
    const Tables &t = tables();
    std::call_once(installed, [&t] {
        codec::installFieldCatalog(&t.fieldCatalog);
        codec::installFindingCatalog(&t.findingCatalog);
    });
    return t.list;
}

const ProtocolDissector *findProtocol(std::string_view id)
{
    for (const ProtocolDissector *d : registry())
        if (d->info().id == id)
            return d;
    return nullptr;
}

std::uint8_t protocolNumber(const ProtocolDissector *dissector)
{
    const auto list = registry();
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i] == dissector)
            return std::uint8_t(i + 1);
    return 0;
}

const ProtocolDissector *protocolByNumber(std::uint8_t number)
{
    const auto list = registry();
    return number >= 1 && number <= list.size() ? list[number - 1] : nullptr;
}

}   // namespace zmqscope::protocols
