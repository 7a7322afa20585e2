#!/usr/bin/python3
r"""Clone test peers: server and client roles for 12/CHP (Clustered Hashmap).

Independent reference peers for ZmqScope's tests, written from the RFC text
(zeromq/rfc 12/CHP, stable) and the project's digest
/work/shared/specs/protocols.md sections 13 and 17 (the Guide's Clone
pattern, clonesrv5/6.c, clonecli5/6.c, kvmsg.c, for the points where the
reference code differs).
Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

Usage
-----
  clone_roles.py server --snapshot EP --publisher EP --collector EP
      [--collector-type sub|pull] [--hugz-ms 1000] [--ttl-sweep-ms 1000]
      [--style rfc|zguide] [--set KEY=VALUE ...]
  clone_roles.py client --snapshot EP --subscriber EP [--publisher EP]
      [--publisher-type pub|push] [--subtree PATH] [--set KEY=VALUE ...]
      [--ttl S] [--expect-keys N] [--timeout-ms 10000] [--server-ttl-ms 5000]
  Common: [--duration S] [--stdin-stop] [--verbose] [--exit-on-error]
  (server: --snapshot/--publisher/--collector are bound; client: they are
  connected, the client's --publisher going to the server's --collector.)

Wire format (RFC 12; the ROUTER routing-id frame is not shown)
--------------------------------------------------------------
  ICANHAZ  client DEALER -> snapshot ROUTER   "ICANHAZ?" | subtree
  every other command is exactly 5 frames (a "kvmsg"):
    key | sequence (8 octets, network order) | UUID (16 octets or empty)
        | properties ("name=value\n" repeated, or empty) | value (blob)
  KVSYNC   snapshot -> client   key | seq | [] | [] | value
  KTHXBAI  snapshot -> client   "KTHXBAI" | seq | [] | [] | subtree
  KVPUB    PUB -> client SUB    key | seq | UUID or [] | props | value
  HUGZ     PUB -> client SUB    "HUGZ" | 00000000 | [] | [] | []
  KVSET    client PUB -> server collector SUB   key | 0 | UUID | props | value
  An empty value deletes the key.  Property "ttl" = seconds to live.

Stdout (one line per event, flushed): first "listening EP" per bound
endpoint (server: snapshot, publisher, collector) or "connected EP" per
connected one (client: snapshot, subscriber, publisher), then "event <kind>
<args>", "error <text>" for protocol errors, "gave up" when the client gives
up.  A key/value prints as ONE token KEY=VALUE (the key, "=", the value, with
backslash, double quote, whitespace and non-printables as \xNN); keys and
subtrees print as one token the same way, "" when empty.  Exit codes: 0 ok,
1 protocol error seen, 2 client gave up.

Events ("event KIND ARGS"; SEQ = decimal sequence number)
---------------------------------------------------------
  server: seed SEQ KEY=VALUE (--set at start-up)
          set SEQ KEY=VALUE (a KVSET stored and republished as KVPUB SEQ)
          delete SEQ KEY (a KVSET with an empty value, republished)
          expired SEQ KEY (ttl ran out: deleted, KVPUB with empty value)
          icanhaz SUBTREE N (snapshot of N KVSYNC then KTHXBAI sent)
          hugz SEQ (verbose) | dropped WHAT (snapshot peer gone)
          stop REASON
  client: snapshot KEY=VALUE (each KVSYNC) | snapshot-done SEQ N (KTHXBAI:
            its sequence and the number of keys now held)
          sent KEY=VALUE (a KVSET published; "sent KEY=" is a delete)
          update SEQ KEY=VALUE (KVPUB applied) | delete KEY (KVPUB with empty
            value applied) | stale SEQ KEY (KVPUB not newer: discarded)
          hugz | gap EXPECTED GOT (only without --subtree: sequence numbers
            skipped, updates lost) | server-lost MS (silence: re-sync)
          done N (holds exactly --expect-keys keys) | gave-up N (then the
            line "gave up") | stop REASON
  stop REASON: count (expected keys reached), duration, signal, stdin, error,
  gave-up.

Interpretation choices (RFC 12 vs clonesrv5/6.c, clonecli5/6.c, kvmsg.c)
-----------------------------------------------------------------------
  * Collector: RFC 12 says SUB at P+2 fed by client PUB (clonesrv6/clonecli6);
    clonesrv5/clonecli5 use PULL/PUSH.  Default sub/pub; --collector-type pull
    / --publisher-type push for the model-5 pair.  Ports need not be P, P+1,
    P+2: each endpoint is given.
  * --style rfc (default): KVSYNC carries the stored sequence (RFC: "no
    significance, may be zero") with frames 2 and 3 empty; KTHXBAI carries
    the highest sequence of the KVSYNCs just sent (0 if none), as RFC 12
    says, and the subtree in frame 4; HUGZ carries sequence 0.
    --style zguide: as clonesrv5/6.c: KVSYNC carries the stored UUID and
    properties with "ttl" rewritten to an absolute expiry time in
    milliseconds since the epoch; KTHXBAI carries the server's current
    sequence and an empty frame 4; HUGZ carries the current sequence.
  * KVPUB republishes the client's UUID and properties unchanged (ttl still
    in seconds); sequences start at 1 and grow by one per KVPUB, deletions
    and expiries included.  A KVSET whose key is "HUGZ" or "KTHXBAI" (it
    would read as a command on the client side) or empty is a protocol error
    and is dropped; so is anything not of 5 frames, a sequence frame not of
    8 octets or a UUID frame not of 0 or 16 octets.  The KVSET sequence is
    ignored.  ttl accepts a decimal number of seconds; <= 0 means none.
  * HUGZ: RFC says "in the absence of other updates"; the server sends one
    when it has published nothing for --hugz-ms.  TTL sweep every
    --ttl-sweep-ms (the reference: 1 s), so a key lives ttl .. ttl + sweep.
  * Client start-up: it subscribes to the subtree (and to "HUGZ" when the
    subtree is not empty) and waits for its SUB's ZMTP handshake (socket
    monitor, up to 2 s) plus 100 ms, so the subscription has reached the
    server before it sends ICANHAZ; updates published meanwhile wait in the
    SUB queue and those not newer than KTHXBAI are discarded ("stale").  The
    --set updates go out only after KTHXBAI and after the publisher
    connection's handshake (+100 ms, since a PUB drops messages until the
    server's SUB subscription arrives).  Each KVSET has a fresh random UUID
    (uuid4), sequence 0, and properties "ttl=S\n" with --ttl, else empty
    (clone.c always sends ttl, "ttl=0" when not ephemeral).
  * KTHXBAI frame 4: the RFC says the subtree, the reference sends it empty;
    the client accepts either and reports anything else as an error.  A
    KVSYNC for a key outside the requested subtree is an error.
  * Keys held / --expect-keys N: the client exits 0 ("done N") as soon as,
    after the snapshot and once every --set update of its own inside the
    subtree has come back as a KVPUB (matched by UUID), it holds exactly N
    keys; it gives up (exit 2) if that has not happened within --timeout-ms.
    Without --expect-keys it runs until --duration, a signal or stdin EOF.
  * Server silence: clone.c / clonecli6.c fail over after 5000 ms without
    HUGZ or updates.  With one server this client re-syncs instead: "event
    server-lost MS", a new DEALER, ICANHAZ again, the map rebuilt from the new
    snapshot (same after 5000 ms without KTHXBAI).
  * "gap" events: without --subtree the client sees every KVPUB, so a jump
    in sequence numbers means lost updates (PUB/SUB drops under HWM); with a
    subtree gaps are normal and not reported.
  * Exit status: 1 whenever an "error" line was printed, even if the stop
    itself was clean; otherwise 0 (2 for a client that gave up).  All sockets
    close with LINGER 0, except the client's publisher which gets 500 ms so
    a KVSET sent just before exiting is not discarded.
"""

