#!/usr/bin/python3
"""WMP test peers: RFC 14 Worker-Manager Protocol, in "ZmqScope WMP encoding 1".

Independent implementation written from the project's protocol digest
(/work/shared/specs/protocols.md, sections 0, 2, 14 and 17).  Run with
/usr/bin/python3 (Debian python3-zmq, libzmq 4.3.x).

RFC 14 defines commands and a dialog but no encoding and no socket types, so
this is the encoding docs/WMP.md defines; it interoperates with peers that
implement that document (ZmqScope's dissector reads it).

ZmqScope WMP encoding 1
-----------------------
  Every message: frame 0 = "WMP01" (5 ASCII octets) | frame 1 = command name in
  ASCII | then, per command:
    READY  (worker -> manager)  nothing more, or 1 frame: capacity as decimal text
    WAKE   (manager -> worker)  job id (1 frame, ASCII)
    GIVE   (worker -> manager)  job id
    TAKE   (manager -> worker)  job id | manager identity | payload (1+ frames)
    NO     (manager -> worker)  job id
    DONE   (worker -> manager)  job id | result (1+ frames)
  Managers bind a ROUTER, workers connect a DEALER.

Usage
-----
  wmp_peers.py --list
  wmp_peers.py --scenario wmp --pair BIND,CONNECT

Pairs (one)
-----------
  pair 1 = the manager.  ROUTER with routing id "manager-1", binds BIND.  Two
           workers connect DEALERs to CONNECT: first "worker-1" (routing id
           "worker-1"), then, once worker-1 has connected and sent READY,
           "worker-2" (routing id "worker-2").  So TCP connection 1 is worker-1
           and connection 2 is worker-2; the ids also travel in the ZMTP READY
           metadata (Identity "worker-1" / "worker-2" from the workers,
           "manager-1" from the manager).

Behaviour
---------
  Worker: capacity 1.  Sends READY "1" on connecting.  On WAKE, if it has a free
  slot it reserves it and answers GIVE (a busy worker ignores WAKE); on TAKE it
  does the job at once, sends DONE with result "done N" for payload "work N",
  frees the slot and sends READY "1" again; on NO it frees the slot silently.
  Deterministic race: worker-1 answers WAKE job-1 at once and WAKE job-2 after
  0.3 s; worker-2 the other way round.  So job-1 goes to worker-1, job-2 to
  worker-2.
  Manager: registers workers by route on READY (a READY on a known route adds
  nothing; after DONE it marks the worker free again).  For each job in turn:
  sends WAKE to every registered worker in registration order, answers the
  first GIVE with TAKE job | "manager-1" | payload and every later GIVE for the
  job with NO, and moves on to the next job only when all woken workers have
  answered GIVE, DONE has arrived and the taker has sent READY again.

Scenario wmp (about 0.9 s)
--------------------------
  "|" separates frames, "text" = ASCII.  Each line is one message, listed in
  the order it crosses its connection in that direction.

  pair 1, connection 1 (worker-1 DEALER -> manager ROUTER)
    worker-1 -> manager:  "WMP01" | "READY" | "1"
                          "WMP01" | "GIVE"  | "job-1"
                          "WMP01" | "DONE"  | "job-1" | "done 1"
                          "WMP01" | "READY" | "1"
                          "WMP01" | "GIVE"  | "job-2"                 (0.3 s after WAKE job-2)
    manager -> worker-1:  "WMP01" | "WAKE"  | "job-1"
                          "WMP01" | "TAKE"  | "job-1" | "manager-1" | "work 1"
                          "WMP01" | "WAKE"  | "job-2"
                          "WMP01" | "NO"    | "job-2"
  pair 1, connection 2 (worker-2 DEALER -> manager ROUTER)
    worker-2 -> manager:  "WMP01" | "READY" | "1"
                          "WMP01" | "GIVE"  | "job-1"                 (0.3 s after WAKE job-1)
                          "WMP01" | "GIVE"  | "job-2"
                          "WMP01" | "DONE"  | "job-2" | "done 2"
                          "WMP01" | "READY" | "1"
    manager -> worker-2:  "WMP01" | "WAKE"  | "job-1"
                          "WMP01" | "NO"    | "job-1"
                          "WMP01" | "WAKE"  | "job-2"
                          "WMP01" | "TAKE"  | "job-2" | "manager-1" | "work 2"

  Global order: READY w1, READY w2, WAKE job-1 to w1 and w2, GIVE w1, TAKE w1,
  DONE w1, READY w1, (0.3 s) GIVE w2, NO w2, WAKE job-2 to w1 and w2, GIVE w2,
  TAKE w2, DONE w2, READY w2, (0.3 s) GIVE w1, NO w1.  Worker-2 may close its
  connection before worker-1 receives its final NO.
  The peers check every message against this dialog.
"""

import argparse
import os
import sys
import threading
import time
from collections import OrderedDict

import zmq
from zmq.utils.monitor import recv_monitor_message

# ------------------------------------------------------------------ harness
# Argument parsing, threads, timeouts, "wait until connected": shared by the
# scripts of this folder (peerharness.py).
from peerharness import *  # noqa: F401,F403

# ------------------------------------------------------------------ WMP

MAGIC = b'WMP01'
MANAGER_ID = b'manager-1'
JOBS = [(b'job-1', b'work 1'), (b'job-2', b'work 2')]
# Seconds a worker waits before answering WAKE with GIVE, per job: the quick
# worker wins the job, the slow one is told NO.  job-1 -> worker-1, job-2 -> worker-2.
GIVE_DELAY = {b'worker-1': {b'job-1': 0.0, b'job-2': 0.3},
              b'worker-2': {b'job-1': 0.3, b'job-2': 0.0}}
