#!/usr/bin/python3
r"""Majordomo test peers: broker, worker and client roles for MDP/0.1 and MDP/0.2.

Independent reference peers for ZmqScope's tests, written from the RFC texts
(zeromq/rfc: 7/MDP = MDP/0.1 stable, 18/MDP = MDP/0.2 draft, 8/MMI) and the
project's digest /work/shared/specs/protocols.md sections 7, 8, 9 and 17.
Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

Usage
-----
  mdp_roles.py broker --bind EP [--mdp 0.1|0.2|both] [--heartbeat-ms 2500]
      [--liveness 3] [--request-expiry-ms 0] [--requeue]
  mdp_roles.py worker --connect EP --service NAME [--mdp 0.1|0.2]
      [--heartbeat-ms 2500] [--liveness 3] [--reconnect-ms 2500]
      [--reply echo|upper] [--count N] [--die-after N] [--partials K]
  mdp_roles.py client --connect EP --service NAME --request TEXT [--request TEXT2 ...]
      [--mdp 0.1|0.2] [--count N] [--timeout-ms 2500] [--retries 3]
      [--socket req|dealer]
  Common: [--duration S] [--stdin-stop] [--verbose] [--exit-on-error]

Wire formats implemented (the ROUTER routing-id frame is not shown)
-------------------------------------------------------------------
  MDP/0.1 (RFC 7): client  REQUEST/REPLY  [] | "MDPC01" | service | body...
                   worker  [] | "MDPW01" | cmd | ...   READY 01 service,
                   REQUEST 02 / REPLY 03 client-addr | [] | body..., HEARTBEAT 04,
                   DISCONNECT 05.
  MDP/0.2 (RFC 18): client "MDPC02" | cmd | service | body...  REQUEST 01,
                   PARTIAL 02, FINAL 03 (no leading empty frame)
                   worker "MDPW02" | cmd | ...  READY 01 service, REQUEST 02,
                   PARTIAL 03, FINAL 04 (client-addr | [] | body...),
                   HEARTBEAT 05, DISCONNECT 06.
  MMI (RFC 8):     services "mmi.*" answered by the broker itself:
                   mmi.service (body = a service name) -> "200" if at least one
                   worker is registered for it, else "404"; any other mmi.* ->
                   "501".  The reply body is the single status frame.

Stdout (one line per event, flushed): first "listening EP" (broker, after bind)
or "connected EP" (worker/client, after connect), then "event <kind> <args>",
"error <text>" for protocol errors, "gave up" when a client gives up.  Frames
are printed as separate space-separated tokens: UTF-8 text, with backslash,
double quote, whitespace and non-printables as \xNN (so "hello world" prints as
hello\x20world); an empty frame prints as "".  Exit codes: 0 ok, 1 protocol
error seen, 2 client gave up.  Heartbeat events only with --verbose.

Events ("event KIND ARGS"; SVC = service, BODY = body frames, MS = ms)
---------------------------------------------------------------------
  broker: worker-ready SVC | worker-expired SVC | worker-rejected SVC (mmi.*)
          request SVC BODY | dispatch SVC | partial BODY | reply BODY (REPLY or
          FINAL relayed) | partial-dropped BODY (0.2 worker, 0.1 client)
          mmi MMISVC BODY STATUS | request-expired SVC | requeue SVC
          disconnect received SVC | disconnect sent SVC REASON, REASON one of
          duplicate-ready reserved-service malformed-ready unknown-worker
          invalid-command invalid-direction framing-changed reply-to-nothing
          malformed-reply malformed-partial malformed-final (SVC "" if unknown)
          unexpected heartbeat-from-unknown-worker|reply-from-unknown-worker|
          partial-from-unknown-worker|final-from-unknown-worker
          warning missing-empty-frame HEADER | dropped WHAT (send failed: peer
          gone) | heartbeat-sent SVC | heartbeat-received SVC | stop REASON
  worker: ready-sent SVC | request SVC BODY | partial BODY | reply BODY
          disconnect received | disconnect sent | broker-lost MS (silence)
          reconnect MS (wait before the new socket) | die-after N
          heartbeat-sent | heartbeat-received | stop REASON
  client: request SVC BODY (also each resend) | partial BODY | reply BODY
          timeout MS | retry K | gave-up (then the line "gave up") | done N
          stop REASON
  stop REASON: count, duration, signal, stdin, error, gave-up.

Where the RFC text and common practice (zguide mdbroker.c / mdwrkapi.c /
mdcliapi.c, zeromq/majordomo) differ, and what these peers do
-----------------------------------------------------------------------
  * Heartbeats/expiry: RFC 7/18 say both sides heartbeat and either side is
    dead after a multiple of the interval.  mdbroker.c heartbeats and expires
    only *idle* workers; this broker heartbeats every worker it has sent
    nothing to for an interval and expires any worker (idle or busy) silent for
    liveness * heartbeat.  Workers send HEARTBEAT only when they have sent
    nothing else for an interval ("SHOULD NOT send HEARTBEAT while also sending
    other commands"); any received command except DISCONNECT counts as a
    heartbeat.
  * Reserved names: RFC 8 says disconnect workers registering "mmi.*"
    services; mdbroker.c checks the worker's identity instead.  This broker
    checks the service name.
  * Unregistered services: RFC says queue and expire after a configurable
    time; mdbroker.c queues forever.  Default here: forever
    (--request-expiry-ms 0); set it to expire queued requests.
  * Dead busy workers: RFC goals allow resending a dead worker's request to
    another worker; mdbroker.c does not (the client retries).  Default here:
    do not; --requeue puts the request back at the head of its queue.
  * MMI reply: mdbroker.c returns the request with its last body frame replaced
    by the status; this broker sends the status as the only body frame (same
    bytes for the usual single-frame request).
  * MDP/0.2: no published code speaks RFC 18's framing (zeromq/majordomo HEAD
    uses zproto "AA A4"; tag wire-protocol-0.2 keeps the 0.1 layout with
    MDPC02/MDPW02 and PARTIAL=FINAL=03).  These peers implement RFC 18 as
    written; the broker rejects the variants with an error line.
  * Client framing: RFC 7 clients SHOULD use REQ and MAY use DEALER (which MUST
    add the empty frame 0 itself); both look identical on the wire.  Being
    liberal, the broker also accepts a 0.1 client or worker message lacking the
    leading empty frame, prints "event warning missing-empty-frame ..." and
    mirrors the layout back.  RFC 18 clients MUST use DEALER.
  * Version mixing (not covered by any RFC): with --mdp both (the default) a
    0.1 client may be served by a 0.2 worker and vice versa; REPLY becomes
    FINAL for 0.2 clients, and PARTIALs for a 0.1 client are dropped
    ("event partial-dropped").
  * Worker DISCONNECT handling: RFC says close the socket and reconnect on a
    new one (mdwrkapi.c reconnects at once).  The worker reconnects at once
    ("event reconnect 0"), except that it waits --reconnect-ms first when the
    DISCONNECT comes within --reconnect-ms of its last READY, so a broker that
    keeps refusing it (mmi.* service) is not flooded.
  * Stopping: on --duration, SIGTERM/SIGINT or --stdin-stop the worker just
    closes its socket (no DISCONNECT, like mdwrkapi.c), so the broker sees a
    silent worker and expires it; only --count ends with DISCONNECT.
  * Exit status: 1 whenever an "error" line was printed, even if the stop
    itself was clean (signal, duration); otherwise 0 (2 for a client that
    gave up).
  * Client retries: mdcliapi.c counts *total* attempts (3); here --retries is
    the number of resends after the first attempt (total = retries + 1).
  * Graceful exits that must deliver a last message (worker --count: final
    reply then DISCONNECT) close with LINGER 1000 ms so it is not discarded;
    every other close uses LINGER 0.
"""

