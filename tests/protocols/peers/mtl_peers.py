#!/usr/bin/python3
"""MTL test peers: RFC 11 Message Transport Layer (draft), the digest's
"Minimal peers" (section 12).

Independent implementation written from the project's protocol digest
(/work/shared/specs/protocols.md, sections 0, 2, 12 and 17).  Run with
/usr/bin/python3 (Debian python3-zmq, libzmq 4.3.x).  There is no reference
implementation of the data flow (imatix/zmetal is a stub), so both ends are
ours.

Usage
-----
  mtl_peers.py --list
  mtl_peers.py --scenario mtl --pair BIND1,CONNECT1 --pair BIND2,CONNECT2

Pairs (two, in this order)
--------------------------
  pair 1 = control flow: server ROUTER binds BIND1; client REQ connects CONNECT1.
  pair 2 = data flow:    server ROUTER binds BIND2; client DEALER connects to
           tcp://<host of CONNECT1>:<port from the 202 reply>, which is CONNECT2
           (the server announces the port of CONNECT2; the client checks this).
  No socket sets a routing id.

Encodings
---------
  Control: request = name | JSON, reply = 3-digit status | JSON; the REQ adds
  an empty delimiter frame in front of both on the wire.  JSON is compact
  (no spaces), keys in the order shown below, ASCII.
  Data: every command is 2 frames, header | body, the body an empty frame when
  unused.  Header = command octet, then: integer = 8 octets BE, short string =
  1 length octet + bytes, Boolean = 1 octet.  Content's properties field table
  is left empty (zero octets), so a Content header is 01+8+1+n octets.
  Server: Open (protocol MTL/1) -> 201; Profile "test" -> 200 (case-insensitive);
  Reader/Writer after a profile -> 202 with the data port and lease "lease-r" /
  "lease-w"; Lease with a lease it issued -> Response 200 (else 403); Summon /
  Dismiss of "resource" -> Response 200 (else 400); Content from any leased
  connection is sent to every connection that has summoned its resource, with
  the server's own per-reader content sequence (from 1); Ping -> Pong.
  Badly framed control requests or invalid JSON are dropped silently.

Scenario mtl (about 0.3 s; each step waits for the previous reply)
-----------------------------------------------------------------
  "|" separates frames, [] = empty frame, "text" = ASCII, hex = raw octets.
  P = the decimal port of CONNECT2.

  pair 1 (client REQ -> control ROUTER)
    client -> server  [] | "Connection.Open"    | {"protocol":{"name":"MTL","version":1},"virtual-host":"test-env"}
    server -> client  [] | "201" | {"status":"Ready","profiles":["test"]}
    client -> server  [] | "Connection.Profile" | {"profile":"test"}
    server -> client  [] | "200" | {"status":"OK"}
    client -> server  [] | "Connection.Writer"  | {"resources":["resource"],"confirm":"none"}
    server -> client  [] | "202" | {"status":"Data Lease","port":P,"lease":"lease-w"}
    client -> server  [] | "Connection.Reader"  | {"resources":["resource"],"confirm":"none"}
    server -> client  [] | "202" | {"status":"Data Lease","port":P,"lease":"lease-r"}

  pair 2 (client DEALER -> data ROUTER; one connection that uses the reader
  lease, summons "resource" and also writes Content to it)
    client -> server  Lease    01 00 00 00 00 00 00 00 01 07 "lease-r"  | []
    server -> client  Response 02 00 00 00 00 00 00 00 01               | "200"
    client -> server  Summon   03 00 00 00 00 00 00 00 02 08 "resource" | []
    server -> client  Response 02 00 00 00 00 00 00 00 02               | "200"
    client -> server  Ping     08                                       | []
    server -> client  Pong     09                                       | []
    client -> server  Content  05 00 00 00 00 00 00 00 01 08 "resource" | "hello mtl"
    server -> client  Content  05 00 00 00 00 00 00 00 01 08 "resource" | "hello mtl"
                      (fanned back: this connection is the summoning reader)
    client -> server  Dismiss  04 00 00 00 00 00 00 00 03 08 "resource" | []
    server -> client  Response 02 00 00 00 00 00 00 00 03               | "200"
  Header sizes: Lease 17, Response 9, Summon/Dismiss 18, Content 18, Ping/Pong 1.
  The client checks every reply byte for byte (JSON parsed).
"""