STEP_TIMEOUT_S = 3.0


def parse(msg, who):
    if len(msg) < 2 or msg[0] != MAGIC:
        raise PeerError('%s: not a WMP01 message: %r' % (who, msg))
    return msg[1], msg[2:]


def result_for(payload):
    return b'done ' + payload.split(b' ', 1)[1]      # "work N" -> "done N"


def run_manager(h, bind_ep, log):
    sock = h.socket(zmq.ROUTER, routing_id=MANAGER_ID)
    sock.bind(bind_ep)
    routes = []                                    # workers in READY order

    def receive(what):
        msg = h.recv(sock, STEP_TIMEOUT_S, what)
        command, args = parse(msg[1:], 'manager')
        return msg[0], command, args

    while len(routes) < 2:
        route, command, args = receive('READY from both workers')
        if command != b'READY' or args not in ([], [b'1']):
            raise PeerError('manager: expected READY [capacity 1], got %r %r' % (command, args))
        if route not in routes:                    # duplicate READY on a known route: ignored
            routes.append(route)
    if routes != [b'worker-1', b'worker-2']:
        raise PeerError('manager: workers registered as %r' % routes)
    for job, payload in JOBS:
        for route in routes:
            sock.send_multipart([route, MAGIC, b'WAKE', job])
        gives, taker, done, taker_ready = 0, None, False, False
        while not (gives == len(routes) and done and taker_ready):
            route, command, args = receive('answers to WAKE %s' % job.decode())
            if command == b'GIVE':
                if args != [job]:
                    raise PeerError('manager: GIVE %r for job %r' % (args, job))
                gives += 1
                if taker is None:
                    taker = route
                    sock.send_multipart([route, MAGIC, b'TAKE', job, MANAGER_ID, payload])
                else:
                    sock.send_multipart([route, MAGIC, b'NO', job])
            elif command == b'DONE':
                if route != taker or args != [job, result_for(payload)]:
                    raise PeerError('manager: DONE %r from %r' % (args, route))
                done = True
            elif command == b'READY':
                if route != taker or not done or args != [b'1']:
                    raise PeerError('manager: unexpected READY %r from %r' % (args, route))
                taker_ready = True                 # known route: only "free again"
            else:
                raise PeerError('manager: unexpected %r %r' % (command, args))
        log.append((job, taker))


def run_worker(h, name, connect_ep, started, expect):
    sock = h.socket(zmq.DEALER, routing_id=name)
    h.connect_up(sock, [connect_ep])
    sock.send_multipart([MAGIC, b'READY', b'1'])
    started.set()
    free = 1
    reserved = set()
    pending = []                       # (due time, job) for GIVE answers
    received = []
    while len(received) < len(expect) or pending:
        if h.stop.is_set():
            raise PeerError('%s: stopped after %r' % (name.decode(), received))
        h.check()
        if sock.poll(10):
            command, args = parse(sock.recv_multipart(), name.decode())
            received.append((command, args[0] if args else None))
            if command == b'WAKE' and len(args) == 1:
                if free > 0:                               # busy workers ignore WAKE
                    free -= 1
                    reserved.add(args[0])
                    pending.append((time.monotonic() + GIVE_DELAY[name][args[0]], args[0]))
            elif command == b'TAKE' and len(args) >= 3:
                job, manager, payload = args[0], args[1], args[2:]
                if job not in reserved or manager != MANAGER_ID or len(payload) != 1:
                    raise PeerError('%s: bad TAKE %r' % (name.decode(), args))
                sock.send_multipart([MAGIC, b'DONE', job, result_for(payload[0])])
                reserved.discard(job)
                free += 1
                sock.send_multipart([MAGIC, b'READY', b'1'])
            elif command == b'NO' and len(args) == 1:
                reserved.discard(args[0])
                free += 1
            else:
                raise PeerError('%s: unexpected %r %r' % (name.decode(), command, args))
        now = time.monotonic()
        for item in [p for p in pending if p[0] <= now]:
            pending.remove(item)
            sock.send_multipart([MAGIC, b'GIVE', item[1]])
    if received != expect:
        raise PeerError('%s received %r, expected %r' % (name.decode(), received, expect))


def scenario(pairs):
    ((bind_ep, connect_ep),) = pairs
    h = Harness()
    log = []
    manager = h.spawn('manager', run_manager, h, bind_ep, log)
    started1, started2 = threading.Event(), threading.Event()
    w1 = h.spawn('worker-1', run_worker, h, b'worker-1', connect_ep, started1,
                 [(b'WAKE', b'job-1'), (b'TAKE', b'job-1'), (b'WAKE', b'job-2'), (b'NO', b'job-2')])

    def second_worker():
        h.wait_event(started1, 4.0, 'worker-1 to connect')   # fixed connection order
        run_worker(h, b'worker-2', connect_ep, started2,
                   [(b'WAKE', b'job-1'), (b'NO', b'job-1'), (b'WAKE', b'job-2'), (b'TAKE', b'job-2')])
    w2 = h.spawn('worker-2', second_worker)
    checker = h.spawn('checker', check_log, h, manager, log)
    h.finish([manager, w1, w2, checker])


def check_log(h, manager, log):
    while manager.is_alive():
        h.check()
        time.sleep(0.02)
    h.check()
    if log != [(b'job-1', b'worker-1'), (b'job-2', b'worker-2')]:
        raise PeerError('jobs went %r' % log)


SCENARIOS = OrderedDict([
    ('wmp', (1, scenario)),
])

if __name__ == '__main__':
    sys.exit(main(SCENARIOS, 'RFC 14 Worker-Manager Protocol test peers (ZmqScope WMP encoding 1)'))
