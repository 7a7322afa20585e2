#!/usr/bin/python3
r"""Titanic test peers: server and client roles for 9/TSP over MDP/0.1.

Independent reference peers for ZmqScope's tests, written from the RFC texts
(zeromq/rfc 9/TSP, 7/MDP, 8/MMI, all stable) and the project's digest
/work/shared/specs/protocols.md sections 7, 9, 10 and 17 (the Guide's
titanic.c / ticlient.c for the points where the reference code differs).
Both roles need an MDP/0.1 broker (e.g. mdp_roles.py broker).
Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

Usage
-----
  titanic_roles.py server --broker EP [--store DIR] [--heartbeat-ms 2500]
      [--liveness 3] [--reconnect-ms 2500] [--dispatch-interval-ms 1000]
      [--dispatch-timeout-ms 2500] [--no-mmi]
  titanic_roles.py client --broker EP --service NAME --request TEXT
      [--request TEXT2 ...] [--count N] [--poll-ms 500] [--timeout-ms 10000]
      [--call-timeout-ms 2500] [--uuid U] [--no-close]
  Common: [--duration S] [--stdin-stop] [--verbose] [--exit-on-error]

Wire format (all TSP messages are MDP/0.1 body frames)
------------------------------------------------------
  MDP/0.1 client:  [] | "MDPC01" | service | body...   (REQ adds the [])
  MDP/0.1 worker:  [] | "MDPW01" | cmd | ...   READY 01 service, REQUEST 02 /
                   REPLY 03 client-address | [] | body..., HEARTBEAT 04,
                   DISCONNECT 05.
  titanic.request  request: target service | request body (1+ frames)
                   reply:   "200" | UUID     (UUID = 32 upper-case hex chars)
  titanic.reply    request: UUID
                   reply:   "200" | reply body...  or "300" (pending) or
                            "400" (unknown UUID)
  titanic.close    request: UUID        reply: "200" (also for unknown UUIDs)
  mmi.service      (server -> broker, RFC 8) request: service name;
                   reply "200" (a worker is registered), "404" (none) or
                   "501" (MMI not implemented)
  Status frames are sent as bare digits (ticlient.c compares the whole frame
  with "200"); the client reads the first three digits and ignores any text
  after a space, as RFC 9 requires.

Stdout (one line per event, flushed): first "connected EP", then "event
<kind> <args>", "error <text>" for protocol errors, "gave up" when a client
gives up.  Frames print as separate space-separated tokens: UTF-8 text, with
backslash, double quote, whitespace and non-printables as \xNN; an empty
frame prints as "".  U is a UUID, SVC a service name, BODY body frames.
Exit codes: 0 ok, 1 protocol error seen, 2 client gave up.  Heartbeat events
only with --verbose.

Events ("event KIND ARGS")
--------------------------
  server: ready-sent SVC (one per titanic.* worker, again on reconnect)
          loaded N (pending requests found in --store at start-up)
          stored U SVC BODY (titanic.request: stored, "200 U" answered)
          query U STATUS (titanic.reply answered 200, 300 or 400)
          closed U (titanic.close answered 200)
          mmi SVC STATUS (mmi.service check before dispatching: 200, 404,
            501) | dispatch U SVC (request sent to the real service)
          completed U BODY (its reply stored) | dispatch-timeout U MS
          malformed SVC (bad titanic.* request, answered "500")
          broker-lost SVC MS | reconnect SVC MS | disconnect received SVC
          heartbeat-sent SVC | heartbeat-received SVC (verbose)
          stop REASON
  client: uuid U | pending U (each 300) | reply BODY (200 from titanic.reply)
          closed U | unknown U (400 for a --uuid given on the command line)
          status SVC CODE (500: retried later) | timeout SVC MS (an MDP call
          got no reply; resent on a new socket) | gave-up U (then the line
          "gave up") | done N | stop REASON
  stop REASON: count, duration, signal, stdin, error, gave-up.

Interpretation choices (RFC 9 vs titanic.c / ticlient.c)
-------------------------------------------------------
  * Statuses: RFC 9 allows 200, 300, 400 and 500 only.  The server uses 200,
    300 and 400 like titanic.c, and 500 only to answer a malformed titanic.*
    request (titanic.request with fewer than 2 frames or an empty service
    name, or titanic.reply/close without a UUID frame), printing an error
    line.  404 and 501 appear only in the MMI replies the server gets from
    the broker; they never reach TSP clients.  A titanic.reply/close request
    whose frame is not 32 hex characters gets 400 / 200 (it cannot be known).
    Lower-case UUIDs are accepted (RFC 9 allows both cases).
  * Dispatch (RFC 9: asynchronous, unspecified timing): like titanic.c, the
    server first asks the broker "mmi.service" for the target service and
    sends the request only on 200; on 404 the request stays pending (clients
    keep getting 300).  On 501 (a broker without MMI) it sends the request
    anyway.  --no-mmi skips the check (a request for a service without
    workers then waits in the broker's queue until --dispatch-timeout-ms and
    is resent at every pass).  Pending requests are tried in arrival order,
    one at a time, at once when they arrive and again every
    --dispatch-interval-ms (titanic.c: once per second); a request or MMI
    call unanswered within --dispatch-timeout-ms (titanic.c: 1000 ms, one
    retry) is abandoned for this pass on a fresh REQ socket, so a reply may
    be executed more than once (at least once, never lost).
  * Storage: --store DIR keeps <UUID>.req (target service + body) and
    <UUID>.rep (reply body) files; each file holds its frames as 4-octet
    big-endian length + bytes (titanic.c uses czmq's zmsg_save).  Files are
    written to a temporary name and renamed.  At start-up every .req without
    a .rep is pending again, oldest first ("loaded N").  Without --store a
    fresh temporary directory is used and removed at exit.  titanic.reply
    keeps the reply (idempotent); titanic.close deletes both files.
  * MDP worker side (three DEALER workers, one per titanic.* service): READY
    on connect, HEARTBEAT when nothing was sent for --heartbeat-ms, the
    broker is lost after --liveness x --heartbeat-ms of silence (any message
    counts), then a new socket after --reconnect-ms; DISCONNECT from the
    broker means a new socket at once (after --reconnect-ms if it came within
    --reconnect-ms of the last READY).  On stop the sockets just close.
  * Client: REQ socket (RFC 7 client), one outstanding call; a call without
    reply within --call-timeout-ms is resent on a new socket (like
    mdcliapi.c) until the --timeout-ms budget for the whole request (from
    titanic.request until the 200 of titanic.reply) is spent, then it gives
    up (exit 2) and leaves the request stored (no titanic.close).  It polls
    titanic.reply every --poll-ms (ticlient.c: 100 ms, then 5 s).
    titanic.close gets a fresh --timeout-ms budget.  --uuid U skips
    titanic.request and polls an existing request (count 1); a 400 for it
    prints "event unknown U" and gives up (exit 2), while a 400 for a UUID
    the server itself just issued is a protocol error (exit 1).
  * Exit status: 1 whenever an "error" line was printed, even if the stop
    itself was clean; otherwise 0 (2 for a client that gave up).  All sockets
    close with LINGER 0.
"""

