#!/usr/bin/python3
r"""MTL test peers: the two roles of RFC 11 (Message Transport Layer, draft),
the server ("broker") and the client, each speaking both flows.

Independent reference peers for ZmqScope's tests, written from the RFC text
(zeromq/rfc 11/MTL) and the project's digest /work/shared/specs/protocols.md
sections 12 and 17.  There is no reference implementation of the data flow
(imatix/zmetal only answers Connection.Open), so both ends are ours.
Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

Usage
-----
  mtl_roles.py server --bind EP [--data-bind EP] [--announce-port N]
      [--profiles test[,confirm]] [--mechanism PLAIN|CRAM-MD5 ...]
      [--user U --password P] [--reauth-after N]
      [--ping-ms 1000] [--liveness 3]
  mtl_roles.py client --connect EP [--vhost test-env] [--profile test]
      [--mechanism PLAIN|CRAM-MD5 --user U --password P]
      [--reader] [--writer] [--resource NAME ...] [--confirm none|full]
      [--send TEXT ...] [--count 1] [--send-delay-ms 0] [--send-interval-ms 0]
      [--expect-contents N] [--reject-first] [--data-endpoint EP]
      [--timeout-ms 2500] [--ping-ms 1000] [--liveness 3]
  Common: [--duration S] [--stdin-stop] [--verbose] [--exit-on-error]

Wire format ("|" separates frames; the ROUTER routing-id frame is not shown)
--------------------------------------------------------------------------
  Control flow, client REQ -> server ROUTER (the REQ adds an empty delimiter
  frame in front of both requests and replies on the wire):
    request: command name | JSON object      reply: 3-digit status | JSON object
    Connection.Open      {"protocol":{"name":"MTL","version":1},"virtual-host":V}
                         -> 201 {"status":"Ready","profiles":[...]}
                          | 401 {"status":"Unauthorized","mechanisms":[...]}
    Connection.Authorize {"mechanism":M,"response":BASE64}
                         -> 201 | 402 {"status":"Challenged","mechanism":M,
                                       "challenge":BASE64} | 401
    Connection.Profile   {"profile":P}        -> 200 {"status":"OK"} | 400
    Connection.Reader / Connection.Writer {"resources":[...],"confirm":"none"|"full"}
                         -> 202 {"status":"Data Lease","port":N,"lease":L}
                          | 501 {"status":"Not implemented"} | 400
    JSON is written compact (no spaces), keys in the order shown.
  Data flow, client DEALER <-> server ROUTER: header | body (empty if unused).
    Header = command octet + fields; integer = 8 octets BE, short string =
    1-octet length + bytes, Boolean = 1 octet.
    01 Lease    seq, lease          02 Response seq | body "200"/"400"/"403"
    03 Summon   seq, resource       04 Dismiss  seq, resource
    05 Content  content-seq, resource, properties (field table: left empty,
                zero octets, since RFC 11 leaves it undefined) | content
    06 Confirm  content-seq, multiple   07 Reject content-seq, multiple, recycle
    08 Ping     09 Pong
  With --data-bind the data flow has its own ROUTER; without it the control
  ROUTER carries both (RFC 11 allows it): [id, "", name, json] is control,
  [id, header, body] with a non-empty header is data.

Stdout (one line per event, flushed): first "listening EP" (server: control,
then data if separate) or "connected EP" (client, control endpoint), then
"event <kind> <args>", "error <text>", "gave up".  Text and bodies are one
token each: UTF-8 with backslash, double quote, whitespace and non-printables
as \xNN; "" when empty.  PEER = routing id in hex.  Exit codes: 0 ok, 1
protocol error seen, 2 gave up (control timeout, refused, server lost,
--duration before the expectations).

Events
------
  server: request PEER NAME CODE (every control request and our status) |
          auth PEER MECH USER ok|fail | challenge PEER MECH |
          lease-granted PEER reader|writer LEASE PORT |
          lease PEER LEASE 200|403 | summon PEER RES CODE | dismiss PEER RES CODE |
          content PEER RES SEQ BODY (from a writer) | fanout RES N (readers) |
          confirm PEER SEQ MULTIPLE | reject PEER SEQ MULTIPLE RECYCLE |
          resent PEER RES SEQ | ignored PEER WHAT | dropped PEER WHAT (ill-formed,
          RFC: silently dropped; or a send to a vanished peer) |
          data-peer-lost PEER (silent, or its connection is gone) | ping PEER | pong PEER
          (both --verbose) | stop REASON
  client: reply NAME CODE (every control reply) | ready PROFILES |
          challenged MECH | lease reader|writer LEASE PORT |
          response CMD SEQ CODE (Lease/Summon/Dismiss answered) |
          content RES SEQ BODY (received) | content-sent RES SEQ BODY |
          confirm-sent SEQ | reject-sent SEQ | confirm SEQ MULTIPLE (received) |
          writer-done N | done | timeout NAME | server-lost MS | ping | pong
          (--verbose) | stop REASON

Behaviour and interpretation choices
------------------------------------
  * Roles: RFC 11 names a client and a server (the broker); "reader" and
    "writer" are the two kinds of data lease a client asks for, so they are
    client options here (--reader, --writer; both = two leases, two DEALERs,
    one per data flow, since a lease initialises one data connection).
  * Authentication: without --mechanism the server accepts unauthenticated
    clients (Open -> 201).  With it, Open -> 401 listing the mechanisms,
    then PLAIN (one Authorize, response = base64 of "authzid NUL user NUL
    password") or CRAM-MD5 (Authorize with an empty response -> 402 with a
    challenge -> Authorize with base64 of "user <hex HMAC-MD5(password,
    challenge)>" -> 201).  Bad credentials -> 401 again (RFC 11 defines no
    other failure code); the client gives up after two refusals.
    --reauth-after N: after N further requests the server answers the next
    one 401 ("MAY issue a 401 response at any time"); the client
    re-authenticates and sends that request again.
  * Order: Open first (else 400), then Authorize if challenged (other
    requests before authentication -> 401), Profile before Reader/Writer
    (else 400).  Unknown command names -> 501 {"status":"Not implemented"};
    wrong JSON field types, unknown profiles or resources, confirm other
    than none/full -> 400 {"status":"Bad Request"}.  Frames that are not
    name | JSON, or JSON that is not an object, are dropped silently (RFC);
    the client then times out.
  * Profiles: "test" (RFC 11): one resource "resource", contents never
    confirmed (confirm "full" -> 501), every writer's Content fanned out to
    every reader that summoned the resource.  "confirm" (ZmqScope test
    extension, server --profiles test,confirm): the same, but confirm "full"
    is granted: the server Confirms each Content of a full writer
    (multiple = 0), expects Confirm/Reject from full readers, and resends a
    Content rejected with recycle = 1 once, with a new content sequence.
  * Data flow: Lease must come first (Summon/Dismiss before it -> Response
    400; Content before it is dropped with an error line).  Lease with a
    lease the server never issued -> 403.  Several Lease commands on one
    connection add up.  Summon: the lease must be a reader lease naming the
    resource (or an empty list = all) and the resource must not be summoned
    already -> 200, else 400; Dismiss likewise for a summoned resource.
    Content is accepted only on a writer lease (the resource may be empty
    when the lease names one resource); each reader gets its own content
    sequence from 1.  Confirm/Reject on a flow that is not "full" are
    ignored silently (RFC).  Command sequences are the client's, echoed by
    Response; the client numbers commands from 1 per data connection and
    content from 1 per writer flow.
  * Heartbeats: either side sends Ping when it has sent nothing on a data
    connection for --ping-ms and answers Ping with Pong; a peer silent for
    --liveness x --ping-ms is considered disconnected (server: forgets the
    data peer; client: "server-lost", gives up).  The writer ends with a Ping
    and waits for its Pong, so all its Contents have reached the server
    before it reports "writer-done" and closes.
  * Client completion: a reader with --expect-contents N dismisses its
    resources after N contents (waiting for the Responses); a writer is done
    after its sends; the client exits 0 once every role it has is done.
    Without --expect-contents a reader runs until --duration/signal/stdin.
  * The 202 port: the server announces the port of --data-bind (or of --bind),
    or --announce-port; the client connects to tcp://<host of --connect>:PORT
    unless --data-endpoint overrides it (useful behind a relay).
  * Graceful exits close with LINGER 1000 ms when a last message must get out
    (the final Dismiss/Pong are answered before closing, so in practice
    nothing is pending); every other close uses LINGER 0.
"""

