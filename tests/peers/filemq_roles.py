#!/usr/bin/python3
r"""FILEMQ v2 test peers: server (ROUTER) and client (DEALER) roles.

Independent reference peers for ZmqScope's tests, written from the RFC text
(zeromq/rfc 35/FILEMQ, draft) and the project's digest
/work/shared/specs/protocols.md sections 3, 15 and 17.  Both string encodings
of path/filename in use are spoken: RFC 35's 1-octet "string" and
zeromq/filemq's 4-octet "longstr" (the real implementation since Dec 2014).
Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

Usage
-----
  filemq_roles.py server --bind EP --publish DIR [--mount /VPATH]
      [--strings long|rfc|auto] [--chunk-size 1000000] [--split-chunks]
      [--eof-mode empty|last] [--always-resync] [--scan-ms 500]
      [--refuse /PREFIX ...] [--heartbeat-ms 1000] [--expiry-ms 10000]
      [--say-kthxbai]
  filemq_roles.py client --connect EP --path /PATH [--path /PATH2 ...]
      --into DIR [--credit 5000000] [--no-refill] [--strings long|rfc]
      [--expect-files N] [--no-resync] [--no-cache] [--version 2]
      [--heartbeat-ms 1000] [--expiry-ms 10000] [--stall-ms 0]
      [--reconnect-after-chunks K]
  Common: [--duration S] [--stdin-stop] [--verbose] [--exit-on-error]

Wire format (RFC 35; every message is one frame: AA A3 | id | fields)
---------------------------------------------------------------------
  01 OHAI        C->S  protocol string "FILEMQ", version number2 (2)
  04 OHAI-OK     S->C  -
  05 ICANHAZ     C->S  path PATHSTR, options hash, cache hash
  06 ICANHAZ-OK  S->C  -
  07 NOM         C->S  credit number8, sequence number8
  08 CHEEZBURGER S->C  sequence number8, operation number1 (1 create, 2 delete),
                       filename PATHSTR, offset number8, eof number1,
                       headers hash, chunk (number4 length + octets)
  09 HUGZ / 0A HUGZ-OK  either way
  0B KTHXBAI     C->S (and S->C, RFC 35's grammar allows it)
  80 SRSLY / 81 RTFM    S->C  reason string
  string = 1-octet length + bytes; longstr = 4-octet BE length + bytes;
  hash = 4-octet BE count + (string key, longstr value).
  PATHSTR = longstr with --strings long (zeromq/filemq), string with
  --strings rfc (RFC 35 as written).  The server's --strings auto looks at
  each client's first ICANHAZ (byte 3 = 00 and byte 7 = "/": long; byte 4 =
  "/": rfc) and answers that client in the same encoding.

Stdout (one line per event, flushed): first "listening EP" (server) or
"connected EP" (client), then "event <kind> <args>", "error <text>" for
protocol errors, "gave up" when the client gives up.  Text fields are one
token each: UTF-8 with backslash, double quote, whitespace and non-printables
as \xNN; "" when empty.  CLIENT = the client's ROUTER routing id in hex.
Exit codes: 0 ok, 1 protocol error seen (or RTFM received), 2 gave up
(SRSLY, stalled, server lost, --duration before --expect-files).

Events
------
  server: ohai CLIENT VERSION | icanhaz CLIENT PATH OPTIONS CACHE-ENTRIES
          (OPTIONS = comma-separated KEY=VALUE) | nom CLIENT CREDIT SEQUENCE
          (--verbose) | chunk CLIENT SEQ PATH OFFSET SIZE EOF (--verbose) |
          file-sent CLIENT PATH SIZE | delete-sent CLIENT PATH |
          cached CLIENT PATH (skipped: the client has it) | hugz CLIENT |
          hugz-ok CLIENT | hugz-sent CLIENT (these three --verbose) |
          kthxbai CLIENT | kthxbai-sent CLIENT (--say-kthxbai) | srsly CLIENT REASON |
          rtfm CLIENT REASON | expired CLIENT | dropped CLIENT WHAT (peer gone) |
          ignored CLIENT CMD (after SRSLY) | published PATH SIZE (scan found a
          new or changed file) | unpublished PATH | stop REASON
  client: ohai-ok | icanhaz-ok PATH | nom CREDIT SEQUENCE (--verbose) |
          chunk PATH SEQ OFFSET SIZE EOF (--verbose) |
          file PATH SIZE SHA256 (a file is complete) | delete PATH |
          restart PATH OFFSET (a file starts again at offset 0 after OFFSET
          octets had arrived) | reconnect CHUNKS | srsly REASON | rtfm REASON |
          kthxbai | hugz | hugz-ok | hugz-sent (these three --verbose) |
          stalled OUTSTANDING-CREDIT |
          server-lost MS | done N | stop REASON
  stop REASON: done, duration, signal, stdin, error, srsly, rtfm, stalled,
  server-lost, kthxbai.

Behaviour and interpretation choices
------------------------------------
  * Virtual paths: without --mount, the files under --publish DIR appear
    under whatever path each ICANHAZ asked for (DIR/a/b.txt is
    /PATH/a/b.txt), so a client asking /photos gets /photos/...; with
    --mount /VPATH they are /VPATH/a/b.txt and a subscription matches the
    files whose virtual path starts with its path (RFC 35 prefix match; "/" =
    everything).  Paths must start with "/" (else RTFM).  --refuse PREFIX
    answers a matching ICANHAZ with SRSLY, after which the server ignores that
    client (RFC 35).
  * RESYNC (RFC 35 "SHOULD"): on ICANHAZ with options RESYNC=1 the server
    queues every current matching file except those in "cache" (name = hex
    SHA-1, case-insensitive; a name starting with "/" must start with the
    path, others are relative to it).  Without RESYNC only files that appear
    or change later (the DIR is rescanned every --scan-ms) are sent, and
    deleted files become operation 2 (delete).  --always-resync sends the
    current files on every ICANHAZ, RESYNC or not.  The client sends
    RESYNC=1 (unless --no-resync) with a cache of the complete files it
    already has under --into (unless --no-cache).
  * Credit counts file-content octets only.  The server sends a chunk only
    when the whole chunk (min(--chunk-size, rest of file)) fits in the credit,
    as zeromq/filemq does: a credit smaller than a chunk stalls the transfer.
    --split-chunks makes it send min(chunk, credit) octets instead.  The
    empty end-of-file chunk needs no credit.  The server never answers NOM.
  * CHEEZBURGER: sequence is a per-client chunk counter from 0 (zeromq/filemq;
    the RFC's comment calls it "file offset"); offset = position of the chunk
    in the file; with --eof-mode empty (default, zeromq/filemq) the last data
    chunk has eof 0 and a zero-length chunk with eof 1 and offset = size
    follows; with --eof-mode last the last data chunk carries eof 1 (an empty
    file is always one empty chunk with eof 1).  Delete: operation 2, offset 0,
    eof 0, empty chunk.  headers is always empty.  A file is sent as
    consecutive chunks; files one after another.
  * Client credit: --credit N is granted in one NOM after the last
    ICANHAZ-OK, and after every data chunk the client grants its size again
    (so N stays outstanding) unless --no-refill.  NOM's sequence = the
    sequence of the last CHEEZBURGER received (0 before any), as zeromq/filemq.
    A chunk beyond the credit granted is an error.
  * Client checks: sequence +1 each time, operation 1 or 2, paths start with
    "/" and have no "." / ".." parts, offset = octets received so far for that
    file (offset 0 on a partial file restarts it: "event restart"), a file is
    complete only on eof.  Files are written to DIR/<virtual path>.
  * Resuming after a reconnect: RFC 35 has no way to ask for a file from an
    offset; what it offers ("cancel and restart file transfers arbitrarily")
    is RESYNC with a cache of the files already complete.  With
    --reconnect-after-chunks K the client drops its connection (no KTHXBAI,
    LINGER 0) after K data chunks, opens a new DEALER and does OHAI /
    ICANHAZ RESYNC=1 with its cache again; the server treats it as a new
    client, skips the complete files and restarts the partial one at offset 0.
  * OHAI: version 2 only (another version: RTFM "unsupported version";
    protocol other than FILEMQ: RTFM).  A second OHAI from a ready client
    resets it (zeromq/filemq accepts it at any time).  Anything else before
    OHAI-OK, or a server-only command, is answered RTFM and printed as an
    error; messages without the AA A3 signature are dropped silently (RFC).
  * Heartbeats: each side sends HUGZ when it has heard nothing from the other
    for --heartbeat-ms (and answers HUGZ with HUGZ-OK); the server forgets a
    client silent for --expiry-ms, the client gives up on a server silent for
    --expiry-ms.  --stall-ms N (client): give up if files are still expected
    and no chunk arrived for N ms although the server is alive (tiny credit).
  * RTFM: RFC 35 says both "close and start a new connection" (Connection
    State) and "close and not reconnect" (RTFM command); the client closes and
    stops with exit 1.  SRSLY: the client closes and stops (exit 2).
  * Stop: the client sends KTHXBAI when it stops cleanly (done, duration,
    signal, stdin).  The server sends KTHXBAI to its ready clients on a clean
    stop only with --say-kthxbai; the client stops on it.
  * Graceful exits that must deliver a last message (client KTHXBAI, server
    --say-kthxbai) close with LINGER 1000 ms; every other close uses LINGER 0.
"""

