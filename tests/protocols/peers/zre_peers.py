#!/usr/bin/python3
"""ZRE test peers (RFC 20 = ZRE v1, RFC 36 = ZRE v2, RFC 43 = ZRE v3) over TCP.

Independent implementation written from the project's protocol digest
(/work/shared/specs/protocols.md, sections 0, 3, 16 and 17).  Run with
/usr/bin/python3 (Debian python3-zmq, libzmq 4.3.x).  No UDP beacons: each node
learns the other's inbox endpoint from the command line.

Usage
-----
  zre_peers.py --list
  zre_peers.py --scenario NAME --pair BIND_A,CONNECT_A --pair BIND_B,CONNECT_B

Pairs (every scenario uses exactly two, in this order)
------------------------------------------------------
  pair 1 = node A's inbox.  A's ROUTER binds BIND_A; B's DEALER connects to
           CONNECT_A.  A's HELLO advertises CONNECT_A.
  pair 2 = node B's inbox.  B's ROUTER binds BIND_B; A's DEALER connects to
           CONNECT_B.  B's HELLO advertises CONNECT_B.

Nodes and sockets
-----------------
  node A: UUID = 11 x 16 octets, name "alpha"
  node B: UUID = 22 x 16 octets, name "beta"
  Each node: one ROUTER inbox (bind, receive only) and one DEALER mailbox
  (connect to the other node's inbox, send only).  DEALER routing id:
    v2/v3: 17 octets 01 + own UUID  (A: 01 11..11, B: 01 22..22)
    v1:    16 octets, the bare UUID (A: 11..11,    B: 22..22)
  The routing id travels in the ZMTP READY "Identity" property; the receiving
  ROUTER checks it has the right length and names the expected peer.

So on the wire there are two TCP connections and ZRE traffic only ever flows
DEALER -> ROUTER (client -> server); the server side sends only the ZMTP
greeting/READY:
  connection 1 (pair 1): B's DEALER -> A's inbox, carries B's messages
  connection 2 (pair 2): A's DEALER -> B's inbox, carries A's messages

Each step below is sent only after the previous one has been received and
validated, so the global order is deterministic.  Sequence numbers count per
sending connection from 1 (HELLO).  "string" = 1-octet length + bytes,
"longstr" = 4-octet BE length + bytes, "strings" = 4-octet BE count + longstrs,
"hash" = 4-octet BE count + (key string, value longstr).  "|" separates frames.
E_A / E_B = the CONNECT endpoint strings of pair 1 / pair 2, e.g.
"tcp://127.0.0.1:40001".

Scenario zre-v2 (RFC 36, version octet 02)
------------------------------------------
  #  conn dir   message
  1  2    A->B  HELLO  seq 1: AA A1 01 02 00 01 | string E_A | strings [] (00 00 00 00)
                       | status 00 | string "alpha" (05 61 6C 70 68 61)
                       | hash {"X-TEST": "zmqscope"}
                         (00 00 00 01 06 58 2D 54 45 53 54 00 00 00 08 7A 6D 71 73 63 6F 70 65)
                       -- one frame
  2  1    B->A  HELLO  seq 1: AA A1 01 02 00 01 string E_B, strings [], status 00,
                       string "beta" (04 62 65 74 61), hash {"X-TEST": "zmqscope"}
  3  2    A->B  JOIN   seq 2: AA A1 04 02 00 02 04 43 48 41 54 01      ("CHAT", status 1)
  4  1    B->A  JOIN   seq 2: AA A1 04 02 00 02 04 43 48 41 54 01      ("CHAT", status 1)
  5  2    A->B  SHOUT  seq 3: AA A1 03 02 00 03 04 43 48 41 54  |  "hello chat"
                       (2 frames; frame 2 = 68 65 6C 6C 6F 20 63 68 61 74)
  6  1    B->A  WHISPER seq 3: AA A1 02 02 00 03  |  "hi alpha" (68 69 20 61 6C 70 68 61)
  7  2    A->B  PING   seq 4: AA A1 06 02 00 04
  8  1    B->A  PING-OK seq 4: AA A1 07 02 00 04                       (B's reply to 7)
  9  1    B->A  LEAVE  seq 5: AA A1 05 02 00 05 04 43 48 41 54 02      ("CHAT", status 2)
  then both nodes close their sockets (TCP close on both connections).
  Receivers check: signature AA A1, known id, version octet, sequence (1 on
  HELLO, then previous+1; a gap is a failure), the 17-octet routing id, that
  HELLO's endpoint equals the configured CONNECT endpoint of the sender's inbox,
  name and headers, the peer's status counter (HELLO value, +1 for each
  JOIN/LEAVE, must equal the carried status), group membership, the content
  frames, and that nothing is left over in any frame.

Scenario zre-v3 (RFC 43, version octet 03)
------------------------------------------
  Same 9 messages with the version octet 03 (e.g. HELLO starts AA A1 01 03 00 01,
  PING is AA A1 06 03 00 04).  HELLO headers hold two entries, in this order:
    "X-TEST" = "zmqscope",
    "X-PUBLICKEY" = a fixed 40-character Z85 string
       A: "009c61o!#m2NH?C3>iWS5d]J*6CRx17-skh9337x"  (Z85 of octets 00..1F)
       B: "wmYv=xLzi%y&a6dAb/]tBAI+JCZjQZE0{D[FpSr8"  (Z85 of octets 64..83)
  so the hash is 00 00 00 02 06 "X-TEST" 00 00 00 08 "zmqscope"
                  0B "X-PUBLICKEY" 00 00 00 28 <40 chars>.
  No CURVE is used on the ZMTP layer (NULL mechanism); the key is only a header.

Scenario zre-v1 (RFC 20: no version octet, 16-octet routing ids)
----------------------------------------------------------------
  Header = AA A1 id sequence(2).  HELLO has no endpoint/name: ipaddress string
  (host part of the CONNECT endpoint of the sender's inbox), mailbox port
  number2 (its port), groups = 1-octet count + strings, status number1,
  headers = 1-octet count + strings "name=value".  WHISPER and SHOUT carry
  exactly one content frame.
  #  conn dir   message
  1  2    A->B  HELLO  seq 1: AA A1 01 00 01 | string host(E_A) | port(E_A) BE2 | 00 (no groups)
                       | 00 (status) | 01 0F "X-TEST=zmqscope"
                       e.g. for tcp://127.0.0.1:40001:
                       AA A1 01 00 01 09 31 32 37 2E 30 2E 30 2E 31 9C 41 00 00 01 0F 58 2D 54
                       45 53 54 3D 7A 6D 71 73 63 6F 70 65
  2  1    B->A  HELLO  seq 1: same layout with host/port of E_B
  3  2    A->B  JOIN   seq 2: AA A1 04 00 02 04 43 48 41 54 01
  4  1    B->A  JOIN   seq 2: AA A1 04 00 02 04 43 48 41 54 01
  5  2    A->B  SHOUT  seq 3: AA A1 03 00 03 04 43 48 41 54  |  "hello chat"
  6  1    B->A  WHISPER seq 3: AA A1 02 00 03  |  "hi alpha"
  7  2    A->B  PING   seq 4: AA A1 06 00 04
  8  1    B->A  PING-OK seq 4: AA A1 07 00 04
  9  1    B->A  LEAVE  seq 5: AA A1 05 00 05 04 43 48 41 54 02

Scenario zre-sequence-gap (v2 encoding; A skips sequence number 3)
------------------------------------------------------------------
  #  conn dir   message
  1  2    A->B  HELLO  seq 1 (as zre-v2 #1)
  2  1    B->A  HELLO  seq 1 (as zre-v2 #2)
  3  2    A->B  JOIN   seq 2: AA A1 04 02 00 02 04 43 48 41 54 01
  4  1    B->A  JOIN   seq 2: AA A1 04 02 00 02 04 43 48 41 54 01
  5  2    A->B  SHOUT  seq 4 (WRONG, 3 expected): AA A1 03 02 00 04 04 43 48 41 54 | "hello chat"
       -> B detects the gap and drops peer A the way zyre does: nothing is sent
          on the wire, B forgets A and closes its DEALER to A (connection 1 is
          closed by its client side; no further ZRE traffic on it).
  6  2    A->B  PING   seq 5: AA A1 06 02 00 05
       -> B ignores it (message from an unknown/dropped peer that is not HELLO);
          no PING-OK is sent.  A waits 0.5 s and checks that nothing arrives.
  The script exits 0 iff B reported the gap on message 5 (expected 3, got 4)
  and ignored message 6.
"""

