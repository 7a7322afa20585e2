#!/usr/bin/python3
r"""Freelance test peers: server and client roles for 10/FLP.

Independent reference peers for ZmqScope's tests, written from the RFC text
(zeromq/rfc 10/FLP, stable) and the project's digest
/work/shared/specs/protocols.md sections 11 and 17.  The client follows the
Guide's "Model Three" (flclient3 / flcliapi.c) design: one ROUTER connected
to every server, pings, liveness per server, each request to the first live
server, fail-over when a server goes silent.
Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

Usage
-----
  flp_roles.py server --bind EP [--identity ID] [--reply echo|fixed]
      [--fixed-text OK] [--die-after N] [--ping-reply pong|zguide]
  flp_roles.py client --connect EP [--connect EP ...] [--server-id ID ...]
      [--alias] --request TEXT [--request TEXT2 ...] [--count N]
      [--interval-ms 0] [--timeout-ms 1000] [--global-timeout-ms 10000]
      [--ping-interval-ms 1000] [--server-ttl-ms 6000] [--startup-wait-ms 500]
  Common: [--duration S] [--stdin-stop] [--verbose] [--exit-on-error]

Wire format (RFC 10; the ROUTER routing-id frame is not shown)
--------------------------------------------------------------
  PING     C->S  one frame "PING"
  PONG     S->C  one frame "PONG"
  request  C->S  CCF | body (1+ frames)      CCF = client control frame
  reply    S->C  the same CCF, unmodified | reply body (1+ frames)
  Both sides use ROUTER.  The server sets its routing id (ZMQ_ROUTING_ID) to
  its public endpoint, the string clients connect to ("--identity", default
  the --bind string); clients set none and address each message to a server
  by putting that id in front.  On the server's socket API a request reads
  [client routing id] | CCF | body...; the reply is [client routing id] |
  CCF | reply..., i.e. the envelope is the client's id plus the CCF.  This
  client's CCF is the decimal request number, 1, 2, 3 ... (flcliapi.c).

Stdout (one line per event, flushed): first "listening EP" (server, after
bind) or one "connected EP" per --connect (client), then "event <kind>
<args>", "error <text>" for protocol errors, "gave up" when the client gives
up.  Frames print as separate space-separated tokens: UTF-8 text, with
backslash, double quote, whitespace and non-printables as \xNN; an empty
frame prints as "".  Client ids (server side) print as hex.  Exit codes:
0 ok, 1 protocol error seen, 2 client gave up.  Ping/pong events only with
--verbose.

Events ("event KIND ARGS"; CCF = control frame, BODY = body frames)
--------------------------------------------------------------------
  server: request CCF BODY | reply CCF BODY | die-after N
          ping CLIENTID | pong CLIENTID (verbose) | dropped WHAT (client gone)
          stop REASON
  client: server-alive EP (first PONG or reply, or again after expiry)
          server-expired EP REASON, REASON one of ttl (silent for
            --server-ttl-ms), timeout (a request to it got no reply within
            --timeout-ms), unreachable (libzmq has no connection to it)
          request EP CCF BODY (each send of a request, resends included)
          timeout EP CCF MS | replied-by EP CCF | reply BODY
          stale EP CCF (reply whose CCF is not the current one: discarded)
          warning ping-answered-as-request EP (a PING answered "PING" | ...,
            as zguide flserver3.c does; counted as a pong)
          gave-up CCF (then the line "gave up") | done N
          ping EP | pong EP (verbose)
          stop REASON
  stop REASON: count, duration, signal, stdin, error, gave-up.
  EP in client events is the --connect string (not the server id).

Interpretation choices (RFC 10 vs flcliapi.c / flserver3.c)
----------------------------------------------------------
  * Server reply body: RFC 10 says CCF then 1+ reply frames, nothing more.
    flserver3.c always answers "OK"; --reply fixed does that (text from
    --fixed-text), --reply echo (default) returns the request body.
  * PING: RFC 10 says the server MUST answer "PONG".  flserver3.c actually
    compares the control frame with "PONG" (not "PING"), so it answers a
    PING with "PING" | "OK" like a request.  --ping-reply zguide emulates
    that; the client accepts it as a pong with a warning event.  The digest
    (protocols.md section 11) says flserver3 answers PONG; its code does not.
  * Server checks: a one-frame message other than "PING" (including "PONG")
    is a protocol error (RFC: requests are 2+ frames); it is answered with
    nothing.
  * Server identity: RFC 10 says the id is the public endpoint.  Give
    --identity when binding a wildcard ("tcp://*:5555") or when clients reach
    the server through a relay at another address.
  * Client addressing: by default each --connect EP is addressed with the
    server id EP (RFC 10); --server-id gives the ids in --connect order for
    servers whose id differs.  --alias instead sets ZMQ_CONNECT_ROUTING_ID
    before each connect, so the client's ROUTER names each connection after
    its server id whatever id the server announces (use behind relays, or
    against a server that sets no id).
  * Connection set-up: flcliapi.c sleeps 100 ms after connecting and then
    sends blindly (ROUTER drops messages to peers it does not know).  This
    client uses ROUTER_MANDATORY and ZMQ_IMMEDIATE: a send to a server whose
    connection is not up (yet, or any more: a killed server) fails at once
    and is retried, and nothing is queued for it meanwhile (flcliapi.c's
    ROUTER would queue for a known server across a reconnect and deliver
    stale requests and pings when it comes back).  It sends requests only
    to servers that have answered a PING or a request (alive), so the first
    request waits
    for the first PONG, and for up to --startup-wait-ms for every server's
    first PONG (so that it goes to the first server in --connect order).
  * Liveness: flcliapi.c pings every 2000 ms each server it heard nothing
    from for that long and expires a server after 6000 ms of silence; any
    message from a server counts as proof of life.  Same here with
    --ping-interval-ms (default 1000) and --server-ttl-ms (default 6000).
  * Fail-over: flcliapi.c resends the pending request to the first live
    server each time its loop wakes and only drops a server after its TTL,
    with a 3000 ms global timeout per request.  This client sends a request
    once to the first live server in --connect order (RFC 10 lets clients
    prioritise servers; flcliapi.c instead puts a server that comes back
    alive at the end of its list, so after a fail-back this client returns to
    the earlier server where flcliapi.c would not).  If no reply comes
    within --timeout-ms it expires that server ("server-expired EP
    timeout") and sends the request, same CCF, to the next live one.  A
    failed send (connection gone) expires the server at once ("unreachable").
    A request not answered within --global-timeout-ms makes the client give
    up (exit 2).  A late reply carrying the current CCF from any server is
    accepted; replies with an older CCF are discarded ("stale").
  * Exit status: 1 whenever an "error" line was printed, even if the stop
    itself was clean; otherwise 0 (2 for a client that gave up).  All sockets
    close with LINGER 0.
"""