import argparse
import json
import os
import struct
import sys
import threading
import time
from collections import OrderedDict

import zmq
from zmq.utils.monitor import recv_monitor_message

# ------------------------------------------------------------------ harness
# (Every peer script in this folder is self-contained; this block is the
#  scaffolding: argument parsing, threads, timeouts, "wait until connected".)

DEADLINE_S = 9.0     # the whole scenario, start to exit
LINGER_MS = 500      # close() waits at most this long for unsent messages


class Abort(Exception):
    """Another part of the scenario failed: unwind quietly."""


class PeerError(Exception):
    """A protocol or dialog check failed."""


def port_of(endpoint):
    return int(endpoint.rsplit(':', 1)[1])


def host_of(endpoint):
    return endpoint.split('://', 1)[1].rsplit(':', 1)[0]


class Harness:
    """One context, one thread per role, one shared failure flag.

    Roles call h.check() / h.recv() which raise Abort as soon as any other role
    has failed, so a failure anywhere ends the run within ~50 ms."""

    def __init__(self):
        self.ctx = zmq.Context()
        self.failed = threading.Event()
        self.stop = threading.Event()
        self.t0 = time.monotonic()
        self._errors = []
        self._lock = threading.Lock()
        self._threads = []
        self._local = threading.local()

    def elapsed(self):
        return time.monotonic() - self.t0

    def error(self, who, text):
        with self._lock:
            self._errors.append('%s: %s' % (who, text))
        self.failed.set()

    def spawn(self, who, fn, *args):
        def body():
            self._local.sockets = []
            try:
                fn(*args)
            except Abort:
                pass
            except Exception as exc:  # report anything, never hang
                self.error(who, '%s: %s' % (type(exc).__name__, exc))
            finally:
                for sock in self._local.sockets:
                    try:
                        sock.close()
                    except Exception:
                        pass
        thread = threading.Thread(target=body, name=who, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    def check(self):
        if self.failed.is_set():
            raise Abort()

    def sleep(self, seconds):
        end = time.monotonic() + seconds
        while True:
            self.check()
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.02))

    def wait_event(self, event, timeout, what):
        end = time.monotonic() + timeout
        while not event.is_set():
            self.check()
            if time.monotonic() >= end:
                raise PeerError('timed out after %.1f s waiting for %s' % (timeout, what))
            event.wait(0.02)

    def socket(self, kind, routing_id=None, linger=LINGER_MS):
        sock = self.ctx.socket(kind)
        sock.setsockopt(zmq.LINGER, linger)
        if routing_id is not None:
            sock.setsockopt(zmq.ROUTING_ID, routing_id)
        self._local.sockets.append(sock)
        return sock

    def connect_up(self, sock, endpoints, need=None, timeout=3.0, grace=0.1):
        """Connect to every endpoint, then wait until `need` (default: all) ZMTP
        handshakes have completed (socket monitor), plus `grace` seconds so the
        bind side has attached the peer (and seen any subscription)."""
        need = len(endpoints) if need is None else need
        mon = sock.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
        try:
            for ep in endpoints:
                sock.connect(ep)
            up = 0
            end = time.monotonic() + timeout
            while up < need:
                self.check()
                left = end - time.monotonic()
                if left <= 0:
                    raise PeerError('only %d of %d ZMTP handshakes with %s within %.1f s'
                                    % (up, need, ' '.join(endpoints), timeout))
                if mon.poll(int(min(left, 0.05) * 1000) + 1):
                    event = recv_monitor_message(mon)
                    if event['event'] == zmq.EVENT_HANDSHAKE_SUCCEEDED:
                        up += 1
        finally:
            sock.disable_monitor()
            mon.close(0)
        if grace:
            self.sleep(grace)

    def recv(self, sock, timeout, what):
        end = time.monotonic() + timeout
        while True:
            self.check()
            left = end - time.monotonic()
            if left <= 0:
                raise PeerError('timed out after %.1f s waiting for %s' % (timeout, what))
            if sock.poll(int(min(left, 0.05) * 1000) + 1):
                return sock.recv_multipart()

    def finish(self, wait_for, min_runtime=0.0):
        """Wait until every thread/event in wait_for is finished/set and at least
        min_runtime seconds have passed, then stop the remaining roles, join
        everything and exit the process (0 = pass, 1 = failure)."""
        deadline = self.t0 + DEADLINE_S
        for item in wait_for:
            done = (lambda i=item: not i.is_alive()) if isinstance(item, threading.Thread) \
                else item.is_set
            while not done() and not self.failed.is_set():
                if time.monotonic() >= deadline:
                    self.error('harness', 'scenario did not complete within %.0f s' % DEADLINE_S)
                    break
                time.sleep(0.02)
        while not self.failed.is_set() and self.elapsed() < min_runtime:
            time.sleep(0.02)
        self.stop.set()
        for thread in self._threads:
            thread.join(max(0.2, deadline + 0.5 - time.monotonic()))
            if thread.is_alive():
                self.error('harness', 'role %s did not stop' % thread.name)
        if self._errors:
            for line in self._errors:
                sys.stderr.write('FAIL %s\n' % line)
            sys.stderr.flush()
            os._exit(1)
        # all sockets are closed; term() returns once lingering data is flushed
        term = threading.Thread(target=self.ctx.term, daemon=True)
        term.start()
        term.join(2.0)
        sys.stdout.flush()
        os._exit(0)