import argparse
import re
import struct
import sys
import time

import zmq
from zmq.utils.monitor import recv_monitor_message

SCENARIOS = [
    ("zre-v2", 2),
    ("zre-v3", 2),
    ("zre-v1", 2),
    ("zre-sequence-gap", 2),
]

SIGNATURE = b"\xAA\xA1"
HELLO, WHISPER, SHOUT, JOIN, LEAVE, PING, PING_OK = 1, 2, 3, 4, 5, 6, 7
ELECT, LEADER, GOODBYE = 8, 9, 10
NAMES = {HELLO: "HELLO", WHISPER: "WHISPER", SHOUT: "SHOUT", JOIN: "JOIN",
         LEAVE: "LEAVE", PING: "PING", PING_OK: "PING-OK", ELECT: "ELECT",
         LEADER: "LEADER", GOODBYE: "GOODBYE"}

UUID_A = b"\x11" * 16
UUID_B = b"\x22" * 16
PUBKEY_A = "009c61o!#m2NH?C3>iWS5d]J*6CRx17-skh9337x"
PUBKEY_B = "wmYv=xLzi%y&a6dAb/]tBAI+JCZjQZE0{D[FpSr8"
Z85_ALPHABET = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   ".-:+=^!/*?&<>()[]{}@%$#")
TIMEOUT_S = 3.0
DEADLINE = None  # absolute monotonic time by which everything must be done


