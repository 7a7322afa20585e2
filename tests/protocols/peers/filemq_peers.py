#!/usr/bin/python3
"""FILEMQ test peers (RFC 19 = FILEMQ v1, RFC 35 = FILEMQ v2).

Independent implementation written from the project's protocol digest
(/work/shared/specs/protocols.md, sections 0, 3, 15 and 17).  Run with
/usr/bin/python3 (Debian python3-zmq, libzmq 4.3.x).

Usage
-----
  filemq_peers.py --list
  filemq_peers.py --scenario NAME --pair BIND,CONNECT

Pair (every scenario uses exactly one)
--------------------------------------
  pair 1: the server's ROUTER binds BIND; the client's DEALER (no routing id
          set) connects to CONNECT.  One TCP connection; the client is the
          TCP/ZMTP client.

Content
-------
  The server publishes a temporary folder mounted at the virtual path /photos:
    /photos/a.txt   = "hello filemq\\n" (13 octets)
    /photos/big.bin = random.Random(42).randbytes(2500000) (2,500,000 octets)
  Files are offered in name order (a.txt, then big.bin).  Before the dialog
  starts the script prints one JSON object per published file on stdout:
    {"file": "/photos/a.txt", "size": 13, "sha256": "<hex>"}
    {"file": "/photos/big.bin", "size": 2500000, "sha256": "<hex>"}
  The client subscribes to /photos, writes what it receives into its own
  temporary folder at each chunk's offset and checks both SHA-256 digests.

Behaviour common to all scenarios
---------------------------------
  * Chunks of at most 1,000,000 octets.  The server sends a chunk only when the
    whole chunk fits in the client's remaining credit (credit counts content
    octets only) and never answers NOM.
  * CHEEZBURGER sequence = per-client chunk counter starting at 0.
  * CHEEZBURGER offset = position of the chunk in the file; the end-of-file
    chunk carries offset = file size.
  * Client credit: it keeps at least 4,000,001 octets of credit outstanding.
    After OHAI-OK/ICANHAZ-OK it grants 5,000,000 (5 slices of 1,000,000) in one
    NOM; after each CHEEZBURGER it subtracts the chunk length and, while the
    credit is below 4,000,001, adds 1,000,000-octet slices, sending the sum in
    one NOM.  v2 NOM sequence = the sequence of the last CHEEZBURGER received
    (0 before any).
  * When both files are complete the client sends HUGZ once, the server answers
    HUGZ-OK, then the client sends KTHXBAI (no answer) and both close.
  * Every message is a single frame except the v1 CHEEZBURGER (2 frames).

Scenario filemq-v2 (reference zeromq/filemq encoding: path/filename longstr)
---------------------------------------------------------------------------
  Fields: "string" = 1-octet length + bytes, "longstr" = 4-octet BE length +
  bytes, "hash" = 4-octet BE count + entries, "chunk" = 4-octet BE length +
  bytes (inside the same frame), numbers BE.
  client -> server, in order:
   C1 OHAI      AA A3 01 06 46 49 4C 45 4D 51 00 02          ("FILEMQ", version 2 number2)
   C2 ICANHAZ   AA A3 05 00 00 00 07 2F 70 68 6F 74 6F 73 00 00 00 00 00 00 00 00
                (path longstr "/photos", options {}, cache {})
   C3 NOM       AA A3 07 00 00 00 00 00 4C 4B 40 00 00 00 00 00 00 00 00
                (credit 5,000,000, sequence 0)
   C4 NOM       credit 1,000,000 (00 00 00 00 00 0F 42 40), sequence 2  (after S5)
   C5 NOM       credit 1,000,000, sequence 3                           (after S6)
   C6 HUGZ      AA A3 09
   C7 KTHXBAI   AA A3 0B
  server -> client, in order:
   S1 OHAI-OK      AA A3 04
   S2 ICANHAZ-OK   AA A3 06
   S3 CHEEZBURGER  seq 0, op 1, "/photos/a.txt", offset 0, eof 0, headers {}, 13 octets "hello filemq\\n"
       AA A3 08 00 00 00 00 00 00 00 00 01 00 00 00 0D 2F 70 68 6F 74 6F 73 2F 61 2E 74 78 74
       00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 0D 68 65 6C 6C 6F 20 66 69 6C 65 6D 71 0A
   S4 CHEEZBURGER  seq 1, op 1, "/photos/a.txt", offset 13, eof 1, headers {}, empty chunk
       AA A3 08 00 00 00 00 00 00 00 01 01 00 00 00 0D <name> 00 00 00 00 00 00 00 0D 01 00 00 00 00 00 00 00 00
   S5 CHEEZBURGER  seq 2, "/photos/big.bin", offset 0,         eof 0, 1,000,000 octets
   S6 CHEEZBURGER  seq 3, "/photos/big.bin", offset 1,000,000, eof 0, 1,000,000 octets
   S7 CHEEZBURGER  seq 4, "/photos/big.bin", offset 2,000,000, eof 0,   500,000 octets
   S8 CHEEZBURGER  seq 5, "/photos/big.bin", offset 2,500,000, eof 1, empty chunk
   S9 HUGZ-OK      AA A3 0A                                  (answer to C6)
  Causality between the directions: C1 -> S1 -> C2 -> S2 -> C3 -> S3..S8 (all
  within the first credit); C4 follows S5, C5 follows S6, C6 follows S8,
  S9 follows C6, C7 follows S9.  C4/C5 may reach the server while S6..S8 are
  already on their way.

Scenario filemq-v2-string (RFC 35 as written: path/filename as 1-octet string)
-----------------------------------------------------------------------------
  Same dialog as filemq-v2; only ICANHAZ path and CHEEZBURGER filename change:
   C2 ICANHAZ   AA A3 05 07 2F 70 68 6F 74 6F 73 00 00 00 00 00 00 00 00
   S3 CHEEZBURGER
       AA A3 08 00 00 00 00 00 00 00 00 01 0D 2F 70 68 6F 74 6F 73 2F 61 2E 74 78 74
       00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 0D 68 65 6C 6C 6F 20 66 69 6C 65 6D 71 0A

Scenario filemq-v1 (RFC 19)
---------------------------
  OHAI version is one octet; dictionaries are a 1-octet count + strings
  "name=value"; NOM has only credit; CHEEZBURGER has no eof field and its chunk
  is the next frame.  The server does not use the optional ORLY/YARLY (SASL)
  step: OHAI is answered directly with OHAI-OK.
  End of file (RFC 19 does not say): the server sends one more CHEEZBURGER for
  the file, operation create, offset = file size, with a zero-length chunk
  frame.  A create chunk that adds no data carries no other meaning, and this
  is the v2 reference's convention minus the eof flag.
  client -> server:
   C1 OHAI      AA A3 01 06 46 49 4C 45 4D 51 01
   C2 ICANHAZ   AA A3 05 07 2F 70 68 6F 74 6F 73 00 00        (options {}, cache {})
   C3 NOM       AA A3 07 00 00 00 00 00 4C 4B 40              (credit 5,000,000)
   C4 NOM       AA A3 07 00 00 00 00 00 0F 42 40              (after S5)
   C5 NOM       AA A3 07 00 00 00 00 00 0F 42 40              (after S6)
   C6 HUGZ      AA A3 09
   C7 KTHXBAI   AA A3 0B
  server -> client:
   S1 OHAI-OK  AA A3 04
   S2 ICANHAZ-OK AA A3 06
   S3 CHEEZBURGER seq 0, op 1, "/photos/a.txt", offset 0, headers {}  | "hello filemq\\n"
       AA A3 08 00 00 00 00 00 00 00 00 01 0D 2F 70 68 6F 74 6F 73 2F 61 2E 74 78 74
       00 00 00 00 00 00 00 00 00  |  68 65 6C 6C 6F 20 66 69 6C 65 6D 71 0A
   S4 CHEEZBURGER seq 1, "/photos/a.txt", offset 13 | [] (empty frame = end of file)
   S5 CHEEZBURGER seq 2, "/photos/big.bin", offset 0         | 1,000,000 octets
   S6 CHEEZBURGER seq 3, "/photos/big.bin", offset 1,000,000 | 1,000,000 octets
   S7 CHEEZBURGER seq 4, "/photos/big.bin", offset 2,000,000 |   500,000 octets
   S8 CHEEZBURGER seq 5, "/photos/big.bin", offset 2,500,000 | [] (end of file)
   S9 HUGZ-OK  AA A3 0A

Scenario filemq-bad-offset (filemq-v2 encoding)
-----------------------------------------------
  Exactly the filemq-v2 dialog, except S6 -- the CHEEZBURGER with sequence 3,
  the second chunk of /photos/big.bin -- carries offset 1,000,100
  (00 00 00 00 00 0F 42 A4) instead of 1,000,000.  All other offsets are
  correct (S7 2,000,000, S8 2,500,000).  The client compares each offset with
  the number of octets of that file received so far, so it flags S6 only; it
  still writes the chunk where the server said (leaving a 100-octet hole), so
  big.bin's SHA-256 then differs and is reported too.  The client completes the
  dialog normally (C4..C7 unchanged) and the script exits 0 iff exactly that
  one bad offset was detected and a.txt arrived intact.
"""