import argparse
import os
import re
import shutil
import struct
import sys
import tempfile
import time
import uuid

import zmq

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import rolekit  # noqa: E402  (this folder: output, stop, options, main)
from rolekit import fmt_frame, fmt_frames, nonneg_int, pos_int  # noqa: E402

MDPC01 = b"MDPC01"
MDPW01 = b"MDPW01"
W_READY, W_REQUEST, W_REPLY, W_HEARTBEAT, W_DISCONNECT = (
    b"\x01", b"\x02", b"\x03", b"\x04", b"\x05")
W_NAMES = {W_READY: "READY", W_REQUEST: "REQUEST", W_REPLY: "REPLY",
           W_HEARTBEAT: "HEARTBEAT", W_DISCONNECT: "DISCONNECT"}
SERVICES = (b"titanic.request", b"titanic.reply", b"titanic.close")
UUID_RE = re.compile(rb"^[0-9A-Fa-f]{32}$")
STATUS_RE = re.compile(rb"^([0-9]{3})( .*)?$", re.S)


def parse_status(frame):
    """'200' or '200 text' -> 200; None if not a status frame."""
    m = STATUS_RE.match(frame)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------
# storage
# ---------------------------------------------------------------------------

def encode_frames(frames):
    return b"".join(struct.pack(">I", len(f)) + f for f in frames)