class Failure(Exception):
    pass


def time_left(limit=TIMEOUT_S):
    rest = DEADLINE - time.monotonic()
    if rest <= 0:
        raise Failure("overall deadline exceeded")
    return min(limit, rest)


# ---------------------------------------------------------------------------
# zproto-style field codecs

def put_string(s):
    b = s.encode() if isinstance(s, str) else s
    if len(b) > 255:
        raise Failure("string too long")
    return bytes([len(b)]) + b


def put_longstr(s):
    b = s.encode() if isinstance(s, str) else s
    return struct.pack(">I", len(b)) + b


def put_strings(items):  # v2/v3
    return struct.pack(">I", len(items)) + b"".join(put_longstr(i) for i in items)


def put_hash(pairs):  # v2/v3; pairs = list of (key, value) in wire order
    return struct.pack(">I", len(pairs)) + b"".join(
        put_string(k) + put_longstr(v) for k, v in pairs)


def put_strings_v1(items):
    return bytes([len(items)]) + b"".join(put_string(i) for i in items)


def put_dict_v1(pairs):
    return bytes([len(pairs)]) + b"".join(put_string("%s=%s" % (k, v)) for k, v in pairs)


class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise Failure("malformed: read past end of frame (need %d at %d of %d)"
                          % (n, self.pos, len(self.data)))
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def u8(self):
        return self.take(1)[0]

    def u16(self):
        return struct.unpack(">H", self.take(2))[0]

    def u32(self):
        return struct.unpack(">I", self.take(4))[0]

    def string(self):
        return self.take(self.u8()).decode()

    def longstr(self):
        return self.take(self.u32()).decode()

    def strings(self):
        return [self.longstr() for _ in range(self.u32())]

    def hash(self):
        out = []
        for _ in range(self.u32()):
            k = self.string()
            out.append((k, self.longstr()))
        return out

    def strings_v1(self):
        return [self.string() for _ in range(self.u8())]

    def dict_v1(self):
        out = []
        for _ in range(self.u8()):
            item = self.string()
            if "=" not in item:
                raise Failure("malformed v1 dictionary entry %r" % item)
            k, v = item.split("=", 1)
            out.append((k, v))
        return out

    def done(self):
        if self.pos != len(self.data):
            raise Failure("malformed: %d trailing octets" % (len(self.data) - self.pos))