import argparse
import os
import struct
import sys
import time
import uuid

import zmq
from zmq.utils.monitor import recv_monitor_message

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import rolekit  # noqa: E402  (this folder: output, stop, options, main)
from rolekit import drain, fmt_frame, fmt_frames, hexid, nonneg_int, pos_int  # noqa: E402

ICANHAZ = b"ICANHAZ?"
KTHXBAI = b"KTHXBAI"
HUGZ = b"HUGZ"


def fmt_kv(key, value):
    return fmt_frame(key + b"=" + value)


# ---------------------------------------------------------------------------
# kvmsg encoding
# ---------------------------------------------------------------------------

class KvError(Exception):
    pass


def seq_frame(n):
    return struct.pack(">Q", n)


def parse_kvmsg(frames):
    """(key, seq, uuid, props bytes, value); raises KvError."""
    if len(frames) != 5:
        raise KvError("kvmsg of %d frame(s), expected 5 (key | seq | uuid | props"
                      " | value): %s" % (len(frames), fmt_frames(frames[:6])))
    key, seq, uid, props, value = frames
    if len(seq) != 8:
        raise KvError("sequence frame of %d octet(s), expected 8 (key %s)"
                      % (len(seq), fmt_frame(key)))
    if len(uid) not in (0, 16):
        raise KvError("UUID frame of %d octet(s), expected 0 or 16 (key %s)"
                      % (len(uid), fmt_frame(key)))
    return key, struct.unpack(">Q", seq)[0], uid, props, value


