#!/usr/bin/python3
"""The scaffolding the test-peer scripts of this folder share: arguments
(--list, --scenario NAME --pair BIND,CONNECT), one thread per peer role,
timeouts, and "wait until the connection is up" (a socket monitor), so a
script holds only its protocol. Run with /usr/bin/python3 (Debian's
python3-zmq)."""

import argparse
import os
import sys
import threading
import time
from collections import OrderedDict
import zmq
from zmq.utils.monitor import recv_monitor_message

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


