#!/usr/bin/python3
r"""Paranoid Pirate test peers: queue, worker and Lazy Pirate client roles.

Independent reference peers for ZmqScope's tests, written from the RFC text
(zeromq/rfc 6/PPP, stable) and the project's digest
/work/shared/specs/protocols.md sections 6 and 17.  The Lazy Pirate client
is the plain-REQ retry pattern of the Guide, chapter 4 (no RFC of its own).
Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

Usage
-----
  ppp_roles.py queue --frontend EP --backend EP [--heartbeat-ms 1000]
      [--liveness 3] [--requeue]
  ppp_roles.py worker --connect EP [--heartbeat-ms 1000] [--liveness 3]
      [--interval-init-ms 1000] [--interval-max-ms 32000] [--reply echo|upper]
      [--count N] [--die-after N]
  ppp_roles.py lpclient --connect EP --request TEXT [--request TEXT2 ...]
      [--count N] [--timeout-ms 2500] [--retries 3]
  Common: [--duration S] [--stdin-stop] [--verbose] [--exit-on-error]

Wire format (RFC 6; the ROUTER routing-id frame is not shown)
-------------------------------------------------------------
  READY      W->C  one frame, the single byte 0x01
  HEARTBEAT  both  one frame, the single byte 0x02
  REQUEST    C->W  optional address stack + empty delimiter, then 1+ body frames
  REPLY      W->C  the same envelope echoed, then 1+ body frames
  ("C" is the RFC's "client", i.e. the queue.)  The queue's frontend is a
  ROUTER for REQ clients ([client-id] | [] | body...); a REQUEST to a worker is
  client-id | [] | body..., and the worker's REPLY is forwarded to the frontend
  unchanged (its first frame routes it to the client).

Stdout (one line per event, flushed): first "listening EP" for each bound
endpoint (queue: frontend then backend) or "connected EP" (worker, lpclient),
then "event <kind> <args>", "error <text>" for protocol errors, "gave up" when
the client gives up.  Frames are separate space-separated tokens: UTF-8 text,
with backslash, double quote, whitespace and non-printables as \xNN; an empty
frame prints as "".  Worker ids (queue) print as hex.  Exit codes: 0 ok,
1 protocol error seen, 2 client gave up.  Heartbeat events only with --verbose.

Events ("event KIND ARGS"; WID = worker routing id in hex, BODY = body frames)
------------------------------------------------------------------------------
  queue:    worker-ready WID | worker-expired WID | request BODY (frontend)
            dispatch WID | reply BODY (forwarded to the frontend) | requeue BODY
            unexpected heartbeat-from-unknown-worker WID |
            unexpected reply-from-unknown-worker WID | dropped WHAT (send
            failed: peer gone) | heartbeat-sent WID | heartbeat-received WID
            stop REASON
  worker:   ready-sent | request BODY | reply BODY | queue-lost MS (silence)
            reconnect MS (back-off before the new socket) | die-after N
            heartbeat-sent | heartbeat-received | stop REASON
  lpclient: request BODY (also each resend) | reply BODY | timeout MS
            retry K | gave-up (then the line "gave up") | done N | stop REASON
  stop REASON: count, duration, signal, stdin, error, gave-up.

Where RFC 6 and common practice (zguide ppqueue.c / ppworker.c / lpclient.c)
differ, and what these peers do
------------------------------------------------------------------------
  * First message: RFC 6 says it MUST be W:READY.  ppqueue.c accepts any
    worker message as "alive and ready" (a HEARTBEAT or a reply from a worker
    it never heard READY from registers it) and only looks at the first byte
    of one-frame messages.  This queue registers workers only on READY; a
    HEARTBEAT from an unknown worker is ignored ("event unexpected ..."), so
    such a worker hears no heartbeats, times the queue out and sends READY on
    a new socket, as RFC 6 requires.  A reply from an unknown worker is still
    forwarded (it may have been expired while busy) with that event.
    One-frame messages must be exactly 01 or 02.
  * Heartbeats: RFC 6 has both sides send HEARTBEAT at regular intervals.
    ppqueue.c heartbeats only idle workers (busy ones are not in its list)
    and re-queues a worker at the tail on every message, heartbeats included.
    This queue heartbeats every known worker it has sent nothing to for one
    interval, expires any worker (idle or busy) silent for liveness *
    interval, and moves a worker to the tail of the LRU list only on READY or
    a reply.  The worker heartbeats on a fixed schedule, every interval.
  * Liveness: the worker (like ppworker.c) counts any message from the queue
    as a sign of life, not only HEARTBEAT, and resets its back-off to
    --interval-init-ms on any message.  On losing the queue it closes its
    socket, waits the back-off (printed as "event reconnect MS"), doubles it
    up to --interval-max-ms, then opens a new socket and sends READY.
  * Envelope: RFC 6 makes the address stack optional.  ppworker.c treats only
    exactly-3-frame messages as requests.  This worker takes any non-control
    message: frames up to the first empty frame are the envelope (none if
    there is no empty frame), the rest the body, which must be non-empty.  A
    one-frame request whose body is 01 or 02 cannot be told from a control
    frame; that is inherent in RFC 6.
  * Dead busy workers: RFC 6 goals allow resending a dead worker's request;
    ppqueue.c does not (the Lazy Pirate client retries).  Default: do not;
    --requeue puts the request back at the head of the queue.
  * Requests with no worker: ppqueue.c stops reading its frontend while no
    worker is ready (requests wait in libzmq); this queue reads them at once
    ("event request ...") and keeps them in its own FIFO.
  * lpclient.c counts total attempts (3); here --retries is the number of
    resends after the first attempt (total = retries + 1).
  * Graceful exits that must deliver a last reply (worker --count) close with
    LINGER 1000 ms; every other close uses LINGER 0.
  * Exit status: 1 whenever an "error" line was printed, even if the stop
    itself was clean (signal, duration); otherwise 0 (2 for a client that
    gave up).
"""

