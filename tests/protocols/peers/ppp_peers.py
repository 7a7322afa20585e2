#!/usr/bin/python3
"""PPP test peers: RFC 6 Paranoid Pirate (queue, worker, Lazy Pirate client).

Independent implementation written from the project's protocol digest
(/work/shared/specs/protocols.md, sections 0, 2, 6 and 17).  Run with
/usr/bin/python3 (Debian python3-zmq, libzmq 4.3.x).

Usage
-----
  ppp_peers.py --list
  ppp_peers.py --scenario NAME --pair BIND1,CONNECT1 --pair BIND2,CONNECT2

Pairs (both scenarios use two, in this order)
---------------------------------------------
  pair 1 = queue frontend.  Queue ROUTER binds BIND1; the Lazy Pirate client's
           REQ connects to CONNECT1.
  pair 2 = queue backend.   Queue ROUTER binds BIND2; the worker's DEALER
           connects to CONNECT2.

Sockets and timing
------------------
  queue:  ROUTER frontend + ROUTER backend, no routing ids set.  Any message
          from a worker (re)registers it as idle with expiry now + 3 x 250 ms;
          a one-frame message must be 01 (READY) or 02 (HEARTBEAT); anything
          longer is a reply and is forwarded to the frontend unchanged (its
          first frame is the client's routing id).  A frontend request is read
          only while a worker is idle and goes to the longest-idle worker with
          that worker's id prepended.  Every 250 ms the queue sends 02 to each
          *idle* worker (busy workers get no heartbeats), then drops idle
          workers whose expiry has passed.
  worker: DEALER, no routing id.  Sends 01 first, then 02 every 250 ms;
          echoes every 3-frame request unchanged; if nothing arrives from the
          queue for 3 x 250 ms it waits 250 ms (doubling, max 8 s; reset by any
          input), closes its socket (LINGER 0) and connects a new one, which
          sends 01 again.
  client: REQ, no routing id (Lazy Pirate).  Sends "req 1".."req 3" one at a
          time, expects the identical text back; waits 2.5 s for a reply, then
          closes the REQ (LINGER 0), opens a new one and resends (3 tries).

  Timing (250 ms heartbeats, 750 ms liveness, 250 ms first reconnect delay) is
  the reference's 1 s / 3 s / 1 s scaled down 4x for the test.

Notation: frames separated by "|", [] = empty frame, "text" = ASCII bytes,
01 / 02 = one-byte frames.  <c1>, <c2> = the queue frontend's generated routing
ids for the client's first and second REQ connection: 5 octets, 00 followed by
a 32-bit BE counter whose start comes from rand().  The frontend ROUTER is
created first in the process and glibc's rand() is unseeded, so with Debian's
libzmq 4.3.4 these are in practice <c1> = 00 6B 8B 45 67 and
<c2> = 00 6B 8B 45 68; a test should rather assert "5 octets, first 00, the
reply echoes the request's id, <c2> != <c1>".  The
REQ sockets and the worker DEALERs set no routing id, so their ZMTP READY
carries an empty Identity.  Heartbeats (02) run independently in both
directions, so their number and their position between the other messages
depend on timing; the lists below say "02..." where they occur.  Filter out the
02 frames and everything else is in exactly the order given.

Scenario ppp (about 2 s)
------------------------
  The worker connects and sends READY; the client connects, waits 0.6 s (so
  heartbeats flow before the first request), then sends its 3 requests with a
  0.3 s pause after each reply; the run continues 0.6 s after the last reply.
  One connection per pair.

  pair 1 (client REQ -> queue frontend ROUTER):
    client -> queue:  [] | "req 1"      [] | "req 2"      [] | "req 3"
    queue -> client:  [] | "req 1"      [] | "req 2"      [] | "req 3"
    (each request is answered before the next one is sent)
  pair 2 (worker DEALER -> queue backend ROUTER):
    worker -> queue:  01, 02..., <c1> | [] | "req 1", 02..., <c1> | [] | "req 2",
                      02..., <c1> | [] | "req 3", 02...
    queue -> worker:  02..., <c1> | [] | "req 1", 02..., <c1> | [] | "req 2",
                      02..., <c1> | [] | "req 3", 02...
  The peers check: every reply equals its request, no retries, one worker
  connection, and at least 3 heartbeats crossed in each direction (typically
  6-8 each way: the worker sends one every 250 ms, the queue one every 250 ms
  while the worker is idle).

Scenario ppp-worker-restart (about 4 s)
---------------------------------------
  Worker connection 1 serves "req 1" and then hangs: it sends no more
  heartbeats and swallows the next request.  The queue dispatched "req 2" to it
  (the reply had made it idle again), so it is busy and gets no heartbeats
  either; after 750 ms of silence the worker gives up on that connection,
  waits 250 ms, closes it, and connects a fresh socket (connection 2) that
  sends READY and serves everything from then on.  The client's "req 2" times
  out after 2.5 s; it closes REQ 1, connects REQ 2 and resends "req 2", which
  the queue gives to worker connection 2; then "req 3".  Client pauses 0.1 s
  after each reply (0.6 s before "req 1"); the run continues 0.6 s after the
  last reply.

  pair 1, connection 1 (client REQ 1; closed by the client after the timeout):
    client -> queue:  [] | "req 1"      [] | "req 2"
    queue -> client:  [] | "req 1"
  pair 1, connection 2 (client REQ 2, opened ~2.5 s after "req 2"):
    client -> queue:  [] | "req 2"      [] | "req 3"
    queue -> client:  [] | "req 2"      [] | "req 3"
  pair 2, connection 1 (worker, first socket; closed by the worker):
    worker -> queue:  01, 02..., <c1> | [] | "req 1"        (then nothing at all)
    queue -> worker:  02..., <c1> | [] | "req 1", 02 (at most one: only if
                      a queue heartbeat falls into the 0.1 s pause),
                      <c1> | [] | "req 2"                     (then nothing)
  pair 2, connection 2 (worker, new socket, opened ~1 s after "req 2"):
    worker -> queue:  01, 02..., <c2> | [] | "req 2", 02..., <c2> | [] | "req 3", 02...
    queue -> worker:  02..., <c2> | [] | "req 2", 02..., <c2> | [] | "req 3", 02...
  The peers check: replies equal requests, exactly one retry (of "req 2"),
  exactly two worker connections, "req 1" served on the first and "req 2",
  "req 3" on the second.

ZMTP 3 bytes of the frames above, e.g. READY = 00 01 01, HEARTBEAT = 00 01 02,
request = 01 05 00 xx xx xx xx | 01 00 | 00 05 72 65 71 20 31  ("req 1").
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

# ------------------------------------------------------------------ PPP

READY = b'\x01'
HEARTBEAT = b'\x02'
HEARTBEAT_S = 0.25      # both sides
LIVENESS = 3            # silent intervals before a peer counts as dead
RECONNECT_INIT_S = 0.25
RECONNECT_MAX_S = 8.0
REQUEST_TIMEOUT_S = 2.5
REQUEST_TRIES = 3


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.queue_ready = 0        # 01 received by the queue
        self.queue_hb_in = 0        # 02 received by the queue
        self.queue_hb_out = 0       # 02 sent by the queue
        self.worker_hb_in = 0       # 02 received by the worker
        self.worker_hb_out = 0      # 02 sent by the worker
        self.worker_connections = 0
        self.served = []            # (worker connection number, request body)
        self.swallowed = []         # requests the hung worker ignored
        self.retries = []           # request numbers the client had to resend


def run_queue(h, front, back, st):
    try:
        queue_loop(h, front, back, st)
    finally:
        front.close()
        back.close()


def queue_loop(h, front, back, st):
    idle = OrderedDict()                 # worker routing id -> expiry (monotonic)
    heartbeat_at = time.monotonic() + HEARTBEAT_S
    while not h.stop.is_set():
        h.check()
        poller = zmq.Poller()
        poller.register(back, zmq.POLLIN)
        if idle:
            poller.register(front, zmq.POLLIN)
        wait = max(0.0, min(heartbeat_at - time.monotonic(), 0.05))
        events = dict(poller.poll(int(wait * 1000)))
        now = time.monotonic()
        if back in events:
            msg = back.recv_multipart()
            worker, body = msg[0], msg[1:]
            # any message from a worker means "alive and ready"
            idle.pop(worker, None)
            idle[worker] = now + HEARTBEAT_S * LIVENESS
            if len(body) == 1:
                if body[0] == READY:
                    st.queue_ready += 1
                elif body[0] == HEARTBEAT:
                    st.queue_hb_in += 1
                else:
                    raise PeerError('invalid control message from worker: %r' % body)
            elif len(body) >= 3 and body[1] == b'':
                front.send_multipart(body)          # [client] [] reply...
            else:
                raise PeerError('malformed reply from worker: %r' % body)
        if front in events and idle:
            msg = front.recv_multipart()            # [client] [] request...
            worker, _ = idle.popitem(last=False)
            back.send_multipart([worker] + msg)
        if now >= heartbeat_at:
            for worker in idle:
                back.send_multipart([worker, HEARTBEAT])
                st.queue_hb_out += 1
            heartbeat_at = now + HEARTBEAT_S
        for worker, expiry in list(idle.items()):
            if now > expiry:
                del idle[worker]


def run_worker(h, back_ep, hang_after_first, st):
    backoff = RECONNECT_INIT_S
    connection = 0
    while not h.stop.is_set():
        connection += 1
        st.worker_connections = connection
        sock = h.socket(zmq.DEALER, linger=0)
        h.connect_up(sock, [back_ep])
        sock.send(READY)
        hung = False
        lost = False
        last_input = time.monotonic()
        heartbeat_at = last_input + HEARTBEAT_S
        while not h.stop.is_set():
            h.check()
            if sock.poll(20):
                msg = sock.recv_multipart()
                last_input = time.monotonic()
                backoff = RECONNECT_INIT_S
                if len(msg) == 3 and msg[1] == b'':
                    if hung:
                        st.swallowed.append(msg[2])
                        continue
                    st.served.append((connection, msg[2]))
                    sock.send_multipart(msg)        # echo: [client] [] body
                    if hang_after_first and connection == 1:
                        hung = True                 # stop heartbeating, ignore work
                elif msg == [HEARTBEAT]:
                    st.worker_hb_in += 1
                else:
                    raise PeerError('invalid message from queue: %r' % msg)
            now = time.monotonic()
            if now - last_input > HEARTBEAT_S * LIVENESS:
                lost = True
                break
            if not hung and now >= heartbeat_at:
                sock.send(HEARTBEAT)
                st.worker_hb_out += 1
                heartbeat_at = now + HEARTBEAT_S
        sock.close(0)
        if lost:
            if not hang_after_first or connection > 1:
                raise PeerError('worker lost the queue (no input for %.2f s) on connection %d'
                                % (HEARTBEAT_S * LIVENESS, connection))
            end = time.monotonic() + backoff
            while time.monotonic() < end and not h.stop.is_set():
                h.check()
                time.sleep(0.01)
            backoff = min(backoff * 2, RECONNECT_MAX_S)


def run_client(h, front_ep, first_delay, pause, st):
    def new_socket():
        sock = h.socket(zmq.REQ, linger=0)
        h.connect_up(sock, [front_ep])
        return sock

    sock = new_socket()
    h.sleep(first_delay)
    for n in (1, 2, 3):
        request = b'req %d' % n
        sock.send(request)
        tries = REQUEST_TRIES
        while True:
            try:
                reply = h.recv(sock, REQUEST_TIMEOUT_S, 'reply to %r' % request)
            except PeerError:
                tries -= 1
                sock.close(0)
                if tries == 0:
                    raise PeerError('no reply to %r after %d tries' % (request, REQUEST_TRIES))
                st.retries.append(n)
                sock = new_socket()
                sock.send(request)
                continue
            if reply != [request]:
                raise PeerError('reply %r to request %r' % (reply, request))
            break
        h.sleep(pause)
    sock.close()


def scenario(pairs, restart):
    (front_bind, front_connect), (back_bind, back_connect) = pairs
    h = Harness()
    st = Stats()
    # The frontend ROUTER is the first socket of the process, made here before
    # any thread starts, so with glibc's unseeded rand() its generated client
    # ids are 00 6B 8B 45 67, 00 6B 8B 45 68, ... (libzmq 4.3.x).
    front = h.ctx.socket(zmq.ROUTER)
    front.setsockopt(zmq.LINGER, LINGER_MS)
    front.bind(front_bind)
    back = h.ctx.socket(zmq.ROUTER)
    back.setsockopt(zmq.LINGER, LINGER_MS)
    back.bind(back_bind)
    h.spawn('queue', run_queue, h, front, back, st)
    h.spawn('worker', run_worker, h, back_connect, restart, st)
    client = h.spawn('client', run_client, h, front_connect, 0.6, 0.1 if restart else 0.3, st)
    checker = h.spawn('checker', check_after_client, h, client, st, restart)
    h.finish([checker])


def check_after_client(h, client, st, restart):
    while client.is_alive():
        h.check()
        time.sleep(0.02)
    h.sleep(0.6)                       # heartbeats keep flowing after the last reply
    h.check()
    if restart:
        expect_served = [(1, b'req 1'), (2, b'req 2'), (2, b'req 3')]
        if st.retries != [2]:
            raise PeerError('client retries %r, expected exactly one retry of req 2' % st.retries)
        if st.swallowed != [b'req 2']:
            raise PeerError('hung worker swallowed %r, expected [req 2]' % st.swallowed)
        if st.worker_connections != 2 or st.queue_ready != 2:
            raise PeerError('%d worker connections / %d READY, expected 2 / 2'
                            % (st.worker_connections, st.queue_ready))
    else:
        expect_served = [(1, b'req 1'), (1, b'req 2'), (1, b'req 3')]
        if st.retries:
            raise PeerError('client had to retry %r' % st.retries)
        if st.worker_connections != 1 or st.queue_ready != 1:
            raise PeerError('%d worker connections / %d READY, expected 1 / 1'
                            % (st.worker_connections, st.queue_ready))
    if st.served != expect_served:
        raise PeerError('worker served %r, expected %r' % (st.served, expect_served))
    for what, count in (('worker->queue', st.queue_hb_in), ('queue->worker', st.worker_hb_in)):
        if count < 3:
            raise PeerError('only %d heartbeats %s' % (count, what))


SCENARIOS = OrderedDict([
    ('ppp', (2, lambda pairs: scenario(pairs, False))),
    ('ppp-worker-restart', (2, lambda pairs: scenario(pairs, True))),
])

if __name__ == '__main__':
    sys.exit(main(SCENARIOS, 'RFC 6 Paranoid Pirate test peers'))