import argparse
import hashlib
import json
import os
import random
import struct
import sys
import tempfile
import time

import zmq
from zmq.utils.monitor import recv_monitor_message

SCENARIOS = [
    ("filemq-v2", 1),
    ("filemq-v2-string", 1),
    ("filemq-v1", 1),
    ("filemq-bad-offset", 1),
]

SIGNATURE = b"\xAA\xA3"
OHAI, ORLY, YARLY, OHAI_OK, ICANHAZ, ICANHAZ_OK, NOM, CHEEZBURGER = 1, 2, 3, 4, 5, 6, 7, 8
HUGZ, HUGZ_OK, KTHXBAI, SRSLY, RTFM = 9, 10, 11, 0x80, 0x81
NAMES = {OHAI: "OHAI", ORLY: "ORLY", YARLY: "YARLY", OHAI_OK: "OHAI-OK",
         ICANHAZ: "ICANHAZ", ICANHAZ_OK: "ICANHAZ-OK", NOM: "NOM",
         CHEEZBURGER: "CHEEZBURGER", HUGZ: "HUGZ", HUGZ_OK: "HUGZ-OK",
         KTHXBAI: "KTHXBAI", SRSLY: "SRSLY", RTFM: "RTFM"}
OP_CREATE, OP_DELETE = 1, 2