def decode_frames(data):
    frames, i = [], 0
    while i < len(data):
        if i + 4 > len(data):
            raise ValueError("truncated length")
        n = struct.unpack(">I", data[i:i + 4])[0]
        i += 4
        if i + n > len(data):
            raise ValueError("truncated frame")
        frames.append(data[i:i + n])
        i += n
    return frames


class Store:
    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)

    def path(self, u, ext):
        return os.path.join(self.dir, u + ext)

    def write(self, u, ext, frames):
        final = self.path(u, ext)
        tmp = final + ".tmp"
        with open(tmp, "wb") as f:
            f.write(encode_frames(frames))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)

    def read(self, u, ext):
        try:
            with open(self.path(u, ext), "rb") as f:
                return decode_frames(f.read())
        except FileNotFoundError:
            return None

    def exists(self, u, ext):
        return os.path.exists(self.path(u, ext))

    def delete(self, u):
        for ext in (".req", ".rep"):
            try:
                os.remove(self.path(u, ext))
            except FileNotFoundError:
                pass

    def pending(self):
        found = []
        for name in os.listdir(self.dir):
            if name.endswith(".req") and UUID_RE.match(name[:-4].encode()):
                u = name[:-4]
                if not self.exists(u, ".rep"):
                    found.append((os.path.getmtime(self.path(u, ".req")), u))
        return [u for _, u in sorted(found)]


# ---------------------------------------------------------------------------
# server: three MDP workers and one MDP client
# ---------------------------------------------------------------------------

class WorkerConn:
    """One MDP/0.1 worker (DEALER) for one titanic.* service."""

    def __init__(self, server, service):
        self.server = server
        self.rt = server.rt
        self.args = server.args
        self.service = service
        self.name = fmt_frame(service)
        self.hb = self.args.heartbeat_ms / 1000.0
        self.expiry = self.hb * self.args.liveness
        self.sock = None
        self.reopen_at = None
        self.open()

    def open(self):
        self.sock = self.server.ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(self.args.broker)
        now = time.monotonic()
        self.last_recv = now
        self.opened_at = now
        self.reopen_at = None
        self.send(W_READY, self.service)
        self.rt.event("ready-sent", self.name)

    def close(self):
        if self.sock is not None:
            self.sock.close(0)
            self.sock = None

    def send(self, cmd, *frames):
        self.sock.send_multipart([b"", MDPW01, cmd] + list(frames))
        self.last_sent = time.monotonic()

    def reconnect(self, wait_ms):
        self.close()
        self.rt.event("reconnect", self.name, int(wait_ms))
        self.reopen_at = time.monotonic() + wait_ms / 1000.0

    def timers(self, now):
        if self.sock is None:
            if now >= self.reopen_at:
                self.open()
                self.server.sockets_changed = True
            return
        if now - self.last_recv > self.expiry:
            self.rt.event("broker-lost", self.name, int((now - self.last_recv) * 1000))
            self.reconnect(self.args.reconnect_ms)
            self.server.sockets_changed = True
            return
        if now - self.last_sent >= self.hb:
            self.send(W_HEARTBEAT)
            self.rt.hb_event("heartbeat-sent", self.name)

    def handle(self, msg):
        if len(msg) < 3 or msg[0] != b"" or msg[1] != MDPW01:
            self.rt.error("%s: malformed message (expected [] | MDPW01 | command): %s"
                          % (self.name, fmt_frames(msg[:3])))
            return
        cmd, args = msg[2], msg[3:]
        if cmd not in W_NAMES:
            self.rt.error("%s: unknown command %s" % (self.name, fmt_frame(cmd)))
            return
        if cmd == W_DISCONNECT:
            self.rt.event("disconnect", "received", self.name)
            storm = time.monotonic() - self.opened_at < self.args.reconnect_ms / 1000.0
            self.reconnect(self.args.reconnect_ms if storm else 0)
            self.server.sockets_changed = True
            return
        self.last_recv = time.monotonic()
        if cmd == W_HEARTBEAT:
            self.rt.hb_event("heartbeat-received", self.name)
            return
        if cmd != W_REQUEST:
            self.rt.error("%s: command %s from the broker" % (self.name, W_NAMES[cmd]))
            return
        if len(args) < 3 or args[1] != b"":
            self.rt.error("%s: REQUEST must be client-address | [] | body (got %d"
                          " frame(s))" % (self.name, len(args)))
            return
        client, body = args[0], args[2:]
        reply = self.server.serve(self.service, body)
        self.send(W_REPLY, client, b"", *reply)


