#!/usr/bin/python3
"""Plain byte-forwarding TCP relay for the protocol peer scripts in this folder.

    /usr/bin/python3 tcprelay.py --listen PORT --forward PORT [--host 127.0.0.1]

Accepts TCP connections on HOST:LISTEN and, for each one, opens a connection to
HOST:FORWARD and copies bytes both ways unchanged (no ZeroMQ awareness at all).
A half-close (EOF) on one side is passed on as a half-close (shutdown SHUT_WR)
to the other side; an error on either side tears down both.  If the forward
connection cannot be made, the accepted connection is closed at once (a ZeroMQ
peer will then simply reconnect).  Prints one line "tcprelay: listening ..." on
stdout once it is listening, then runs until killed (SIGTERM/SIGINT).
"""

import argparse
import signal
import socket
import sys
import threading


def _shutdown(sock, how):
    try:
        sock.shutdown(how)
    except OSError:
        pass


def _pump(src, dst, failed):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        failed.set()
    if failed.is_set():
        # hard teardown of both sockets
        _shutdown(src, socket.SHUT_RDWR)
        _shutdown(dst, socket.SHUT_RDWR)
    else:
        _shutdown(dst, socket.SHUT_WR)


def _handle(client, host, forward):
    try:
        upstream = socket.create_connection((host, forward), timeout=5.0)
        upstream.settimeout(None)
    except OSError:
        client.close()
        return
    for s in (client, upstream):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    failed = threading.Event()
    a = threading.Thread(target=_pump, args=(client, upstream, failed), daemon=True)
    b = threading.Thread(target=_pump, args=(upstream, client, failed), daemon=True)
    a.start()
    b.start()
    a.join()
    b.join()
    client.close()
    upstream.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--listen', type=int, required=True, help='port to accept on')
    ap.add_argument('--forward', type=int, required=True, help='port to forward to')
    ap.add_argument('--host', default='127.0.0.1', help='address for both sides')
    args = ap.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((args.host, args.listen))
    srv.listen(128)
    print('tcprelay: listening on %s:%d -> %s:%d'
          % (args.host, args.listen, args.host, args.forward), flush=True)
    try:
        while True:
            client, _ = srv.accept()
            threading.Thread(target=_handle, args=(client, args.host, args.forward),
                             daemon=True).start()
    except KeyboardInterrupt:
        pass
    finally:
        srv.close()


if __name__ == '__main__':
    main()