MOUNT = "/photos"
CHUNK_SIZE = 1000000
CREDIT_SLICE = 1000000
CREDIT_MINIMUM = 4 * CREDIT_SLICE + 1
BAD_OFFSET_DELTA = 100
DEADLINE = None


class Failure(Exception):
    pass


def time_left(limit=3.0):
    rest = DEADLINE - time.monotonic()
    if rest <= 0:
        raise Failure("overall deadline exceeded")
    return min(limit, rest)


def published_content():
    return [("a.txt", b"hello filemq\n"),
            ("big.bin", random.Random(42).randbytes(2500000))]


# ---------------------------------------------------------------------------
# codec

class Codec:
    """variant: 'v2' (longstr path/filename), 'v2-string' (string), 'v1' (RFC 19)."""

    def __init__(self, variant):
        self.variant = variant
        self.v1 = variant == "v1"

    # -- writers
    @staticmethod
    def string(s):
        b = s.encode() if isinstance(s, str) else s
        if len(b) > 255:
            raise Failure("string too long")
        return bytes([len(b)]) + b

    @staticmethod
    def longstr(s):
        b = s.encode() if isinstance(s, str) else s
        return struct.pack(">I", len(b)) + b

    def path(self, s):  # ICANHAZ path / CHEEZBURGER filename
        return self.longstr(s) if self.variant == "v2" else self.string(s)

    def dictionary(self, pairs):
        if self.v1:
            return bytes([len(pairs)]) + b"".join(self.string("%s=%s" % kv) for kv in pairs)
        return struct.pack(">I", len(pairs)) + b"".join(
            self.string(k) + self.longstr(v) for k, v in pairs)

    def ohai(self):
        ver = b"\x01" if self.v1 else struct.pack(">H", 2)
        return [SIGNATURE + bytes([OHAI]) + self.string("FILEMQ") + ver]

    def icanhaz(self, path, options=(), cache=()):
        return [SIGNATURE + bytes([ICANHAZ]) + self.path(path)
                + self.dictionary(list(options)) + self.dictionary(list(cache))]

    def nom(self, credit, sequence):
        body = struct.pack(">Q", credit)
        if not self.v1:
            body += struct.pack(">Q", sequence)
        return [SIGNATURE + bytes([NOM]) + body]

    def cheezburger(self, sequence, operation, filename, offset, eof, chunk):
        head = (SIGNATURE + bytes([CHEEZBURGER]) + struct.pack(">QB", sequence, operation)
                + self.path(filename) + struct.pack(">Q", offset))
        if self.v1:
            return [head + self.dictionary([]), chunk]
        return [head + bytes([eof]) + self.dictionary([]) + struct.pack(">I", len(chunk)) + chunk]

    @staticmethod
    def simple(msg_id):
        return [SIGNATURE + bytes([msg_id])]

    def reason(self, msg_id, text):
        return [SIGNATURE + bytes([msg_id]) + self.string(text)]

    # -- reader
    def decode(self, frames):
        """Returns (id, fields dict).  Raises Failure on anything malformed."""
        if not frames:
            raise Failure("empty message")
        r = Reader(frames[0])
        if r.take(2) != SIGNATURE:
            raise Failure("bad signature %s" % frames[0][:2].hex())
        msg_id = r.u8()
        f = {}
        extra = frames[1:]
        if msg_id == OHAI:
            f["protocol"] = r.string()
            f["version"] = r.u8() if self.v1 else r.u16()
        elif msg_id == ICANHAZ:
            f["path"] = r.longstr() if self.variant == "v2" else r.string()
            f["options"] = r.dictionary(self.v1)
            f["cache"] = r.dictionary(self.v1)
        elif msg_id == NOM:
            f["credit"] = r.u64()
            if not self.v1:
                f["sequence"] = r.u64()
        elif msg_id == CHEEZBURGER:
            f["sequence"] = r.u64()
            f["operation"] = r.u8()
            f["filename"] = r.longstr() if self.variant == "v2" else r.string()
            f["offset"] = r.u64()
            if not self.v1:
                f["eof"] = r.u8()
            f["headers"] = r.dictionary(self.v1)
            if self.v1:
                if len(extra) != 1:
                    raise Failure("v1 CHEEZBURGER needs exactly one chunk frame, got %d" % len(extra))
                f["chunk"] = extra[0]
                extra = []
            else:
                f["chunk"] = r.take(r.u32())
        elif msg_id in (SRSLY, RTFM):
            f["reason"] = r.string()
        elif msg_id in (OHAI_OK, ICANHAZ_OK, HUGZ, HUGZ_OK, KTHXBAI):
            pass
        else:
            raise Failure("unknown or unsupported message id 0x%02X" % msg_id)
        r.done()
        if extra:
            raise Failure("%s has %d unexpected extra frames" % (NAMES[msg_id], len(extra)))
        return msg_id, f