def split_endpoint(ep):
    m = re.match(r"^tcp://(.+):(\d+)$", ep)
    if not m:
        raise Failure("cannot split endpoint %r" % ep)
    host = m.group(1)
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, int(m.group(2))


# ---------------------------------------------------------------------------
# A ZRE node

class Peer:
    def __init__(self, routing_id):
        self.routing_id = routing_id
        self.hello = False
        self.last_seq = None
        self.status = None
        self.groups = set()
        self.name = None
        self.endpoint = None
        self.headers = []


class Node:
    def __init__(self, ctx, label, uuid, name, version, inbox_bind, inbox_connect,
                 pubkey=None):
        self.label = label
        self.uuid = uuid
        self.name = name
        self.version = version  # 1, 2 or 3
        self.inbox_connect = inbox_connect
        self.pubkey = pubkey
        self.send_seq = 0
        self.status = 0
        self.groups = []
        self.peers = {}          # routing id -> Peer
        self.dropped = set()     # routing ids of peers dropped for protocol errors
        self.events = []         # log of what was received, for the scenario checks
        self.inbox = ctx.socket(zmq.ROUTER)
        self.inbox.setsockopt(zmq.LINGER, 0)
        self.inbox.bind(inbox_bind)
        self.mailbox = None
        self.expected_peer = None  # (routing id, inbox endpoint) of the other node

    # --- sending -----------------------------------------------------------
    def open_mailbox(self, ctx, connect_ep):
        self.mailbox = ctx.socket(zmq.DEALER)
        rid = self.uuid if self.version == 1 else b"\x01" + self.uuid
        self.mailbox.setsockopt(zmq.IDENTITY, rid)
        self.mailbox.setsockopt(zmq.LINGER, 2000)
        self.mailbox.setsockopt(zmq.SNDTIMEO, 2000)
        self.mailbox.setsockopt(zmq.SNDHWM, 1000)
        monitor = self.mailbox.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
        self.mailbox.connect(connect_ep)
        return monitor

    def close_mailbox(self):
        if self.mailbox is not None:
            self.mailbox.close(linger=500)
            self.mailbox = None

    def header(self, msg_id, seq):
        if self.version == 1:
            return SIGNATURE + struct.pack(">BH", msg_id, seq)
        return SIGNATURE + struct.pack(">BBH", msg_id, self.version, seq)

    def send(self, msg_id, body=b"", frames=(), skip_seq=0):
        self.send_seq = (self.send_seq + 1 + skip_seq) & 0xFFFF
        first = self.header(msg_id, self.send_seq) + body
        parts = [first] + list(frames)
        self.mailbox.send_multipart(parts)
        return self.send_seq

    def send_hello(self):
        headers = [("X-TEST", "zmqscope")]
        if self.version == 3:
            headers.append(("X-PUBLICKEY", self.pubkey))
        if self.version == 1:
            host, port = split_endpoint(self.inbox_connect)
            body = (put_string(host) + struct.pack(">H", port) + put_strings_v1(self.groups)
                    + bytes([self.status]) + put_dict_v1(headers))
        else:
            body = (put_string(self.inbox_connect) + put_strings(self.groups)
                    + bytes([self.status]) + put_string(self.name) + put_hash(headers))
        return self.send(HELLO, body)

    def join(self, group, skip_seq=0):
        self.groups.append(group)
        self.status = (self.status + 1) & 0xFF
        return self.send(JOIN, put_string(group) + bytes([self.status]), skip_seq=skip_seq)

    def leave(self, group):
        self.groups.remove(group)
        self.status = (self.status + 1) & 0xFF
        return self.send(LEAVE, put_string(group) + bytes([self.status]))

    def shout(self, group, content, skip_seq=0):
        # SHOUT goes only to peers known to be in the group
        peer = self.peers.get(self.expected_peer[0])
        if peer is None or group not in peer.groups:
            raise Failure("%s: peer is not known to be in %s, cannot SHOUT" % (self.label, group))
        return self.send(SHOUT, put_string(group), content, skip_seq=skip_seq)

    def whisper(self, content):
        return self.send(WHISPER, b"", content)

    def ping(self):
        return self.send(PING)

    # --- receiving ---------------------------------------------------------
    def receive(self, timeout):
        """Receive and process one message; returns an event dict or None on timeout."""
        if not self.inbox.poll(int(timeout * 1000)):
            return None
        frames = self.inbox.recv_multipart()
        ev = self.process(frames)
        self.events.append(ev)
        return ev

    def process(self, frames):
        rid = frames[0]
        want_len = 16 if self.version == 1 else 17
        if len(rid) != want_len or (self.version != 1 and rid[0] != 1):
            raise Failure("%s: routing id %s has the wrong form" % (self.label, rid.hex()))
        if rid != self.expected_peer[0]:
            raise Failure("%s: message from unexpected routing id %s" % (self.label, rid.hex()))
        if len(frames) < 2:
            raise Failure("%s: empty message" % self.label)
        r = Reader(frames[1])
        if r.take(2) != SIGNATURE:
            raise Failure("%s: bad signature %s" % (self.label, frames[1][:2].hex()))
        msg_id = r.u8()
        if msg_id not in NAMES:
            raise Failure("%s: unknown message id %d" % (self.label, msg_id))
        if self.version != 1:
            ver = r.u8()
            if ver != self.version:
                raise Failure("%s: version %d, expected %d" % (self.label, ver, self.version))
        seq = r.u16()
        ev = {"id": msg_id, "cmd": NAMES[msg_id], "seq": seq, "frames": frames[1:]}

        if rid in self.dropped or (rid not in self.peers and msg_id != HELLO):
            ev["ignored"] = True
            return ev
        peer = self.peers.get(rid)
        if msg_id == HELLO:
            if peer is not None and peer.hello:
                raise Failure("%s: second HELLO from the same peer" % self.label)
            if seq != 1:
                raise Failure("%s: HELLO with sequence %d, expected 1" % (self.label, seq))
            peer = Peer(rid)
            self.peers[rid] = peer
        else:
            expect = (peer.last_seq + 1) & 0xFFFF
            if seq != expect:
                # zyre: the peer is invalid, remove it (nothing goes on the wire)
                self.dropped.add(rid)
                del self.peers[rid]
                ev["gap"] = (expect, seq)
                return ev
        peer.last_seq = seq

        content = frames[2:]
        if msg_id == HELLO:
            if self.version == 1:
                host = r.string()
                port = r.u16()
                peer.groups = set(r.strings_v1())
                peer.status = r.u8()
                peer.headers = r.dict_v1()
                peer.endpoint = "tcp://%s:%d" % (host if ":" not in host else "[%s]" % host, port)
            else:
                peer.endpoint = r.string()
                peer.groups = set(r.strings())
                peer.status = r.u8()
                peer.name = r.string()
                peer.headers = r.hash()
            r.done()
            if content:
                raise Failure("%s: HELLO with extra frames" % self.label)
            if peer.endpoint != self.expected_peer[1]:
                raise Failure("%s: HELLO endpoint %r, expected %r"
                              % (self.label, peer.endpoint, self.expected_peer[1]))
            ev.update(endpoint=peer.endpoint, groups=sorted(peer.groups),
                      status=peer.status, node_name=peer.name, headers=peer.headers)
        elif msg_id in (JOIN, LEAVE):
            group = r.string()
            status = r.u8()
            r.done()
            if content:
                raise Failure("%s: %s with extra frames" % (self.label, NAMES[msg_id]))
            peer.status = (peer.status + 1) & 0xFF
            if status != peer.status:
                raise Failure("%s: %s status %d, expected %d"
                              % (self.label, NAMES[msg_id], status, peer.status))
            if msg_id == JOIN:
                if group in peer.groups:
                    raise Failure("%s: JOIN of a group the peer is already in" % self.label)
                peer.groups.add(group)
            else:
                if group not in peer.groups:
                    raise Failure("%s: LEAVE of a group the peer is not in" % self.label)
                peer.groups.discard(group)
            ev.update(group=group, status=status)
        elif msg_id == SHOUT:
            group = r.string()
            r.done()
            if group not in self.groups:
                raise Failure("%s: SHOUT to %s which this node has not joined" % (self.label, group))
            if self.version == 1 and len(content) != 1:
                raise Failure("%s: v1 SHOUT must carry exactly one frame" % self.label)
            ev.update(group=group, content=content)
        elif msg_id == WHISPER:
            r.done()
            if self.version == 1 and len(content) != 1:
                raise Failure("%s: v1 WHISPER must carry exactly one frame" % self.label)
            ev.update(content=content)
        elif msg_id in (PING, PING_OK, GOODBYE):
            r.done()
            if content:
                raise Failure("%s: %s with extra frames" % (self.label, NAMES[msg_id]))
            if msg_id == PING:
                self.send(PING_OK)
        elif msg_id in (ELECT, LEADER):
            r.string()
            r.string()
            r.done()
        return ev

    def expect(self, cmd, **checks):
        ev = self.receive(time_left())
        if ev is None:
            raise Failure("%s: timed out waiting for %s" % (self.label, cmd))
        if ev["cmd"] != cmd:
            raise Failure("%s: got %s, expected %s" % (self.label, ev["cmd"], cmd))
        if ev.get("ignored") or ev.get("gap"):
            raise Failure("%s: %s unexpectedly ignored/rejected: %r" % (self.label, cmd, ev))
        for k, v in checks.items():
            if ev.get(k) != v:
                raise Failure("%s: %s field %s = %r, expected %r" % (self.label, cmd, k, ev.get(k), v))
        return ev

    def close(self):
        self.close_mailbox()
        self.inbox.close(linger=0)