class Server:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.tmpdir = None
        if args.store:
            directory = args.store
        else:
            self.tmpdir = tempfile.mkdtemp(prefix="titanic-")
            directory = self.tmpdir
        self.store = Store(directory)
        self.ctx = zmq.Context()
        rt.out("connected " + args.broker)
        self.sockets_changed = True
        self.workers = [WorkerConn(self, s) for s in SERVICES]
        self.queue = self.store.pending()          # pending UUIDs, oldest first
        rt.event("loaded", len(self.queue))
        # dispatcher (MDP client)
        self.client = None
        self.open_client()
        self.phase = None          # None | "mmi" | "req"
        self.current = None        # UUID being dispatched
        self.call_deadline = None
        self.scan = []
        self.next_scan = time.monotonic()

    # -- TSP services --------------------------------------------------------
    def serve(self, service, body):
        if service == b"titanic.request":
            if len(body) < 2 or not body[0]:
                return self.malformed(service, "titanic.request needs target service"
                                      " | body (got %d frame(s))" % len(body))
            u = uuid.uuid4().hex.upper()
            self.store.write(u, ".req", body)
            self.queue.append(u)
            if self.phase is not None or self.scan:
                self.scan.append(u)
            else:
                self.next_scan = time.monotonic()
            self.rt.event("stored", u, fmt_frame(body[0]), fmt_frames(body[1:]))
            return [b"200", u.encode()]
        if not body:
            return self.malformed(service, "%s needs a UUID frame"
                                  % service.decode())
        if len(body) > 1:
            self.rt.error("%s with %d frames, expected the UUID only: extra frames"
                          " ignored" % (service.decode(), len(body)))
        raw = body[0]
        u = raw.decode("ascii").upper() if UUID_RE.match(raw) else None
        if service == b"titanic.reply":
            if u is None:
                self.rt.event("query", fmt_frame(raw), 400)
                return [b"400"]
            rep = self.store.read(u, ".rep")
            if rep is not None:
                self.rt.event("query", u, 200)
                return [b"200"] + rep
            if self.store.exists(u, ".req"):
                self.rt.event("query", u, 300)
                return [b"300"]
            self.rt.event("query", u, 400)
            return [b"400"]
        # titanic.close
        if u is not None:
            self.store.delete(u)
            try:
                self.queue.remove(u)
            except ValueError:
                pass
        self.rt.event("closed", u if u is not None else fmt_frame(raw))
        return [b"200"]

    def malformed(self, service, text):
        self.rt.error(text + ": answered 500")
        self.rt.event("malformed", fmt_frame(service))
        return [b"500"]

    # -- dispatcher ----------------------------------------------------------
    def open_client(self):
        if self.client is not None:
            self.client.close(0)
        self.client = self.ctx.socket(zmq.REQ)
        self.client.setsockopt(zmq.LINGER, 0)
        self.client.connect(self.args.broker)
        self.sockets_changed = True

    def call(self, service, frames, phase):
        self.client.send_multipart([MDPC01, service] + list(frames))
        self.phase = phase
        self.call_deadline = time.monotonic() + self.args.dispatch_timeout_ms / 1000.0

    def start_next(self):
        while self.scan:
            u = self.scan.pop(0)
            if u not in self.queue:
                continue                # closed or completed meanwhile
            req = self.store.read(u, ".req")
            if not req or len(req) < 2:
                self.rt.error("stored request %s unreadable: dropped" % u)
                self.queue.remove(u)
                continue
            self.current = u
            if self.args.no_mmi:
                self.send_request(u, req)
            else:
                self.call(b"mmi.service", [req[0]], "mmi")
            return

    def send_request(self, u, req):
        self.call(req[0], req[1:], "req")
        self.rt.event("dispatch", u, fmt_frame(req[0]))

    def client_reply(self, msg):
        if self.phase is None:
            self.rt.error("MDP reply with nothing outstanding: dropped")
            return
        u, phase = self.current, self.phase
        self.phase = None
        self.current = None
        if len(msg) < 3 or msg[0] != MDPC01:
            self.rt.error("malformed MDP reply (expected MDPC01 | service | body): %s"
                          % fmt_frames(msg[:3]))
            return
        service, body = msg[1], msg[2:]
        req = self.store.read(u, ".req")
        if req is None:
            return                      # closed meanwhile
        if phase == "mmi":
            if service != b"mmi.service":
                self.rt.error("MMI reply for service %s" % fmt_frame(service))
                return
            status = body[-1]
            self.rt.event("mmi", fmt_frame(req[0]), fmt_frame(status))
            if status in (b"200", b"501"):
                self.current = u
                self.send_request(u, req)
            elif status != b"404":
                self.rt.error("mmi.service answered %s (expected 200, 404 or 501)"
                              % fmt_frame(status))
            return
        if service != req[0]:
            self.rt.error("reply for service %s, expected %s"
                          % (fmt_frame(service), fmt_frame(req[0])))
            return
        if u in self.queue:
            self.store.write(u, ".rep", body)
            self.queue.remove(u)
            self.rt.event("completed", u, fmt_frames(body))

    def dispatcher_timers(self, now):
        if self.phase is not None and now >= self.call_deadline:
            self.rt.event("dispatch-timeout", self.current, self.args.dispatch_timeout_ms)
            self.phase = None
            self.current = None
            self.open_client()
        if self.phase is None:
            if not self.scan and now >= self.next_scan and self.queue:
                self.scan = list(self.queue)
                self.next_scan = now + self.args.dispatch_interval_ms / 1000.0
            self.start_next()

    # -- loop ----------------------------------------------------------------
    def run(self):
        poller = None
        try:
            while not self.rt.stopping():
                if self.sockets_changed:
                    poller = zmq.Poller()
                    for w in self.workers:
                        if w.sock is not None:
                            poller.register(w.sock, zmq.POLLIN)
                    poller.register(self.client, zmq.POLLIN)
                    self.sockets_changed = False
                ready = dict(poller.poll(50))
                for w in self.workers:
                    if w.sock is not None and ready.get(w.sock):
                        for _ in range(100):
                            try:
                                msg = w.sock.recv_multipart(zmq.NOBLOCK)
                            except zmq.Again:
                                break
                            w.handle(msg)
                            if w.sock is None:
                                break
                if ready.get(self.client):
                    self.client_reply(self.client.recv_multipart())
                now = time.monotonic()
                for w in self.workers:
                    w.timers(now)
                self.dispatcher_timers(now)
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            for w in self.workers:
                w.close()
            self.client.close(0)
            self.ctx.term()
            if self.tmpdir:
                shutil.rmtree(self.tmpdir, ignore_errors=True)
        return self.rt.exit_code()