class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise Failure("malformed: read past end of frame (need %d at %d of %d)"
                          % (n, self.pos, len(self.data)))
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def u8(self):
        return self.take(1)[0]

    def u16(self):
        return struct.unpack(">H", self.take(2))[0]

    def u32(self):
        return struct.unpack(">I", self.take(4))[0]

    def u64(self):
        return struct.unpack(">Q", self.take(8))[0]

    def string(self):
        return self.take(self.u8()).decode()

    def longstr(self):
        return self.take(self.u32()).decode()

    def dictionary(self, v1):
        out = []
        if v1:
            for _ in range(self.u8()):
                item = self.string()
                if "=" not in item:
                    raise Failure("malformed v1 dictionary entry %r" % item)
                out.append(tuple(item.split("=", 1)))
        else:
            for _ in range(self.u32()):
                k = self.string()
                out.append((k, self.longstr()))
        return out

    def done(self):
        if self.pos != len(self.data):
            raise Failure("malformed: %d trailing octets" % (len(self.data) - self.pos))


# ---------------------------------------------------------------------------
# server

class ServerClient:
    def __init__(self):
        self.ready = False
        self.credit = 0
        self.sequence = 0
        self.queue = []        # [(virtual name, real path)]
        self.current = None    # dict(name, fh, size, offset, index)
        self.subscriptions = []