import argparse
import collections
import hashlib
import os
import struct
import sys
import time

import zmq

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import rolekit  # noqa: E402  (this folder: output, stop, options, main)
from rolekit import Stop, drain, fmt_text, hexid, nonneg_int, positive_int  # noqa: E402

SIGNATURE = b"\xAA\xA3"
OHAI, OHAI_OK, ICANHAZ, ICANHAZ_OK, NOM, CHEEZBURGER = 1, 4, 5, 6, 7, 8
HUGZ, HUGZ_OK, KTHXBAI, SRSLY, RTFM = 9, 10, 11, 0x80, 0x81
NAMES = {OHAI: "OHAI", 2: "ORLY", 3: "YARLY", OHAI_OK: "OHAI-OK", ICANHAZ: "ICANHAZ",
         ICANHAZ_OK: "ICANHAZ-OK", NOM: "NOM", CHEEZBURGER: "CHEEZBURGER",
         HUGZ: "HUGZ", HUGZ_OK: "HUGZ-OK", KTHXBAI: "KTHXBAI", SRSLY: "SRSLY",
         RTFM: "RTFM"}
OP_CREATE, OP_DELETE = 1, 2


# ---------------------------------------------------------------------------
# codec
# ---------------------------------------------------------------------------

class Malformed(Exception):
    pass