def wait_handshakes(monitors):
    """monitors: list of (label, DEALER, monitor PAIR socket); closes the monitors."""
    try:
        for label, _, mon in monitors:
            if not mon.poll(int(time_left() * 1000)):
                raise Failure("%s: DEALER handshake did not complete" % label)
            ev = recv_monitor_message(mon)
            if ev["event"] != zmq.EVENT_HANDSHAKE_SUCCEEDED:
                raise Failure("%s: unexpected monitor event %r" % (label, ev))
    finally:
        for _, sock, mon in monitors:
            sock.disable_monitor()
            mon.close(linger=0)
    # a short grace period, in case something sits between us and the peer
    time.sleep(0.2)


# ---------------------------------------------------------------------------
# scenarios

def run(scenario, pairs):
    version = {"zre-v2": 2, "zre-v3": 3, "zre-v1": 1, "zre-sequence-gap": 2}[scenario]
    (bind_a, conn_a), (bind_b, conn_b) = pairs
    ctx = zmq.Context()
    nodes = []
    monitors = []
    try:
        a = Node(ctx, "A", UUID_A, "alpha", version, bind_a, conn_a, PUBKEY_A)
        nodes.append(a)
        b = Node(ctx, "B", UUID_B, "beta", version, bind_b, conn_b, PUBKEY_B)
        nodes.append(b)
        rid = (lambda u: u) if version == 1 else (lambda u: b"\x01" + u)
        a.expected_peer = (rid(UUID_B), conn_b)
        b.expected_peer = (rid(UUID_A), conn_a)
        monitors.append(("A", a.open_mailbox(ctx, conn_b)))
        monitors.append(("B", b.open_mailbox(ctx, conn_a)))
        wait_handshakes([("A", a.mailbox, monitors[0][1]), ("B", b.mailbox, monitors[1][1])])

        exp_headers_a = [("X-TEST", "zmqscope")]
        exp_headers_b = [("X-TEST", "zmqscope")]
        if version == 3:
            exp_headers_a.append(("X-PUBLICKEY", PUBKEY_A))
            exp_headers_b.append(("X-PUBLICKEY", PUBKEY_B))

        a.send_hello()
        ev = b.expect("HELLO", seq=1, groups=[], status=0, headers=exp_headers_a,
                      node_name=None if version == 1 else "alpha")
        b.send_hello()
        ev = a.expect("HELLO", seq=1, groups=[], status=0, headers=exp_headers_b,
                      node_name=None if version == 1 else "beta")
        if version == 3:
            for node, e in ((a, ev), (b, b.events[-1])):
                key = dict(e["headers"]).get("X-PUBLICKEY", "")
                if len(key) != 40 or not set(key) <= Z85_ALPHABET:
                    raise Failure("%s: X-PUBLICKEY %r is not a 40-char Z85 string" % (node.label, key))

        a.join("CHAT")
        b.expect("JOIN", seq=2, group="CHAT", status=1)
        b.join("CHAT")
        a.expect("JOIN", seq=2, group="CHAT", status=1)

        if scenario == "zre-sequence-gap":
            sent = a.shout("CHAT", [b"hello chat"], skip_seq=1)
            if sent != 4:
                raise Failure("internal: SHOUT should carry sequence 4, not %d" % sent)
            ev = b.receive(time_left())
            if ev is None or ev["cmd"] != "SHOUT" or ev.get("gap") != (3, 4):
                raise Failure("B did not detect the sequence gap on SHOUT: %r" % (ev,))
            print("B: sequence gap on SHOUT from A: expected 3, got 4; peer A dropped",
                  file=sys.stderr)
            # zyre destroys the peer, which closes its mailbox to that peer
            b.close_mailbox()
            a.ping()
            ev = b.receive(time_left())
            if ev is None or ev["cmd"] != "PING" or ev["seq"] != 5 or not ev.get("ignored"):
                raise Failure("B did not ignore the PING from the dropped peer: %r" % (ev,))
            ev = a.receive(0.5)
            if ev is not None:
                raise Failure("A received %s after being dropped" % ev["cmd"])
            return

        a.shout("CHAT", [b"hello chat"])
        b.expect("SHOUT", seq=3, group="CHAT", content=[b"hello chat"])
        b.whisper([b"hi alpha"])
        a.expect("WHISPER", seq=3, content=[b"hi alpha"])
        a.ping()
        b.expect("PING", seq=4)          # B answers with PING-OK while processing
        a.expect("PING-OK", seq=4)
        b.leave("CHAT")
        a.expect("LEAVE", seq=5, group="CHAT", status=2)
        if a.peers[a.expected_peer[0]].groups:
            raise Failure("A still thinks B is in a group")
        if b.peers[b.expected_peer[0]].groups != {"CHAT"}:
            raise Failure("B lost track of A's groups")
        # nothing else may be pending
        for n in (a, b):
            ev = n.receive(0.1)
            if ev is not None:
                raise Failure("%s: unexpected extra message %s" % (n.label, ev["cmd"]))
    finally:
        for _, mon in monitors:
            if not mon.closed:
                mon.close(linger=0)
        for n in nodes:
            n.close()
        ctx.term()


def main():
    global DEADLINE
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--scenario")
    ap.add_argument("--pair", action="append", default=[])
    args = ap.parse_args()
    if args.list:
        for name, n in SCENARIOS:
            print("%s %d" % (name, n))
        return 0
    counts = dict(SCENARIOS)
    if args.scenario not in counts:
        print("unknown scenario %r" % args.scenario, file=sys.stderr)
        return 1
    pairs = []
    for p in args.pair:
        parts = p.split(",")
        if len(parts) != 2 or not all(parts):
            print("bad --pair %r (want BIND,CONNECT)" % p, file=sys.stderr)
            return 1
        pairs.append((parts[0], parts[1]))
    if len(pairs) != counts[args.scenario]:
        print("scenario %s needs %d pairs, got %d"
              % (args.scenario, counts[args.scenario], len(pairs)), file=sys.stderr)
        return 1
    DEADLINE = time.monotonic() + 8.0
    try:
        run(args.scenario, pairs)
    except Failure as e:
        print("FAIL %s: %s" % (args.scenario, e), file=sys.stderr)
        return 1
    except Exception as e:  # anything unexpected is a failure, never a hang
        import traceback
        traceback.print_exc()
        print("FAIL %s: %s: %s" % (args.scenario, type(e).__name__, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