def main(scenarios, description):
    """scenarios: name -> (number of pairs, function(pairs))."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument('--list', action='store_true', help='print "<name> <pairs>" lines')
    ap.add_argument('--scenario', help='scenario to run')
    ap.add_argument('--pair', action='append', default=[], metavar='BIND,CONNECT',
                    help='endpoint pair, repeat in the documented order')
    args = ap.parse_args()
    if args.list:
        for name, (count, _) in scenarios.items():
            print('%s %d' % (name, count))
        return 0
    if args.scenario not in scenarios:
        sys.stderr.write('unknown scenario %r (use --list)\n' % args.scenario)
        return 1
    count, run = scenarios[args.scenario]
    pairs = []
    for text in args.pair:
        parts = text.split(',')
        if len(parts) != 2 or not all(p.startswith('tcp://') for p in parts):
            sys.stderr.write('bad --pair %r (want tcp://BIND,tcp://CONNECT)\n' % text)
            return 1
        pairs.append((parts[0], parts[1]))
    if len(pairs) != count:
        sys.stderr.write('scenario %s needs %d --pair, got %d\n'
                         % (args.scenario, count, len(pairs)))
        return 1
    return run(pairs)


# ------------------------------------------------------------------ MTL

LEASE, RESPONSE, SUMMON, DISMISS, CONTENT, CONFIRM, REJECT, PING, PONG = range(1, 10)
RESOURCE = b'resource'


def to_json(obj):
    return json.dumps(obj, separators=(',', ':')).encode('ascii')


def u64(n):
    return struct.pack('>Q', n)


def short_string(text):
    if len(text) > 255:
        raise PeerError('short string longer than 255 octets')
    return bytes([len(text)]) + text


class Header:
    """Reads the fixed fields of a data-flow header frame."""

    def __init__(self, frame):
        self.frame = frame
        self.pos = 1

    def integer(self):
        if self.pos + 8 > len(self.frame):
            raise PeerError('header too short for an integer: %s' % self.frame.hex())
        value = struct.unpack_from('>Q', self.frame, self.pos)[0]
        self.pos += 8
        return value

    def string(self):
        if self.pos >= len(self.frame) or self.pos + 1 + self.frame[self.pos] > len(self.frame):
            raise PeerError('header too short for a short string: %s' % self.frame.hex())
        size = self.frame[self.pos]
        value = self.frame[self.pos + 1:self.pos + 1 + size]
        self.pos += 1 + size
        return value

    def rest(self):
        value = self.frame[self.pos:]
        self.pos = len(self.frame)
        return value

    def end(self):
        if self.pos != len(self.frame):
            raise PeerError('%d unexpected octets after the header fields: %s'
                            % (len(self.frame) - self.pos, self.frame.hex()))


def run_server(h, control_ep, data_ep, data_port):
    control = h.socket(zmq.ROUTER)
    control.bind(control_ep)
    data = h.socket(zmq.ROUTER)
    data.bind(data_ep)
    sessions = {}            # control peer -> {'open': bool, 'profile': str}
    leases = {}              # lease -> 'reader' / 'writer'
    peers = {}               # data peer -> {'lease', 'summoned', 'content_seq'}
    poller = zmq.Poller()
    poller.register(control, zmq.POLLIN)
    poller.register(data, zmq.POLLIN)
    while not h.stop.is_set():
        h.check()
        events = dict(poller.poll(20))
        if control in events:
            msg = control.recv_multipart()
            if len(msg) != 4 or msg[1] != b'':
                continue                             # badly framed: drop silently
            peer, _, name, body = msg
            try:
                request = json.loads(body.decode('utf-8'))
            except ValueError:
                continue                             # invalid JSON: drop silently
            code, reply = control_command(sessions.setdefault(peer, {}), name.lower(),
                                          request, leases, data_port)
            control.send_multipart([peer, b'', code, to_json(reply)])
        if data in events:
            msg = data.recv_multipart()
            if len(msg) != 3 or not msg[1]:
                raise PeerError('data message not header | body: %r' % msg)
            data_command(data, msg[0], msg[1], msg[2], leases, peers)


def control_command(session, name, request, leases, data_port):
    if name == b'connection.open':
        if request.get('protocol') != {'name': 'MTL', 'version': 1}:
            return b'400', {'status': 'Bad request'}
        session['open'] = True
        return b'201', {'status': 'Ready', 'profiles': ['test']}
    if not session.get('open'):
        return b'400', {'status': 'Bad request'}
    if name == b'connection.profile':
        if str(request.get('profile', '')).lower() != 'test':
            return b'400', {'status': 'Bad request'}
        session['profile'] = 'test'
        return b'200', {'status': 'OK'}
    if name in (b'connection.reader', b'connection.writer'):
        if not session.get('profile'):
            return b'400', {'status': 'Bad request'}
        kind = 'reader' if name == b'connection.reader' else 'writer'
        lease = 'lease-r' if kind == 'reader' else 'lease-w'
        leases[lease.encode()] = kind
        return b'202', {'status': 'Data Lease', 'port': data_port, 'lease': lease}
    return b'501', {'status': 'Not implemented'}


def data_command(sock, peer, header, body, leases, peers):
    kind = header[0]
    fields = Header(header)
    state = peers.get(peer)
    if kind == LEASE:
        seq, lease = fields.integer(), fields.string()
        fields.end()
        if lease in leases:
            peers[peer] = {'lease': lease, 'summoned': set(), 'content_seq': 0}
            sock.send_multipart([peer, bytes([RESPONSE]) + u64(seq), b'200'])
        else:
            sock.send_multipart([peer, bytes([RESPONSE]) + u64(seq), b'403'])
        return
    if state is None:
        raise PeerError('data command %d before a valid Lease' % kind)
    if kind in (SUMMON, DISMISS):
        seq, resource = fields.integer(), fields.string()
        fields.end()
        if resource != RESOURCE:
            status = b'400'
        elif kind == SUMMON:
            state['summoned'].add(resource)
            status = b'200'
        else:
            state['summoned'].discard(resource)
            status = b'200'
        sock.send_multipart([peer, bytes([RESPONSE]) + u64(seq), status])
    elif kind == CONTENT:
        fields.integer()
        resource = fields.string()
        fields.rest()                                # properties: field table, opaque
        for reader, other in peers.items():          # fan out to every summoning reader
            if resource in other['summoned']:
                other['content_seq'] += 1
                sock.send_multipart([reader, bytes([CONTENT]) + u64(other['content_seq'])
                                     + short_string(resource), body])
    elif kind == PING:
        fields.end()
        sock.send_multipart([peer, bytes([PONG]), b''])
    elif kind in (CONFIRM, REJECT, PONG):
        pass                                         # no reply to these
    else:
        raise PeerError('unknown data command %d' % kind)


def run_client(h, control_ep, expect_data_ep):
    req = h.socket(zmq.REQ)
    h.connect_up(req, [control_ep])

    def call(name, obj, code):
        req.send_multipart([name, to_json(obj)])
        reply = h.recv(req, 2.0, 'reply to %s' % name.decode())
        if len(reply) != 2 or reply[0] != code:
            raise PeerError('%s: reply %r, expected %s' % (name.decode(), reply, code.decode()))
        return json.loads(reply[1].decode('utf-8'))

    ready = call(b'Connection.Open', OrderedDict([
        ('protocol', OrderedDict([('name', 'MTL'), ('version', 1)])),
        ('virtual-host', 'test-env')]), b'201')
    if ready != {'status': 'Ready', 'profiles': ['test']}:
        raise PeerError('Connection.Open reply %r' % ready)
    if call(b'Connection.Profile', {'profile': 'test'}, b'200') != {'status': 'OK'}:
        raise PeerError('Connection.Profile reply not OK')
    wanted = OrderedDict([('resources', ['resource']), ('confirm', 'none')])
    writer = call(b'Connection.Writer', wanted, b'202')
    reader = call(b'Connection.Reader', wanted, b'202')
    for got, lease in ((writer, 'lease-w'), (reader, 'lease-r')):
        if got.get('status') != 'Data Lease' or got.get('lease') != lease:
            raise PeerError('lease reply %r' % got)
    data_ep = 'tcp://%s:%d' % (host_of(control_ep), reader['port'])
    if data_ep != expect_data_ep or writer['port'] != reader['port']:
        raise PeerError('data port %r / %r does not lead to %s'
                        % (writer['port'], reader['port'], expect_data_ep))

    dealer = h.socket(zmq.DEALER)
    h.connect_up(dealer, [data_ep])

    def exchange(header, body, expect_header, expect_body, what):
        dealer.send_multipart([header, body])
        got = h.recv(dealer, 2.0, what)
        if got != [expect_header, expect_body]:
            raise PeerError('%s: got %r, expected %r' % (what, got, [expect_header, expect_body]))

    def response(seq):
        return bytes([RESPONSE]) + u64(seq)

    exchange(bytes([LEASE]) + u64(1) + short_string(b'lease-r'), b'',
             response(1), b'200', 'Lease response')
    exchange(bytes([SUMMON]) + u64(2) + short_string(RESOURCE), b'',
             response(2), b'200', 'Summon response')
    exchange(bytes([PING]), b'', bytes([PONG]), b'', 'Pong')
    content = bytes([CONTENT]) + u64(1) + short_string(RESOURCE)    # + empty properties
    exchange(content, b'hello mtl', content, b'hello mtl', 'fanned-out Content')
    exchange(bytes([DISMISS]) + u64(3) + short_string(RESOURCE), b'',
             response(3), b'200', 'Dismiss response')


def scenario(pairs):
    (control_bind, control_connect), (data_bind, data_connect) = pairs
    h = Harness()
    h.spawn('server', run_server, h, control_bind, data_bind, port_of(data_connect))
    client = h.spawn('client', run_client, h, control_connect, data_connect)
    h.finish([client])


SCENARIOS = OrderedDict([
    ('mtl', (2, scenario)),
])

if __name__ == '__main__':
    sys.exit(main(SCENARIOS, 'RFC 11 Message Transport Layer test peers'))