import argparse
import collections
import os
import sys
import time

import zmq

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import rolekit  # noqa: E402  (this folder: output, stop, options, main)
from rolekit import (  # noqa: E402
    drain, fmt_frame, fmt_frames, hexid, nonneg_int, transform)

PPP_READY = b"\x01"
PPP_HEARTBEAT = b"\x02"


def split_envelope(frames):
    """(envelope including the empty delimiter, body); envelope [] if none."""
    for i, f in enumerate(frames):
        if f == b"":
            return frames[:i + 1], frames[i + 1:]
    return [], frames


# ---------------------------------------------------------------------------
# queue (the RFC's "client")
# ---------------------------------------------------------------------------

class WorkerRec:
    def __init__(self, wid, now):
        self.wid = wid
        self.last_recv = now
        self.last_sent = now
        self.busy = None            # (envelope, body) being served


class Queue:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.hb = args.heartbeat_ms / 1000.0
        self.expiry = self.hb * args.liveness
        self.ctx = zmq.Context()
        self.front = self.ctx.socket(zmq.ROUTER)
        self.back = self.ctx.socket(zmq.ROUTER)
        for s in (self.front, self.back):
            s.setsockopt(zmq.LINGER, 0)
            s.setsockopt(zmq.ROUTER_MANDATORY, 1)
        self.front.bind(args.frontend)
        rt.out("listening " + args.frontend)
        self.back.bind(args.backend)
        rt.out("listening " + args.backend)
        self.workers = {}                       # wid -> WorkerRec
        self.idle = collections.deque()         # LRU: ready workers, oldest first
        self.requests = collections.deque()     # (envelope, body)

    def _send(self, sock, frames, what):
        try:
            sock.send_multipart(frames, flags=zmq.NOBLOCK)
            return True
        except zmq.ZMQError as e:
            self.rt.diag("send %s to %s failed: %s" % (what, hexid(frames[0]), e))
            if what == "heartbeat":
                self.rt.hb_event("dropped", what)
            else:
                self.rt.event("dropped", what)
            return False

    def send_worker(self, w, frames, what):
        ok = self._send(self.back, [w.wid] + list(frames), what)
        w.last_sent = time.monotonic()
        return ok

    def forget(self, w):
        self.workers.pop(w.wid, None)
        try:
            self.idle.remove(w.wid)
        except ValueError:
            pass
        if w.busy is not None and self.args.requeue:
            self.requests.appendleft(w.busy)
            self.rt.event("requeue", fmt_frames(w.busy[1]))
        w.busy = None

    def dispatch(self):
        while self.requests and self.idle:
            w = self.workers.get(self.idle.popleft())
            if w is None:
                continue
            envelope, body = self.requests.popleft()
            w.busy = (envelope, body)
            self.send_worker(w, envelope + body, "request")
            self.rt.event("dispatch", hexid(w.wid))

    def frontend_message(self, frames):
        envelope, body = split_envelope(frames)
        if not envelope or not body:
            self.rt.error("frontend message is not [client] | [] | body (%d frame(s),"
                          " a REQ client is expected): dropped" % len(frames))
            return
        self.rt.event("request", fmt_frames(body))
        self.requests.append((envelope, body))
        self.dispatch()

    def backend_message(self, frames):
        wid, rest = frames[0], frames[1:]
        now = time.monotonic()
        w = self.workers.get(wid)
        if not rest:
            self.rt.error("empty message from worker %s" % hexid(wid))
            return
        if len(rest) == 1:
            if rest[0] == PPP_READY:
                if w is not None:
                    # RFC 6: a worker sends READY again to start a new conversation
                    self.rt.diag("worker %s sent READY again" % hexid(wid))
                    self.forget(w)
                w = WorkerRec(wid, now)
                self.workers[wid] = w
                self.idle.append(wid)
                self.rt.event("worker-ready", hexid(wid))
                self.dispatch()
            elif rest[0] == PPP_HEARTBEAT:
                if w is None:
                    self.rt.event("unexpected", "heartbeat-from-unknown-worker",
                                  hexid(wid))
                    return
                w.last_recv = now
                self.rt.hb_event("heartbeat-received", hexid(wid))
            else:
                self.rt.error("invalid one-frame message %s from worker %s (only 01"
                              " READY and 02 HEARTBEAT are defined)"
                              % (fmt_frame(rest[0]), hexid(wid)))
            return
        envelope, body = split_envelope(rest)
        if not envelope or not body:
            self.rt.error("reply from worker %s is not envelope | [] | body: dropped"
                          % hexid(wid))
            return
        if w is None:
            self.rt.event("unexpected", "reply-from-unknown-worker", hexid(wid))
        elif w.busy is None or w.busy[0] != envelope:
            self.rt.error("reply from worker %s to nothing (envelope %s not outstanding):"
                          " dropped" % (hexid(wid), fmt_frames(envelope)))
            w.last_recv = now
            return
        else:
            w.last_recv = now
            w.busy = None
            self.idle.append(wid)
        if self._send(self.front, envelope + body, "reply"):
            self.rt.event("reply", fmt_frames(body))
        self.dispatch()

    def timers(self):
        now = time.monotonic()
        for w in list(self.workers.values()):
            if now - w.last_recv > self.expiry:
                self.rt.event("worker-expired", hexid(w.wid))
                self.rt.diag("worker %s expired after %.0f ms of silence"
                             % (hexid(w.wid), (now - w.last_recv) * 1000))
                self.forget(w)
            elif now - w.last_sent >= self.hb:
                if self.send_worker(w, [PPP_HEARTBEAT], "heartbeat"):
                    self.rt.hb_event("heartbeat-sent", hexid(w.wid))
        self.dispatch()

    def run(self):
        poller = zmq.Poller()
        poller.register(self.front, zmq.POLLIN)
        poller.register(self.back, zmq.POLLIN)
        try:
            while not self.rt.stopping():
                ready = dict(poller.poll(50))
                if ready.get(self.back):
                    drain(self.back, self.backend_message)
                if ready.get(self.front):
                    drain(self.front, self.frontend_message)
                self.timers()
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.front.close(0)
            self.back.close(0)
            self.ctx.term()
        return self.rt.exit_code()