import argparse
import collections
import os
import sys
import time

import zmq

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import rolekit  # noqa: E402  (this folder: output, stop, options, main)
from rolekit import drain, fmt_frame, fmt_frames, hexid, transform  # noqa: E402

MDPC01 = b"MDPC01"
MDPW01 = b"MDPW01"
MDPC02 = b"MDPC02"
MDPW02 = b"MDPW02"

# Worker command codes per version.
W_CODES = {
    "0.1": {"READY": 1, "REQUEST": 2, "REPLY": 3, "HEARTBEAT": 4, "DISCONNECT": 5},
    "0.2": {"READY": 1, "REQUEST": 2, "PARTIAL": 3, "FINAL": 4, "HEARTBEAT": 5,
            "DISCONNECT": 6},
}
W_NAMES = {v: {code: name for name, code in c.items()} for v, c in W_CODES.items()}
C02_REQUEST, C02_PARTIAL, C02_FINAL = b"\x01", b"\x02", b"\x03"
W_HEADER = {"0.1": MDPW01, "0.2": MDPW02}
C_HEADER = {"0.1": MDPC01, "0.2": MDPC02}


# ---------------------------------------------------------------------------
# broker
# ---------------------------------------------------------------------------

class WorkerRec:
    def __init__(self, wid, service, version, prefix, now):
        self.wid = wid
        self.service = service
        self.version = version
        self.prefix = prefix        # [b""] normally for 0.1, [] for 0.2
        self.last_recv = now
        self.last_sent = now
        self.busy = None            # the Request being served


