#!/usr/bin/python3
r"""WMP test peers: manager and worker roles, in "ZmqScope WMP encoding 1".

Independent reference peers for ZmqScope's tests.  RFC 14 (14/WMP, raw)
defines the commands and the dialog but no encoding, so the wire format is
the one docs/WMP.md defines (ZmqScope's own "encoding 1"); these peers
interoperate only with peers that implement that document.  Written from
the digest /work/shared/specs/protocols.md sections 14 and 17 and docs/WMP.md.
Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

Usage
-----
  wmp_roles.py manager --bind EP [--identity manager-1] [--job TEXT ...]
      [--jobs N] [--wake-timeout-ms 2000] [--job-timeout-ms 0]
      [--expect-done N]
  wmp_roles.py worker --connect EP [--connect EP2 ...] [--identity NAME]
      [--capacity 1] [--no-capacity] [--give-delay-ms 0] [--work-ms 0]
      [--result done|echo|upper] [--reserve-timeout-ms 5000]
      [--ready-retry-ms 0] [--count N] [--die-after N]
  Common: [--duration S] [--stdin-stop] [--verbose] [--exit-on-error]

Wire format (docs/WMP.md, encoding 1; the ROUTER routing-id frame is not shown)
-------------------------------------------------------------------------------
  Every message: "WMP01" | command name | arguments, one per frame:
    READY  worker->manager  [capacity as decimal digits]      (2 or 3 frames)
    WAKE   manager->worker  job
    GIVE   worker->manager  job
    TAKE   manager->worker  job | manager identity | payload (1+ frames)
    NO     manager->worker  job
    DONE   worker->manager  job | result (1+ frames)
  The manager binds a ROUTER (routing id = --identity, also sent in TAKE);
  each worker connects one DEALER per manager.  Nothing else on the wire.

Stdout (one line per event, flushed): first "listening EP" (manager) or
"connected EP" (worker, one line per --connect), then "event <kind> <args>",
"error <text>" for protocol errors, "gave up".  Job ids, identities and
bodies are one token each: UTF-8 with backslash, double quote, whitespace and
non-printables as \xNN; "" when empty.  WID = the worker's routing id
printed the same way (a libzmq-generated id shows as \x00...).
Exit codes: 0 ok, 1 protocol error seen, 2 gave up (--duration before the
manager's jobs were all done / before the worker's --count).

Events
------
  manager: ready WID CAP (new worker; CAP "" when READY has none) |
           ready-known WID CAP (READY from a remembered worker: ignored, except
           that a capacity updates it) | wake JOB WID | give JOB WID |
           take JOB WID | no JOB WID | done JOB WID RESULT |
           job-timeout JOB WID (requeued; that worker is forgotten) |
           late-done JOB WID RESULT | dropped WID WHAT (peer gone) |
           all-done N | stop REASON
  worker:  ready-sent CAP | wake JOB | wake-ignored JOB busy|duplicate |
           give-sent JOB | take JOB MANAGER PAYLOAD | no JOB |
           done-sent JOB RESULT | reservation-expired JOB | die-after N |
           stop REASON
  stop REASON: done, count, duration, signal, stdin, error.

Behaviour and interpretation choices
------------------------------------
  * Jobs (manager): --job TEXT adds a job with payload TEXT (one frame),
    --jobs N adds payloads "work 1".."work N"; ids are job-1, job-2, ... in
    order.  Jobs are offered one at a time: the manager sends WAKE for the
    next job to every remembered worker with free capacity (by its own count:
    capacity minus jobs TAKEn and not DONE), answers the first GIVE with
    TAKE job | identity | payload and every later GIVE for that job with NO,
    then moves to the next job at once (taken jobs run concurrently).  With
    no eligible worker it waits for a READY or a DONE.  If nobody GIVEs
    within --wake-timeout-ms it WAKEs the eligible workers again (RFC:
    reliability is the application's business).  --job-timeout-ms N: a
    TAKEn job whose DONE has not come after N ms is offered again and its
    worker forgotten (a DONE arriving later is "late-done", not an error).
  * Remembering workers: the first READY on a route registers it (capacity
    from READY, 1 if absent); a later READY on a known route is ignored
    (docs/WMP.md), except that a capacity it carries replaces the old one.
    A send that fails (ROUTER_MANDATORY: the worker is gone) forgets it.
  * The manager exits 0 with "all-done" when --expect-done DONEs have
    arrived (default: the number of jobs; 0 = run until stopped).
  * Worker: sends READY (with --capacity unless --no-capacity) to every
    manager on connecting.  On WAKE with free capacity it reserves a slot for
    that manager and job and answers GIVE after --give-delay-ms; a busy
    worker ignores WAKE (and a WAKE for a job it already holds).  On TAKE it
    works --work-ms, then sends DONE | job | result (--result done: payload
    "work N" becomes "done N", any other payload gets "done " in front; echo;
    upper), frees the slot and sends READY again (not after its last DONE
    with --count).  It also sends READY right after a TAKE when it still has
    free capacity (RFC 14's advice for concurrent jobs).  On NO it frees the
    slot silently.  A reservation with no TAKE/NO after --reserve-timeout-ms
    is freed ("reservation-expired").  --ready-retry-ms N repeats READY every
    N ms while the worker is idle (RFC: READY may be retried).
  * Errors: frame 0 not "WMP01", an unknown or lower-case command, too few
    frames, a command sent the wrong way (the manager receiving WAKE, TAKE or
    NO, the worker READY, GIVE or DONE), a GIVE for a job never woken
    towards that worker, a DONE for a job not TAKEn by it, a TAKE or NO for a
    job the worker did not GIVE, a READY capacity that is not 1-9 digits.
    Frames beyond those listed are ignored with a note on stderr.  An
    unexpected TAKE is still done (docs/WMP.md: the dialog goes on).
  * --die-after N (worker): on the Nth TAKE exit at once, no DONE.
  * Closing: the manager after all-done and the worker after --count close
    with LINGER 1000 ms so the last NO / DONE gets out; every other close
    uses LINGER 0.
"""