# ---------------------------------------------------------------------------
# worker
# ---------------------------------------------------------------------------

class Worker:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.hb = args.heartbeat_ms / 1000.0
        self.expiry = self.hb * args.liveness
        self.interval = args.interval_init_ms
        self.ctx = zmq.Context()
        self.sock = None
        self.received = 0
        self.answered = 0
        self.open(first=True)

    def open(self, first=False):
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(self.args.connect)
        if first:
            self.rt.out("connected " + self.args.connect)
        now = time.monotonic()
        self.last_recv = now
        self.sock.send(PPP_READY)
        self.next_hb = now + self.hb
        self.rt.event("ready-sent")

    def close(self, linger=0):
        if self.sock is not None:
            self.sock.close(linger)
            self.sock = None

    def handle(self, msg):
        self.last_recv = time.monotonic()
        self.interval = self.args.interval_init_ms
        if len(msg) == 1 and msg[0] == PPP_HEARTBEAT:
            self.rt.hb_event("heartbeat-received")
            return
        if len(msg) == 1 and msg[0] == PPP_READY:
            self.rt.error("READY (01) received: only a worker sends READY")
            return
        envelope, body = split_envelope(msg)
        if not body:
            self.rt.error("REQUEST without body (%d frame(s)): dropped" % len(msg))
            return
        self.received += 1
        self.rt.event("request", fmt_frames(body))
        if self.args.die_after and self.received >= self.args.die_after:
            self.rt.die_after(self.received)
        reply = transform(self.args.reply, body)
        self.sock.send_multipart(envelope + reply)
        self.rt.event("reply", fmt_frames(reply))
        self.answered += 1
        if self.args.count and self.answered >= self.args.count:
            self.rt.stop_reason = "count"

    def reconnect(self):
        self.close()
        wait = self.interval
        self.rt.event("reconnect", int(wait))
        if self.interval < self.args.interval_max_ms:
            self.interval = min(self.interval * 2, self.args.interval_max_ms)
        if not self.rt.sleep(wait / 1000.0):
            return
        self.open()

    def run(self):
        linger = 0
        try:
            while not self.rt.stopping() and self.sock is not None:
                if self.sock.poll(50, zmq.POLLIN):
                    self.handle(self.sock.recv_multipart())
                    if self.rt.stop_reason == "count":
                        linger = 1000
                        break
                now = time.monotonic()
                if now - self.last_recv > self.expiry:
                    self.rt.event("queue-lost", int((now - self.last_recv) * 1000))
                    self.reconnect()
                    continue
                if now >= self.next_hb:
                    self.sock.send(PPP_HEARTBEAT)
                    self.next_hb = now + self.hb
                    self.rt.hb_event("heartbeat-sent")
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.close(linger)
            self.ctx.term()
        return self.rt.exit_code()


