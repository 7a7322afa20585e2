#!/usr/bin/python3
r"""ZRE v2 test peer: one ZRE node (UDP beacons + ROUTER inbox + DEALER per peer).

Independent reference peer for ZmqScope's tests, written from the RFC text
(zeromq/rfc 36/ZRE, stable; 43/ZRE for the version-3 option) and the
project's digest /work/shared/specs/protocols.md sections 3, 16 and 17.
Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

Usage
-----
  zre_roles.py node --name NAME [--group G ...] [--shout TEXT ...]
      [--shout-group G] [--whisper-to NAME --whisper TEXT ...]
      [--header KEY=VALUE ...] [--uuid HEX32]
      [--beacon-port 5670] [--interface-address 127.0.0.1]
      [--broadcast-address ADDR] [--beacon-bind-address 0.0.0.0]
      [--beacon-interval-ms 1000] [--no-beacon] [--connect EP ...]
      [--mailbox-port 0] [--version 2|3]
      [--evasive-ms 5000] [--expired-ms 30000]
      [--join-after S] [--leave-after S] [--die-after S] [--silent-exit]
      [--expect-peers N] [--expect-shouts N] [--expect-whispers N]
      [--expect-exits N] [--exit-grace-ms 500]
  Common: [--duration S] [--stdin-stop] [--verbose] [--exit-on-error]

Wire format (RFC 36; "string" = 1-octet length + bytes, "longstr" = 4-octet BE
length + bytes, "strings" = 4-octet BE count + longstrs, "hash" = 4-octet BE
count + (string key, longstr value); "|" separates frames)
------------------------------------------------------------------------------
  Beacon (UDP, 22 octets): "ZRE" 01 | UUID (16) | inbox port (2, BE; 0 = leaving)
  TCP, first frame: AA A1 | id | version (02) | sequence (2, BE) | fields
    01 HELLO    endpoint string, groups strings, status 1, name string, headers hash
    02 WHISPER  -                    | content frames
    03 SHOUT    group string         | content frames
    04 JOIN     group string, status 1
    05 LEAVE    group string, status 1
    06 PING     -
    07 PING-OK  -
  zyre's extensions 08 ELECT / 09 LEADER (two strings) and 0A GOODBYE are
  parsed so the sequence check stays in step; ELECT/LEADER are otherwise
  ignored, GOODBYE counts as the peer leaving.
  Sockets: ROUTER inbox bound to tcp://INTERFACE:PORT (PORT random in
  C000-FFFF unless --mailbox-port), receive only; one DEALER per peer,
  identity 01 + own UUID, SNDTIMEO 0, SNDHWM 100 x expired seconds, LINGER 0,
  send only.  HELLO (sequence 1) is the first message on every DEALER.

Stdout (one line per event, flushed): first "listening tcp://IF:PORT" (the
inbox endpoint, also HELLO's endpoint), then "event <kind> <args>", "error
<text>" for protocol errors.  Message bodies are printed one token per frame:
UTF-8 text with backslash, double quote, whitespace and non-printables as \xNN;
an empty frame prints as "".  NAME = the peer's HELLO name (escaped the same
way), UUID = 32 lower-case hex digits.  Exit codes: 0 ok, 1 protocol error
seen, 2 gave up (--duration reached before the --expect-* conditions).

Events ("event KIND ARGS")
--------------------------
  enter NAME UUID            HELLO received from a new peer (as zyre's ENTER)
  hello NAME ENDPOINT STATUS GROUPS HEADERS
                             its HELLO fields: GROUPS = comma-separated group
                             names, HEADERS = comma-separated KEY=VALUE ("" when
                             empty); printed right after "enter"
  join NAME GROUP            JOIN received, and once per group listed in HELLO
  leave NAME GROUP           LEAVE received
  shout NAME GROUP BODY      SHOUT received
  whisper NAME BODY          WHISPER received
  exit NAME [REASON]         peer gone; REASON is one of: beacon-port-0,
                             expired, sequence, goodbye, send-failed, restarted
  ping NAME | ping-ok NAME   PING / PING-OK received (PING is answered)
  shout-sent NAME GROUP BODY | whisper-sent NAME BODY
  join-sent GROUP STATUS | leave-sent GROUP STATUS (our own JOIN/LEAVE)
  discovered UUID ENDPOINT HOW  DEALER opened (HOW = beacon, hello, connect)
  ignored UUID CMD REASON    message not processed (before HELLO, from a peer
                             dropped for a sequence gap, ...)
  evasive NAME | ping-sent NAME | beacon-sent PORT | beacon UUID IP PORT
                             (--verbose only)
  done | die-after S | stop REASON (done, duration, signal, stdin, error)
  Protocol errors ("error ..."): bad signature, bad version, unknown id,
  malformed fields, routing id not 17 octets starting 01, sequence gap or
  repeat (the peer is then dropped, as RFC 36 says), HELLO sequence not 1,
  JOIN/LEAVE status not previous status + 1 (mod 256), JOIN of a group the
  peer is in / LEAVE of one it is not in, extra frames on commands without
  content.

Behaviour and interpretation choices
------------------------------------
  * Discovery: a beacon from an unknown UUID with a non-zero port opens a
    DEALER to tcp://<UDP source IP>:<port> and sends HELLO.  A HELLO from an
    unknown node on the inbox also counts as discovery (RFC 36): we connect
    back to its HELLO endpoint and send our HELLO.  --connect EP opens a
    DEALER to EP without any beacon and sends HELLO; the peer's HELLO (whose
    endpoint must be EP) then adopts that DEALER.  A beacon with port 0 from a
    known peer disconnects it ("exit NAME beacon-port-0").
  * ENTER is reported when the peer's HELLO arrives (not on the beacon).  A
    second HELLO from a peer that already said HELLO means it restarted: we
    report "exit NAME restarted", then "enter" again (zyre does the same).
  * Sequence numbers: per DEALER connection, HELLO = 1, then +1, 16-bit,
    65535 wraps to 0 (zyre; pyre differs).  On the inbox a gap or repeat is
    an error; the peer is dropped (DEALER closed, "exit NAME sequence") and
    everything else it sends is ignored until it says HELLO again.
  * Status: our status starts at 0 and is incremented (mod 256) for every
    JOIN and LEAVE; HELLO carries the current value and groups.  Groups given
    with --group are joined at start (so they travel in HELLO and no JOIN is
    sent) unless --join-after S delays the joins; --leave-after S leaves all
    groups (LEAVE to every peer).
  * SHOUT: sent to every peer known to be in the group (RFC: unicast to each
    member).  Each --shout TEXT is sent exactly once to each peer, as soon as
    that peer is known to be in --shout-group (default: the first --group),
    whether it was in the group at HELLO or joins later.  We need not be in
    the group ourselves (RFC 43 allows it; RFC 36 does not say).
    --whisper TEXT is sent once to the peer whose HELLO name (or UUID hex)
    equals --whisper-to, right after its HELLO.
  * A received SHOUT is reported whatever our own membership.
  * Liveness: any beacon or message from a peer refreshes it.  After
    --evasive-ms of silence we send one PING (again each further evasive
    period); after --expired-ms of silence the peer is gone
    ("exit NAME expired").  RFC "typically" values are the defaults (5 s and
    30 s); tests use shorter ones.  A send that would block (SNDTIMEO 0,
    EAGAIN) drops the peer as RFC 36 suggests ("exit NAME send-failed").
  * Stop: on a clean stop (done, duration, signal, stdin) we send one beacon
    with port 0, like zyre, unless --silent-exit.  --die-after S simulates a
    crash: the process exits at once after S seconds with no beacon and no
    socket close, so other nodes only notice through expiry.
  * Completion: with any --expect-* option the node stops with exit 0 once
    all of them hold (peers entered, shouts and whispers received, peers
    exited; counts since start, so a peer that restarts counts twice), after --exit-grace-ms more of normal
    service so that our last messages reach the peers before the port-0
    beacon.  Then the DEALERs close with LINGER 1000 so queued messages are
    delivered; every other close uses LINGER 0.  --duration expiring first is
    "gave up" (exit 2).  Without --expect-* the node runs until
    --duration/signal/stdin (exit 0, or 1 after an error line).
  * --version 3 puts version octet 03 in every message (RFC 43) and accepts
    only 03; beacons stay the 22-octet "ZRE" 01 form (RFC 43 uses 03 only with
    a CURVE key, which this peer does not do).  Only messages carrying our
    own version are accepted (RFC 36: discard others); each is an error line.
  * Beacons of another version or size are silently ignored (RFC 36), and so
    are our own (same UUID).

Loopback broadcast on Linux (checked on this box, kernel 6.x, lo 127.0.0.1/8)
----------------------------------------------------------------------------
  The beacon socket is one UDP socket per node, bound to
  (--beacon-bind-address, --beacon-port) = 0.0.0.0:PORT with SO_REUSEADDR,
  SO_REUSEPORT and SO_BROADCAST; it both sends and receives.
  * --broadcast-address 127.255.255.255 (the default when the interface
    address is in 127/8): works.  The local routing table has
    "broadcast 127.255.255.255 dev lo", so the kernel delivers each datagram
    to *every* socket bound to 0.0.0.0:PORT (or 127.255.255.255:PORT), and the
    source address seen by recvfrom is 127.0.0.1, which is where the inbox
    listens.  SO_BROADCAST is required (sendto fails with EACCES without
    it).  Any number of nodes on one host hear each other.
  * --broadcast-address 127.0.0.1: unicast; the kernel hands each datagram
    to ONE of the sockets sharing the port.  In our trials (2 to 4 nodes,
    started together or one after another) that was always the most
    recently bound socket, so exactly one node hears beacons: it discovers
    every other node, they learn of it from its HELLO, and a full mesh still
    forms, but the other nodes receive no beacons at all (no liveness
    refresh: they fall back on PING/PING-OK after --evasive-ms) and a port-0
    beacon reaches only that one node.  Works, but prefer 127.255.255.255.
  * 255.255.255.255 (zyre's default): delivered locally too, but the source
    address is the eth0 address (192.0.2.2 here), so peers would connect
    to a host where a 127.0.0.1 inbox does not listen; and it leaves the box.
    Use it only with --interface-address set to that interface's address.
  * A socket bound to 127.0.0.1:PORT receives no broadcast at all.
"""