import argparse
import base64
import collections
import hashlib
import hmac
import json
import os
import struct
import sys
import time

import zmq

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import rolekit  # noqa: E402  (this folder: output, stop, options, main)
from rolekit import (  # noqa: E402
    Stop, drain, fmt_frame, fmt_text, hexid, nonneg_int, positive_int)

LEASE, RESPONSE, SUMMON, DISMISS, CONTENT, CONFIRM, REJECT, PING, PONG = range(1, 10)
DATA_NAMES = {LEASE: "Lease", RESPONSE: "Response", SUMMON: "Summon", DISMISS: "Dismiss",
              CONTENT: "Content", CONFIRM: "Confirm", REJECT: "Reject", PING: "Ping",
              PONG: "Pong"}
RESOURCES = ["resource"]          # the test profile's only resource


# ---------------------------------------------------------------------------
# encoding
# ---------------------------------------------------------------------------

class Malformed(Exception):
    pass


def to_json(pairs):
    """pairs: list of (key, value), so the key order is ours."""
    return json.dumps(collections.OrderedDict(pairs), separators=(",", ":")).encode()


def short_string(s):
    b = s.encode() if isinstance(s, str) else s
    if len(b) > 255:
        raise ValueError("short string longer than 255 octets")
    return bytes([len(b)]) + b


def u64(n):
    return struct.pack(">Q", n)


class Header:
    """The fields of a data-flow header frame, after the command octet."""

    def __init__(self, frame):
        self.frame = frame
        self.pos = 1

    def integer(self):
        if self.pos + 8 > len(self.frame):
            raise Malformed("header too short for an integer")
        v = struct.unpack_from(">Q", self.frame, self.pos)[0]
        self.pos += 8
        return v

    def boolean(self):
        if self.pos + 1 > len(self.frame):
            raise Malformed("header too short for a Boolean")
        v = self.frame[self.pos]
        self.pos += 1
        if v > 1:
            raise Malformed("Boolean %d is not 0 or 1" % v)
        return v

    def string(self):
        if self.pos >= len(self.frame):
            raise Malformed("header too short for a short string")
        n = self.frame[self.pos]
        if self.pos + 1 + n > len(self.frame):
            raise Malformed("short string runs past the header")
        v = self.frame[self.pos + 1:self.pos + 1 + n]
        self.pos += 1 + n
        return v.decode("utf-8", "surrogateescape")

    def rest(self):
        v = self.frame[self.pos:]
        self.pos = len(self.frame)
        return v

    def end(self):
        if self.pos != len(self.frame):
            raise Malformed("%d octets after the last field" % (len(self.frame) - self.pos))