# ---------------------------------------------------------------------------
# Lazy Pirate client
# ---------------------------------------------------------------------------

class LpClient:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.body = [r.encode() for r in args.request]
        self.ctx = zmq.Context()
        self.sock = None
        self.open(first=True)

    def open(self, first=False):
        self.sock = self.ctx.socket(zmq.REQ)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(self.args.connect)
        if first:
            self.rt.out("connected " + self.args.connect)

    def close(self):
        if self.sock is not None:
            self.sock.close(0)
            self.sock = None

    def send_request(self):
        self.sock.send_multipart(self.body)
        self.rt.event("request", fmt_frames(self.body))

    def one_request(self):
        """True: reply received; False: stopped; None: gave up."""
        retries_left = self.args.retries
        attempt = 0
        self.send_request()
        while True:
            reply = self.rt.recv(self.sock, self.args.timeout_ms / 1000.0)
            if self.rt.stopping():
                return False
            if reply is not None:
                self.rt.event("reply", fmt_frames(reply))
                return True
            self.rt.event("timeout", self.args.timeout_ms)
            if retries_left <= 0:
                return None
            retries_left -= 1
            attempt += 1
            self.close()
            self.open()
            self.rt.event("retry", attempt)
            self.send_request()

    def run(self):
        code = 0
        done = 0
        try:
            for _ in range(self.args.count):
                r = self.one_request()
                if r is None:
                    self.rt.event("gave-up")
                    self.rt.out("gave up")
                    self.rt.stop_reason = "gave-up"
                    code = 2
                    break
                if r is False:
                    break
                done += 1
            else:
                self.rt.stop_reason = self.rt.stop_reason or "count"
            if code == 0:
                self.rt.event("done", done)
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.close()
            self.ctx.term()
        return code or self.rt.exit_code()


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def build_parser():
    p = argparse.ArgumentParser(description="Paranoid Pirate (RFC 6) and Lazy Pirate"
                                " test peers.")
    sub = p.add_subparsers(dest="role", required=True)

    def common(sp):
        rolekit.add_common_options(sp, "also print heartbeat events")

    q = sub.add_parser("queue", help="ROUTER frontend (REQ clients) + ROUTER backend"
                       " (PPP workers)")
    q.add_argument("--frontend", required=True)
    q.add_argument("--backend", required=True)
    q.add_argument("--heartbeat-ms", type=nonneg_int, default=1000)
    q.add_argument("--liveness", type=nonneg_int, default=3)
    q.add_argument("--requeue", action="store_true",
                   help="resend a dead worker's request to another worker")
    common(q)

    w = sub.add_parser("worker", help="DEALER PPP worker")
    w.add_argument("--connect", required=True)
    w.add_argument("--heartbeat-ms", type=nonneg_int, default=1000)
    w.add_argument("--liveness", type=nonneg_int, default=3)
    w.add_argument("--interval-init-ms", type=nonneg_int, default=1000)
    w.add_argument("--interval-max-ms", type=nonneg_int, default=32000)
    w.add_argument("--reply", choices=["echo", "upper"], default="echo")
    w.add_argument("--count", type=nonneg_int, default=0,
                   help="exit 0 after N replies")
    w.add_argument("--die-after", type=nonneg_int, default=0,
                   help="on the Nth request exit at once without replying")
    common(w)

    c = sub.add_parser("lpclient", help="Lazy Pirate REQ client")
    c.add_argument("--connect", required=True)
    c.add_argument("--request", required=True, action="append",
                   help="body frame (repeat for a multi-frame body)")
    c.add_argument("--count", type=nonneg_int, default=1)
    c.add_argument("--timeout-ms", type=nonneg_int, default=2500)
    c.add_argument("--retries", type=nonneg_int, default=3,
                   help="resends after the first attempt times out")
    common(c)
    return p


def main():
    rolekit.run_main(build_parser(), {"queue": Queue, "worker": Worker, "lpclient": LpClient})


if __name__ == "__main__":
    main()