class Request:
    def __init__(self, client, version, prefix, service, body, now):
        self.client = client
        self.version = version      # client's MDP version
        self.prefix = prefix        # 0.1: [b""] (REQ or conforming DEALER) or []
        self.service = service
        self.body = body
        self.queued_at = now


class Broker:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.hb = args.heartbeat_ms / 1000.0
        self.expiry = self.hb * args.liveness
        self.versions = ("0.1", "0.2") if args.mdp == "both" else (args.mdp,)
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.ROUTER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
        self.sock.bind(args.bind)
        self.workers = {}                        # wid -> WorkerRec
        self.queues = collections.defaultdict(collections.deque)   # service -> Requests
        self.waiting = collections.defaultdict(collections.deque)  # service -> idle wids
        rt.out("listening " + args.bind)

    # -- sending -----------------------------------------------------------
    def _send(self, frames, what):
        try:
            self.sock.send_multipart(frames, flags=zmq.NOBLOCK)
            return True
        except zmq.ZMQError as e:
            # ROUTER_MANDATORY: the peer's connection is gone (or its HWM is full)
            self.rt.diag("send %s to %s failed: %s" % (what, hexid(frames[0]), e))
            if what == "heartbeat":
                self.rt.hb_event("dropped", what)
            else:
                self.rt.event("dropped", what)
            return False

    def send_worker(self, wid, version, prefix, cmd, *frames):
        msg = [wid] + list(prefix) + [W_HEADER[version], bytes([W_CODES[version][cmd]])]
        msg += list(frames)
        ok = self._send(msg, cmd.lower())
        w = self.workers.get(wid)
        if w is not None:
            w.last_sent = time.monotonic()
        return ok

    def send_client(self, req, kind, body):
        """kind: 'partial' or 'final'."""
        if req.version == "0.1":
            if kind == "partial":
                self.rt.event("partial-dropped", fmt_frames(body))
                return
            msg = [req.client] + list(req.prefix) + [MDPC01, req.service] + list(body)
        else:
            cmd = C02_PARTIAL if kind == "partial" else C02_FINAL
            msg = [req.client, MDPC02, cmd, req.service] + list(body)
        if self._send(msg, "client-" + kind):
            self.rt.event("partial" if kind == "partial" else "reply", fmt_frames(body))

    # -- worker bookkeeping --------------------------------------------------
    def forget(self, w, requeue):
        self.workers.pop(w.wid, None)
        try:
            self.waiting[w.service].remove(w.wid)
        except ValueError:
            pass
        if w.busy is not None and requeue and self.args.requeue:
            self.queues[w.service].appendleft(w.busy)
            self.rt.event("requeue", fmt_frame(w.service))
            self.dispatch(w.service)
        w.busy = None

    def disconnect(self, wid, version, prefix, reason, service=b""):
        w = self.workers.get(wid)
        if w is not None:
            service = w.service
        self.send_worker(wid, version, prefix, "DISCONNECT")
        self.rt.event("disconnect", "sent", fmt_frame(service), reason)
        if w is not None:
            self.forget(w, requeue=True)

    def dispatch(self, service):
        q = self.queues[service]
        waiting = self.waiting[service]
        while q and waiting:
            wid = waiting.popleft()
            w = self.workers.get(wid)
            if w is None:
                continue
            req = q.popleft()
            w.busy = req
            self.send_worker(wid, w.version, w.prefix, "REQUEST", req.client, b"",
                             *req.body)
            self.rt.event("dispatch", fmt_frame(service))

    # -- incoming ------------------------------------------------------------
    def handle(self, frames):
        if len(frames) < 2:
            self.rt.error("malformed message of %d frame(s) from %s"
                          % (len(frames), hexid(frames[0] if frames else b"")))
            return
        sender, rest = frames[0], frames[1:]
        prefix = []
        if rest[0] == b"" and len(rest) >= 2:
            prefix, rest = [b""], rest[1:]
        head = rest[0]
        if head in (MDPC01, MDPW01):
            version = "0.1"
            if not prefix:
                self.rt.event("warning", "missing-empty-frame", fmt_frame(head))
        elif head in (MDPC02, MDPW02):
            version = "0.2"
            if prefix:
                self.rt.error("%s after an empty frame (REQ socket, or the"
                              " majordomo wire-protocol-0.2 framing): dropped"
                              % head.decode())
                return
        elif head[:2] == b"\xaa\xa4":
            self.rt.error("zproto (AA A4) majordomo encoding is not MDP/0.2 per"
                          " RFC 18: dropped")
            return
        else:
            self.rt.error("invalid header %s from %s: dropped"
                          % (fmt_frame(head), hexid(sender)))
            return
        if version not in self.versions:
            self.rt.error("MDP/%s message while serving only MDP/%s: dropped"
                          % (version, self.args.mdp))
            return
        if head in (MDPC01, MDPC02):
            self.client_message(sender, version, prefix, rest[1:])
        else:
            self.worker_message(sender, version, prefix, rest[1:])

    def client_message(self, sender, version, prefix, args):
        if version == "0.2":
            if not args or args[0] != C02_REQUEST:
                self.rt.error("MDPC02 command %s from client %s is not REQUEST: dropped"
                              % (fmt_frame(args[0]) if args else "(none)", hexid(sender)))
                return
            args = args[1:]
        if len(args) < 2:
            self.rt.error("client REQUEST without service and body (%d frame(s)"
                          " after the header): dropped" % len(args))
            return
        service, body = args[0], args[1:]
        if not service:
            self.rt.error("client REQUEST with an empty service name: dropped")
            return
        now = time.monotonic()
        req = Request(sender, version, prefix, service, body, now)
        self.rt.event("request", fmt_frame(service), fmt_frames(body))
        if service.startswith(b"mmi."):
            self.mmi(req)
            return
        self.queues[service].append(req)
        self.dispatch(service)

    def mmi(self, req):
        if req.service == b"mmi.service":
            name = req.body[0]
            found = any(w.service == name for w in self.workers.values())
            status = b"200" if found else b"404"
        else:
            status = b"501"
        self.rt.event("mmi", fmt_frame(req.service), fmt_frames(req.body),
                      status.decode())
        self.send_client(req, "final", [status])

    def worker_message(self, sender, version, prefix, args):
        w = self.workers.get(sender)
        if not args or len(args[0]) != 1 or args[0][0] not in W_NAMES[version]:
            self.rt.error("invalid MDPW%s command %s from %s"
                          % (version[-1].rjust(2, "0"),
                             fmt_frame(args[0]) if args else "(none)", hexid(sender)))
            if w is not None:
                self.disconnect(sender, w.version, w.prefix, "invalid-command")
            return
        cmd = W_NAMES[version][args[0][0]]
        args = args[1:]
        if w is not None and (w.version != version or w.prefix != prefix):
            self.rt.error("worker %s switched framing (was MDP/%s)"
                          % (hexid(sender), w.version))
            self.disconnect(sender, version, prefix, "framing-changed")
            return
        now = time.monotonic()
        if cmd == "DISCONNECT":
            if args:
                self.rt.error("DISCONNECT with %d extra frame(s)" % len(args))
            if w is not None:
                self.rt.event("disconnect", "received", fmt_frame(w.service))
                self.forget(w, requeue=True)
            else:
                self.rt.event("disconnect", "received", '""')
            return
        if w is not None:
            w.last_recv = now
        if cmd == "READY":
            if len(args) != 1 or not args[0]:
                self.rt.error("READY must carry exactly one non-empty service frame"
                              " (got %d frame(s))" % len(args))
                self.disconnect(sender, version, prefix, "malformed-ready")
                return
            service = args[0]
            if w is not None:
                self.rt.error("second READY from worker %s (%s)"
                              % (hexid(sender), fmt_frame(service)))
                self.disconnect(sender, version, prefix, "duplicate-ready")
                return
            if service.startswith(b"mmi."):
                self.rt.event("worker-rejected", fmt_frame(service))
                self.disconnect(sender, version, prefix, "reserved-service", service)
                return
            w = WorkerRec(sender, service, version, prefix, now)
            self.workers[sender] = w
            self.waiting[service].append(sender)
            self.rt.event("worker-ready", fmt_frame(service))
            self.rt.diag("worker %s ready for %s (MDP/%s)"
                         % (hexid(sender), service.decode("utf-8", "replace"), version))
            self.dispatch(service)
            return
        if cmd == "HEARTBEAT":
            if args:
                self.rt.error("HEARTBEAT with %d extra frame(s)" % len(args))
            if w is None:
                self.rt.event("unexpected", "heartbeat-from-unknown-worker")
                self.disconnect(sender, version, prefix, "unknown-worker")
                return
            self.rt.hb_event("heartbeat-received", fmt_frame(w.service))
            return
        if cmd == "REQUEST":
            self.rt.error("REQUEST sent by a worker (%s)" % hexid(sender))
            self.disconnect(sender, version, prefix, "invalid-direction")
            return
        # REPLY / PARTIAL / FINAL
        if len(args) < 3 or args[1] != b"":
            self.rt.error("%s must be client-address | [] | body (got %d frame(s))"
                          % (cmd, len(args)))
            if w is not None:
                self.disconnect(sender, version, prefix, "malformed-" + cmd.lower())
            return
        client, body = args[0], args[2:]
        if w is None:
            self.rt.event("unexpected", cmd.lower() + "-from-unknown-worker")
            self.disconnect(sender, version, prefix, "unknown-worker")
            return
        if w.busy is None or w.busy.client != client:
            self.rt.error("%s from worker %s to nothing (client %s not outstanding)"
                          % (cmd, hexid(sender), hexid(client)))
            self.disconnect(sender, version, prefix, "reply-to-nothing")
            return
        req = w.busy
        if cmd == "PARTIAL":
            self.send_client(req, "partial", body)
            return
        self.send_client(req, "final", body)
        w.busy = None
        self.waiting[w.service].append(w.wid)
        self.dispatch(w.service)

    # -- timers --------------------------------------------------------------
    def timers(self):
        now = time.monotonic()
        for w in list(self.workers.values()):
            if now - w.last_recv > self.expiry:
                self.rt.event("worker-expired", fmt_frame(w.service))
                self.rt.diag("worker %s expired after %.0f ms of silence"
                             % (hexid(w.wid), (now - w.last_recv) * 1000))
                self.forget(w, requeue=True)
            elif now - w.last_sent >= self.hb:
                if self.send_worker(w.wid, w.version, w.prefix, "HEARTBEAT"):
                    self.rt.hb_event("heartbeat-sent", fmt_frame(w.service))
        if self.args.request_expiry_ms > 0:
            limit = self.args.request_expiry_ms / 1000.0
            for service, q in self.queues.items():
                while q and now - q[0].queued_at > limit:
                    q.popleft()
                    self.rt.event("request-expired", fmt_frame(service))

    def run(self):
        poller = zmq.Poller()
        poller.register(self.sock, zmq.POLLIN)
        try:
            while not self.rt.stopping():
                if dict(poller.poll(50)).get(self.sock):
                    drain(self.sock, self.handle)
                self.timers()
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.sock.close(0)
            self.ctx.term()
        return self.rt.exit_code()