def data_msg(cmd, fields=b"", body=b""):
    return [bytes([cmd]) + fields, body]


def parse_data(frames):
    """frames = [header, body] -> (cmd, dict of fields, body); Malformed if ill-formed."""
    if len(frames) != 2:
        raise Malformed("%d frames, a data command has 2" % len(frames))
    header, body = frames
    if not header:
        raise Malformed("empty header frame")
    cmd = header[0]
    h = Header(header)
    f = {}
    if cmd in (LEASE,):
        f["seq"] = h.integer()
        f["lease"] = h.string()
    elif cmd == RESPONSE:
        f["seq"] = h.integer()
    elif cmd in (SUMMON, DISMISS):
        f["seq"] = h.integer()
        f["resource"] = h.string()
    elif cmd == CONTENT:
        f["seq"] = h.integer()
        f["resource"] = h.string()
        f["properties"] = h.rest()
    elif cmd == CONFIRM:
        f["seq"] = h.integer()
        f["multiple"] = h.boolean()
    elif cmd == REJECT:
        f["seq"] = h.integer()
        f["multiple"] = h.boolean()
        f["recycle"] = h.boolean()
    elif cmd in (PING, PONG):
        pass
    else:
        raise Malformed("unknown data command %d" % cmd)
    h.end()
    if cmd not in (RESPONSE, CONTENT) and body:
        raise Malformed("%s with a %d-octet body (unused)" % (DATA_NAMES[cmd], len(body)))
    return cmd, f, body


def port_of(endpoint):
    return int(endpoint.rsplit(":", 1)[1])


def host_of(endpoint):
    return endpoint.split("://", 1)[1].rsplit(":", 1)[0]


def cram_digest(password, challenge):
    return hmac.new(password.encode(), challenge, hashlib.md5).hexdigest()


# ---------------------------------------------------------------------------
# server
# ---------------------------------------------------------------------------

class Session:
    def __init__(self):
        self.opened = False
        self.authed = False
        self.challenge = None
        self.profile = None
        self.since_auth = 0


class DataPeer:
    def __init__(self, now):
        self.leases = []              # lease records
        self.summoned = set()
        self.out_seq = 0
        self.unconfirmed = {}         # out seq -> (resource, body, resent)
        self.last_recv = now
        self.last_sent = now


