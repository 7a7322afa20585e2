#!/usr/bin/python3
r"""CHP test peers: RFC 12 Clustered Hashmap Protocol (Clone), reference behaviour.

Independent implementation written from the project's protocol digest
(/work/shared/specs/protocols.md, sections 0, 2, 13 and 17).  Run with
/usr/bin/python3 (Debian python3-zmq, libzmq 4.3.x).

Usage
-----
  clone_peers.py --list
  clone_peers.py --scenario clone --pair B1,C1 --pair B2,C2 --pair B3,C3

Pairs (three, in this order; the usual ports would be P, P+1, P+2)
------------------------------------------------------------------
  pair 1 = snapshot:  server ROUTER binds B1; each client's DEALER connects C1.
  pair 2 = publisher: server PUB binds B2; each client's SUB connects C2.
  pair 3 = collector: server SUB (subscribed to everything) binds B3;
           client 1's PUB connects C3 (model 6: KVSET travels PUB -> SUB).
  No socket sets a routing id.

Behaviour (as the reference clone server/client, see digest 13 and 17 #14-16)
---------------------------------------------------------------------------
  kvmsg = 5 frames: key | sequence (8 octets BE) | UUID (16 octets or empty)
          | properties ("name=value\n"...) | value (empty = delete).
  server: sequence starts at 0.  Each KVSET gets ++sequence and is republished
     unchanged otherwise as KVPUB; the stored copy has "ttl" rewritten to an
     absolute expiry in ms since the Unix epoch (wall clock) when ttl > 0.
     ICANHAZ? | subtree is answered with one KVSYNC per stored key under the
     subtree (the stored kvmsg: stored sequence, UUID, properties, value), in
     ascending key order, then KTHXBAI | current sequence | [] | [] | [] (frame
     4 empty, not the subtree).  Every 100 ms it deletes entries whose ttl has
     passed, publishing key | ++sequence | stored UUID | stored properties |
     [] (the reference sweeps every 1 s; 100 ms keeps the run short and the
     timing predictable).  Every 1 s from start it publishes
     HUGZ | current sequence | [] | [] | [].
  clients: subscribe their SUB to "/client/" then "HUGZ" before connecting,
     wait for the connections, send ICANHAZ?, collect KVSYNCs until KTHXBAI,
     then apply KVPUBs with a sequence above the last one known (HUGZ are
     counted, not applied).  KVSETs carry sequence 0 and a ttl property.
  Client 1 UUIDs (fixed, so the bytes are predictable), n = 1, 2, 3:
     c1000000-0000-4000-8000-00000000000n = C1 00 00 00 00 00 40 00 80 00 00 00 00 00 00 0n

Scenario clone (about 2.6 s)
----------------------------
  t ~ 0.1   client 1 connects DEALER (pair 1), SUB (pair 2), PUB (pair 3) and
            waits 0.3 s for the subscriptions to arrive.
  t ~ 0.4   client 1: ICANHAZ? -> KTHXBAI seq 0 (empty map), then 3 KVSETs.
            Server: seq 1 /client/1, seq 2 /client/2 (ttl 1 s), seq 3 /other/x.
  after seq 3 is assigned: client 2 connects DEALER (pair 1) and SUB (pair 2)
            (no PUB: it never sets), waits 0.2 s, sends ICANHAZ? "/client/".
  t ~ 1.0   HUGZ seq 3 (to both SUBs)
  t ~ 1.4   /client/2 expires (1 s after its KVSET): deletion seq 4
  t ~ 2.0   HUGZ seq 4 (to both SUBs)
  t ~ 2.5   everything closes.
  Checked: each client's snapshot and updates exactly as below (values,
  sequences, UUIDs, properties), and each client saw at least one HUGZ.

Wire, per connection and direction ("|" separates frames, [] = empty frame,
"text" = ASCII; seq = 8 octets BE; U1/U2/U3 = client 1's UUIDs above;
ABS = the stored absolute expiry in ms since the epoch, 13 decimal digits,
e.g. 1796163163192, the same in every message that carries it):

  pair 1, connection 1 (client 1 DEALER -> snapshot ROUTER)
    client -> server:  "ICANHAZ?" | "/client/"
    server -> client:  "KTHXBAI" | seq 0 | [] | [] | []
  pair 1, connection 2 (client 2 DEALER -> snapshot ROUTER)
    client -> server:  "ICANHAZ?" | "/client/"
    server -> client:  "/client/1" | seq 1 | U1 | "ttl=0\n" | "one"     KVSYNC
                       "/client/2" | seq 2 | U2 | "ttl=ABS\n" | "two"   KVSYNC
                       "KTHXBAI" | seq 3 | [] | [] | []
  pair 2, connection 1 (client 1 SUB -> publisher PUB)
    client -> server:  subscription "/client/", subscription "HUGZ"
                       (libzmq 4.3.4 on both ends speaks ZMTP 3.1: these are
                        SUBSCRIBE commands, 04 12 09 "SUBSCRIBE" "/client/" and
                        04 0E 09 "SUBSCRIBE" "HUGZ", not 01-prefixed messages)
    server -> client:  "/client/1" | seq 1 | U1 | "ttl=0\n" | "one"     KVPUB
                       "/client/2" | seq 2 | U2 | "ttl=1\n" | "two"     KVPUB
                       "HUGZ" | seq 3 | [] | [] | []
                       "/client/2" | seq 4 | U2 | "ttl=ABS\n" | []      KVPUB delete
                       "HUGZ" | seq 4 | [] | [] | []
  pair 2, connection 2 (client 2 SUB -> publisher PUB)
    client -> server:  subscription "/client/", subscription "HUGZ"
    server -> client:  "HUGZ" | seq 3 | [] | [] | []
                       "/client/2" | seq 4 | U2 | "ttl=ABS\n" | []      KVPUB delete
                       "HUGZ" | seq 4 | [] | [] | []
  pair 3, connection 1 (client 1 PUB -> collector SUB)
    server -> client:  subscription "" (SUBSCRIBE command 04 0A 09 "SUBSCRIBE")
    client -> server:  "/client/1" | seq 0 | U1 | "ttl=0\n" | "one"     KVSET
                       "/client/2" | seq 0 | U2 | "ttl=1\n" | "two"     KVSET
                       "/other/x"  | seq 0 | U3 | "ttl=0\n" | "x"       KVSET
  The KVPUB for "/other/x" (seq 3) is filtered by the PUB (no subscriber
  matches it), so it never reaches the wire; seq 3 is seen only in KTHXBAI and
  HUGZ.  The HUGZ lines are where they fall with normal timing: they are sent
  at 1 s and 2 s after the server started, carry the sequence current at that
  moment, and on a slow machine could move relative to the other messages;
  everything else is in the order given.
"""