import argparse
import os
import random
import re
import socket
import struct
import sys
import time
import uuid as uuidlib

import zmq

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import rolekit  # noqa: E402  (this folder: output, stop, options, main)
from rolekit import drain, fmt_frame, fmt_frames, fmt_text, nonneg_int  # noqa: E402

SIGNATURE = b"\xAA\xA1"
HELLO, WHISPER, SHOUT, JOIN, LEAVE, PING, PING_OK = 1, 2, 3, 4, 5, 6, 7
ELECT, LEADER, GOODBYE = 8, 9, 10
NAMES = {HELLO: "HELLO", WHISPER: "WHISPER", SHOUT: "SHOUT", JOIN: "JOIN",
         LEAVE: "LEAVE", PING: "PING", PING_OK: "PING-OK", ELECT: "ELECT",
         LEADER: "LEADER", GOODBYE: "GOODBYE"}
BEACON_HEADER = b"ZRE\x01"


# ---------------------------------------------------------------------------
# zproto codec (protocols.md section 3)
# ---------------------------------------------------------------------------

class Malformed(Exception):
    pass


def put_string(b):
    b = b.encode() if isinstance(b, str) else b
    if len(b) > 255:
        raise ValueError("string longer than 255 octets")
    return bytes([len(b)]) + b


