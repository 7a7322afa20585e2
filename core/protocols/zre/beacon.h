// ZRE discovery beacons (36/ZRE, 43/ZRE; digest "Beacon (UDP)"): the UDP
// datagram a zyre node broadcasts on port 5670 about once a second.
//
//   0  3  "ZRE"
//   3  1  version: 01 (ZRE v1 and v2 nodes), 03 (v3, with CURVE)
//   4 16  the sender's UUID
//  20  2  its inbox TCP port, big-endian; 0: the node is leaving
//  22 32  v3 only (54 bytes): the node's CURVE public key
//
// zyre accepts only 22- and 54-byte beacons whose version is its own;
// anything else is dropped by real nodes and gets a finding here.
#pragma once

#include "codec/dissection.h"
#include "codec/finding.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace zmqscope::protocols {

using codec::Bytes;
using codec::Field;
using codec::Finding;

struct ZreBeacon {
    std::uint8_t version = 0;
    std::array<std::uint8_t, 16> uuid{};
    std::uint16_t port = 0;
    std::optional<std::array<std::uint8_t, 32>> curveKey;   // v3
    bool leaving() const { return port == 0; }
};

// The beacon, or nullopt when it is not one a ZRE node would read (with
// what is wrong in `findings`: zre.beacon.malformed). A beacon that real
// nodes read but that bends a rule (v3 without a key...) parses with a
// finding too.
std::optional<ZreBeacon> parseZreBeacon(Bytes payload, std::vector<Finding> *findings = nullptr);

// The field tree of a beacon datagram (keys zre.beacon.*), offsets in it
// from `base`; null infos are looked up by key.
Field dissectZreBeacon(Bytes payload, std::uint64_t base = 0);

// "ZRE v1 uuid=0102... port=49153" or "... port=0 (leaving)".
std::string describeZreBeacon(const ZreBeacon &beacon);

}   // namespace zmqscope::protocols