import argparse
import collections
import os
import sys
import time

import zmq

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import rolekit  # noqa: E402  (this folder: output, stop, options, main)
from rolekit import fmt_frame, fmt_frames, nonneg_int  # noqa: E402

MAGIC = b"WMP01"
COMMANDS = {b"READY": 2, b"WAKE": 3, b"GIVE": 3, b"TAKE": 5, b"NO": 3, b"DONE": 4}
FROM_WORKER = (b"READY", b"GIVE", b"DONE")
FROM_MANAGER = (b"WAKE", b"TAKE", b"NO")


def parse(rt, frames, allowed, who):
    """-> (command, args) or None after printing an error."""
    if len(frames) < 2 or frames[0] != MAGIC:
        rt.error("%s: not WMP encoding 1 (frame 0 %s)" % (who, fmt_frame(frames[0]) if frames else '""'))
        return None
    cmd, args = frames[1], frames[2:]
    if cmd not in COMMANDS:
        rt.error("%s: unknown command %s" % (who, fmt_frame(cmd)))
        return None
    if len(frames) < COMMANDS[cmd]:
        rt.error("%s: %s with %d frames, needs at least %d"
                 % (who, cmd.decode(), len(frames), COMMANDS[cmd]))
        return None
    if cmd not in allowed:
        rt.error("%s: received %s, which only the other side sends" % (who, cmd.decode()))
        return None
    fixed = {b"READY": 3, b"WAKE": 3, b"GIVE": 3, b"NO": 3}.get(cmd)
    if fixed is not None and len(frames) > fixed:
        rt.diag("%s: %s with %d extra frame(s), ignored" % (who, cmd.decode(), len(frames) - fixed))
    return cmd, args


# ---------------------------------------------------------------------------
# manager
# ---------------------------------------------------------------------------

class WorkerRec:
    def __init__(self, wid, capacity):
        self.wid = wid
        self.capacity = capacity
        self.taken = {}               # job -> time taken
        self.unanswered = set()       # jobs woken towards it, no GIVE yet