import argparse
import os
import struct
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

# ------------------------------------------------------------------ CHP

SUBTREE = b'/client/'
HUGZ_S = 1.0            # server heartbeat
TTL_SWEEP_S = 0.1       # how often the server looks for expired entries
ZERO_SEQ = b'\x00' * 8


def u64(n):
    return struct.pack('>Q', n)


def seq_of(frame):
    if len(frame) != 8:
        raise PeerError('sequence frame of %d octets' % len(frame))
    return struct.unpack('>Q', frame)[0]


def client_uuid(n):
    """Fixed UUID of client 1's n-th KVSET: c1000000-0000-4000-8000-00000000000n."""
    return bytes.fromhex('c1000000000040008000') + n.to_bytes(6, 'big')


def parse_props(frame):
    props = OrderedDict()
    for line in frame.decode('ascii').split('\n'):
        if line:
            name, _, value = line.partition('=')
            props[name] = value
    return props


def format_props(props):
    return ''.join('%s=%s\n' % kv for kv in props.items()).encode('ascii')


def now_ms():
    return int(time.time() * 1000)


def check_kvmsg(msg, what):
    if len(msg) != 5:
        raise PeerError('%s has %d frames, not 5: %r' % (what, len(msg), msg))
    seq_of(msg[1])
    if len(msg[2]) not in (0, 16):
        raise PeerError('%s UUID frame of %d octets' % (what, len(msg[2])))


class Shared:
    def __init__(self):
        self.sequence = 0
        self.all_sets_applied = threading.Event()    # server has assigned seq 3
        self.done1 = threading.Event()
        self.done2 = threading.Event()