class Server:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.profiles = [p.strip() for p in args.profiles.split(",") if p.strip()]
        for p in self.profiles:
            if p.lower() not in ("test", "confirm"):
                raise SystemExit("unknown profile %r (known: test, confirm)" % p)
        self.mechanisms = args.mechanism
        for m in self.mechanisms:
            if m not in ("PLAIN", "CRAM-MD5"):
                raise SystemExit("unknown mechanism %r" % m)
        if self.mechanisms and (args.user is None or args.password is None):
            raise SystemExit("--mechanism needs --user and --password")
        self.ping = args.ping_ms / 1000.0
        self.dead = self.ping * args.liveness
        self.ctx = zmq.Context()
        self.control = self.ctx.socket(zmq.ROUTER)
        self.control.setsockopt(zmq.LINGER, 0)
        self.control.setsockopt(zmq.ROUTER_MANDATORY, 1)
        self.control.bind(args.bind)
        rt.out("listening " + args.bind)
        if args.data_bind:
            self.data = self.ctx.socket(zmq.ROUTER)
            self.data.setsockopt(zmq.LINGER, 0)
            self.data.setsockopt(zmq.ROUTER_MANDATORY, 1)
            self.data.bind(args.data_bind)
            rt.out("listening " + args.data_bind)
            self.port = port_of(self.data.getsockopt_string(zmq.LAST_ENDPOINT))
        else:
            self.data = self.control
            self.port = port_of(self.control.getsockopt_string(zmq.LAST_ENDPOINT))
        if args.announce_port:
            self.port = args.announce_port
        self.sessions = {}
        self.leases = {}              # lease string -> record
        self.peers = {}               # data peer id -> DataPeer
        self.lease_counter = 0

    # -- control flow ------------------------------------------------------------
    def reply(self, peer, name, code, pairs):
        self.rt.event("request", hexid(peer), fmt_text(name), code)
        try:
            self.control.send_multipart([peer, b"", code.encode(), to_json(pairs)],
                                        flags=zmq.NOBLOCK)
        except zmq.ZMQError as e:
            self.rt.event("dropped", hexid(peer), "reply-" + code)
            self.rt.diag("reply to %s failed: %s" % (hexid(peer), e))

    def unauthorized(self, peer, name):
        self.reply(peer, name, "401", [("status", "Unauthorized"),
                                       ("mechanisms", list(self.mechanisms))])

    def bad(self, peer, name):
        self.reply(peer, name, "400", [("status", "Bad Request")])

    def ready(self, peer, name):
        self.reply(peer, name, "201", [("status", "Ready"), ("profiles", list(self.profiles))])

    def control_request(self, peer, name_b, body):
        name = name_b.decode("utf-8", "surrogateescape")
        try:
            req = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.rt.event("dropped", hexid(peer), "invalid-json")
            return
        if not isinstance(req, dict):
            self.rt.event("dropped", hexid(peer), "json-not-an-object")
            return
        s = self.sessions.setdefault(peer, Session())
        cmd = name.lower()
        if cmd == "connection.open":
            proto = req.get("protocol")
            if not isinstance(proto, dict) or str(proto.get("name", "")).upper() != "MTL" \
                    or proto.get("version") != 1 or not isinstance(req.get("virtual-host", ""), str):
                self.bad(peer, name)
                return
            s.opened = True
            s.authed = not self.mechanisms
            s.challenge = None
            s.profile = None
            s.since_auth = 0
            if s.authed:
                self.ready(peer, name)
            else:
                self.unauthorized(peer, name)
            return
        if not s.opened:
            self.bad(peer, name)
            return
        if cmd == "connection.authorize":
            self.authorize(peer, name, s, req)
            return
        if not s.authed:
            self.unauthorized(peer, name)
            return
        if self.args.reauth_after:
            if s.since_auth >= self.args.reauth_after:
                s.authed = False
                s.challenge = None
                self.unauthorized(peer, name)
                return
            s.since_auth += 1
        if cmd == "connection.profile":
            p = req.get("profile")
            match = [x for x in self.profiles if isinstance(p, str) and x.lower() == p.lower()]
            if not match:
                self.bad(peer, name)
                return
            s.profile = match[0].lower()
            self.reply(peer, name, "200", [("status", "OK")])
            return
        if cmd in ("connection.reader", "connection.writer"):
            kind = "reader" if cmd == "connection.reader" else "writer"
            res = req.get("resources", [])
            confirm = req.get("confirm", "none")
            if s.profile is None or not isinstance(res, list) or \
                    not all(isinstance(r, str) and r in RESOURCES for r in res) or \
                    confirm not in ("none", "full"):
                self.bad(peer, name)
                return
            if confirm == "full" and s.profile != "confirm":
                self.reply(peer, name, "501", [("status", "Not implemented")])
                return
            self.lease_counter += 1
            lease = "%s-%d-%s" % (kind, self.lease_counter, os.urandom(3).hex())
            self.leases[lease] = {"kind": kind, "resources": list(res), "confirm": confirm,
                                  "lease": lease}
            self.reply(peer, name, "202", [("status", "Data Lease"), ("port", self.port),
                                           ("lease", lease)])
            self.rt.event("lease-granted", hexid(peer), kind, fmt_text(lease), self.port)
            return
        self.reply(peer, name, "501", [("status", "Not implemented")])

    def authorize(self, peer, name, s, req):
        mech = req.get("mechanism")
        resp = req.get("response", "")
        try:
            raw = base64.b64decode(resp, validate=True) if isinstance(resp, str) else None
        except ValueError:
            raw = None
        if mech not in self.mechanisms or raw is None:
            self.rt.event("auth", hexid(peer), fmt_text(str(mech)), '""', "fail")
            self.unauthorized(peer, name)
            return
        a = self.args
        if mech == "PLAIN":
            parts = raw.split(b"\0")
            ok = len(parts) == 3 and parts[1] == a.user.encode() and parts[2] == a.password.encode()
            user = parts[1] if len(parts) == 3 else b""
        else:
            if s.challenge is None:
                s.challenge = ("<%s.%d@zmqscope>" % (os.urandom(6).hex(), int(time.time()))).encode()
                self.rt.event("challenge", hexid(peer), mech)
                self.reply(peer, name, "402", [
                    ("status", "Challenged"), ("mechanism", mech),
                    ("challenge", base64.b64encode(s.challenge).decode())])
                return
            user, _, digest = raw.partition(b" ")
            ok = user == a.user.encode() and hmac.compare_digest(
                digest, cram_digest(a.password, s.challenge).encode())
            s.challenge = None
        self.rt.event("auth", hexid(peer), mech, fmt_frame(user), "ok" if ok else "fail")
        if ok:
            s.authed = True
            s.since_auth = 0
            self.ready(peer, name)
        else:
            self.unauthorized(peer, name)

    # -- data flow ------------------------------------------------------------------
    def dsend(self, peer, frames, what):
        p = self.peers.get(peer)
        try:
            self.data.send_multipart([peer] + frames, flags=zmq.NOBLOCK)
            if p is not None:
                p.last_sent = time.monotonic()
            return True
        except zmq.ZMQError as e:
            # ROUTER_MANDATORY: the connection is gone (or its pipe is full)
            self.rt.diag("send %s to %s failed: %s" % (what, hexid(peer), e))
            if self.peers.pop(peer, None) is not None:
                self.rt.event("data-peer-lost", hexid(peer))
            if what != "ping":
                self.rt.event("dropped", hexid(peer), what)
            return False

    def respond(self, peer, seq, code):
        self.dsend(peer, data_msg(RESPONSE, u64(seq), code.encode()), "response")

    def lease_for(self, p, kind, resource):
        for lease in p.leases:
            if lease["kind"] == kind and (not lease["resources"] or resource in lease["resources"]):
                return lease
        return None

    def data_command(self, peer, frames):
        now = time.monotonic()
        try:
            cmd, f, body = parse_data(frames)
        except Malformed as e:
            self.rt.event("dropped", hexid(peer), "ill-formed")
            self.rt.diag("data command from %s dropped: %s" % (hexid(peer), e))
            return
        p = self.peers.get(peer)
        if p is None:
            p = self.peers[peer] = DataPeer(now)
        p.last_recv = now
        pid = hexid(peer)
        if cmd == PING:
            self.rt.hb_event("ping", pid)
            self.dsend(peer, data_msg(PONG), "pong")
            return
        if cmd == PONG:
            self.rt.hb_event("pong", pid)
            return
        if cmd == LEASE:
            lease = self.leases.get(f["lease"])
            code = "200" if lease else "403"
            if lease and lease not in p.leases:
                p.leases.append(lease)
            self.rt.event("lease", pid, fmt_text(f["lease"]), code)
            self.respond(peer, f["seq"], code)
            return
        if cmd in (SUMMON, DISMISS):
            res = f["resource"]
            lease = self.lease_for(p, "reader", res)
            if cmd == SUMMON:
                ok = lease is not None and res in RESOURCES and res not in p.summoned
                if ok:
                    p.summoned.add(res)
            else:
                ok = res in p.summoned
                if ok:
                    p.summoned.discard(res)
            code = "200" if ok else "400"
            self.rt.event("summon" if cmd == SUMMON else "dismiss", pid, fmt_text(res), code)
            self.respond(peer, f["seq"], code)
            return
        if cmd == CONTENT:
            res = f["resource"]
            writers = [x for x in p.leases if x["kind"] == "writer"]
            if not writers:
                self.rt.error("Content from %s without a writer lease; dropped" % pid)
                return
            if res == "":
                names = writers[0]["resources"] or RESOURCES
                if len(writers) != 1 or len(names) != 1:
                    self.rt.error("Content from %s with an empty resource name, but the"
                                  " writer lease names several" % pid)
                    return
                res = names[0]
            lease = self.lease_for(p, "writer", res)
            if lease is None or res not in RESOURCES:
                self.rt.error("Content from %s to %s, not covered by its writer lease; dropped"
                              % (pid, res))
                return
            if f["properties"]:
                self.rt.diag("Content properties (%d octets, format undefined) ignored"
                             % len(f["properties"]))
            self.rt.event("content", pid, fmt_text(res), f["seq"], fmt_frame(body))
            if lease["confirm"] == "full":
                self.dsend(peer, data_msg(CONFIRM, u64(f["seq"]) + b"\x00"), "confirm")
            n = 0
            for rid, r in list(self.peers.items()):
                if res in r.summoned:
                    n += self.fan(rid, r, res, body)
            self.rt.event("fanout", fmt_text(res), n)
            return
        if cmd in (CONFIRM, REJECT):
            full = any(x["kind"] == "reader" and x["confirm"] == "full" for x in p.leases)
            if not full or not p.unconfirmed:
                self.rt.event("ignored", pid, DATA_NAMES[cmd].lower())
                return
            seqs = [s for s in p.unconfirmed if s <= f["seq"]] if f["multiple"] else \
                [f["seq"]] if f["seq"] in p.unconfirmed else []
            if cmd == CONFIRM:
                self.rt.event("confirm", pid, f["seq"], f["multiple"])
                for s in seqs:
                    del p.unconfirmed[s]
            else:
                self.rt.event("reject", pid, f["seq"], f["multiple"], f["recycle"])
                for s in sorted(seqs):
                    res, body, resent = p.unconfirmed.pop(s)
                    if f["recycle"] and not resent and res in p.summoned:
                        self.fan(peer, p, res, body, resent=True)
                        self.rt.event("resent", pid, fmt_text(res), p.out_seq)
            return
        # Response from a client: not a client command
        self.rt.event("ignored", pid, DATA_NAMES[cmd].lower())

    def fan(self, rid, r, res, body, resent=False):
        r.out_seq += 1
        if self.lease_for(r, "reader", res) and self.lease_for(r, "reader", res)["confirm"] == "full":
            r.unconfirmed[r.out_seq] = (res, body, resent)
        return 1 if self.dsend(rid, data_msg(CONTENT, u64(r.out_seq) + short_string(res), body),
                               "content") else 0

    # -- loop -------------------------------------------------------------------------
    def on_control_socket(self, frames):
        peer = frames[0]
        if len(frames) >= 2 and frames[1] == b"":
            if len(frames) != 4:
                self.rt.event("dropped", hexid(peer), "ill-formed-request")
                return
            self.control_request(peer, frames[2], frames[3])
        elif self.data is self.control and len(frames) >= 2:
            self.data_command(peer, frames[1:])
        else:
            self.rt.event("dropped", hexid(peer), "ill-formed-request")

    def timers(self, now):
        for rid, p in list(self.peers.items()):
            if now - p.last_recv >= self.dead:
                self.rt.event("data-peer-lost", hexid(rid))
                del self.peers[rid]
            elif now - p.last_sent >= self.ping:
                self.dsend(rid, data_msg(PING), "ping")
                self.rt.hb_event("ping-sent", hexid(rid))

    def run(self):
        poller = zmq.Poller()
        poller.register(self.control, zmq.POLLIN)
        if self.data is not self.control:
            poller.register(self.data, zmq.POLLIN)
        try:
            while not self.rt.stopping():
                ev = dict(poller.poll(50))
                if self.control in ev:
                    drain(self.control, self.on_control_socket)
                if self.data is not self.control and self.data in ev:
                    drain(self.data, lambda fr: self.data_command(fr[0], fr[1:]))
                self.timers(time.monotonic())
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.control.close(0)
            if self.data is not self.control:
                self.data.close(0)
            self.ctx.term()
        return self.rt.exit_code()