# ---------------------------------------------------------------------------
# worker
# ---------------------------------------------------------------------------

class Worker:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.version = args.mdp
        self.service = args.service.encode()
        self.hb = args.heartbeat_ms / 1000.0
        self.expiry = self.hb * args.liveness
        self.ctx = zmq.Context()
        self.sock = None
        self.received = 0
        self.answered = 0
        self.opened_at = None
        if args.partials and self.version != "0.2":
            rt.diag("--partials needs --mdp 0.2; ignored")
        self.open(first=True)

    def open(self, first=False):
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(self.args.connect)
        if first:
            self.rt.out("connected " + self.args.connect)
        now = time.monotonic()
        self.last_recv = now
        self.opened_at = now
        self.send("READY", self.service)
        self.rt.event("ready-sent", fmt_frame(self.service))

    def close(self, linger=0):
        if self.sock is not None:
            self.sock.close(linger)
            self.sock = None

    def send(self, cmd, *frames):
        msg = ([b""] if self.version == "0.1" else []) + \
            [W_HEADER[self.version], bytes([W_CODES[self.version][cmd]])] + list(frames)
        self.sock.send_multipart(msg)
        self.last_sent = time.monotonic()

    def reconnect(self, wait_ms):
        self.close()
        self.rt.event("reconnect", int(wait_ms))
        if wait_ms and not self.rt.sleep(wait_ms / 1000.0):
            return
        self.open()

    def handle(self, msg):
        if self.version == "0.1":
            if len(msg) < 3 or msg[0] != b"" or msg[1] != MDPW01:
                self.rt.error("malformed message (expected [] | MDPW01 | command): "
                              + fmt_frames(msg[:3]))
                return
            rest = msg[2:]
        else:
            if len(msg) < 2 or msg[0] != MDPW02:
                self.rt.error("malformed message (expected MDPW02 | command): "
                              + fmt_frames(msg[:2]))
                return
            rest = msg[1:]
        if len(rest[0]) != 1 or rest[0][0] not in W_NAMES[self.version]:
            self.rt.error("unknown command " + fmt_frame(rest[0]))
            return
        cmd = W_NAMES[self.version][rest[0][0]]
        args = rest[1:]
        if cmd == "DISCONNECT":
            if args:
                self.rt.error("DISCONNECT with %d extra frame(s)" % len(args))
            self.rt.event("disconnect", "received")
            # refused right after (re)connecting: wait, so as not to flood
            storm = time.monotonic() - self.opened_at < self.args.reconnect_ms / 1000.0
            self.reconnect(self.args.reconnect_ms if storm else 0)
            return
        self.last_recv = time.monotonic()
        if cmd == "HEARTBEAT":
            if args:
                self.rt.error("HEARTBEAT with %d extra frame(s)" % len(args))
            self.rt.hb_event("heartbeat-received")
            return
        if cmd != "REQUEST":
            self.rt.error("command %s out of order (broker must not send it)" % cmd)
            return
        if len(args) < 3 or args[1] != b"":
            self.rt.error("REQUEST must be client-address | [] | body (got %d frame(s))"
                          % len(args))
            return
        client, body = args[0], args[2:]
        self.received += 1
        self.rt.event("request", fmt_frame(self.service), fmt_frames(body))
        if self.args.die_after and self.received >= self.args.die_after:
            self.rt.die_after(self.received)
        reply = transform(self.args.reply, body)
        if self.version == "0.2":
            for _ in range(self.args.partials):
                self.send("PARTIAL", client, b"", *reply)
                self.rt.event("partial", fmt_frames(reply))
            self.send("FINAL", client, b"", *reply)
        else:
            self.send("REPLY", client, b"", *reply)
        self.rt.event("reply", fmt_frames(reply))
        self.answered += 1
        if self.args.count and self.answered >= self.args.count:
            self.send("DISCONNECT")
            self.rt.event("disconnect", "sent")
            self.rt.stop_reason = "count"

    def run(self):
        linger = 0
        try:
            while not self.rt.stopping():
                if self.sock is None:           # stopped during a reconnect wait
                    break
                if self.sock.poll(50, zmq.POLLIN):
                    msg = self.sock.recv_multipart()
                    self.handle(msg)
                    if self.rt.stop_reason == "count":
                        linger = 1000
                        break
                    if self.sock is None:
                        break
                now = time.monotonic()
                if now - self.last_recv > self.expiry:
                    self.rt.event("broker-lost", int((now - self.last_recv) * 1000))
                    self.reconnect(self.args.reconnect_ms)
                    continue
                if now - self.last_sent >= self.hb:
                    self.send("HEARTBEAT")
                    self.rt.hb_event("heartbeat-sent")
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.close(linger)
            self.ctx.term()
        return self.rt.exit_code()