class Manager:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.identity = args.identity.encode()
        payloads = [t.encode() for t in args.job] + \
            [("work %d" % i).encode() for i in range(1, args.jobs + 1)]
        self.jobs = collections.deque(("job-%d" % (i + 1)).encode() for i in range(len(payloads)))
        self.payload = dict(zip(list(self.jobs), payloads))
        self.expect = args.expect_done if args.expect_done is not None else len(payloads)
        self.workers = collections.OrderedDict()   # wid -> WorkerRec
        self.woken = {}               # job -> {"to": set(wids), "taker": wid|None, "at": t}
        self.current = None           # job being offered
        self.finished = set()         # jobs DONE
        self.forgotten = {}           # job -> wid whose job timed out
        self.ndone = 0
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.ROUTER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
        self.sock.setsockopt(zmq.IDENTITY, self.identity)
        self.sock.bind(args.bind)
        rt.out("listening " + args.bind)

    def send(self, wid, *frames):
        try:
            self.sock.send_multipart([wid, MAGIC] + list(frames), flags=zmq.NOBLOCK)
            return True
        except zmq.ZMQError as e:
            self.rt.diag("send %s to %s failed: %s" % (frames[0].decode(), fmt_frame(wid), e))
            self.rt.event("dropped", fmt_frame(wid), frames[0].decode())
            self.workers.pop(wid, None)
            return False

    def eligible(self, rewake=False):
        """Workers with room by our count: jobs taken, plus WAKEs for other jobs
        it has not answered yet (it may have reserved a slot for them)."""
        out = []
        for w in self.workers.values():
            pending = 0 if rewake else len(w.unanswered - {self.current})
            if len(w.taken) + pending < w.capacity:
                out.append(w)
        return out

    def offer(self, now, rewake=False):
        """WAKE the current job (picking the next one if needed) towards the
        eligible workers not woken for it yet (all eligible ones if rewake)."""
        if self.current is None:
            if not self.jobs:
                return
            self.current = self.jobs.popleft()
        job = self.current
        rec = self.woken.setdefault(job, {"to": set(), "taker": None, "at": now})
        targets = [w for w in self.eligible(rewake) if rewake or w.wid not in rec["to"]]
        if not targets:
            return
        rec["at"] = now
        for w in targets:
            if self.send(w.wid, b"WAKE", job):
                rec["to"].add(w.wid)
                w.unanswered.add(job)
                self.rt.event("wake", fmt_frame(job), fmt_frame(w.wid))

    def handle(self, frames):
        wid, msg = frames[0], frames[1:]
        now = time.monotonic()
        parsed = parse(self.rt, msg, FROM_WORKER, "from worker %s" % fmt_frame(wid))
        if parsed is None:
            return
        cmd, args = parsed
        w = self.workers.get(wid)
        if cmd == b"READY":
            cap = args[0] if args else None
            if cap is not None and not (1 <= len(cap) <= 9 and cap.isdigit()):
                self.rt.error("READY capacity %s is not 1-9 decimal digits" % fmt_frame(cap))
                cap = None
            if w is None:
                self.workers[wid] = WorkerRec(wid, int(cap) if cap else 1)
                self.rt.event("ready", fmt_frame(wid), fmt_frame(cap or b""))
            else:
                if cap:
                    w.capacity = int(cap)
                w.unanswered.clear()      # it says it has room
                self.rt.event("ready-known", fmt_frame(wid), fmt_frame(cap or b""))
            self.offer(now)
            return
        job = args[0]
        if cmd == b"GIVE":
            rec = self.woken.get(job)
            if rec is None or wid not in rec["to"]:
                self.rt.error("GIVE %s from %s, which was never woken for it"
                              % (fmt_frame(job), fmt_frame(wid)))
                if self.send(wid, b"NO", job):
                    self.rt.event("no", fmt_frame(job), fmt_frame(wid))
                return
            self.rt.event("give", fmt_frame(job), fmt_frame(wid))
            if w is not None:
                w.unanswered.discard(job)
            if rec["taker"] is None and w is not None and job == self.current \
                    and len(w.taken) < w.capacity:
                if self.send(wid, b"TAKE", job, self.identity, self.payload[job]):
                    rec["taker"] = wid
                    w.taken[job] = now
                    self.rt.event("take", fmt_frame(job), fmt_frame(wid))
                    self.current = None
                    self.offer(now)
                return
            if self.send(wid, b"NO", job):
                self.rt.event("no", fmt_frame(job), fmt_frame(wid))
                self.offer(now)
            return
        if cmd == b"DONE":
            result = args[1:]
            if w is not None and job in w.taken:
                del w.taken[job]
                self.finished.add(job)
                self.ndone += 1
                self.rt.event("done", fmt_frame(job), fmt_frame(wid), fmt_frames(result))
                if self.expect and self.ndone >= self.expect:
                    self.rt.event("all-done", self.ndone)
                    self.rt.stop_reason = "done"
                    return
                self.offer(now)
            elif self.forgotten.get(job) == wid:
                self.rt.event("late-done", fmt_frame(job), fmt_frame(wid), fmt_frames(result))
            else:
                self.rt.error("DONE %s from %s, which did not take it"
                              % (fmt_frame(job), fmt_frame(wid)))

    def timers(self, now):
        a = self.args
        if self.current is not None:
            rec = self.woken.get(self.current)
            if rec is None or not any(self.current in w.unanswered
                                      for w in self.workers.values()):
                self.offer(now)
            elif a.wake_timeout_ms and now - rec["at"] >= a.wake_timeout_ms / 1000.0:
                self.offer(now, rewake=True)
        if a.job_timeout_ms:
            for w in list(self.workers.values()):
                for job, t in list(w.taken.items()):
                    if now - t >= a.job_timeout_ms / 1000.0:
                        self.rt.event("job-timeout", fmt_frame(job), fmt_frame(w.wid))
                        self.forgotten[job] = w.wid
                        self.workers.pop(w.wid, None)
                        rec = self.woken.get(job)
                        if rec is not None:
                            rec["taker"] = None
                            rec["to"].discard(w.wid)
                        if self.current is None:
                            self.current = job
                        else:
                            self.jobs.appendleft(job)
                        self.offer(now)

    def run(self):
        linger = 0
        code = 0
        try:
            while not self.rt.stopping():
                if self.sock.poll(50, zmq.POLLIN):
                    for _ in range(1000):
                        try:
                            frames = self.sock.recv_multipart(zmq.NOBLOCK)
                        except zmq.Again:
                            break
                        self.handle(frames)
                        if self.rt.stop_reason == "done":
                            break
                if self.rt.stop_reason == "done":
                    linger = 1000
                    break
                self.timers(time.monotonic())
            if self.rt.stop_reason == "duration" and self.expect and self.ndone < self.expect:
                code = 2
                self.rt.out("gave up")
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.sock.close(linger)
            self.ctx.term()
        return 1 if self.rt.errors else code