import argparse
import os
import sys
import time

import zmq

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import rolekit  # noqa: E402  (this folder: output, stop, options, main)
from rolekit import drain, fmt_frame, fmt_frames, hexid, nonneg_int, pos_int  # noqa: E402

PING = b"PING"
PONG = b"PONG"


# ---------------------------------------------------------------------------
# server
# ---------------------------------------------------------------------------

class Server:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.identity = (args.identity if args.identity is not None else args.bind).encode()
        if not self.identity:
            raise SystemExit("flp_roles.py server: --identity must not be empty")
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.ROUTER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
        self.sock.setsockopt(zmq.ROUTING_ID, self.identity)
        self.sock.bind(args.bind)
        self.requests = 0
        rt.out("listening " + args.bind)
        rt.diag("server id %s" % self.identity.decode("utf-8", "replace"))

    def _send(self, frames, what):
        try:
            self.sock.send_multipart(frames, flags=zmq.NOBLOCK)
            return True
        except zmq.ZMQError as e:
            self.rt.diag("send %s to %s failed: %s" % (what, hexid(frames[0]), e))
            self.rt.event("dropped", what)
            return False

    def handle(self, frames):
        if len(frames) < 2:
            self.rt.error("message without a body from %s"
                          % hexid(frames[0] if frames else b""))
            return
        client, rest = frames[0], frames[1:]
        if len(rest) == 1:
            if rest[0] != PING:
                self.rt.error("one-frame message %s from %s is not PING (requests"
                              " are CCF | body): dropped" % (fmt_frame(rest[0]),
                                                             hexid(client)))
                return
            self.rt.hb_event("ping", hexid(client))
            if self.args.ping_reply == "zguide":
                reply = [client, PING, self.args.fixed_text.encode()]
            else:
                reply = [client, PONG]
            if self._send(reply, "pong"):
                self.rt.hb_event("pong", hexid(client))
            return
        ccf, body = rest[0], rest[1:]
        self.requests += 1
        self.rt.event("request", fmt_frame(ccf), fmt_frames(body))
        if self.args.die_after and self.requests >= self.args.die_after:
            self.rt.die_after(self.requests)
        if self.args.reply == "fixed":
            reply = [self.args.fixed_text.encode()]
        else:
            reply = list(body)
        if self._send([client, ccf] + reply, "reply"):
            self.rt.event("reply", fmt_frame(ccf), fmt_frames(reply))

    def run(self):
        try:
            while not self.rt.stopping():
                if self.sock.poll(50, zmq.POLLIN):
                    drain(self.sock, self.handle)
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.sock.close(0)
            self.ctx.term()
        return self.rt.exit_code()