def run_server(h, snap_ep, pub_ep, col_ep, sh):
    snapshot = h.socket(zmq.ROUTER)
    snapshot.bind(snap_ep)
    publisher = h.socket(zmq.PUB)
    publisher.bind(pub_ep)
    collector = h.socket(zmq.SUB)
    collector.setsockopt(zmq.SUBSCRIBE, b'')
    collector.bind(col_ep)
    kvmap = {}               # key -> stored 5-frame kvmsg
    sequence = 0
    hugz_at = time.monotonic() + HUGZ_S
    sweep_at = time.monotonic() + TTL_SWEEP_S
    poller = zmq.Poller()
    poller.register(snapshot, zmq.POLLIN)
    poller.register(collector, zmq.POLLIN)
    while not h.stop.is_set():
        h.check()
        wait = max(0.0, min(hugz_at, sweep_at) - time.monotonic())
        events = dict(poller.poll(int(min(wait, 0.05) * 1000)))
        if snapshot in events:
            msg = snapshot.recv_multipart()
            identity, request = msg[0], msg[1:]
            if len(request) != 2 or request[0] != b'ICANHAZ?':
                raise PeerError('bad snapshot request %r' % request)
            subtree = request[1]
            for key in sorted(kvmap):
                if key.startswith(subtree):
                    snapshot.send_multipart([identity] + kvmap[key])        # KVSYNC
            snapshot.send_multipart([identity, b'KTHXBAI', u64(sequence), b'', b'', b''])
        if collector in events:
            msg = collector.recv_multipart()
            check_kvmsg(msg, 'KVSET')
            sequence += 1
            update = [msg[0], u64(sequence), msg[2], msg[3], msg[4]]
            publisher.send_multipart(update)                                 # KVPUB
            stored = list(update)
            props = parse_props(msg[3])
            ttl = int(props.get('ttl', '0') or '0')
            if ttl:
                props['ttl'] = str(now_ms() + ttl * 1000)
                stored[3] = format_props(props)
            if stored[4]:
                kvmap[stored[0]] = stored
            else:
                kvmap.pop(stored[0], None)
            sh.sequence = sequence
            if sequence >= 3:
                sh.all_sets_applied.set()
        now = time.monotonic()
        if now >= sweep_at:
            sweep_at = now + TTL_SWEEP_S
            for key in sorted(kvmap):
                stored = kvmap[key]
                ttl = int(parse_props(stored[3]).get('ttl', '0') or '0')
                if ttl and now_ms() >= ttl:
                    sequence += 1
                    sh.sequence = sequence
                    publisher.send_multipart([key, u64(sequence), stored[2], stored[3], b''])
                    del kvmap[key]
        if now >= hugz_at:
            hugz_at += HUGZ_S
            publisher.send_multipart([b'HUGZ', u64(sequence), b'', b'', b''])


class Updates:
    """A client's subscriber side: apply KVPUBs newer than the last sequence,
    count HUGZ, remember everything applied."""

    def __init__(self, who, last_sequence):
        self.who = who
        self.last = last_sequence
        self.applied = []
        self.hugz = []

    def take(self, msg):
        check_kvmsg(msg, '%s update' % self.who)
        seq = seq_of(msg[1])
        if msg[0] == b'HUGZ':
            if msg[2:] != [b'', b'', b'']:
                raise PeerError('%s: HUGZ with content %r' % (self.who, msg))
            if seq < self.last:
                raise PeerError('%s: HUGZ sequence %d below last update %d' % (self.who, seq, self.last))
            self.hugz.append(seq)
            return
        if seq <= self.last:
            return                  # not newer than our state: discard
        self.last = seq
        self.applied.append(msg)


def expect_update(msg, key, seq, uuid, props, value, who):
    got_props = msg[3]
    if props == 'abs-ttl':
        ttl = parse_props(got_props).get('ttl', '')
        ok_props = ttl.isdigit() and abs(int(ttl) - now_ms()) < 10000 and \
            got_props == b'ttl=' + ttl.encode() + b'\n'
    else:
        ok_props = got_props == props
    if msg[0] != key or seq_of(msg[1]) != seq or msg[2] != uuid or not ok_props \
            or msg[4] != value:
        raise PeerError('%s: got %r, expected %s seq %d %s %r' % (who, msg, key, seq, props, value))


