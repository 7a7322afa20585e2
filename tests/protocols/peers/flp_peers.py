#!/usr/bin/python3
"""FLP test peers: RFC 10 Freelance (brokerless reliable request-reply).

Independent implementation written from the project's protocol digest
(/work/shared/specs/protocols.md, sections 0, 2, 11 and 17).  Run with
/usr/bin/python3 (Debian python3-zmq, libzmq 4.3.x).

Usage
-----
  flp_peers.py --list
  flp_peers.py --scenario NAME --pair BIND1,CONNECT1 --pair BIND2,CONNECT2

Pairs (both scenarios use two, in this order)
---------------------------------------------
  pair 1 = server 1.  ROUTER with routing id = the CONNECT1 string exactly
           (e.g. "tcp://127.0.0.1:40001"), bound to BIND1.
  pair 2 = server 2.  Same with CONNECT2 / BIND2.  In flp-failover server 2 is
           never started: nothing listens on BIND2 (through the relay, the relay
           accepts the client's TCP connection and closes it again when it
           cannot reach BIND2; the client keeps reconnecting).
  client = one ROUTER, no routing id, ROUTER_MANDATORY on, connected to
           CONNECT1 and CONNECT2.  It addresses each message with the server's
           endpoint string (consumed by its ROUTER, never on the wire).

The server's routing id travels in its ZMTP READY metadata:
  Socket-Type "ROUTER", Identity "tcp://127.0.0.1:<CONNECT port>";
the client's READY carries Socket-Type "ROUTER" and an empty Identity.

Server behaviour (as the reference flserver3): a lone "PING" is answered with
"PONG"; any 2+ frame request CCF | body... is answered with CCF | "OK" (the body
is ignored); anything else is a failure.

Client behaviour: waits for the ZMTP handshakes (flp: both servers; failover:
server 1, then proceeds), PINGs every server (server 1 first; a PING to a server
with no connection cannot be routed and is dropped before reaching the wire,
as with any ROUTER), and waits for PONGs: in flp until both answered, in
flp-failover the full 1 s ping window, after which server 2 counts as dead (the
reference's 6 s expiry, scaled down).  Then it sends requests one at a time,
each to the next live server in pair order (round robin), CCF = decimal
counter "1", "2", "3", body "random name", waiting for the reply with the
current CCF before sending the next (replies with another CCF would be
discarded, none occur).  The client checks that each reply comes from the
server it asked, carries the same CCF and body "OK".

Notation: frames separated by "|", "text" = ASCII bytes.  Every message is
complete on one connection; order within a connection and direction is
exactly as listed (the dialog is strictly sequential).

Scenario flp (about 0.3 s)
--------------------------
  pair 1 (client ROUTER -> server 1 ROUTER):
    client -> server 1:  "PING",  "1" | "random name",  "3" | "random name"
    server 1 -> client:  "PONG",  "1" | "OK",           "3" | "OK"
  pair 2 (client ROUTER -> server 2 ROUTER):
    client -> server 2:  "PING",  "2" | "random name"
    server 2 -> client:  "PONG",  "2" | "OK"
  Global order: PING 1, PING 2, PONG 1, PONG 2 (the PONGs may swap), then
  request 1 -> reply 1 (pair 1), request 2 -> reply 2 (pair 2),
  request 3 -> reply 3 (pair 1).

Scenario flp-failover (about 1.3 s)
-----------------------------------
  pair 1 (client ROUTER -> server 1 ROUTER):
    client -> server 1:  "PING",  "1" | "random name",  "2" | "random name",
                         "3" | "random name"
    server 1 -> client:  "PONG",  "1" | "OK",  "2" | "OK",  "3" | "OK"
  pair 2: no ZMTP traffic at all.  Direct: connection refused (no server).
    Through a relay: repeated TCP connections (every ~100 ms, libzmq's
    reconnect interval) on which the client's greeting may be sent but that the
    relay closes because BIND2 refuses; no handshake ever completes, so the
    client's PING for server 2 is dropped inside its ROUTER.
  The requests start about 1 s after the PINGs (end of the ping window).

ZMTP 3 bytes: PING = 00 04 50 49 4E 47, PONG = 00 04 50 4F 4E 47,
request 1 = 01 01 31 | 00 0B 72 61 6E 64 6F 6D 20 6E 61 6D 65,
reply 1 = 01 01 31 | 00 02 4F 4B.
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

# ------------------------------------------------------------------ FLP

PING_WINDOW_S = 1.0     # a server that has not answered PING by then is dead
REPLY_TIMEOUT_S = 1.5
BODY = b'random name'


def run_server(h, bind_ep, identity):
    sock = h.socket(zmq.ROUTER, routing_id=identity.encode())
    sock.bind(bind_ep)
    while not h.stop.is_set():
        h.check()
        if not sock.poll(20):
            continue
        msg = sock.recv_multipart()
        client, body = msg[0], msg[1:]
        if body == [b'PING']:
            sock.send_multipart([client, b'PONG'])
        elif len(body) >= 2:
            sock.send_multipart([client, body[0], b'OK'])
        else:
            raise PeerError('invalid message from client: %r' % body)


def route(h, sock, server, frames):
    """Send via ROUTER_MANDATORY; a peer not (yet) attached gives EHOSTUNREACH:
    retry for 0.5 s, then report it unroutable (= dropped, nothing sent)."""
    end = time.monotonic() + 0.5
    while True:
        h.check()
        try:
            sock.send_multipart([server.encode()] + frames)
            return True
        except zmq.ZMQError as exc:
            if exc.errno != zmq.EHOSTUNREACH:
                raise
        if time.monotonic() >= end:
            return False
        time.sleep(0.01)


def run_client(h, servers, live_count, expect_alive):
    sock = h.socket(zmq.ROUTER)
    sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
    h.connect_up(sock, servers, need=live_count)
    end = time.monotonic() + PING_WINDOW_S
    pinged = [s for s in servers if route(h, sock, s, [b'PING'])]
    alive = []
    while len(alive) < len(pinged) or (live_count < len(servers) and time.monotonic() < end):
        left = end - time.monotonic()
        if left <= 0:
            break
        if not sock.poll(int(min(left, 0.05) * 1000) + 1):
            h.check()
            continue
        msg = sock.recv_multipart()
        server = msg[0].decode('ascii', 'replace')
        if msg[1:] != [b'PONG'] or server not in pinged or server in alive:
            raise PeerError('unexpected message while pinging: %r' % msg)
        alive.append(server)
    alive = [s for s in servers if s in alive]          # keep pair order
    if alive != expect_alive:
        raise PeerError('servers alive after pinging: %r, expected %r' % (alive, expect_alive))
    for n in (1, 2, 3):
        server = alive[(n - 1) % len(alive)]
        ccf = str(n).encode()
        if not route(h, sock, server, [ccf, BODY]):
            raise PeerError('cannot route request %d to %s' % (n, server))
        while True:
            msg = h.recv(sock, REPLY_TIMEOUT_S, 'reply %d from %s' % (n, server))
            if len(msg) >= 2 and msg[1] != ccf:
                continue                    # stale reply: discard, as the reference
            break
        if msg != [server.encode(), ccf, b'OK']:
            raise PeerError('reply %r to request %d sent to %s' % (msg, n, server))


def scenario(pairs, failover):
    (bind1, connect1), (bind2, connect2) = pairs
    h = Harness()
    h.spawn('server 1', run_server, h, bind1, connect1)
    if not failover:
        h.spawn('server 2', run_server, h, bind2, connect2)
    expect = [connect1] if failover else [connect1, connect2]
    client = h.spawn('client', run_client, h, [connect1, connect2], len(expect), expect)
    h.finish([client], min_runtime=0.0)


SCENARIOS = OrderedDict([
    ('flp', (2, lambda pairs: scenario(pairs, False))),
    ('flp-failover', (2, lambda pairs: scenario(pairs, True))),
])

if __name__ == '__main__':
    sys.exit(main(SCENARIOS, 'RFC 10 Freelance test peers'))