# ---------------------------------------------------------------------------
# worker
# ---------------------------------------------------------------------------

class Worker:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.ctx = zmq.Context()
        self.socks = []
        for ep in args.connect:
            s = self.ctx.socket(zmq.DEALER)
            s.setsockopt(zmq.LINGER, 0)
            if args.identity:
                s.setsockopt(zmq.IDENTITY, args.identity.encode())
            s.connect(ep)
            rt.out("connected " + ep)
            self.socks.append(s)
        self.reserved = {}            # (sock index, job) -> reserved at
        self.giving = []              # (due, sock index, job)
        self.working = []             # (due, sock index, job, payload)
        self.done = 0
        self.takes = 0
        self.last_ready = {}
        for i in range(len(self.socks)):
            self.ready(i)

    def used(self):
        return len(self.reserved) + len(self.working)

    def free(self):
        return self.args.capacity - self.used()

    def ready(self, i):
        cap = [] if self.args.no_capacity else [str(self.args.capacity).encode()]
        self.socks[i].send_multipart([MAGIC, b"READY"] + cap)
        self.last_ready[i] = time.monotonic()
        self.rt.event("ready-sent", fmt_frame(cap[0] if cap else b""))

    def result(self, payload):
        mode = self.args.result
        if mode == "echo":
            return list(payload)
        if mode == "upper":
            return [p.upper() for p in payload]
        first = payload[0]
        first = b"done " + first[5:] if first.startswith(b"work ") else b"done " + first
        return [first] + list(payload[1:])

    def handle(self, i, frames):
        now = time.monotonic()
        parsed = parse(self.rt, frames, FROM_MANAGER, "from manager %d" % (i + 1))
        if parsed is None:
            return
        cmd, args = parsed
        job = args[0]
        key = (i, job)
        if cmd == b"WAKE":
            self.rt.event("wake", fmt_frame(job))
            if key in self.reserved or any(w[1:3] == key for w in self.working):
                self.rt.event("wake-ignored", fmt_frame(job), "duplicate")
            elif self.free() <= 0:
                self.rt.event("wake-ignored", fmt_frame(job), "busy")
            else:
                self.reserved[key] = now
                self.giving.append((now + self.args.give_delay_ms / 1000.0, i, job))
            return
        if cmd == b"NO":
            if key in self.reserved:
                del self.reserved[key]
                self.giving = [g for g in self.giving if g[1:] != key]
                self.rt.event("no", fmt_frame(job))
            else:
                self.rt.error("NO %s for a job this worker did not GIVE" % fmt_frame(job))
            return
        # TAKE
        manager, payload = args[1], args[2:]
        self.rt.event("take", fmt_frame(job), fmt_frame(manager), fmt_frames(payload))
        if key in self.reserved:
            del self.reserved[key]
        else:
            self.rt.error("TAKE %s for a job this worker did not GIVE" % fmt_frame(job))
        self.takes += 1
        if self.args.die_after and self.takes >= self.args.die_after:
            self.rt.die_after(self.takes)
        self.working.append((now + self.args.work_ms / 1000.0, i, job, payload))
        if self.free() > 0:
            self.ready(i)

    def timers(self, now):
        for g in [g for g in self.giving if g[0] <= now]:
            self.giving.remove(g)
            _, i, job = g
            if (i, job) in self.reserved:
                self.socks[i].send_multipart([MAGIC, b"GIVE", job])
                self.rt.event("give-sent", fmt_frame(job))
        for w in [w for w in self.working if w[0] <= now]:
            self.working.remove(w)
            _, i, job, payload = w
            result = self.result(payload)
            self.socks[i].send_multipart([MAGIC, b"DONE", job] + result)
            self.rt.event("done-sent", fmt_frame(job), fmt_frames(result))
            self.done += 1
            if self.args.count and self.done >= self.args.count:
                self.rt.stop_reason = "count"
                return
            self.ready(i)
        limit = self.args.reserve_timeout_ms / 1000.0
        for key, t in list(self.reserved.items()):
            if now - t >= limit:
                del self.reserved[key]
                self.rt.event("reservation-expired", fmt_frame(key[1]))
        if self.args.ready_retry_ms and not self.used():
            for i in range(len(self.socks)):
                if now - self.last_ready[i] >= self.args.ready_retry_ms / 1000.0:
                    self.ready(i)

    def run(self):
        poller = zmq.Poller()
        for s in self.socks:
            poller.register(s, zmq.POLLIN)
        linger = 0
        code = 0
        try:
            while not self.rt.stopping():
                ev = dict(poller.poll(20))
                for i, s in enumerate(self.socks):
                    if s in ev:
                        for _ in range(1000):
                            try:
                                frames = s.recv_multipart(zmq.NOBLOCK)
                            except zmq.Again:
                                break
                            self.handle(i, frames)
                self.timers(time.monotonic())
            if self.rt.stop_reason == "count":
                linger = 1000
            elif self.rt.stop_reason == "duration" and self.args.count:
                code = 2
                self.rt.out("gave up")
        finally:
            self.rt.event("stop", self.rt.stop_reason or "exception")
            for s in self.socks:
                s.close(linger)
            self.ctx.term()
        return 1 if self.rt.errors else code


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def capacity(text):
    v = int(text)
    if not 1 <= v <= 999999999:
        raise argparse.ArgumentTypeError("must be 1..999999999")
    return v


