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
# Argument parsing, threads, timeouts, "wait until connected": shared by the
# scripts of this folder (peerharness.py).
from peerharness import *  # noqa: F401,F403

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