def parse_props(raw):
    """'name=value\\n'* -> list of (name, value); raises KvError."""
    if not raw:
        return []
    if not raw.endswith(b"\n"):
        raise KvError("properties %s do not end in a newline" % fmt_frame(raw))
    out = []
    for line in raw[:-1].split(b"\n"):
        name, eq, value = line.partition(b"=")
        if not eq or not name:
            raise KvError("property %s is not name=value" % fmt_frame(line))
        out.append((name, value))
    return out


def encode_props(props):
    return b"".join(n + b"=" + v + b"\n" for n, v in props)


def parse_assignment(text):
    key, eq, value = text.partition("=")
    if not eq or not key:
        raise argparse.ArgumentTypeError("expected KEY=VALUE, got %r" % text)
    return key.encode(), value.encode()


# ---------------------------------------------------------------------------
# server
# ---------------------------------------------------------------------------

class Entry:
    def __init__(self, seq, uid, props, value, expires, expires_epoch_ms):
        self.seq = seq
        self.uid = uid
        self.props = props              # raw properties as received
        self.value = value
        self.expires = expires          # monotonic deadline or None
        self.expires_epoch_ms = expires_epoch_ms


class Server:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.ctx = zmq.Context()
        self.snapshot = self.ctx.socket(zmq.ROUTER)
        self.snapshot.setsockopt(zmq.ROUTER_MANDATORY, 1)
        self.publisher = self.ctx.socket(zmq.PUB)
        if args.collector_type == "sub":
            self.collector = self.ctx.socket(zmq.SUB)
            self.collector.setsockopt(zmq.SUBSCRIBE, b"")
        else:
            self.collector = self.ctx.socket(zmq.PULL)
        for s in (self.snapshot, self.publisher, self.collector):
            s.setsockopt(zmq.LINGER, 0)
        self.snapshot.bind(args.snapshot)
        rt.out("listening " + args.snapshot)
        self.publisher.bind(args.publisher)
        rt.out("listening " + args.publisher)
        self.collector.bind(args.collector)
        rt.out("listening " + args.collector)
        self.sequence = 0
        self.kvmap = {}
        self.last_pub = time.monotonic()
        self.next_sweep = time.monotonic() + args.ttl_sweep_ms / 1000.0
        for key, value in args.set or []:
            if not value:
                continue
            self.sequence += 1
            self.kvmap[key] = Entry(self.sequence, b"", b"", value, None, None)
            self.publish([key, seq_frame(self.sequence), b"", b"", value])
            self.rt.event("seed", self.sequence, fmt_kv(key, value))

    def publish(self, frames):
        self.publisher.send_multipart(frames)
        self.last_pub = time.monotonic()

    # -- snapshot ------------------------------------------------------------
    def snapshot_request(self, frames):
        client, rest = frames[0], frames[1:]
        if not rest or rest[0] != ICANHAZ:
            self.rt.error("snapshot request %s from %s is not ICANHAZ?: dropped"
                          % (fmt_frames(rest[:2]), hexid(client)))
            return
        if len(rest) != 2:
            self.rt.error("ICANHAZ? with %d frame(s), expected 2 (ICANHAZ? |"
                          " subtree): dropped" % len(rest))
            return
        subtree = rest[1]
        if subtree and not (subtree.startswith(b"/") and subtree.endswith(b"/")
                            and len(subtree) > 1):
            self.rt.error("subtree %s is not empty and not /seg/.../: served as a"
                          " plain key prefix" % fmt_frame(subtree))
        zguide = self.args.style == "zguide"
        sent = 0
        highest = 0
        for key in sorted(self.kvmap):
            if not key.startswith(subtree):
                continue
            e = self.kvmap[key]
            if zguide:
                props = parse_props(e.props) if e.props else []
                if e.expires_epoch_ms is not None:
                    props = [(n, str(e.expires_epoch_ms).encode() if n == b"ttl" else v)
                             for n, v in props]
                msg = [client, key, seq_frame(e.seq), e.uid, encode_props(props), e.value]
            else:
                msg = [client, key, seq_frame(e.seq), b"", b"", e.value]
            if not self._send_snapshot(msg):
                return
            sent += 1
            highest = max(highest, e.seq)
        if zguide:
            msg = [client, KTHXBAI, seq_frame(self.sequence), b"", b"", b""]
        else:
            msg = [client, KTHXBAI, seq_frame(highest), b"", b"", subtree]
        if self._send_snapshot(msg):
            self.rt.event("icanhaz", fmt_frame(subtree), sent)

    def _send_snapshot(self, frames):
        try:
            self.snapshot.send_multipart(frames, flags=zmq.NOBLOCK)
            return True
        except zmq.ZMQError as e:
            self.rt.diag("snapshot send to %s failed: %s" % (hexid(frames[0]), e))
            self.rt.event("dropped", "snapshot")
            return False

    # -- collector -----------------------------------------------------------
    def collected(self, frames):
        try:
            key, _seq, uid, props_raw, value = parse_kvmsg(frames)
            props = parse_props(props_raw)
        except KvError as e:
            self.rt.error("KVSET: %s: dropped" % e)
            return
        if not key or key in (HUGZ, KTHXBAI):
            self.rt.error("KVSET with key %s (reads as a command on clients): dropped"
                          % fmt_frame(key))
            return
        ttl = 0.0
        for name, v in props:
            if name == b"ttl":
                try:
                    ttl = float(v.decode("ascii"))
                except (UnicodeDecodeError, ValueError):
                    self.rt.error("KVSET %s: ttl %s is not a number: ignored"
                                  % (fmt_frame(key), fmt_frame(v)))
                    ttl = 0.0
        self.sequence += 1
        self.publish([key, seq_frame(self.sequence), uid, props_raw, value])
        if not value:
            self.kvmap.pop(key, None)
            self.rt.event("delete", self.sequence, fmt_frame(key))
            return
        expires = expires_ms = None
        if ttl > 0:
            expires = time.monotonic() + ttl
            expires_ms = int(time.time() * 1000 + ttl * 1000)
        self.kvmap[key] = Entry(self.sequence, uid, props_raw, value, expires, expires_ms)
        self.rt.event("set", self.sequence, fmt_kv(key, value))

    def timers(self):
        now = time.monotonic()
        if now >= self.next_sweep:
            self.next_sweep = now + self.args.ttl_sweep_ms / 1000.0
            for key in sorted(self.kvmap):
                e = self.kvmap[key]
                if e.expires is not None and now >= e.expires:
                    self.sequence += 1
                    self.publish([key, seq_frame(self.sequence), e.uid, e.props, b""])
                    del self.kvmap[key]
                    self.rt.event("expired", self.sequence, fmt_frame(key))
        if now - self.last_pub >= self.args.hugz_ms / 1000.0:
            seq = self.sequence if self.args.style == "zguide" else 0
            self.publish([HUGZ, seq_frame(seq), b"", b"", b""])
            self.rt.hb_event("hugz", seq)

    def run(self):
        poller = zmq.Poller()
        poller.register(self.snapshot, zmq.POLLIN)
        poller.register(self.collector, zmq.POLLIN)
        try:
            while not self.rt.stopping():
                ready = dict(poller.poll(20))
                if ready.get(self.collector):
                    drain(self.collector, self.collected)
                if ready.get(self.snapshot):
                    drain(self.snapshot, self.snapshot_request)
                self.timers()
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            for s in (self.snapshot, self.publisher, self.collector):
                s.close(0)
            self.ctx.term()
        return self.rt.exit_code()