# ---------------------------------------------------------------------------
# client
# ---------------------------------------------------------------------------

class GiveUp(Exception):
    pass


class Stopped(Exception):
    pass


class ProtocolError(Exception):
    pass


class Client:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.service = args.service.encode()
        self.body = [r.encode() for r in args.request]
        if not self.body and args.uuid is None:
            raise SystemExit("titanic_roles.py client: --request is required unless"
                             " --uuid is given")
        if args.uuid is not None and not UUID_RE.match(args.uuid.encode()):
            rt.diag("warning: --uuid %r is not 32 hex characters" % args.uuid)
        self.ctx = zmq.Context()
        self.sock = None
        self.open()
        rt.out("connected " + args.broker)

    def open(self):
        if self.sock is not None:
            self.sock.close(0)
        self.sock = self.ctx.socket(zmq.REQ)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(self.args.broker)

    def call(self, service, frames, deadline):
        """One MDP call; resent on a new socket until deadline. -> body frames."""
        call_timeout = self.args.call_timeout_ms / 1000.0
        while True:
            now = time.monotonic()
            if now >= deadline:
                raise GiveUp()
            self.sock.send_multipart([MDPC01, service] + list(frames))
            end = min(deadline, now + call_timeout)
            while True:
                if self.rt.stopping():
                    raise Stopped()
                left = end - time.monotonic()
                if left <= 0:
                    break
                if self.sock.poll(min(50, max(1, int(left * 1000))), zmq.POLLIN):
                    msg = self.sock.recv_multipart()
                    if len(msg) < 3 or msg[0] != MDPC01:
                        raise ProtocolError("malformed MDP reply (expected MDPC01 |"
                                            " service | body): " + fmt_frames(msg[:3]))
                    if msg[1] != service:
                        raise ProtocolError("reply for service %s, expected %s"
                                            % (fmt_frame(msg[1]), fmt_frame(service)))
                    return msg[2:]
            self.rt.event("timeout", fmt_frame(service),
                          int((time.monotonic() - now) * 1000))
            self.open()

    def status(self, service, body):
        code = parse_status(body[0]) if body else None
        if code not in (200, 300, 400, 500):
            raise ProtocolError("%s answered %s: not a TSP status (200, 300, 400, 500)"
                                % (service.decode(), fmt_frame(body[0]) if body else
                                   "nothing"))
        return code

    def pause(self, seconds):
        if not self.rt.sleep(seconds):
            raise Stopped()

    def one(self, given_uuid):
        deadline = time.monotonic() + self.args.timeout_ms / 1000.0
        poll = self.args.poll_ms / 1000.0
        u = given_uuid
        try:
            while u is None:
                body = self.call(b"titanic.request", [self.service] + self.body, deadline)
                code = self.status(b"titanic.request", body)
                if code == 200:
                    if len(body) != 2 or not UUID_RE.match(body[1]):
                        raise ProtocolError("titanic.request 200 without a 32-hex UUID"
                                            " frame: " + fmt_frames(body[1:]))
                    u = body[1].decode()
                    self.rt.event("uuid", u)
                elif code == 500:
                    self.rt.event("status", "titanic.request", code)
                    self.pause(poll)
                else:
                    raise ProtocolError("titanic.request answered %d" % code)
            while True:
                self.pause(poll)
                body = self.call(b"titanic.reply", [u.encode()], deadline)
                code = self.status(b"titanic.reply", body)
                if code == 200:
                    self.rt.event("reply", fmt_frames(body[1:]))
                    break
                if code == 300:
                    if len(body) != 1:
                        self.rt.error("titanic.reply 300 with %d extra frame(s)"
                                      % (len(body) - 1))
                    self.rt.event("pending", u)
                elif code == 500:
                    self.rt.event("status", "titanic.reply", code)
                elif given_uuid is not None:
                    self.rt.event("unknown", u)
                    raise GiveUp()
                else:
                    raise ProtocolError("titanic.reply answered 400 for %s, which"
                                        " titanic.request had just issued" % u)
        except GiveUp:
            self.rt.event("gave-up", u if u is not None else '""')
            raise
        if self.args.no_close:
            return
        deadline = time.monotonic() + self.args.timeout_ms / 1000.0
        while True:
            body = self.call(b"titanic.close", [u.encode()], deadline)
            code = self.status(b"titanic.close", body)
            if code == 200:
                if len(body) != 1:
                    self.rt.error("titanic.close 200 with %d extra frame(s)"
                                  % (len(body) - 1))
                self.rt.event("closed", u)
                return
            if code != 500:
                raise ProtocolError("titanic.close answered %d (RFC 9: 200 even for"
                                    " unknown UUIDs)" % code)
            self.rt.event("status", "titanic.close", code)
            self.pause(poll)

    def run(self):
        code = 0
        done = 0
        count = 1 if self.args.uuid is not None else self.args.count
        try:
            for _ in range(count):
                self.one(self.args.uuid)
                done += 1
            self.rt.stop_reason = self.rt.stop_reason or "count"
            self.rt.event("done", done)
        except Stopped:
            pass
        except GiveUp:
            self.rt.out("gave up")
            self.rt.stop_reason = "gave-up"
            code = 2
        except ProtocolError as e:
            self.rt.error(str(e))
            self.rt.stop_reason = "error"
            code = 1
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.sock.close(0)
            self.ctx.term()
        return code or self.rt.exit_code()


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def build_parser():
    p = argparse.ArgumentParser(description="Titanic Service Protocol (RFC 9) test"
                                " peers over MDP/0.1.")
    sub = p.add_subparsers(dest="role", required=True)

    def common(sp):
        rolekit.add_common_options(sp, "also print heartbeat events")

    s = sub.add_parser("server", help="titanic.request/.reply/.close workers and"
                       " a dispatcher, all on one MDP/0.1 broker")
    s.add_argument("--broker", required=True)
    s.add_argument("--store", default=None,
                   help="directory for requests and replies (kept); default: a"
                   " temporary one, removed at exit")
    s.add_argument("--heartbeat-ms", type=pos_int, default=2500)
    s.add_argument("--liveness", type=pos_int, default=3)
    s.add_argument("--reconnect-ms", type=nonneg_int, default=2500)
    s.add_argument("--dispatch-interval-ms", type=pos_int, default=1000)
    s.add_argument("--dispatch-timeout-ms", type=pos_int, default=2500)
    s.add_argument("--no-mmi", action="store_true",
                   help="do not ask mmi.service before dispatching")
    common(s)

    c = sub.add_parser("client", help="TSP client (MDP/0.1 REQ)")
    c.add_argument("--broker", required=True)
    c.add_argument("--service", required=True, help="target service")
    c.add_argument("--request", action="append", default=[],
                   help="body frame (repeat for a multi-frame body; required"
                   " unless --uuid)")
    c.add_argument("--count", type=pos_int, default=1)
    c.add_argument("--poll-ms", type=nonneg_int, default=500)
    c.add_argument("--timeout-ms", type=pos_int, default=10000,
                   help="budget per request (titanic.request .. 200 reply)")
    c.add_argument("--call-timeout-ms", type=pos_int, default=2500,
                   help="one MDP call; then resent on a new socket")
    c.add_argument("--uuid", default=None,
                   help="poll this existing request instead of submitting one")
    c.add_argument("--no-close", action="store_true",
                   help="do not call titanic.close after the reply")
    common(c)
    return p


def main():
    rolekit.run_main(build_parser(), {"server": Server, "client": Client})


if __name__ == "__main__":
    main()