def enc(s):
    return s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s


def dec(b):
    return b.decode("utf-8", "surrogateescape")


def put_string(s):
    b = enc(s)
    if len(b) > 255:
        raise ValueError("string longer than 255 octets: %r" % s)
    return bytes([len(b)]) + b


def put_longstr(s):
    b = enc(s)
    return struct.pack(">I", len(b)) + b


def put_path(s, variant):
    return put_longstr(s) if variant == "long" else put_string(s)


def put_hash(pairs):
    return struct.pack(">I", len(pairs)) + b"".join(
        put_string(k) + put_longstr(v) for k, v in pairs)


class Reader:
    def __init__(self, data, pos=3):
        self.data = data
        self.pos = pos

    def take(self, n):
        if self.pos + n > len(self.data):
            raise Malformed("read past the end of the frame (need %d octets at %d of %d)"
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
        return dec(self.take(self.u8()))

    def longstr(self):
        return dec(self.take(self.u32()))

    def path(self, variant):
        return self.longstr() if variant == "long" else self.string()

    def hash(self):
        n = self.u32()
        out = []
        for _ in range(n):
            k = self.string()
            out.append((k, self.longstr()))
        return out

    def chunk(self):
        return self.take(self.u32())

    def end(self):
        if self.pos != len(self.data):
            raise Malformed("%d unexpected octets after the last field"
                            % (len(self.data) - self.pos))


def msg(msg_id, body=b""):
    return SIGNATURE + bytes([msg_id]) + body


def sniff_variant(frame):
    """Which path encoding an ICANHAZ uses (protocols.md section 15)."""
    if len(frame) >= 8 and frame[3] == 0 and frame[7] == 0x2F:
        return "long"
    if len(frame) >= 5 and frame[4] == 0x2F:
        return "rfc"
    return None


def fmt_pairs(pairs):
    return fmt_text(",".join("%s=%s" % (k, v) for k, v in pairs))


def sha1_file(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def join_vpath(base, rel):
    return base.rstrip("/") + "/" + rel


# ---------------------------------------------------------------------------
# server
# ---------------------------------------------------------------------------

class ClientRec:
    def __init__(self, cid, now, variant):
        self.cid = cid
        self.state = "start"          # start -> ready; refused after SRSLY
        self.variant = variant        # None until sniffed (auto)
        self.subs = []
        self.credit = 0
        self.queue = collections.deque()   # ("create", vpath, rel) / ("delete", vpath)
        self.current = None           # [vpath, rel, file object, offset, size]
        self.sequence = 0
        self.last_recv = now
        self.next_hugz = now

    def reset(self):
        if self.current is not None:
            self.current[2].close()
        self.subs = []
        self.credit = 0
        self.queue.clear()
        self.current = None
        self.sequence = 0


class Server:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        self.root = os.path.abspath(args.publish)
        if not os.path.isdir(self.root):
            raise SystemExit("--publish %s is not a directory" % args.publish)
        if args.mount is not None and not args.mount.startswith("/"):
            raise SystemExit("--mount must start with /")
        self.hb = args.heartbeat_ms / 1000.0
        self.expiry = args.expiry_ms / 1000.0
        self.clients = {}
        self.files = self.scan()      # rel -> (size, mtime_ns)
        self.sha1 = {}                # rel -> ((size, mtime_ns), hex)
        self.next_scan = time.monotonic() + args.scan_ms / 1000.0
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.ROUTER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
        self.sock.bind(args.bind)
        rt.out("listening " + args.bind)

    # -- the published tree --------------------------------------------------
    def scan(self):
        out = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            for fn in sorted(filenames):
                full = os.path.join(dirpath, fn)
                try:
                    st = os.stat(full)
                except OSError:
                    continue
                rel = os.path.relpath(full, self.root).replace(os.sep, "/")
                out[rel] = (st.st_size, st.st_mtime_ns)
        return out

    def digest(self, rel):
        stamp = self.files.get(rel)
        known = self.sha1.get(rel)
        if known and known[0] == stamp:
            return known[1]
        try:
            h = sha1_file(os.path.join(self.root, rel))
        except OSError:
            return None
        self.sha1[rel] = (stamp, h)
        return h

    def vpaths_for(self, sub, rel):
        """The virtual path of rel for subscription sub, or None."""
        if self.args.mount is None:
            return join_vpath(sub, rel)
        v = join_vpath(self.args.mount, rel)
        return v if v.startswith(sub) else None

    def rescan(self):
        new = self.scan()
        changed = [rel for rel, st in new.items() if self.files.get(rel) != st]
        gone = [rel for rel in self.files if rel not in new]
        self.files = new
        for rel in changed:
            self.rt.event("published", fmt_text(rel), new[rel][0])
        for rel in gone:
            self.rt.event("unpublished", fmt_text(rel))
            self.sha1.pop(rel, None)
        for c in self.clients.values():
            if c.state != "ready":
                continue
            for sub in c.subs:
                for rel in changed:
                    v = self.vpaths_for(sub, rel)
                    if v is not None and ("create", v, rel) not in c.queue:
                        c.queue.append(("create", v, rel))
                for rel in gone:
                    v = self.vpaths_for(sub, rel)
                    if v is not None:
                        c.queue.append(("delete", v, rel))

    # -- sending ---------------------------------------------------------------
    def send(self, c, msg_id, body=b"", what=None):
        try:
            self.sock.send_multipart([c.cid, msg(msg_id, body)], flags=zmq.NOBLOCK)
            return True
        except zmq.ZMQError as e:
            self.rt.diag("send %s to %s failed: %s" % (NAMES[msg_id], hexid(c.cid), e))
            self.rt.event("dropped", hexid(c.cid), what or NAMES[msg_id])
            self.forget(c)
            return False

    def forget(self, c):
        c.reset()
        self.clients.pop(c.cid, None)

    def rtfm(self, c, reason):
        self.rt.error("client %s: %s (RTFM sent)" % (hexid(c.cid), reason))
        self.rt.event("rtfm", hexid(c.cid), fmt_text(reason))
        self.send(c, RTFM, put_string(reason[:255]))

    def cheezburger(self, c, op, vpath, offset, eof, data):
        body = (struct.pack(">QB", c.sequence, op) + put_path(vpath, c.variant or "long")
                + struct.pack(">QB", offset, eof) + put_hash([])
                + struct.pack(">I", len(data)) + data)
        seq = c.sequence
        c.sequence += 1
        if self.send(c, CHEEZBURGER, body, "cheezburger"):
            self.rt.hb_event("chunk", hexid(c.cid), seq, fmt_text(vpath), offset, len(data), eof)
            return True
        return False

    def pump(self, c):
        """Send whatever the client's credit allows."""
        a = self.args
        while c.state == "ready" and self.clients.get(c.cid) is c:
            if c.current is None:
                if not c.queue:
                    return
                item = c.queue.popleft()
                if item[0] == "delete":
                    if self.cheezburger(c, OP_DELETE, item[1], 0, 0, b""):
                        self.rt.event("delete-sent", hexid(c.cid), fmt_text(item[1]))
                    continue
                _, vpath, rel = item
                try:
                    f = open(os.path.join(self.root, rel), "rb")
                    size = os.fstat(f.fileno()).st_size
                except OSError:
                    continue                          # gone meanwhile: skip it
                c.current = [vpath, rel, f, 0, size]
            vpath, rel, f, offset, size = c.current
            n = min(a.chunk_size, size - offset)
            if a.split_chunks and n > c.credit:
                n = c.credit
                if n == 0:
                    return
            elif n > c.credit:
                return                                # no credit for this chunk
            if n > 0:
                f.seek(offset)
                data = f.read(n)
                last = offset + len(data) >= size
                eof = 1 if (last and a.eof_mode == "last") else 0
                c.credit -= len(data)
                c.current[3] = offset + len(data)
                if not self.cheezburger(c, OP_CREATE, vpath, offset, eof, data):
                    return
                if not eof:
                    continue
            else:
                if not self.cheezburger(c, OP_CREATE, vpath, offset, 1, b""):
                    return
            f.close()
            c.current = None
            self.rt.event("file-sent", hexid(c.cid), fmt_text(vpath), size)

    # -- receiving ---------------------------------------------------------------
    def handle(self, frames):
        cid = frames[0]
        now = time.monotonic()
        if len(frames) < 2 or frames[1][:2] != SIGNATURE or len(frames[1]) < 3:
            self.rt.event("dropped", hexid(cid), "bad-signature")
            return
        data = frames[1]
        c = self.clients.get(cid)
        if c is None:
            c = ClientRec(cid, now, None if self.args.strings == "auto" else self.args.strings)
            self.clients[cid] = c
        c.last_recv = now
        c.next_hugz = now + self.hb
        msg_id = data[2]
        cmd = NAMES.get(msg_id, "id-%d" % msg_id)
        if c.state == "refused":
            self.rt.event("ignored", hexid(cid), cmd)
            return
        if len(frames) > 2:
            self.rt.diag("%s from %s: %d extra frame(s) ignored" % (cmd, hexid(cid), len(frames) - 2))
        try:
            if msg_id == OHAI:
                r = Reader(data)
                protocol, version = r.string(), r.u16()
                r.end()
                self.rt.event("ohai", hexid(cid), version)
                if protocol != "FILEMQ":
                    self.rtfm(c, "protocol %r is not FILEMQ" % protocol)
                elif version != 2:
                    # RFC: unsupported version -> RTFM (not an error of ours to count
                    # as malformed, but still a refusal); the client may retry lower
                    self.rt.event("rtfm", hexid(cid), fmt_text("unsupported version"))
                    self.send(c, RTFM, put_string("unsupported version %d" % version))
                else:
                    c.reset()
                    c.state = "ready"
                    self.send(c, OHAI_OK)
                return
            if c.state != "ready":
                self.rtfm(c, "%s before OHAI" % cmd)
                return
            if msg_id == ICANHAZ:
                if c.variant is None:
                    c.variant = sniff_variant(data) or "long"
                r = Reader(data)
                path = r.path(c.variant)
                options = r.hash()
                cache = r.hash()
                r.end()
                self.on_icanhaz(c, path, options, cache)
            elif msg_id == NOM:
                r = Reader(data)
                credit, seq = r.u64(), r.u64()
                r.end()
                c.credit += credit
                self.rt.hb_event("nom", hexid(cid), credit, seq)
            elif msg_id == HUGZ:
                Reader(data).end()
                self.rt.hb_event("hugz", hexid(cid))
                self.send(c, HUGZ_OK)
            elif msg_id == HUGZ_OK:
                Reader(data).end()
                self.rt.hb_event("hugz-ok", hexid(cid))
            elif msg_id == KTHXBAI:
                Reader(data).end()
                self.rt.event("kthxbai", hexid(cid))
                self.forget(c)
            elif msg_id in NAMES:
                self.rtfm(c, "%s is not a client command" % cmd)
            else:
                self.rtfm(c, "unknown command id %d" % msg_id)
        except Malformed as e:
            self.rtfm(c, "malformed %s: %s" % (cmd, e))

    def on_icanhaz(self, c, path, options, cache):
        cid = hexid(c.cid)
        self.rt.event("icanhaz", cid, fmt_text(path), fmt_pairs(options), len(cache))
        if not path.startswith("/"):
            self.rtfm(c, "path %r does not start with /" % path)
            return
        for prefix in self.args.refuse:
            if path.startswith(prefix):
                self.rt.event("srsly", cid, fmt_text("refused " + path))
                self.send(c, SRSLY, put_string(("subscription to %s refused" % path)[:255]))
                c.state = "refused"
                c.queue.clear()
                return
        if not self.send(c, ICANHAZ_OK):
            return
        if path not in c.subs:
            c.subs.append(path)
        resync = dict(options).get("RESYNC") == "1"
        if not (resync or self.args.always_resync):
            return
        have = {}
        for name, digest in cache:
            if name.startswith("/"):
                if not name.startswith(path):
                    continue                          # RFC: MUST ignore it
                v = name
            else:
                v = join_vpath(path, name)
            have[v] = digest.lower()
        for rel in sorted(self.files):
            v = self.vpaths_for(path, rel)
            if v is None:
                continue
            if v in have and have[v] == self.digest(rel):
                self.rt.event("cached", cid, fmt_text(v))
                continue
            if ("create", v, rel) not in c.queue and not (
                    c.current is not None and c.current[0] == v):
                c.queue.append(("create", v, rel))

    # -- main loop -------------------------------------------------------------------
    def timers(self, now):
        if now >= self.next_scan:
            self.rescan()
            self.next_scan = now + self.args.scan_ms / 1000.0
        for c in list(self.clients.values()):
            if now - c.last_recv >= self.expiry:
                self.rt.event("expired", hexid(c.cid))
                self.forget(c)
            elif c.state == "ready" and now >= c.next_hugz:
                self.rt.hb_event("hugz-sent", hexid(c.cid))
                self.send(c, HUGZ)
                c.next_hugz = now + self.hb

    def run(self):
        linger = 0
        try:
            while not self.rt.stopping():
                if self.sock.poll(50, zmq.POLLIN):
                    drain(self.sock, self.handle)
                self.timers(time.monotonic())
                for c in list(self.clients.values()):
                    self.pump(c)
        finally:
            reason = self.rt.stop_reason or "exception"
            if self.args.say_kthxbai and reason != "exception":
                for c in list(self.clients.values()):
                    if c.state == "ready":
                        self.send(c, KTHXBAI)
                        self.rt.event("kthxbai-sent", hexid(c.cid))
                        linger = 1000
            self.rt.event("stop", reason)
            for c in list(self.clients.values()):
                c.reset()
            self.sock.close(linger)
            self.ctx.term()
        return self.rt.exit_code()


# ---------------------------------------------------------------------------
# client
# ---------------------------------------------------------------------------

class Client:
    def __init__(self, rt, args):
        self.rt = rt
        self.args = args
        for p in args.path:
            if not p.startswith("/"):
                raise SystemExit("--path must start with /")
        self.into = os.path.abspath(args.into)
        os.makedirs(self.into, exist_ok=True)
        self.variant = args.strings
        self.hb = args.heartbeat_ms / 1000.0
        self.expiry = args.expiry_ms / 1000.0
        self.files_done = 0
        self.chunks = 0               # data chunks received, all sessions
        self.reconnected = False
        self.partial = {}             # vpath -> octets received so far
        self.complete = set()         # vpaths complete (for the cache)
        self.ctx = zmq.Context()
        self.sock = None
        self.open(first=True)

    def open(self, first=False):
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(self.args.connect)
        if first:
            self.rt.out("connected " + self.args.connect)
        now = time.monotonic()
        self.state = "ohai"           # ohai -> icanhaz -> ready
        self.pending_paths = list(self.args.path)
        self.expect_seq = None
        self.last_seq = 0
        self.outstanding = 0
        self.last_recv = now
        self.last_chunk = now
        self.next_hugz = now + self.hb
        self.send(OHAI, put_string("FILEMQ") + struct.pack(">H", self.args.version))

    def close(self, linger=0):
        if self.sock is not None:
            self.sock.close(linger)
            self.sock = None

    def send(self, msg_id, body=b""):
        self.sock.send_multipart([msg(msg_id, body)])

    def local(self, vpath):
        return os.path.join(self.into, *vpath.lstrip("/").split("/"))

    def cache_for(self, path):
        """name -> hex SHA-1 of the complete files we hold under path."""
        if self.args.no_cache:
            return []
        out = []
        for dirpath, dirnames, filenames in os.walk(self.into):
            dirnames.sort()
            for fn in sorted(filenames):
                full = os.path.join(dirpath, fn)
                v = "/" + os.path.relpath(full, self.into).replace(os.sep, "/")
                if v in self.partial:
                    continue
                if not v.startswith(path):
                    continue
                base = path.rstrip("/") + "/"
                name = v[len(base):] if v.startswith(base) else v
                try:
                    out.append((name, sha1_file(full)))
                except OSError:
                    pass
        return out

    def send_icanhaz(self):
        path = self.pending_paths[0]
        options = [] if self.args.no_resync else [("RESYNC", "1")]
        self.send(ICANHAZ, put_path(path, self.variant) + put_hash(options)
                  + put_hash(self.cache_for(path)))

    def nom(self, credit):
        self.send(NOM, struct.pack(">QQ", credit, self.last_seq))
        self.outstanding += credit
        self.rt.hb_event("nom", credit, self.last_seq)

    def handle(self, data):
        if data[:2] != SIGNATURE or len(data) < 3:
            self.rt.diag("message without the AA A3 signature dropped")
            return
        self.last_recv = time.monotonic()
        self.next_hugz = self.last_recv + self.hb
        msg_id = data[2]
        cmd = NAMES.get(msg_id, "id-%d" % msg_id)
        r = Reader(data)
        try:
            if msg_id in (SRSLY, RTFM):
                reason = r.string()
                r.end()
                if msg_id == SRSLY:
                    self.rt.event("srsly", fmt_text(reason))
                    raise Stop("srsly", 2)
                self.rt.event("rtfm", fmt_text(reason))
                self.rt.error("server sent RTFM: %s" % reason)
                raise Stop("rtfm", 1)
            if msg_id == HUGZ:
                r.end()
                self.rt.hb_event("hugz")
                self.send(HUGZ_OK)
                return
            if msg_id == HUGZ_OK:
                r.end()
                self.rt.hb_event("hugz-ok")
                return
            if msg_id == KTHXBAI:
                r.end()
                self.rt.event("kthxbai")
                raise Stop("kthxbai", 0)
            if msg_id == OHAI_OK and self.state == "ohai":
                r.end()
                self.rt.event("ohai-ok")
                self.state = "icanhaz"
                self.send_icanhaz()
                return
            if msg_id == ICANHAZ_OK and self.state == "icanhaz":
                r.end()
                self.rt.event("icanhaz-ok", fmt_text(self.pending_paths.pop(0)))
                if self.pending_paths:
                    self.send_icanhaz()
                else:
                    self.state = "ready"
                    self.last_chunk = time.monotonic()
                    self.nom(self.args.credit)
                return
            if msg_id == CHEEZBURGER and self.state == "ready":
                self.on_cheezburger(r)
                return
            self.rt.error("unexpected %s (state %s)" % (cmd, self.state))
        except Malformed as e:
            self.rt.error("malformed %s: %s" % (cmd, e))

    def on_cheezburger(self, r):
        seq, op = r.u64(), r.u8()
        vpath = r.path(self.variant)
        offset, eof = r.u64(), r.u8()
        headers = r.hash()
        data = r.chunk()
        r.end()
        self.last_chunk = time.monotonic()
        if self.expect_seq is not None and seq != self.expect_seq:
            self.rt.error("CHEEZBURGER sequence %d, expected %d" % (seq, self.expect_seq))
        elif self.expect_seq is None and seq != 0:
            self.rt.diag("first CHEEZBURGER sequence is %d, not 0" % seq)
        self.expect_seq = seq + 1
        self.last_seq = seq
        self.rt.hb_event("chunk", fmt_text(vpath), seq, offset, len(data), eof)
        if headers:
            self.rt.diag("CHEEZBURGER headers %r (reserved) ignored" % headers)
        parts = vpath.split("/")
        if not vpath.startswith("/") or any(p in (".", "..") for p in parts[1:]) \
                or vpath.endswith("/"):
            self.rt.error("CHEEZBURGER filename %r is not a clean absolute path" % vpath)
            return
        if eof > 1:
            self.rt.error("CHEEZBURGER eof %d is not 0 or 1" % eof)
        if len(data) > self.outstanding:
            self.rt.error("chunk of %d octets exceeds the %d octets of credit left"
                          % (len(data), self.outstanding))
        self.outstanding = max(0, self.outstanding - len(data))
        local = self.local(vpath)
        if op == OP_DELETE:
            if data or offset or eof:
                self.rt.diag("delete with offset %d eof %d and %d octets" % (offset, eof, len(data)))
            try:
                os.unlink(local)
            except OSError:
                pass
            self.partial.pop(vpath, None)
            self.complete.discard(vpath)
            self.rt.event("delete", fmt_text(vpath))
            return
        if op != OP_CREATE:
            self.rt.error("CHEEZBURGER operation %d is not 1 or 2" % op)
            return
        have = self.partial.get(vpath)
        if offset == 0:
            if have:
                self.rt.event("restart", fmt_text(vpath), have)
            have = 0
            os.makedirs(os.path.dirname(local), exist_ok=True)
            open(local, "wb").close()
            self.complete.discard(vpath)
        elif have is None:
            self.rt.error("chunk of %s at offset %d, but no chunk at offset 0 came"
                          % (vpath, offset))
            have = 0
            os.makedirs(os.path.dirname(local), exist_ok=True)
            open(local, "ab").close()
        elif offset != have:
            self.rt.error("chunk of %s at offset %d, expected %d" % (vpath, offset, have))
        with open(local, "r+b") as f:
            f.seek(offset)
            f.write(data)
        self.partial[vpath] = max(have, offset + len(data))
        if data:
            self.chunks += 1
            if not self.args.no_refill:
                self.nom(len(data))
        if eof:
            size = self.partial.pop(vpath)
            st = os.stat(local).st_size
            if st != size:
                self.rt.error("%s: %d octets on disk, %d received" % (vpath, st, size))
            self.complete.add(vpath)
            self.files_done += 1
            self.rt.event("file", fmt_text(vpath), st, sha256_file(local))

    def run(self):
        code = 0
        linger = 0
        a = self.args
        try:
            while not self.rt.stopping():
                if self.sock.poll(50, zmq.POLLIN):
                    for _ in range(1000):
                        try:
                            frames = self.sock.recv_multipart(zmq.NOBLOCK)
                        except zmq.Again:
                            break
                        if len(frames) != 1:
                            self.rt.error("message of %d frames (FILEMQ v2 uses one)"
                                          % len(frames))
                        self.handle(frames[0])
                        if a.expect_files and self.files_done >= a.expect_files:
                            self.rt.event("done", self.files_done)
                            self.rt.stop_reason = "done"
                            break
                        if a.reconnect_after_chunks and not self.reconnected \
                                and self.chunks >= a.reconnect_after_chunks:
                            self.reconnected = True
                            self.rt.event("reconnect", self.chunks)
                            self.close()
                            self.open()
                            break
                    if self.rt.stop_reason:
                        break
                now = time.monotonic()
                if now - self.last_recv >= self.expiry:
                    self.rt.event("server-lost", int((now - self.last_recv) * 1000))
                    raise Stop("server-lost", 2)
                if now >= self.next_hugz:
                    self.send(HUGZ)
                    self.rt.hb_event("hugz-sent")
                    self.next_hugz = now + self.hb
                if a.stall_ms and self.state == "ready" and \
                        (not a.expect_files or self.files_done < a.expect_files) and \
                        now - self.last_chunk >= a.stall_ms / 1000.0:
                    self.rt.event("stalled", self.outstanding)
                    raise Stop("stalled", 2)
            if self.rt.stop_reason in ("done", "duration", "signal", "stdin"):
                self.send(KTHXBAI)
                linger = 1000
            if self.rt.stop_reason == "duration" and a.expect_files \
                    and self.files_done < a.expect_files:
                code = 2
        except Stop as s:
            self.rt.stop_reason = s.reason
            code = s.code
            if s.reason == "kthxbai" and a.expect_files and self.files_done < a.expect_files:
                code = 2
        finally:
            if code == 2:
                self.rt.out("gave up")
            self.rt.event("stop", self.rt.stop_reason or "exception")
            self.close(linger)
            self.ctx.term()
        if self.rt.errors:
            return 1
        return code


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def build_parser():
    p = argparse.ArgumentParser(description="FILEMQ v2 (RFC 35) test peers.")
    sub = p.add_subparsers(dest="role", required=True)

    def common(sp):
        rolekit.add_common_options(sp, "also print chunk, NOM and HUGZ events")

    s = sub.add_parser("server", help="ROUTER server publishing a directory")
    s.add_argument("--bind", required=True)
    s.add_argument("--publish", required=True, metavar="DIR")
    s.add_argument("--mount", default=None, metavar="/VPATH",
                   help="publish DIR at this virtual path (default: under each"
                        " subscription's own path)")
    s.add_argument("--strings", choices=["long", "rfc", "auto"], default="long")
    s.add_argument("--chunk-size", type=positive_int, default=1000000)
    s.add_argument("--split-chunks", action="store_true",
                   help="send min(chunk, credit) instead of waiting for a whole chunk")
    s.add_argument("--eof-mode", choices=["empty", "last"], default="empty")
    s.add_argument("--always-resync", action="store_true",
                   help="send current files on every ICANHAZ, RESYNC or not")
    s.add_argument("--scan-ms", type=positive_int, default=500)
    s.add_argument("--refuse", action="append", default=[], metavar="/PREFIX",
                   help="answer ICANHAZ for paths starting with this with SRSLY")
    s.add_argument("--heartbeat-ms", type=positive_int, default=1000)
    s.add_argument("--expiry-ms", type=positive_int, default=10000)
    s.add_argument("--say-kthxbai", action="store_true",
                   help="send KTHXBAI to ready clients on a clean stop")
    common(s)

    c = sub.add_parser("client", help="DEALER client mirroring paths into a directory")
    c.add_argument("--connect", required=True)
    c.add_argument("--path", required=True, action="append", metavar="/PATH")
    c.add_argument("--into", required=True, metavar="DIR")
    c.add_argument("--credit", type=nonneg_int, default=5000000)
    c.add_argument("--no-refill", action="store_true",
                   help="grant --credit once and never again")
    c.add_argument("--strings", choices=["long", "rfc"], default="long")
    c.add_argument("--expect-files", type=nonneg_int, default=0)
    c.add_argument("--no-resync", action="store_true", help="ICANHAZ without RESYNC=1")
    c.add_argument("--no-cache", action="store_true", help="ICANHAZ with an empty cache")
    c.add_argument("--version", type=nonneg_int, default=2, help="OHAI version")
    c.add_argument("--heartbeat-ms", type=positive_int, default=1000)
    c.add_argument("--expiry-ms", type=positive_int, default=10000)
    c.add_argument("--stall-ms", type=nonneg_int, default=0,
                   help="give up when no chunk came for this long (0 = never)")
    c.add_argument("--reconnect-after-chunks", type=nonneg_int, default=0,
                   help="drop the connection once after K data chunks and resync")
    common(c)
    return p


def main():
    rolekit.run_main(build_parser(), {"server": Server, "client": Client})


if __name__ == "__main__":
    main()