# ---------------------------------------------------------------------------
# client
# ---------------------------------------------------------------------------

class Flow:
    """One data connection (one lease)."""

    def __init__(self, kind, sock, lease):
        self.kind = kind
        self.sock = sock
        self.lease = lease
        self.seq = 0                  # command sequence
        self.pending = {}             # seq -> (command name, resource)
        self.summoned = set()
        self.content_seq = 0
        self.now = time.monotonic()
        self.last_recv = self.now
        self.last_sent = self.now
        self.done = False
        self.to_send = []
        self.send_at = None
        self.pings = 0                # Pings sent
        self.pongs = 0                # Pongs received
        self.final_ping = None        # writer: Pongs needed to be done

    def send(self, frames):
        self.sock.send_multipart(frames)
        self.last_sent = time.monotonic()
        if frames[0][:1] == bytes([PING]):
            self.pings += 1

    def command(self, cmd, fields_after_seq=b"", resource=None):
        self.seq += 1
        self.pending[self.seq] = (DATA_NAMES[cmd], resource)
        self.send(data_msg(cmd, u64(self.seq) + fields_after_seq))
        return self.seq


class Client:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        if not (args.reader or args.writer):
            raise SystemExit("client: give --reader and/or --writer")
        if args.mechanism and (args.user is None or args.password is None):
            raise SystemExit("--mechanism needs --user and --password")
        if args.send and not args.writer:
            raise SystemExit("--send needs --writer")
        self.resources = args.resource or list(RESOURCES)
        self.ping = args.ping_ms / 1000.0
        self.dead = self.ping * args.liveness
        self.ctx = zmq.Context()
        self.req = self.ctx.socket(zmq.REQ)
        self.req.setsockopt(zmq.LINGER, 0)
        self.req.connect(args.connect)
        rt.out("connected " + args.connect)
        self.flows = []
        self.received = 0
        self.rejected_one = False

    # -- control flow ------------------------------------------------------------
    def call(self, name, pairs, reauth=True):
        """Send one control request; returns (code, JSON object)."""
        self.req.send_multipart([name.encode(), to_json(pairs)])
        end = time.monotonic() + self.args.timeout_ms / 1000.0
        while True:
            if self.rt.stopping():
                raise Stop(self.rt.stop_reason, 0)
            left = end - time.monotonic()
            if left <= 0:
                self.rt.event("timeout", fmt_text(name))
                raise Stop("timeout", 2)
            if self.req.poll(min(50, max(1, int(left * 1000))), zmq.POLLIN):
                break
        reply = self.req.recv_multipart()
        if len(reply) != 2 or len(reply[0]) != 3 or not reply[0].isdigit():
            self.rt.error("%s: reply is not status | JSON: %s"
                          % (name, " ".join(fmt_frame(f) for f in reply)))
            raise Stop("error", 1)
        code = reply[0].decode()
        try:
            obj = json.loads(reply[1].decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.rt.error("%s: reply body is not JSON: %s" % (name, fmt_frame(reply[1])))
            raise Stop("error", 1)
        if not isinstance(obj, dict) or not isinstance(obj.get("status"), str):
            self.rt.error("%s: reply JSON has no \"status\" string" % name)
        self.rt.event("reply", fmt_text(name), code)
        if code == "401" and reauth and name not in ("Connection.Open", "Connection.Authorize"):
            self.authenticate(obj)
            return self.call(name, pairs, reauth=False)
        return code, obj

    def authenticate(self, obj):
        a = self.args
        mechs = obj.get("mechanisms", [])
        if not a.mechanism:
            self.rt.event("refused", "no-credentials")
            raise Stop("refused", 2)
        if a.mechanism not in mechs:
            self.rt.event("refused", "mechanism-not-offered")
            raise Stop("refused", 2)
        for attempt in range(2):
            if a.mechanism == "PLAIN":
                resp = base64.b64encode(b"\0" + a.user.encode() + b"\0" + a.password.encode())
                code, obj = self.call("Connection.Authorize", [
                    ("mechanism", "PLAIN"), ("response", resp.decode())], reauth=False)
            else:
                code, obj = self.call("Connection.Authorize", [
                    ("mechanism", "CRAM-MD5"), ("response", "")], reauth=False)
                while code == "402":
                    self.rt.event("challenged", fmt_text(obj.get("mechanism", "")))
                    try:
                        challenge = base64.b64decode(obj.get("challenge", ""), validate=True)
                    except ValueError:
                        self.rt.error("402 challenge is not base64")
                        raise Stop("error", 1)
                    resp = base64.b64encode(("%s %s" % (a.user, cram_digest(a.password, challenge)))
                                            .encode())
                    code, obj = self.call("Connection.Authorize", [
                        ("mechanism", "CRAM-MD5"), ("response", resp.decode())], reauth=False)
            if code == "201":
                self.rt.event("ready", fmt_text(",".join(obj.get("profiles", []))))
                return obj
            if code != "401":
                self.rt.error("Connection.Authorize answered %s" % code)
                raise Stop("error", 1)
        self.rt.event("refused", "credentials")
        raise Stop("refused", 2)

    def expect(self, name, code, want):
        if code != want:
            self.rt.event("refused", fmt_text(name), code)
            raise Stop("refused", 2)

    def setup(self):
        a = self.args
        code, obj = self.call("Connection.Open", [
            ("protocol", collections.OrderedDict([("name", "MTL"), ("version", 1)])),
            ("virtual-host", a.vhost)])
        if code == "401":
            obj = self.authenticate(obj)
        elif code == "201":
            self.rt.event("ready", fmt_text(",".join(obj.get("profiles", []))))
        else:
            self.expect("Connection.Open", code, "201")
        code, obj = self.call("Connection.Profile", [("profile", a.profile)])
        self.expect("Connection.Profile", code, "200")
        for kind in ("reader", "writer"):
            if not getattr(a, kind):
                continue
            name = "Connection.Reader" if kind == "reader" else "Connection.Writer"
            code, obj = self.call(name, [("resources", list(self.resources)),
                                         ("confirm", a.confirm)])
            self.expect(name, code, "202")
            lease, port = obj.get("lease"), obj.get("port")
            if not isinstance(lease, str) or not isinstance(port, int):
                self.rt.error("%s: 202 without a lease string and a port number" % name)
                raise Stop("error", 1)
            self.rt.event("lease", kind, fmt_text(lease), port)
            ep = a.data_endpoint or "tcp://%s:%d" % (host_of(a.connect), port)
            d = self.ctx.socket(zmq.DEALER)
            d.setsockopt(zmq.LINGER, 0)
            d.connect(ep)
            flow = Flow(kind, d, lease)
            flow.command(LEASE, short_string(lease))
            self.flows.append(flow)

    # -- data flow --------------------------------------------------------------------
    def on_data(self, flow, frames):
        try:
            cmd, f, body = parse_data(frames)
        except Malformed as e:
            self.rt.error("ill-formed data command on the %s flow: %s" % (flow.kind, e))
            return
        flow.last_recv = time.monotonic()
        if cmd == PING:
            self.rt.hb_event("ping")
            flow.send(data_msg(PONG))
            return
        if cmd == PONG:
            self.rt.hb_event("pong")
            flow.pongs += 1
            if flow.final_ping is not None and flow.pongs >= flow.final_ping and not flow.done:
                flow.done = True
                self.rt.event("writer-done", flow.content_seq)
            return
        if cmd == RESPONSE:
            what = flow.pending.pop(f["seq"], None)
            if what is None:
                self.rt.error("Response for unknown command sequence %d" % f["seq"])
                return
            name, res = what
            code = body.decode("ascii", "replace")
            self.rt.event("response", name, f["seq"], fmt_frame(body))
            if name == "Lease":
                if code != "200":
                    self.rt.event("refused", "lease", code)
                    raise Stop("refused", 2)
                if flow.kind == "reader":
                    for r in self.resources:
                        flow.command(SUMMON, short_string(r), r)
                else:
                    flow.send_at = time.monotonic() + self.args.send_delay_ms / 1000.0
                    flow.to_send = [t for _ in range(self.args.count) for t in self.args.send]
                    if not flow.to_send:
                        flow.send(data_msg(PING))
                        flow.final_ping = flow.pings
            elif name == "Summon":
                if code != "200":
                    self.rt.event("refused", "summon", fmt_text(res), code)
                    raise Stop("refused", 2)
                flow.summoned.add(res)
            elif name == "Dismiss":
                if code != "200":
                    self.rt.error("Dismiss %s answered %s" % (res, code))
                flow.summoned.discard(res)
                if not flow.summoned and not any(v[0] == "Dismiss" for v in flow.pending.values()):
                    flow.done = True
            return
        if cmd == CONTENT:
            if flow.kind != "reader":
                self.rt.error("Content on the writer flow")
                return
            res = f["resource"] or (self.resources[0] if len(self.resources) == 1 else "")
            if res not in flow.summoned and not any(
                    v == ("Dismiss", res) for v in flow.pending.values()):
                self.rt.error("Content from %s, which is not summoned" % res)
            self.rt.event("content", fmt_text(res), f["seq"], fmt_frame(body))
            if self.args.confirm == "full":
                if self.args.reject_first and not self.rejected_one:
                    self.rejected_one = True
                    flow.send(data_msg(REJECT, u64(f["seq"]) + b"\x00\x01"))
                    self.rt.event("reject-sent", f["seq"])
                    return
                flow.send(data_msg(CONFIRM, u64(f["seq"]) + b"\x00"))
                self.rt.event("confirm-sent", f["seq"])
            self.received += 1
            if self.args.expect_contents and self.received == self.args.expect_contents:
                for r in sorted(flow.summoned):
                    flow.command(DISMISS, short_string(r), r)
            return
        if cmd == CONFIRM:
            self.rt.event("confirm", f["seq"], f["multiple"])
            return
        self.rt.error("unexpected %s from the server" % DATA_NAMES[cmd])

    def writer_tick(self, flow, now):
        if not flow.to_send or now < flow.send_at:
            return
        for r in self.flows:              # our own reader first, so we hear ourselves
            if r.kind == "reader" and r.summoned != set(self.resources) and not r.done:
                return
        text = flow.to_send.pop(0)
        flow.content_seq += 1
        res = self.resources[0]
        flow.send(data_msg(CONTENT, u64(flow.content_seq) + short_string(res), text.encode()))
        self.rt.event("content-sent", fmt_text(res), flow.content_seq, fmt_text(text))
        flow.send_at = now + self.args.send_interval_ms / 1000.0
        if not flow.to_send:
            flow.send(data_msg(PING))
            flow.final_ping = flow.pings

    def finished(self):
        a = self.args
        for flow in self.flows:
            if flow.kind == "reader" and not a.expect_contents:
                return False
            if not flow.done:
                return False
        return bool(self.flows)

    def run(self):
        code = 0
        linger = 0
        try:
            self.setup()
            poller = zmq.Poller()
            for flow in self.flows:
                poller.register(flow.sock, zmq.POLLIN)
            while not self.rt.stopping():
                ev = dict(poller.poll(50))
                for flow in self.flows:
                    if flow.sock in ev:
                        for _ in range(1000):
                            try:
                                frames = flow.sock.recv_multipart(zmq.NOBLOCK)
                            except zmq.Again:
                                break
                            self.on_data(flow, frames)
                now = time.monotonic()
                for flow in self.flows:
                    if flow.kind == "writer":
                        self.writer_tick(flow, now)
                    if now - flow.last_recv >= self.dead:
                        self.rt.event("server-lost", int((now - flow.last_recv) * 1000))
                        raise Stop("server-lost", 2)
                    if now - flow.last_sent >= self.ping:
                        flow.send(data_msg(PING))
                        self.rt.hb_event("ping-sent")
                if self.finished():
                    self.rt.event("done")
                    self.rt.stop_reason = "done"
                    linger = 1000
                    break
            if self.rt.stop_reason == "duration" and (
                    self.args.expect_contents or self.args.writer):
                code = 2
        except Stop as s:
            if self.rt.stop_reason is None or s.code:
                self.rt.stop_reason = s.reason
            code = s.code
        finally:
            if code == 2:
                self.rt.out("gave up")
            self.rt.event("stop", self.rt.stop_reason or "exception")
            for flow in self.flows:
                flow.sock.close(linger)
            self.req.close(0)
            self.ctx.term()
        if self.rt.errors:
            return 1
        return code


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def build_parser():
    p = argparse.ArgumentParser(description="MTL (RFC 11) test peers: server and client.")
    sub = p.add_subparsers(dest="role", required=True)

    def common(sp):
        rolekit.add_common_options(sp, "also print Ping/Pong events")
        sp.add_argument("--ping-ms", type=positive_int, default=1000)
        sp.add_argument("--liveness", type=positive_int, default=3)
        sp.add_argument("--user", default=None)
        sp.add_argument("--password", default=None)

    s = sub.add_parser("server", help="control ROUTER (+ data ROUTER)")
    s.add_argument("--bind", required=True, help="control endpoint")
    s.add_argument("--data-bind", default=None, help="separate data endpoint")
    s.add_argument("--announce-port", type=nonneg_int, default=0,
                   help="port to announce in 202 replies")
    s.add_argument("--profiles", default="test", help="comma-separated: test, confirm")
    s.add_argument("--mechanism", action="append", default=[], choices=["PLAIN", "CRAM-MD5"],
                   help="require SASL authentication with this mechanism (repeatable)")
    s.add_argument("--reauth-after", type=nonneg_int, default=0,
                   help="answer 401 after N requests following each authentication")
    common(s)

    c = sub.add_parser("client", help="REQ control + one DEALER per lease")
    c.add_argument("--connect", required=True, help="control endpoint")
    c.add_argument("--vhost", default="test-env")
    c.add_argument("--mechanism", default=None, choices=["PLAIN", "CRAM-MD5"],
                   help="mechanism to use when the server answers 401")
    c.add_argument("--profile", default="test")
    c.add_argument("--reader", action="store_true", help="take a reader lease, summon")
    c.add_argument("--writer", action="store_true", help="take a writer lease, send")
    c.add_argument("--resource", action="append", default=[],
                   help="resource name (default: resource)")
    c.add_argument("--confirm", choices=["none", "full"], default="none")
    c.add_argument("--send", action="append", default=[], help="Content body to write")
    c.add_argument("--count", type=positive_int, default=1, help="send the --send list N times")
    c.add_argument("--send-delay-ms", type=nonneg_int, default=0,
                   help="wait after the Lease response before the first Content")
    c.add_argument("--send-interval-ms", type=nonneg_int, default=0)
    c.add_argument("--expect-contents", type=nonneg_int, default=0,
                   help="reader: after N contents dismiss and finish")
    c.add_argument("--reject-first", action="store_true",
                   help="with --confirm full: Reject (recycle) the first Content")
    c.add_argument("--data-endpoint", default=None,
                   help="connect data flows here instead of host-of---connect:port")
    c.add_argument("--timeout-ms", type=positive_int, default=2500,
                   help="control reply timeout")
    common(c)
    return p


def main():
    rolekit.run_main(build_parser(), {"server": Server, "client": Client})


if __name__ == "__main__":
    main()