def put_longstr(b):
    b = b.encode() if isinstance(b, str) else b
    return struct.pack(">I", len(b)) + b


def put_strings(items):
    return struct.pack(">I", len(items)) + b"".join(put_longstr(i) for i in items)


def put_hash(pairs):
    return struct.pack(">I", len(pairs)) + b"".join(
        put_string(k) + put_longstr(v) for k, v in pairs)


class Reader:
    def __init__(self, data, pos=0):
        self.data = data
        self.pos = pos

    def take(self, n):
        if self.pos + n > len(self.data):
            raise Malformed("read past the end of the frame (need %d octets at %d of %d)"
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
        return self.take(self.u8())

    def longstr(self):
        return self.take(self.u32())

    def strings(self):
        n = self.u32()
        return [self.longstr() for _ in range(n)]

    def hash(self):
        n = self.u32()
        out = []
        for _ in range(n):
            k = self.string()
            out.append((k, self.longstr()))
        return out

    def left(self):
        return len(self.data) - self.pos


def dec(b):
    return b.decode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------
# the node
# ---------------------------------------------------------------------------

class Peer:
    def __init__(self, uuid, endpoint, now):
        self.uuid = uuid
        self.endpoint = endpoint
        self.dealer = None
        self.sent_seq = 0
        self.recv_seq = None          # last sequence received; None before HELLO
        self.ready = False            # HELLO received
        self.name = None
        self.status = 0
        self.groups = set()
        self.headers = []
        self.last_seen = now
        self.next_ping = None
        self.shouted = set()          # groups we have delivered our shouts to
        self.whispered = False

    def label(self):
        return fmt_text(self.name) if self.name is not None else self.uuid.hex()


class Node:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.version = args.version
        self.uuid = bytes.fromhex(args.uuid) if args.uuid else uuidlib.uuid4().bytes
        self.name = args.name if args.name is not None else self.uuid.hex()[:6].upper()
        self.headers = []
        for h in args.header:
            if "=" not in h:
                raise SystemExit("--header wants KEY=VALUE, got %r" % h)
            k, v = h.split("=", 1)
            self.headers.append((k, v))
        self.groups = []              # our groups, in join order
        self.status = 0
        self.shout_group = args.shout_group or (args.group[0] if args.group else None)
        if args.shout and not self.shout_group:
            raise SystemExit("--shout needs --shout-group or a --group")
        if args.whisper and not args.whisper_to:
            raise SystemExit("--whisper needs --whisper-to")
        self.evasive = args.evasive_ms / 1000.0
        self.expired = args.expired_ms / 1000.0
        self.peers = {}               # uuid -> Peer
        self.pending = {}             # endpoint -> Peer (--connect, uuid unknown yet)
        self.dropped = set()          # uuids dropped for a protocol error
        self.entered = 0
        self.exited = 0
        self.shouts = 0
        self.whispers = 0
        self.done_at = None
        now = time.monotonic()
        self.t0 = now
        self.ctx = zmq.Context()
        self.inbox = self.ctx.socket(zmq.ROUTER)
        self.inbox.setsockopt(zmq.LINGER, 0)
        iface = args.interface_address
        if args.mailbox_port:
            self.inbox.bind("tcp://%s:%d" % (iface, args.mailbox_port))
            self.port = args.mailbox_port
        else:
            self.port = self.bind_random(iface)
        host = "[%s]" % iface if ":" in iface else iface
        self.endpoint = "tcp://%s:%d" % (host, self.port)
        self.udp = None
        if not args.no_beacon:
            self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if hasattr(socket, "SO_REUSEPORT"):
                self.udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            self.udp.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            self.udp.bind((args.beacon_bind_address, args.beacon_port))
            self.udp.setblocking(False)
            if args.broadcast_address:
                self.bcast = args.broadcast_address
            elif iface.startswith("127."):
                self.bcast = "127.255.255.255"
            else:
                self.bcast = "255.255.255.255"
        rt.out("listening " + self.endpoint)
        rt.diag("zre node %s uuid %s inbox %s beacons %s"
                % (self.name, self.uuid.hex(), self.endpoint,
                   "off" if self.udp is None else "%s:%d" % (self.bcast, args.beacon_port)))
        if args.join_after <= 0:
            for g in args.group:
                self.join(g)
        self.joined_late = args.join_after <= 0
        self.left = False
        self.next_beacon = now
        for ep in args.connect:
            p = Peer(None, ep, now)
            self.open_dealer(p, "connect")
            self.pending[ep] = p

    def bind_random(self, iface):
        """RFC 36: an ephemeral port in C000-FFFF (pyzmq's bind_to_random_port
        with its default range would let the kernel pick any port)."""
        host = "[%s]" % iface if ":" in iface else iface
        for _ in range(200):
            port = random.randint(0xC000, 0xFFFF)
            try:
                self.inbox.bind("tcp://%s:%d" % (host, port))
                return port
            except zmq.ZMQError as e:
                if e.errno != zmq.EADDRINUSE:
                    raise
        raise zmq.ZMQError(zmq.EADDRINUSE, "no free port in C000-FFFF")

    # -- helpers -------------------------------------------------------------
    def header(self, msg_id, seq):
        return SIGNATURE + struct.pack(">BBH", msg_id, self.version, seq)

    def send(self, peer, msg_id, body=b"", frames=()):
        if peer.dealer is None:
            return False
        peer.sent_seq = (peer.sent_seq + 1) & 0xFFFF
        parts = [self.header(msg_id, peer.sent_seq) + body] + list(frames)
        try:
            peer.dealer.send_multipart(parts, flags=zmq.NOBLOCK)
            return True
        except zmq.Again:
            self.rt.diag("send %s to %s would block" % (NAMES[msg_id], peer.label()))
            if peer.uuid is not None:
                self.remove_peer(peer, "send-failed")
            return False

    def hello_body(self):
        return (put_string(self.endpoint) + put_strings(self.groups)
                + bytes([self.status]) + put_string(self.name) + put_hash(self.headers))

    def open_dealer(self, peer, how):
        d = self.ctx.socket(zmq.DEALER)
        d.setsockopt(zmq.LINGER, 0)
        d.setsockopt(zmq.IDENTITY, b"\x01" + self.uuid)
        d.setsockopt(zmq.SNDTIMEO, 0)
        d.setsockopt(zmq.SNDHWM, max(100, int(self.expired * 100)))
        d.connect(peer.endpoint)
        peer.dealer = d
        peer.sent_seq = 0
        self.rt.event("discovered", peer.uuid.hex() if peer.uuid else '""',
                      fmt_text(peer.endpoint), how)
        self.send(peer, HELLO, self.hello_body())

    def close_dealer(self, peer, linger=0):
        if peer.dealer is not None:
            peer.dealer.close(linger)
            peer.dealer = None

    def remove_peer(self, peer, reason):
        if self.peers.get(peer.uuid) is peer:
            del self.peers[peer.uuid]
        self.close_dealer(peer)
        if peer.ready:
            self.exited += 1
            self.rt.event("exit", peer.label(), reason)

    def new_peer(self, uuid, endpoint, how):
        now = time.monotonic()
        # a new node on an endpoint some other peer used: that one is gone
        for other in list(self.peers.values()):
            if other.endpoint == endpoint and other.uuid != uuid:
                self.remove_peer(other, "restarted")
        p = Peer(uuid, endpoint, now)
        self.peers[uuid] = p
        self.open_dealer(p, how)
        return p

    # -- our own group actions -------------------------------------------------
    def join(self, group):
        if group in self.groups:
            return
        self.groups.append(group)
        self.status = (self.status + 1) & 0xFF
        for p in list(self.peers.values()):
            self.send(p, JOIN, put_string(group) + bytes([self.status]))
        self.rt.event("join-sent", fmt_text(group), self.status)

    def leave(self, group):
        if group not in self.groups:
            return
        self.groups.remove(group)
        self.status = (self.status + 1) & 0xFF
        for p in list(self.peers.values()):
            self.send(p, LEAVE, put_string(group) + bytes([self.status]))
        self.rt.event("leave-sent", fmt_text(group), self.status)

    def deliver_ours(self, peer):
        """Send our pending shouts/whispers to a peer that said HELLO."""
        if peer.dealer is None or not peer.ready:
            return
        g = self.shout_group
        if self.args.shout and g is not None and g.encode() in peer.groups \
                and g not in peer.shouted:
            peer.shouted.add(g)
            for text in self.args.shout:
                body = [text.encode()]
                if self.send(peer, SHOUT, put_string(g), body):
                    self.rt.event("shout-sent", peer.label(), fmt_text(g), fmt_frames(body))
        if self.args.whisper and not peer.whispered and self.args.whisper_to in (
                dec(peer.name or b""), peer.uuid.hex()):
            peer.whispered = True
            for text in self.args.whisper:
                body = [text.encode()]
                if self.send(peer, WHISPER, b"", body):
                    self.rt.event("whisper-sent", peer.label(), fmt_frames(body))

    # -- beacons -------------------------------------------------------------
    def send_beacon(self, port):
        if self.udp is None:
            return
        data = BEACON_HEADER + self.uuid + struct.pack(">H", port)
        try:
            self.udp.sendto(data, (self.bcast, self.args.beacon_port))
            self.rt.hb_event("beacon-sent", port)
        except OSError as e:
            self.rt.diag("beacon sendto %s failed: %s" % (self.bcast, e))

    def recv_beacons(self):
        while True:
            try:
                data, (ip, _) = self.udp.recvfrom(512)
            except (BlockingIOError, InterruptedError):
                return
            if len(data) != 22 or data[:4] != BEACON_HEADER:
                continue                          # invalid beacon: discard silently
            uuid = data[4:20]
            port = struct.unpack(">H", data[20:22])[0]
            if uuid == self.uuid:
                continue                          # our own
            self.rt.hb_event("beacon", uuid.hex(), ip, port)
            peer = self.peers.get(uuid)
            if port == 0:
                if peer is not None:
                    self.remove_peer(peer, "beacon-port-0")
                self.dropped.discard(uuid)
                continue
            if peer is not None:
                peer.last_seen = time.monotonic()
                continue
            if uuid in self.dropped:
                continue                          # dropped for an error: stay away
            host = "[%s]" % ip if ":" in ip else ip
            ep = "tcp://%s:%d" % (host, port)
            if ep in self.pending:                # --connect already reached it
                continue
            self.new_peer(uuid, ep, "beacon")

    # -- inbox ---------------------------------------------------------------
    def handle(self, frames):
        rid = frames[0]
        if len(rid) != 17 or rid[0] != 1:
            self.rt.error("routing id %s is not 01 + 16-octet UUID; message dropped"
                          % (rid.hex() or '""'))
            return
        uuid = rid[1:]
        if len(frames) < 2:
            self.rt.error("empty message from %s" % uuid.hex())
            return
        first, content = frames[1], frames[2:]
        if first[:2] != SIGNATURE:
            self.rt.error("bad signature %s from %s; message dropped"
                          % (first[:2].hex() or '""', uuid.hex()))
            return
        if len(first) < 6:
            self.rt.error("message of %d octets from %s is too short for the header"
                          % (len(first), uuid.hex()))
            return
        msg_id, version, seq = first[2], first[3], struct.unpack(">H", first[4:6])[0]
        if msg_id not in NAMES:
            self.rt.error("unknown message id %d from %s" % (msg_id, uuid.hex()))
            return
        cmd = NAMES[msg_id]
        if version != self.version:
            self.rt.error("%s with version %d from %s, expected %d; discarded"
                          % (cmd, version, uuid.hex(), self.version))
            return
        r = Reader(first, 6)
        try:
            fields = self.parse(msg_id, r, content)
        except Malformed as e:
            self.rt.error("malformed %s from %s: %s" % (cmd, uuid.hex(), e))
            return
        if r.left():
            self.rt.diag("%s from %s: %d trailing octets ignored" % (cmd, uuid.hex(), r.left()))

        peer = self.peers.get(uuid)
        if msg_id == HELLO:
            self.on_hello(uuid, seq, fields, peer)
            return
        if peer is None or not peer.ready:
            reason = "dropped-peer" if uuid in self.dropped else "before-hello"
            self.rt.event("ignored", uuid.hex(), cmd, reason)
            return
        expect = (peer.recv_seq + 1) & 0xFFFF
        if seq != expect:
            self.rt.error("sequence %d in %s from %s, expected %d; peer dropped"
                          % (seq, cmd, peer.label(), expect))
            self.dropped.add(uuid)
            self.remove_peer(peer, "sequence")
            return
        peer.recv_seq = seq
        peer.last_seen = time.monotonic()
        peer.next_ping = None
        if msg_id in (JOIN, LEAVE):
            group, status = fields
            want = (peer.status + 1) & 0xFF
            if status != want:
                self.rt.error("%s %s from %s carries status %d, expected %d"
                              % (cmd, fmt_frame(group), peer.label(), status, want))
            peer.status = status
            if msg_id == JOIN:
                if group in peer.groups:
                    self.rt.error("JOIN %s from %s, already in that group"
                                  % (fmt_frame(group), peer.label()))
                peer.groups.add(group)
                self.rt.event("join", peer.label(), fmt_frame(group))
                self.deliver_ours(peer)
            else:
                if group not in peer.groups:
                    self.rt.error("LEAVE %s from %s, not in that group"
                                  % (fmt_frame(group), peer.label()))
                peer.groups.discard(group)
                self.rt.event("leave", peer.label(), fmt_frame(group))
        elif msg_id == SHOUT:
            group = fields
            self.shouts += 1
            self.rt.event("shout", peer.label(), fmt_frame(group), fmt_frames(content))
        elif msg_id == WHISPER:
            self.whispers += 1
            self.rt.event("whisper", peer.label(), fmt_frames(content))
        elif msg_id == PING:
            self.rt.event("ping", peer.label())
            self.send(peer, PING_OK)
        elif msg_id == PING_OK:
            self.rt.event("ping-ok", peer.label())
        elif msg_id == GOODBYE:
            self.remove_peer(peer, "goodbye")
        else:
            self.rt.event("ignored", uuid.hex(), cmd, "zyre-extension")

    def parse(self, msg_id, r, content):
        if msg_id == HELLO:
            endpoint = r.string()
            groups = r.strings()
            status = r.u8()
            name = r.string()
            headers = r.hash()
            fields = (endpoint, groups, status, name, headers)
        elif msg_id in (JOIN, LEAVE):
            fields = (r.string(), r.u8())
        elif msg_id == SHOUT:
            fields = r.string()
        elif msg_id in (ELECT, LEADER):
            fields = (r.string(), r.string())
        else:
            fields = None
        if msg_id not in (SHOUT, WHISPER) and content:
            raise Malformed("%d unexpected extra frame(s)" % len(content))
        return fields

    def on_hello(self, uuid, seq, fields, peer):
        endpoint, groups, status, name, headers = fields
        endpoint = dec(endpoint)
        if seq != 1:
            self.rt.error("HELLO from %s with sequence %d, expected 1" % (uuid.hex(), seq))
        self.dropped.discard(uuid)
        if peer is not None and peer.ready:
            # a fresh HELLO: the peer restarted; forget the old one
            self.remove_peer(peer, "restarted")
            peer = None
        if peer is None:
            pend = self.pending.pop(endpoint, None)
            if pend is not None:
                pend.uuid = uuid
                self.peers[uuid] = pend
                peer = pend
            else:
                peer = self.new_peer(uuid, endpoint, "hello")
        elif peer.endpoint != endpoint:
            self.rt.diag("HELLO endpoint %s differs from the beacon's %s"
                         % (endpoint, peer.endpoint))
        peer.recv_seq = seq
        peer.ready = True
        peer.name = name
        peer.status = status
        peer.groups = set(groups)
        peer.headers = headers
        peer.last_seen = time.monotonic()
        peer.next_ping = None
        self.entered += 1
        self.rt.event("enter", peer.label(), uuid.hex())
        self.rt.event("hello", peer.label(), fmt_text(endpoint), status,
                      fmt_text(",".join(dec(g) for g in groups)),
                      fmt_text(",".join("%s=%s" % (dec(k), dec(v)) for k, v in headers)))
        for g in groups:
            self.rt.event("join", peer.label(), fmt_frame(g))
        self.deliver_ours(peer)

    # -- timers --------------------------------------------------------------
    def timers(self, now):
        a = self.args
        if self.udp is not None and now >= self.next_beacon:
            self.send_beacon(self.port)
            self.next_beacon = now + a.beacon_interval_ms / 1000.0
        if not self.joined_late and now - self.t0 >= a.join_after:
            self.joined_late = True
            for g in a.group:
                self.join(g)
        if a.leave_after and not self.left and now - self.t0 >= a.leave_after:
            self.left = True
            for g in list(self.groups):
                self.leave(g)
        if a.die_after and now - self.t0 >= a.die_after:
            self.rt.die_after(a.die_after)
        for p in list(self.peers.values()):
            silent = now - p.last_seen
            if silent >= self.expired:
                self.remove_peer(p, "expired")
                if not p.ready:
                    self.rt.diag("peer %s never said HELLO; forgotten" % p.uuid.hex())
            elif silent >= self.evasive and p.ready:
                if p.next_ping is None or now >= p.next_ping:
                    self.rt.hb_event("evasive", p.label())
                    if self.send(p, PING):
                        self.rt.hb_event("ping-sent", p.label())
                    p.next_ping = now + self.evasive
        for ep, p in list(self.pending.items()):
            if now - p.last_seen >= self.expired:
                self.rt.diag("no HELLO from %s; giving up on it" % ep)
                self.close_dealer(p)
                del self.pending[ep]

    def complete(self):
        a = self.args
        conds = [(a.expect_peers, self.entered), (a.expect_shouts, self.shouts),
                 (a.expect_whispers, self.whispers), (a.expect_exits, self.exited)]
        wanted = [(n, got) for n, got in conds if n]
        return bool(wanted) and all(got >= n for n, got in wanted)

    def run(self):
        poller = zmq.Poller()
        poller.register(self.inbox, zmq.POLLIN)
        if self.udp is not None:
            poller.register(self.udp.fileno(), zmq.POLLIN)
        code = None
        try:
            while not self.rt.stopping():
                now = time.monotonic()
                if self.done_at is not None and now >= self.done_at:
                    self.rt.stop_reason = "done"
                    break
                events = dict(poller.poll(50))
                if self.inbox in events:
                    drain(self.inbox, self.handle)
                if self.udp is not None and self.udp.fileno() in events:
                    self.recv_beacons()
                self.timers(time.monotonic())
                if self.done_at is None and self.complete():
                    self.rt.event("done")
                    self.done_at = time.monotonic() + self.args.exit_grace_ms / 1000.0
        finally:
            reason = self.rt.stop_reason or "exception"
            if self.rt.stop_reason == "duration" and self.done_at is None and any(
                    (self.args.expect_peers, self.args.expect_shouts,
                     self.args.expect_whispers, self.args.expect_exits)):
                code = 2
                self.rt.out("gave up")
            self.rt.event("stop", reason)
            if not self.args.silent_exit and reason != "exception":
                self.send_beacon(0)
            linger = 1000 if reason == "done" else 0
            for p in list(self.peers.values()) + list(self.pending.values()):
                self.close_dealer(p, linger)
            self.inbox.close(0)
            if self.udp is not None:
                self.udp.close()
            self.ctx.term()
        if self.rt.errors:
            return 1
        return code or 0


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def nonneg_float(text):
    v = float(text)
    if v < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return v


def uuid_hex(text):
    if not re.fullmatch(r"[0-9a-fA-F]{32}", text):
        raise argparse.ArgumentTypeError("want 32 hex digits")
    return text


def build_parser():
    p = argparse.ArgumentParser(description="ZRE v2 (RFC 36) test node.")
    sub = p.add_subparsers(dest="role", required=True)

    def common(sp):
        rolekit.add_common_options(sp, "also print beacon, evasive and ping-sent events")

    n = sub.add_parser("node", help="a ZRE node")
    n.add_argument("--name", default=None, help="HELLO name (default: first 6 hex"
                   " digits of the UUID, as zyre)")
    n.add_argument("--uuid", type=uuid_hex, default=None, help="32 hex digits (default random)")
    n.add_argument("--group", action="append", default=[], help="join this group")
    n.add_argument("--shout", action="append", default=[],
                   help="SHOUT this text (one frame) once to each member of --shout-group")
    n.add_argument("--shout-group", default=None, help="default: the first --group")
    n.add_argument("--whisper-to", default=None, help="peer name (or UUID hex)")
    n.add_argument("--whisper", action="append", default=[], help="WHISPER this text once")
    n.add_argument("--header", action="append", default=[], help="HELLO header KEY=VALUE")
    n.add_argument("--beacon-port", type=nonneg_int, default=5670)
    n.add_argument("--interface-address", default="127.0.0.1",
                   help="address the inbox binds to and HELLO advertises")
    n.add_argument("--broadcast-address", default=None,
                   help="beacon destination (default 127.255.255.255 for a 127/8"
                        " interface, else 255.255.255.255)")
    n.add_argument("--beacon-bind-address", default="0.0.0.0",
                   help="address the UDP socket binds to (must receive broadcasts)")
    n.add_argument("--beacon-interval-ms", type=nonneg_int, default=1000)
    n.add_argument("--no-beacon", action="store_true", help="no UDP at all")
    n.add_argument("--connect", action="append", default=[],
                   help="also connect to this inbox endpoint and say HELLO")
    n.add_argument("--mailbox-port", type=nonneg_int, default=0,
                   help="inbox TCP port (default: random in C000-FFFF)")
    n.add_argument("--version", type=int, choices=[2, 3], default=2)
    n.add_argument("--evasive-ms", type=nonneg_int, default=5000)
    n.add_argument("--expired-ms", type=nonneg_int, default=30000)
    n.add_argument("--join-after", type=nonneg_float, default=0.0,
                   help="join the --group groups after S seconds (JOIN on the wire)")
    n.add_argument("--leave-after", type=nonneg_float, default=0.0,
                   help="leave all groups after S seconds")
    n.add_argument("--die-after", type=nonneg_float, default=0.0,
                   help="vanish after S seconds: no port-0 beacon, no close")
    n.add_argument("--silent-exit", action="store_true",
                   help="no port-0 beacon on a clean stop")
    n.add_argument("--expect-peers", type=nonneg_int, default=0)
    n.add_argument("--expect-shouts", type=nonneg_int, default=0)
    n.add_argument("--expect-whispers", type=nonneg_int, default=0)
    n.add_argument("--expect-exits", type=nonneg_int, default=0)
    n.add_argument("--exit-grace-ms", type=nonneg_int, default=500,
                   help="keep serving this long after the expectations are met")
    common(n)
    return p


def main():
    rolekit.run_main(build_parser(), {"node": Node}, catch=(zmq.ZMQError, OSError),
                     error_text=lambda e: "%s: %s" % (type(e).__name__, e))


if __name__ == "__main__":
    main()
