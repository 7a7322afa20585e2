# A libzmq 4.3.4 client under test (Debian's python3-zmq): connects to the
# suite again and again, a new socket each time (libzmq gives an endpoint up
# after a protocol error), sends a request, and closes once the connection
# ends (the socket monitor says so) or after 8 s, so that a close the suite
# sees within a case is libzmq's own reaction.
#   client.py ENDPOINT TYPE MECHANISM [SERVER_KEY]
# MECHANISM: NULL, PLAIN (admin/secret) or CURVE (the suite's server key).
import sys
import time

import zmq
from zmq.utils.monitor import recv_monitor_message

endpoint, kind, mechanism = sys.argv[1], sys.argv[2], sys.argv[3]
ctx = zmq.Context()
ended = (zmq.EVENT_DISCONNECTED | zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL | zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL
         | zmq.EVENT_HANDSHAKE_FAILED_AUTH | zmq.EVENT_CLOSED)
while True:
    sock = ctx.socket(getattr(zmq, kind))
    sock.linger = 0
    if mechanism == "PLAIN":
        sock.plain_username = b"admin"
        sock.plain_password = b"secret"
    elif mechanism == "CURVE":
        public, secret = zmq.curve_keypair()
        sock.curve_publickey = public
        sock.curve_secretkey = secret
        sock.curve_serverkey = sys.argv[4].encode()
    if kind == "SUB":
        sock.setsockopt(zmq.SUBSCRIBE, b"")
    monitor = sock.get_monitor_socket(ended)
    sock.connect(endpoint)
    if kind in ("REQ", "PUSH", "PAIR"):
        sock.send(b"hello")
    elif kind == "DEALER":
        sock.send_multipart([b"", b"hello"])
    poller = zmq.Poller()
    poller.register(monitor, zmq.POLLIN)
    poller.register(sock, zmq.POLLIN)
    deadline = time.monotonic() + 8
    done = False
    while not done and time.monotonic() < deadline:
        for s, _ in poller.poll(100):
            if s is monitor:
                recv_monitor_message(monitor)
                done = True
            else:
                sock.recv_multipart()
    sock.disable_monitor()
    monitor.close()
    sock.close()