class Server:
    def __init__(self, ctx, bind, codec, root, bad_offset):
        self.codec = codec
        self.root = root
        self.bad_offset = bad_offset
        self.clients = {}
        self.log = []          # (direction, name, fields) for the checks
        self.got_kthxbai = False
        self.sock = ctx.socket(zmq.ROUTER)
        self.sock.setsockopt(zmq.LINGER, 2000)
        self.sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
        self.sock.setsockopt(zmq.SNDTIMEO, 2000)
        self.sock.bind(bind)

    def files(self):
        return [(MOUNT + "/" + n, os.path.join(self.root, n)) for n in sorted(os.listdir(self.root))]

    def send(self, rid, frames):
        self.sock.send_multipart([rid] + frames)

    def handle(self):
        frames = self.sock.recv_multipart()
        rid, frames = frames[0], frames[1:]
        if not frames or frames[0][:2] != SIGNATURE:
            raise Failure("server: message without FILEMQ signature")  # would be dropped silently
        msg_id, f = self.codec.decode(frames)
        self.log.append(("C", NAMES[msg_id], f))
        client = self.clients.get(rid)
        if client is None:
            client = self.clients[rid] = ServerClient()
        if msg_id == OHAI:
            want = 1 if self.codec.v1 else 2
            if f["protocol"] != "FILEMQ" or f["version"] != want:
                self.send(rid, self.codec.reason(RTFM, "Unsupported protocol or version"))
                raise Failure("server: bad OHAI %r" % f)
            client.ready = True
            self.send(rid, self.codec.simple(OHAI_OK))
            return
        if not client.ready:
            self.send(rid, self.codec.reason(RTFM, "OHAI expected"))
            raise Failure("server: %s before OHAI" % NAMES[msg_id])
        if msg_id == ICANHAZ:
            path = f["path"]
            if not path.startswith("/"):
                self.send(rid, self.codec.reason(SRSLY, "Path must start with /"))
                raise Failure("server: bad path %r" % path)
            client.subscriptions.append(path)
            for vname, real in self.files():
                if vname.startswith(path) and all(vname != q[0] for q in client.queue):
                    client.queue.append((vname, real))
            self.send(rid, self.codec.simple(ICANHAZ_OK))
        elif msg_id == NOM:
            client.credit += f["credit"]
            self.dispatch(rid, client)
        elif msg_id == HUGZ:
            self.send(rid, self.codec.simple(HUGZ_OK))
        elif msg_id == HUGZ_OK:
            pass
        elif msg_id == KTHXBAI:
            if client.current:
                client.current["fh"].close()
            del self.clients[rid]
            self.got_kthxbai = True
        else:
            self.send(rid, self.codec.reason(RTFM, "Unexpected command"))
            raise Failure("server: unexpected %s" % NAMES[msg_id])

    def dispatch(self, rid, client):
        while True:
            cur = client.current
            if cur is None:
                if not client.queue:
                    return
                vname, real = client.queue.pop(0)
                cur = client.current = {"name": vname, "fh": open(real, "rb"),
                                        "size": os.path.getsize(real), "offset": 0, "index": 0}
            remaining = cur["size"] - cur["offset"]
            if remaining > 0:
                n = min(CHUNK_SIZE, remaining)
                if client.credit < n:
                    return  # wait for more credit
                cur["fh"].seek(cur["offset"])
                data = cur["fh"].read(n)
                if len(data) != n:
                    raise Failure("server: short read on %s" % cur["name"])
                offset = cur["offset"]
                if self.bad_offset and cur["name"] == MOUNT + "/big.bin" and cur["index"] == 1:
                    offset += BAD_OFFSET_DELTA
                self.send(rid, self.codec.cheezburger(client.sequence, OP_CREATE, cur["name"],
                                                      offset, 0, data))
                client.credit -= n
                cur["offset"] += n
                cur["index"] += 1
            else:
                # end of file: empty chunk (v2: eof=1; v1: the empty chunk frame itself)
                self.send(rid, self.codec.cheezburger(client.sequence, OP_CREATE, cur["name"],
                                                      cur["offset"], 1, b""))
                cur["fh"].close()
                client.current = None
            client.sequence += 1