# ---------------------------------------------------------------------------
# client
# ---------------------------------------------------------------------------

class Handshake:
    """Watches a socket's monitor for its first ZMTP handshake."""

    def __init__(self, sock):
        self.sock = sock
        self.mon = sock.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
        self.done_at = None

    def poll(self):
        if self.done_at is None and self.mon is not None:
            while self.mon.poll(0):
                ev = recv_monitor_message(self.mon)
                if ev["event"] == zmq.EVENT_HANDSHAKE_SUCCEEDED:
                    self.done_at = time.monotonic()
                    self.close()
                    break
        return self.done_at

    def close(self):
        if self.mon is not None:
            try:
                self.sock.disable_monitor()
            except zmq.ZMQError:
                pass
            self.mon.close(0)
            self.mon = None


SETTLE = 0.1            # after a handshake, for the subscription to travel
HANDSHAKE_WAIT = 2.0    # give up waiting for a handshake after this long


class Client:
    PENDING, ACTIVE = "pending", "active"

    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        if args.set and not args.publisher:
            raise SystemExit("clone_roles.py client: --set needs --publisher")
        self.subtree = args.subtree.encode()
        if self.subtree and not (self.subtree.startswith(b"/")
                                 and self.subtree.endswith(b"/")):
            rt.diag("warning: RFC 12 subtrees are empty or /seg/.../; sending %r anyway"
                    % args.subtree)
        self.ctx = zmq.Context()
        self.sub = self.ctx.socket(zmq.SUB)
        self.sub.setsockopt(zmq.LINGER, 0)
        self.sub.setsockopt(zmq.SUBSCRIBE, self.subtree)
        if self.subtree:
            self.sub.setsockopt(zmq.SUBSCRIBE, HUGZ)
        self.sub_hs = Handshake(self.sub)
        self.pub = None
        self.pub_hs = None
        if args.publisher:
            kind = zmq.PUB if args.publisher_type == "pub" else zmq.PUSH
            self.pub = self.ctx.socket(kind)
            self.pub.setsockopt(zmq.LINGER, 500)
            self.pub_hs = Handshake(self.pub)
        self.snap = None
        self.open_snapshot(first=True)
        self.sub.connect(args.subscriber)
        rt.out("connected " + args.subscriber)
        if self.pub is not None:
            self.pub.connect(args.publisher)
            rt.out("connected " + args.publisher)
        self.started = time.monotonic()
        self.state = self.PENDING
        self.icanhaz_sent = None
        self.kvmap = {}
        self.pending = {}               # snapshot being received
        self.sequence = 0
        self.last_heard = None
        self.to_send = list(args.set or [])
        self.own = set()                # UUIDs of our KVSETs not yet seen back
        self.gave_up_at = (self.started + args.timeout_ms / 1000.0
                           if args.expect_keys is not None else None)

    def open_snapshot(self, first=False):
        if self.snap is not None:
            self.snap.close(0)
        self.snap = self.ctx.socket(zmq.DEALER)
        self.snap.setsockopt(zmq.LINGER, 0)
        self.snap.connect(self.args.snapshot)
        if first:
            self.rt.out("connected " + self.args.snapshot)

    def send_icanhaz(self, now):
        self.snap.send_multipart([ICANHAZ, self.subtree])
        self.icanhaz_sent = now
        self.pending = {}
        self.state = self.PENDING

    # -- snapshot ------------------------------------------------------------
    def snapshot_message(self, frames, now):
        try:
            key, seq, _uid, props, value = parse_kvmsg(frames)
            parse_props(props)
        except KvError as e:
            self.rt.error("snapshot: %s" % e)
            return
        if self.state != self.PENDING:
            self.rt.error("snapshot message %s after KTHXBAI" % fmt_frame(key))
            return
        if key == KTHXBAI:
            if value not in (b"", self.subtree):
                self.rt.error("KTHXBAI frame 4 is %s, expected the subtree %s (RFC 12)"
                              " or empty (zguide)" % (fmt_frame(value),
                                                      fmt_frame(self.subtree)))
            self.kvmap = self.pending
            self.pending = {}
            self.sequence = seq
            self.state = self.ACTIVE
            self.last_heard = now
            self.rt.event("snapshot-done", seq, len(self.kvmap))
            return
        if not key.startswith(self.subtree):
            self.rt.error("KVSYNC for %s outside the subtree %s"
                          % (fmt_frame(key), fmt_frame(self.subtree)))
            return
        if not value:
            self.rt.error("KVSYNC for %s with an empty value" % fmt_frame(key))
            return
        self.pending[key] = value
        self.rt.event("snapshot", fmt_kv(key, value))

    # -- updates -------------------------------------------------------------
    def update_message(self, frames, now):
        try:
            key, seq, uid, props, value = parse_kvmsg(frames)
            parse_props(props)
        except KvError as e:
            self.rt.error("update: %s" % e)
            return
        self.last_heard = now
        if key == HUGZ:
            if value or uid or props:
                self.rt.error("HUGZ with non-empty UUID/properties/value")
            self.rt.event("hugz")
            return
        if not key.startswith(self.subtree):
            return                      # subscription prefix is wider than ours
        if seq <= self.sequence:
            self.rt.event("stale", seq, fmt_frame(key))
            return
        if not self.subtree and seq != self.sequence + 1:
            self.rt.event("gap", self.sequence + 1, seq)
        self.sequence = seq
        self.own.discard(uid)
        if value:
            self.kvmap[key] = value
            self.rt.event("update", seq, fmt_kv(key, value))
        else:
            self.kvmap.pop(key, None)
            self.rt.event("delete", fmt_frame(key))

    def send_updates(self, now):
        if not self.to_send or self.state != self.ACTIVE:
            return
        hs = self.pub_hs.poll()
        if hs is None:
            if now - self.started < HANDSHAKE_WAIT:
                return
        elif now - hs < SETTLE:
            return
        self.pub_hs.close()
        props = b""
        if self.args.ttl is not None:
            props = encode_props([(b"ttl", ("%g" % self.args.ttl).encode())])
        for key, value in self.to_send:
            uid = uuid.uuid4().bytes
            self.pub.send_multipart([key, seq_frame(0), uid, props, value])
            if key.startswith(self.subtree):
                self.own.add(uid)
            self.rt.event("sent", fmt_kv(key, value))
        self.to_send = []

    def check_done(self):
        n = self.args.expect_keys
        if n is None or self.state != self.ACTIVE or self.to_send or self.own:
            return False
        if len(self.kvmap) == n:
            self.rt.event("done", n)
            self.rt.stop_reason = "count"
            return True
        return False

    def run(self):
        code = 0
        poller = zmq.Poller()
        poller.register(self.snap, zmq.POLLIN)
        poller.register(self.sub, zmq.POLLIN)
        server_ttl = self.args.server_ttl_ms / 1000.0
        try:
            while not self.rt.stopping():
                now = time.monotonic()
                if self.icanhaz_sent is None:
                    hs = self.sub_hs.poll()
                    if (hs is not None and now - hs >= SETTLE) or \
                            now - self.started >= HANDSHAKE_WAIT:
                        self.sub_hs.close()
                        self.send_icanhaz(now)
                elif self.state == self.PENDING and now - self.icanhaz_sent > server_ttl:
                    self.rt.event("server-lost", int((now - self.icanhaz_sent) * 1000))
                    poller.unregister(self.snap)
                    self.open_snapshot()
                    poller.register(self.snap, zmq.POLLIN)
                    self.send_icanhaz(now)
                elif self.state == self.ACTIVE and now - self.last_heard > server_ttl:
                    self.rt.event("server-lost", int((now - self.last_heard) * 1000))
                    poller.unregister(self.snap)
                    self.open_snapshot()
                    poller.register(self.snap, zmq.POLLIN)
                    self.send_icanhaz(now)
                self.send_updates(now)
                if self.check_done():
                    break
                if self.gave_up_at is not None and now >= self.gave_up_at:
                    self.rt.event("gave-up", len(self.kvmap))
                    self.rt.out("gave up")
                    self.rt.stop_reason = "gave-up"
                    code = 2
                    break
                ready = dict(poller.poll(20))
                if ready.get(self.snap):
                    for _ in range(1000):
                        try:
                            frames = self.snap.recv_multipart(zmq.NOBLOCK)
                        except zmq.Again:
                            break
                        self.snapshot_message(frames, time.monotonic())
                # updates only once the snapshot is complete (they wait queued)
                if self.state == self.ACTIVE and ready.get(self.sub):
                    for _ in range(1000):
                        try:
                            frames = self.sub.recv_multipart(zmq.NOBLOCK)
                        except zmq.Again:
                            break
                        self.update_message(frames, time.monotonic())
                        if self.state != self.ACTIVE:
                            break
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.sub_hs.close()
            if self.pub_hs is not None:
                self.pub_hs.close()
            self.snap.close(0)
            self.sub.close(0)
            if self.pub is not None:
                self.pub.close()        # LINGER 500: deliver a last KVSET
            self.ctx.term()
        return code or self.rt.exit_code()


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def build_parser():
    p = argparse.ArgumentParser(description="Clustered Hashmap Protocol (RFC 12,"
                                " Clone pattern) test peers.")
    sub = p.add_subparsers(dest="role", required=True)

    def common(sp):
        rolekit.add_common_options(sp, "also print the HUGZ the server sends")

    s = sub.add_parser("server", help="snapshot ROUTER, publisher PUB, collector"
                       " SUB/PULL (all bound)")
    s.add_argument("--snapshot", required=True)
    s.add_argument("--publisher", required=True)
    s.add_argument("--collector", required=True)
    s.add_argument("--collector-type", choices=["sub", "pull"], default="sub")
    s.add_argument("--hugz-ms", type=pos_int, default=1000)
    s.add_argument("--ttl-sweep-ms", type=pos_int, default=1000)
    s.add_argument("--style", choices=["rfc", "zguide"], default="rfc")
    s.add_argument("--set", type=parse_assignment, action="append",
                   help="KEY=VALUE stored at start-up (repeat)")
    common(s)

    c = sub.add_parser("client", help="snapshot DEALER, subscriber SUB, publisher"
                       " PUB/PUSH (all connected)")
    c.add_argument("--snapshot", required=True)
    c.add_argument("--subscriber", required=True,
                   help="the server's publisher endpoint")
    c.add_argument("--publisher", default=None,
                   help="the server's collector endpoint (needed for --set)")
    c.add_argument("--publisher-type", choices=["pub", "push"], default="pub")
    c.add_argument("--subtree", default="",
                   help="empty, or /seg/.../ (RFC 12)")
    c.add_argument("--set", type=parse_assignment, action="append",
                   help="KEY=VALUE to publish after the snapshot (KEY= deletes)")
    c.add_argument("--ttl", type=float, default=None,
                   help="add property ttl=S to every --set update")
    c.add_argument("--expect-keys", type=nonneg_int, default=None,
                   help="exit 0 once exactly N keys are held")
    c.add_argument("--timeout-ms", type=pos_int, default=10000,
                   help="with --expect-keys: give up (exit 2) after this long")
    c.add_argument("--server-ttl-ms", type=pos_int, default=5000,
                   help="silence (no HUGZ/update/KTHXBAI) before a re-sync")
    common(c)
    return p


def main():
    rolekit.run_main(build_parser(), {"server": Server, "client": Client})


if __name__ == "__main__":
    main()