# ---------------------------------------------------------------------------
# client
# ---------------------------------------------------------------------------

class GiveUp(Exception):
    pass


class ProtocolError(Exception):
    pass


class Client:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.version = args.mdp
        self.kind = args.socket or ("req" if self.version == "0.1" else "dealer")
        if self.version == "0.2" and self.kind == "req":
            rt.diag("warning: RFC 18 clients MUST use DEALER; a REQ socket adds an"
                    " empty frame a conforming broker rejects")
        self.service = args.service.encode()
        self.body = [r.encode() for r in args.request]
        self.ctx = zmq.Context()
        self.sock = None
        self.open(first=True)

    def open(self, first=False):
        self.sock = self.ctx.socket(zmq.REQ if self.kind == "req" else zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(self.args.connect)
        if first:
            self.rt.out("connected " + self.args.connect)

    def close(self):
        if self.sock is not None:
            self.sock.close(0)
            self.sock = None

    def send_request(self):
        if self.version == "0.1":
            msg = [MDPC01, self.service] + self.body
            if self.kind == "dealer":
                msg = [b""] + msg
        else:
            msg = [MDPC02, C02_REQUEST, self.service] + self.body
        self.sock.send_multipart(msg)
        self.rt.event("request", fmt_frame(self.service), fmt_frames(self.body))

    def parse(self, msg):
        """Returns ('partial'|'final', body)."""
        if self.version == "0.1":
            if self.kind == "dealer":
                if not msg or msg[0] != b"":
                    raise ProtocolError("reply without the leading empty frame: "
                                        + fmt_frames(msg[:3]))
                msg = msg[1:]
            if len(msg) < 3 or msg[0] != MDPC01:
                raise ProtocolError("malformed REPLY (expected MDPC01 | service | body): "
                                    + fmt_frames(msg[:3]))
            service, body, kind = msg[1], msg[2:], "final"
        else:
            if len(msg) < 4 or msg[0] != MDPC02:
                raise ProtocolError("malformed reply (expected MDPC02 | command | service"
                                    " | body): " + fmt_frames(msg[:4]))
            if msg[1] == C02_PARTIAL:
                kind = "partial"
            elif msg[1] == C02_FINAL:
                kind = "final"
            else:
                raise ProtocolError("command %s is not PARTIAL or FINAL" % fmt_frame(msg[1]))
            service, body = msg[2], msg[3:]
        if service != self.service:
            raise ProtocolError("reply for service %s, expected %s"
                                % (fmt_frame(service), fmt_frame(self.service)))
        return kind, body

    def one_request(self):
        timeout = self.args.timeout_ms / 1000.0
        retries_left = self.args.retries
        attempt = 0
        self.send_request()
        while True:
            msg = self.rt.recv(self.sock, timeout)
            if self.rt.stopping():
                return False
            if msg is None:
                self.rt.event("timeout", self.args.timeout_ms)
                if retries_left <= 0:
                    raise GiveUp()
                retries_left -= 1
                attempt += 1
                self.close()
                self.open()
                self.rt.event("retry", attempt)
                self.send_request()
                continue
            kind, body = self.parse(msg)
            if kind == "partial":
                self.rt.event("partial", fmt_frames(body))
                continue
            self.rt.event("reply", fmt_frames(body))
            return True

    def run(self):
        code = 0
        done = 0
        try:
            for _ in range(self.args.count):
                if not self.one_request():
                    break
                done += 1
            else:
                self.rt.stop_reason = self.rt.stop_reason or "count"
            self.rt.event("done", done)
        except GiveUp:
            self.rt.event("gave-up")
            self.rt.out("gave up")
            self.rt.stop_reason = "gave-up"
            code = 2
        except ProtocolError as e:
            self.rt.error(str(e))
            self.rt.stop_reason = "error"
            code = 1
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.close()
            self.ctx.term()
        return code or self.rt.exit_code()


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

# (this script's "positive_int" has always taken 0 too)
positive_int = rolekit.int_option(0, "positive_int")


def build_parser():
    p = argparse.ArgumentParser(description="MDP/0.1, MDP/0.2 and MMI test peers"
                                " (RFC 7, 18, 8).")
    sub = p.add_subparsers(dest="role", required=True)

    def common(sp):
        rolekit.add_common_options(sp, "also print heartbeat events")

    b = sub.add_parser("broker", help="ROUTER broker for clients and workers")
    b.add_argument("--bind", required=True)
    b.add_argument("--mdp", choices=["0.1", "0.2", "both"], default="both")
    b.add_argument("--heartbeat-ms", type=positive_int, default=2500)
    b.add_argument("--liveness", type=positive_int, default=3)
    b.add_argument("--request-expiry-ms", type=positive_int, default=0,
                   help="expire queued requests after this long (0 = never)")
    b.add_argument("--requeue", action="store_true",
                   help="resend a dead/disconnected worker's request to another worker")
    common(b)

    w = sub.add_parser("worker", help="DEALER worker for one service")
    w.add_argument("--connect", required=True)
    w.add_argument("--service", required=True)
    w.add_argument("--mdp", choices=["0.1", "0.2"], default="0.1")
    w.add_argument("--heartbeat-ms", type=positive_int, default=2500)
    w.add_argument("--liveness", type=positive_int, default=3)
    w.add_argument("--reconnect-ms", type=positive_int, default=2500)
    w.add_argument("--reply", choices=["echo", "upper"], default="echo")
    w.add_argument("--count", type=positive_int, default=0,
                   help="after N replies send DISCONNECT and exit 0")
    w.add_argument("--die-after", type=positive_int, default=0,
                   help="on the Nth request exit at once, no reply, no DISCONNECT")
    w.add_argument("--partials", type=positive_int, default=0,
                   help="MDP/0.2: K PARTIAL replies before the FINAL")
    common(w)

    c = sub.add_parser("client", help="REQ/DEALER client")
    c.add_argument("--connect", required=True)
    c.add_argument("--service", required=True)
    c.add_argument("--request", required=True, action="append",
                   help="body frame (repeat for a multi-frame body)")
    c.add_argument("--mdp", choices=["0.1", "0.2"], default="0.1")
    c.add_argument("--count", type=positive_int, default=1)
    c.add_argument("--timeout-ms", type=positive_int, default=2500)
    c.add_argument("--retries", type=positive_int, default=3,
                   help="resends after the first attempt times out")
    c.add_argument("--socket", choices=["req", "dealer"], default=None,
                   help="default: req for 0.1, dealer for 0.2")
    common(c)
    return p


def main():
    rolekit.run_main(build_parser(), {"broker": Broker, "worker": Worker, "client": Client})


if __name__ == "__main__":
    main()