# ---------------------------------------------------------------------------
# client

class Client:
    def __init__(self, ctx, connect, codec, root, expected):
        self.codec = codec
        self.root = root
        self.expected = expected          # {virtual name: sha256 hex}
        self.state = "start"
        self.credit = 0
        self.last_sequence = 0
        self.next_sequence = 0
        self.current = None               # dict(name, received)
        self.completed = {}               # name -> sha256 hex
        self.offset_errors = []           # (sequence, name, expected, got)
        self.digest_errors = []
        self.done = False
        self.sock = ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 2000)
        self.sock.setsockopt(zmq.SNDTIMEO, 2000)
        self.monitor = self.sock.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
        self.sock.connect(connect)

    def wait_connected(self):
        try:
            if not self.monitor.poll(int(time_left() * 1000)):
                raise Failure("client: ZMTP handshake did not complete")
            ev = recv_monitor_message(self.monitor)
            if ev["event"] != zmq.EVENT_HANDSHAKE_SUCCEEDED:
                raise Failure("client: unexpected monitor event %r" % ev)
        finally:
            self.sock.disable_monitor()
            self.monitor.close(linger=0)
        time.sleep(0.2)

    def send(self, frames):
        self.sock.send_multipart(frames)

    def start(self):
        self.send(self.codec.ohai())
        self.state = "expect-ohai-ok"

    def refill_credit(self):
        grant = 0
        while self.credit < CREDIT_MINIMUM:
            self.credit += CREDIT_SLICE
            grant += CREDIT_SLICE
        if grant:
            self.send(self.codec.nom(grant, self.last_sequence))

    def local_path(self, name):
        rel = os.path.normpath(name.lstrip("/"))
        if rel.startswith(".."):
            raise Failure("client: unsafe filename %r" % name)
        return os.path.join(self.root, rel)

    def handle(self):
        frames = self.sock.recv_multipart()
        msg_id, f = self.codec.decode(frames)
        if msg_id in (SRSLY, RTFM):
            raise Failure("client: server said %s %r" % (NAMES[msg_id], f["reason"]))
        if self.state == "expect-ohai-ok" and msg_id == OHAI_OK:
            self.send(self.codec.icanhaz(MOUNT))
            self.state = "expect-icanhaz-ok"
        elif self.state == "expect-icanhaz-ok" and msg_id == ICANHAZ_OK:
            self.state = "receiving"
            self.refill_credit()
        elif self.state == "receiving" and msg_id == CHEEZBURGER:
            self.cheezburger(f)
        elif self.state == "expect-hugz-ok" and msg_id == HUGZ_OK:
            self.send(self.codec.simple(KTHXBAI))
            self.done = True
            self.state = "done"
        elif msg_id == HUGZ:
            self.send(self.codec.simple(HUGZ_OK))
        else:
            raise Failure("client: unexpected %s in state %s" % (NAMES[msg_id], self.state))

    def cheezburger(self, f):
        seq, name, chunk = f["sequence"], f["filename"], f["chunk"]
        if seq != self.next_sequence:
            raise Failure("client: CHEEZBURGER sequence %d, expected %d" % (seq, self.next_sequence))
        self.next_sequence += 1
        self.last_sequence = seq
        if f["operation"] not in (OP_CREATE, OP_DELETE):
            raise Failure("client: bad operation %d" % f["operation"])
        if f["headers"]:
            raise Failure("client: unexpected headers %r" % f["headers"])
        if f["operation"] == OP_DELETE:
            if chunk or f.get("eof"):
                raise Failure("client: delete with data/eof")
            try:
                os.unlink(self.local_path(name))
            except FileNotFoundError:
                pass
            return
        if not name.startswith(MOUNT + "/"):
            raise Failure("client: file %r outside the subscription" % name)
        if self.current is None:
            if name in self.completed:
                raise Failure("client: %s delivered twice" % name)
            path = self.local_path(name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "wb").close()
            self.current = {"name": name, "received": 0}
        elif self.current["name"] != name:
            raise Failure("client: chunk of %s while %s is incomplete" % (name, self.current["name"]))
        cur = self.current
        if f["offset"] != cur["received"]:
            self.offset_errors.append((seq, name, cur["received"], f["offset"]))
            print("client: CHEEZBURGER seq %d for %s has offset %d, expected %d"
                  % (seq, name, f["offset"], cur["received"]), file=sys.stderr)
        end_of_file = (f["eof"] == 1) if not self.codec.v1 else (len(chunk) == 0)
        if not self.codec.v1 and f["eof"] not in (0, 1):
            raise Failure("client: eof flag %d" % f["eof"])
        if end_of_file and chunk:
            raise Failure("client: end-of-file chunk carries data")
        if not end_of_file and not chunk:
            raise Failure("client: empty chunk without eof")
        if chunk:
            with open(self.local_path(name), "r+b") as fh:
                fh.seek(f["offset"])
                fh.write(chunk)
            cur["received"] += len(chunk)
            self.credit -= len(chunk)
            if self.credit < 0:
                raise Failure("client: server exceeded the granted credit")
        if end_of_file:
            with open(self.local_path(name), "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()
            self.completed[name] = digest
            want = self.expected.get(name)
            if digest != want:
                self.digest_errors.append(name)
                print("client: %s SHA-256 %s, expected %s" % (name, digest, want), file=sys.stderr)
            self.current = None
        self.refill_credit()
        if len(self.completed) == len(self.expected):
            self.send(self.codec.simple(HUGZ))
            self.state = "expect-hugz-ok"


# ---------------------------------------------------------------------------

def run(scenario, pair):
    variant = {"filemq-v2": "v2", "filemq-v2-string": "v2-string", "filemq-v1": "v1",
               "filemq-bad-offset": "v2"}[scenario]
    bad_offset = scenario == "filemq-bad-offset"
    bind, connect = pair
    codec = Codec(variant)
    with tempfile.TemporaryDirectory(prefix="fmq-server-") as sroot, \
            tempfile.TemporaryDirectory(prefix="fmq-client-") as croot:
        expected = {}
        for name, data in published_content():
            with open(os.path.join(sroot, name), "wb") as fh:
                fh.write(data)
        for name in sorted(os.listdir(sroot)):
            with open(os.path.join(sroot, name), "rb") as fh:
                data = fh.read()
            digest = hashlib.sha256(data).hexdigest()
            expected[MOUNT + "/" + name] = digest
            print(json.dumps({"file": MOUNT + "/" + name, "size": len(data), "sha256": digest}))
        sys.stdout.flush()

        ctx = zmq.Context()
        server = client = None
        try:
            server = Server(ctx, bind, codec, sroot, bad_offset)
            client = Client(ctx, connect, codec, croot, expected)
            client.wait_connected()
            client.start()
            poller = zmq.Poller()
            poller.register(server.sock, zmq.POLLIN)
            poller.register(client.sock, zmq.POLLIN)
            while not (client.done and server.got_kthxbai):
                events = dict(poller.poll(int(time_left() * 1000)))
                if not events:
                    raise Failure("timed out in client state %s" % client.state)
                if server.sock in events:
                    server.handle()
                if client.sock in events:
                    client.handle()
            # the server must not have sent anything after HUGZ-OK
            if client.sock.poll(100):
                raise Failure("client: unexpected extra message after HUGZ-OK")
            if server.clients:
                raise Failure("server: client state left after KTHXBAI")
            noms = [f["credit"] for d, n, f in server.log if n == "NOM"]
            if noms != [5000000, 1000000, 1000000]:
                raise Failure("unexpected NOM credits %r" % noms)
            if not codec.v1:
                nseq = [f["sequence"] for d, n, f in server.log if n == "NOM"]
                if nseq != [0, 2, 3]:
                    raise Failure("unexpected NOM sequences %r" % nseq)
            order = [n for d, n, f in server.log]
            if order != ["OHAI", "ICANHAZ", "NOM", "NOM", "NOM", "HUGZ", "KTHXBAI"]:
                raise Failure("unexpected client message order %r" % order)
        finally:
            if client is not None:
                client.sock.close(linger=0)
            if server is not None:
                server.sock.close(linger=0)
            ctx.term()

        if bad_offset:
            want = [(3, MOUNT + "/big.bin", 1000000, 1000000 + BAD_OFFSET_DELTA)]
            if client.offset_errors != want:
                raise Failure("bad offset not detected as expected: %r" % client.offset_errors)
            if MOUNT + "/a.txt" in client.digest_errors:
                raise Failure("a.txt corrupted")
            print("client: detected the bad offset on CHEEZBURGER seq 3 (%s); "
                  "digest mismatches: %s" % (MOUNT + "/big.bin", client.digest_errors),
                  file=sys.stderr)
        else:
            if client.offset_errors:
                raise Failure("offset errors: %r" % client.offset_errors)
            if client.digest_errors:
                raise Failure("SHA-256 mismatch for %r" % client.digest_errors)
            if client.completed != expected:
                raise Failure("received files %r differ from published %r"
                              % (sorted(client.completed), sorted(expected)))


def main():
    global DEADLINE
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--scenario")
    ap.add_argument("--pair", action="append", default=[])
    args = ap.parse_args()
    if args.list:
        for name, n in SCENARIOS:
            print("%s %d" % (name, n))
        return 0
    counts = dict(SCENARIOS)
    if args.scenario not in counts:
        print("unknown scenario %r" % args.scenario, file=sys.stderr)
        return 1
    pairs = []
    for p in args.pair:
        parts = p.split(",")
        if len(parts) != 2 or not all(parts):
            print("bad --pair %r (want BIND,CONNECT)" % p, file=sys.stderr)
            return 1
        pairs.append((parts[0], parts[1]))
    if len(pairs) != counts[args.scenario]:
        print("scenario %s needs %d pairs, got %d"
              % (args.scenario, counts[args.scenario], len(pairs)), file=sys.stderr)
        return 1
    DEADLINE = time.monotonic() + 8.0
    try:
        run(args.scenario, pairs[0])
    except Failure as e:
        print("FAIL %s: %s" % (args.scenario, e), file=sys.stderr)
        return 1
    except Exception as e:  # anything unexpected is a failure, never a hang
        import traceback
        traceback.print_exc()
        print("FAIL %s: %s: %s" % (args.scenario, type(e).__name__, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