def run_client1(h, eps, sh):
    (snap_ep, pub_ep, col_ep) = eps
    dealer = h.socket(zmq.DEALER)
    subscriber = h.socket(zmq.SUB)
    subscriber.setsockopt(zmq.SUBSCRIBE, SUBTREE)
    subscriber.setsockopt(zmq.SUBSCRIBE, b'HUGZ')
    publisher = h.socket(zmq.PUB)
    h.connect_up(dealer, [snap_ep], grace=0)
    h.connect_up(subscriber, [pub_ep], grace=0)
    h.connect_up(publisher, [col_ep], grace=0.3)     # subscriptions cross both ways
    dealer.send_multipart([b'ICANHAZ?', SUBTREE])
    msg = h.recv(dealer, 2.0, 'client 1 snapshot')
    if msg != [b'KTHXBAI', ZERO_SEQ, b'', b'', b'']:
        raise PeerError('client 1: snapshot of an empty map gave %r' % msg)
    updates = Updates('client 1', 0)
    sets = [(b'/client/1', b'one', b'ttl=0\n'),
            (b'/client/2', b'two', b'ttl=1\n'),
            (b'/other/x', b'x', b'ttl=0\n')]
    for n, (key, value, props) in enumerate(sets, 1):
        publisher.send_multipart([key, ZERO_SEQ, client_uuid(n), props, value])    # KVSET
    expected = [(b'/client/1', 1, client_uuid(1), b'ttl=0\n', b'one'),
                (b'/client/2', 2, client_uuid(2), b'ttl=1\n', b'two'),
                (b'/client/2', 4, client_uuid(2), 'abs-ttl', b'')]
    receive_updates(h, subscriber, updates, expected, sh.done1)


def receive_updates(h, subscriber, updates, expected, done):
    while not h.stop.is_set():
        h.check()
        if subscriber.poll(20):
            updates.take(subscriber.recv_multipart())
            for got, want in zip(updates.applied, expected):
                expect_update(got, *want, who=updates.who)
            if len(updates.applied) > len(expected):
                raise PeerError('%s: unexpected update %r' % (updates.who, updates.applied[-1]))
            if len(updates.applied) == len(expected) and updates.hugz:
                done.set()
    if not done.is_set():
        raise PeerError('%s: only %d of %d updates and %d HUGZ'
                        % (updates.who, len(updates.applied), len(expected), len(updates.hugz)))


def run_client2(h, eps, sh):
    (snap_ep, pub_ep, _) = eps
    h.wait_event(sh.all_sets_applied, 5.0, 'the server to apply client 1\'s KVSETs')
    dealer = h.socket(zmq.DEALER)
    subscriber = h.socket(zmq.SUB)
    subscriber.setsockopt(zmq.SUBSCRIBE, SUBTREE)
    subscriber.setsockopt(zmq.SUBSCRIBE, b'HUGZ')
    h.connect_up(dealer, [snap_ep], grace=0)
    h.connect_up(subscriber, [pub_ep], grace=0.2)
    dealer.send_multipart([b'ICANHAZ?', SUBTREE])
    snapshot = []
    while True:
        msg = h.recv(dealer, 2.0, 'client 2 snapshot')
        check_kvmsg(msg, 'snapshot message')
        if msg[0] == b'KTHXBAI':
            break
        snapshot.append(msg)
    if msg != [b'KTHXBAI', u64(3), b'', b'', b'']:
        raise PeerError('client 2: KTHXBAI %r, expected sequence 3' % msg)
    if len(snapshot) != 2:
        raise PeerError('client 2: %d KVSYNC, expected 2 (/client/1, /client/2): %r'
                        % (len(snapshot), snapshot))
    expect_update(snapshot[0], b'/client/1', 1, client_uuid(1), b'ttl=0\n', b'one', 'KVSYNC')
    expect_update(snapshot[1], b'/client/2', 2, client_uuid(2), 'abs-ttl', b'two', 'KVSYNC')
    updates = Updates('client 2', 3)
    expected = [(b'/client/2', 4, client_uuid(2), 'abs-ttl', b'')]
    receive_updates(h, subscriber, updates, expected, sh.done2)


def scenario(pairs):
    eps_bind = [b for b, _ in pairs]
    eps_connect = [c for _, c in pairs]
    h = Harness()
    sh = Shared()
    h.spawn('server', run_server, h, eps_bind[0], eps_bind[1], eps_bind[2], sh)
    h.spawn('client 1', run_client1, h, eps_connect, sh)
    h.spawn('client 2', run_client2, h, eps_connect, sh)
    h.finish([sh.done1, sh.done2], min_runtime=2.5)


SCENARIOS = OrderedDict([
    ('clone', (3, scenario)),
])

if __name__ == '__main__':
    sys.exit(main(SCENARIOS, 'RFC 12 Clustered Hashmap (Clone) test peers'))
