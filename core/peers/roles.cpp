// Every role, in menu order. A new role: its file, and one line here.
#include "clone/cloneroles.h"
#include "flp/flproles.h"
#include "mdp/mdproles.h"
#include "mtl/mtlroles.h"
#include "ppp/ppproles.h"
#include "devicepeer.h"
#include "filemq/filemqroles.h"
#include "replaypeer.h"
#include "socketpeer.h"
#include "zmtppeer.h"
#include "hostilepeer.h"
#include "titanic/titanicroles.h"
#include "wmp/wmproles.h"
#include "zre/zreroles.h"

#include <array>

namespace zmqscope::peers {

namespace {
constexpr std::array kRoles = {
    &kSocketRole,
    &kZmtpPeerRole,
    &kHostilePeerRole,
    &kReplayRole,
    &kMdpBrokerRole,
    &kMdpWorkerRole,
    &kMdpClientRole,
    &kPppQueueRole,
    &kPppWorkerRole,
    &kLazyPirateClientRole,
    &kTitanicServerRole,
    &kTitanicClientRole,
    &kFlpServerRole,
    &kFlpClientRole,
    &kCloneServerRole,
    &kCloneClientRole,
    &kZreNodeRole,
    &kFilemqServerRole,
    &kFilemqClientRole,
    &kMtlServerRole,
    &kMtlClientRole,
    &kWmpManagerRole,
    &kWmpWorkerRole,
    &kDeviceRole,
};
}   // namespace

std::span<const RoleInfo *const> roles()
{
    return kRoles;
}

const RoleInfo *findRole(std::string_view id)
{
    for (const RoleInfo *r : kRoles)
        if (r->id == id)
            return r;
    return nullptr;
}

}   // namespace zmqscope::peers