# ---------------------------------------------------------------------------
# client
# ---------------------------------------------------------------------------

class ServerRec:
    def __init__(self, index, endpoint, sid, now):
        self.index = index              # position in --connect (preference)
        self.endpoint = endpoint        # what we connected to (printed)
        self.sid = sid                  # routing id used to address it
        self.alive = False
        self.last_heard = None
        self.ping_at = now              # ping as soon as the connection is up
        self.pinged = False


class Client:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        if args.server_id and len(args.server_id) != len(args.connect):
            raise SystemExit("flp_roles.py client: give one --server-id per --connect"
                             " (%d vs %d)" % (len(args.server_id), len(args.connect)))
        self.body = [r.encode() for r in args.request]
        self.ping_interval = args.ping_interval_ms / 1000.0
        self.ttl = args.server_ttl_ms / 1000.0
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.ROUTER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
        # no queueing to a server whose connection is down: a send to it fails
        # at once (and nothing stale is delivered when it comes back)
        self.sock.setsockopt(zmq.IMMEDIATE, 1)
        now = time.monotonic()
        self.servers = []
        self.by_sid = {}
        for i, ep in enumerate(args.connect):
            sid = (args.server_id[i] if args.server_id else ep).encode()
            if sid in self.by_sid:
                raise SystemExit("flp_roles.py client: server id %s given twice"
                                 % sid.decode("utf-8", "replace"))
            if args.alias:
                self.sock.setsockopt(zmq.CONNECT_ROUTING_ID, sid)
            self.sock.connect(ep)
            rt.out("connected " + ep)
            s = ServerRec(i, ep, sid, now)
            self.servers.append(s)
            self.by_sid[sid] = s
        self.actives = []               # live servers, in --connect order
        self.started = now
        self.sequence = 0
        self.request = None             # current CCF (bytes) or None
        self.request_expires = None
        self.attempt = None             # (server, deadline) of the last send

    # -- liveness ------------------------------------------------------------
    def mark_alive(self, s, now):
        s.last_heard = now
        s.ping_at = now + self.ping_interval
        if not s.alive:
            s.alive = True
            self.actives.append(s)
            self.actives.sort(key=lambda x: x.index)
            self.rt.event("server-alive", s.endpoint)

    def expire(self, s, reason):
        if s.alive:
            s.alive = False
            try:
                self.actives.remove(s)
            except ValueError:
                pass
            self.rt.event("server-expired", s.endpoint, reason)
        if self.attempt is not None and self.attempt[0] is s:
            self.attempt = None         # resend to the next live server

    def send_to(self, s, frames):
        try:
            self.sock.send_multipart([s.sid] + frames, flags=zmq.NOBLOCK)
            return True
        except zmq.ZMQError as e:
            if e.errno not in (zmq.EHOSTUNREACH, zmq.EAGAIN):
                raise
            return False

    def timers(self, now):
        for s in self.servers:
            if s.alive and now - s.last_heard > self.ttl:
                self.expire(s, "ttl")
            if now >= s.ping_at:
                if self.send_to(s, [PING]):
                    s.ping_at = now + self.ping_interval
                    s.pinged = True
                    self.rt.hb_event("ping", s.endpoint)
                else:
                    # no connection (yet, or any more): try again soon
                    s.ping_at = now + min(0.1, self.ping_interval)
                    if s.alive:
                        self.expire(s, "unreachable")

    # -- requests ------------------------------------------------------------
    def start_request(self, now):
        self.sequence += 1
        self.request = str(self.sequence).encode()
        self.request_expires = now + self.args.global_timeout_ms / 1000.0
        self.attempt = None

    def dispatch(self, now):
        """Send the current request if no attempt is under way."""
        if self.request is None:
            return
        if self.sequence == 1 and len(self.actives) < len(self.servers) and \
                now - self.started < self.args.startup_wait_ms / 1000.0:
            return                      # let every server answer its first PING
        if self.attempt is not None:
            s, deadline = self.attempt
            if now < deadline:
                return
            self.rt.event("timeout", s.endpoint, fmt_frame(self.request),
                          self.args.timeout_ms)
            self.attempt = None
            self.expire(s, "timeout")
        while self.actives:
            s = self.actives[0]
            if self.send_to(s, [self.request] + self.body):
                self.attempt = (s, now + self.args.timeout_ms / 1000.0)
                self.rt.event("request", s.endpoint, fmt_frame(self.request),
                              fmt_frames(self.body))
                return
            self.expire(s, "unreachable")

    def handle(self, frames, now):
        sid, rest = frames[0], frames[1:]
        s = self.by_sid.get(sid)
        if s is None:
            self.rt.error("message from unknown server id %s (connected ids: %s)"
                          % (fmt_frame(sid), " ".join(fmt_frame(x.sid) for x in self.servers)))
            return
        if not rest:
            self.rt.error("empty message from %s" % s.endpoint)
            return
        self.mark_alive(s, now)
        if len(rest) == 1:
            if rest[0] == PONG:
                self.rt.hb_event("pong", s.endpoint)
            else:
                self.rt.error("one-frame message %s from %s is not PONG"
                              % (fmt_frame(rest[0]), s.endpoint))
            return
        ccf, body = rest[0], rest[1:]
        if ccf == PING:
            self.rt.event("warning", "ping-answered-as-request", s.endpoint)
            return
        if self.request is None or ccf != self.request:
            self.rt.event("stale", s.endpoint, fmt_frame(ccf))
            return
        self.rt.event("replied-by", s.endpoint, fmt_frame(ccf))
        self.rt.event("reply", fmt_frames(body))
        self.request = None
        self.attempt = None

    def run(self):
        code = 0
        done = 0
        next_request_at = time.monotonic()
        try:
            while not self.rt.stopping():
                now = time.monotonic()
                if self.request is None:
                    if done >= self.args.count:
                        self.rt.stop_reason = "count"
                        break
                    if now >= next_request_at:
                        self.start_request(now)
                if self.request is not None and now >= self.request_expires:
                    for s in self.servers:
                        if not s.pinged:
                            self.rt.diag("%s: no connection with routing id %s ever came"
                                         " up (server down, or its id differs: see"
                                         " --server-id / --alias)"
                                         % (s.endpoint, s.sid.decode("utf-8", "replace")))
                    self.rt.event("gave-up", fmt_frame(self.request))
                    self.rt.out("gave up")
                    self.rt.stop_reason = "gave-up"
                    code = 2
                    break
                self.timers(now)
                self.dispatch(now)
                if self.sock.poll(20, zmq.POLLIN):
                    for _ in range(1000):
                        try:
                            frames = self.sock.recv_multipart(zmq.NOBLOCK)
                        except zmq.Again:
                            break
                        had = self.request
                        self.handle(frames, time.monotonic())
                        if had is not None and self.request is None:
                            done += 1
                            next_request_at = time.monotonic() + \
                                self.args.interval_ms / 1000.0
            if code == 0:
                self.rt.event("done", done)
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.sock.close(0)
            self.ctx.term()
        return code or self.rt.exit_code()


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def build_parser():
    p = argparse.ArgumentParser(description="Freelance Protocol (RFC 10) test peers.")
    sub = p.add_subparsers(dest="role", required=True)

    def common(sp):
        rolekit.add_common_options(sp, "also print ping/pong events")

    s = sub.add_parser("server", help="ROUTER server whose routing id is its endpoint")
    s.add_argument("--bind", required=True)
    s.add_argument("--identity", default=None,
                   help="routing id (default: the --bind string)")
    s.add_argument("--reply", choices=["echo", "fixed"], default="echo",
                   help="echo the request body, or answer --fixed-text (flserver3)")
    s.add_argument("--fixed-text", default="OK")
    s.add_argument("--die-after", type=nonneg_int, default=0,
                   help="on the Nth request exit at once without replying")
    s.add_argument("--ping-reply", choices=["pong", "zguide"], default="pong",
                   help="pong: RFC 10; zguide: answer PING | --fixed-text like"
                   " flserver3.c")
    common(s)

    c = sub.add_parser("client", help="ROUTER client connected to every server")
    c.add_argument("--connect", required=True, action="append",
                   help="server endpoint (repeat; order = preference)")
    c.add_argument("--server-id", action="append", default=None,
                   help="server routing id per --connect, in order (default: the"
                   " endpoint string)")
    c.add_argument("--alias", action="store_true",
                   help="name each connection by its server id"
                   " (ZMQ_CONNECT_ROUTING_ID) instead of the id the server sends")
    c.add_argument("--request", required=True, action="append",
                   help="body frame (repeat for a multi-frame body)")
    c.add_argument("--count", type=nonneg_int, default=1)
    c.add_argument("--interval-ms", type=nonneg_int, default=0,
                   help="pause between a reply and the next request")
    c.add_argument("--timeout-ms", type=pos_int, default=1000,
                   help="per attempt: no reply from the chosen server -> fail over")
    c.add_argument("--global-timeout-ms", type=pos_int, default=10000,
                   help="per request: give up (exit 2) if unanswered this long")
    c.add_argument("--startup-wait-ms", type=nonneg_int, default=500,
                   help="first request: wait up to this long for every server's"
                   " first PONG, so that it goes to the first server")
    c.add_argument("--ping-interval-ms", type=pos_int, default=1000)
    c.add_argument("--server-ttl-ms", type=pos_int, default=6000)
    common(c)
    return p


def main():
    rolekit.run_main(build_parser(), {"server": Server, "client": Client})


if __name__ == "__main__":
    main()
