# A libzmq 4.3.4 implementation under test (Debian's python3-zmq) for the
# conformance tests: binds a random loopback port and serves until killed.
#   target.py TYPE MECHANISM
# TYPE: REP, ROUTER, DEALER or PAIR (echo every message), PUB or XPUB
# (publish A-n and B-n every 20 ms), PUSH (pushes A-n), PULL (reads and
# drops), SUB or XSUB (subscribe to everything). MECHANISM: NULL, PLAIN (a ZAP
# handler accepting admin/secret), CURVE (prints its public key).
# Prints "ready PORT [KEY]" when it listens.
import sys
import time

import zmq
from zmq.auth.thread import ThreadAuthenticator

kind, mechanism = sys.argv[1], sys.argv[2]
ctx = zmq.Context()
sock = ctx.socket(getattr(zmq, kind))
key = ""
if mechanism == "PLAIN":
    auth = ThreadAuthenticator(ctx)
    auth.start()
    auth.configure_plain(domain="*", passwords={"admin": "secret"})
    sock.plain_server = True
elif mechanism == "CURVE":
    public, secret = zmq.curve_keypair()
    sock.curve_secretkey = secret
    sock.curve_publickey = public
    sock.curve_server = True
    key = public.decode()
if kind == "SUB":
    sock.setsockopt(zmq.SUBSCRIBE, b"")
port = sock.bind_to_random_port("tcp://127.0.0.1")
if kind == "XSUB":
    sock.send(b"\x01")   # (kept, and sent to every publisher that connects)
print("ready", port, key, flush=True)
n = 0
while True:
    if kind in ("PUB", "XPUB", "PUSH"):
        n += 1
        for topic in (b"A-%d" % n, b"B-%d" % n) if kind != "PUSH" else (b"A-%d" % n,):
            try:
                sock.send(topic, zmq.NOBLOCK)
            except zmq.Again:
                pass
        if kind == "XPUB":
            while sock.poll(0):
                sock.recv()
        time.sleep(0.02)
    elif kind in ("SUB", "XSUB", "PULL"):
        # (libzmq attaches a new connection, and sends it the subscription,
        # when the application calls into the socket: poll, not sleep)
        if sock.poll(100):
            sock.recv_multipart()
    else:
        sock.send_multipart(sock.recv_multipart())