def build_parser():
    p = argparse.ArgumentParser(description="WMP (RFC 14, ZmqScope encoding 1) test peers.")
    sub = p.add_subparsers(dest="role", required=True)

    def common(sp):
        rolekit.add_common_options(sp, "(no extra events)")

    m = sub.add_parser("manager", help="ROUTER manager handing out jobs")
    m.add_argument("--bind", required=True)
    m.add_argument("--identity", default="manager-1")
    m.add_argument("--job", action="append", default=[], help="a job with this payload")
    m.add_argument("--jobs", type=nonneg_int, default=0, help='N jobs "work 1".."work N"')
    m.add_argument("--wake-timeout-ms", type=nonneg_int, default=2000)
    m.add_argument("--job-timeout-ms", type=nonneg_int, default=0)
    m.add_argument("--expect-done", type=nonneg_int, default=None,
                   help="exit after N DONEs (default: the number of jobs)")
    common(m)

    w = sub.add_parser("worker", help="DEALER worker (one per manager)")
    w.add_argument("--connect", required=True, action="append")
    w.add_argument("--identity", default=None)
    w.add_argument("--capacity", type=capacity, default=1)
    w.add_argument("--no-capacity", action="store_true", help="READY without capacity")
    w.add_argument("--give-delay-ms", type=nonneg_int, default=0)
    w.add_argument("--work-ms", type=nonneg_int, default=0)
    w.add_argument("--result", choices=["done", "echo", "upper"], default="done")
    w.add_argument("--reserve-timeout-ms", type=nonneg_int, default=5000)
    w.add_argument("--ready-retry-ms", type=nonneg_int, default=0)
    w.add_argument("--count", type=nonneg_int, default=0, help="exit 0 after N DONEs")
    w.add_argument("--die-after", type=nonneg_int, default=0,
                   help="exit at once on the Nth TAKE (no DONE)")
    common(w)
    return p


def main():
    rolekit.run_main(build_parser(), {"manager": Manager, "worker": Worker})


if __name__ == "__main__":
    main()
