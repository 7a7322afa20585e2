r"""What the pyzmq test peers of this folder (*_roles.py) share: the contract
their output follows, how they stop, their common options and their main().

Each *_roles.py script keeps its protocol; this module holds only what every
script does the same way.  A script imports it after putting its own folder
on sys.path, so it runs from any working directory:

    sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
    import rolekit

Run with /usr/bin/python3 (Debian python3-zmq, pyzmq 24 / libzmq 4.3.4).

The contract (each script's docstring says it for its own roles)
---------------------------------------------------------------
  Stdout, one line per event, flushed at once: "listening EP" / "connected
  EP" first, then "event KIND ARGS", "error TEXT" for a protocol error, and
  "gave up" when a role gives up.  A frame prints as one token: UTF-8 text,
  with backslash, double quote, whitespace and non-printables as \xNN; an
  empty frame prints as "".  Diagnostics go to stderr.
  Stopping: --duration S, SIGTERM/SIGINT, EOF on stdin with --stdin-stop, the
  first "error" line with --exit-on-error; Runtime.stop_reason says which
  (duration, signal, stdin, error; the roles add their own reasons).
  Exit codes: 0 ok, 1 when an "error" line was printed (or zmq failed),
  2 when a role gave up (each role decides that itself).
"""

import argparse
import os
import signal
import sys
import threading
import time

import zmq


# ---------------------------------------------------------------------------
# output formatting
# ---------------------------------------------------------------------------

def fmt_frame(data):
    """One frame as a single token: UTF-8 text, \\xNN for anything else."""
    if not data:
        return '""'
    out = []
    for ch in bytes(data).decode("utf-8", errors="surrogateescape"):
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:           # undecodable byte
            out.append("\\x%02x" % (o - 0xDC00))
        elif ch in '\\"' or ch.isspace() or not ch.isprintable():
            out.extend("\\x%02x" % b for b in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def fmt_frames(frames):
    return " ".join(fmt_frame(f) for f in frames)


def fmt_text(s):
    """A str (or bytes) as one token, like a frame."""
    return fmt_frame(s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s)


def hexid(b):
    """A routing id as hex ("" if empty)."""
    return b.hex() if b else '""'


def transform(mode, frames):
    """Reply body for --reply echo|upper."""
    if mode == "upper":
        return [f.decode("utf-8", "surrogateescape").upper()
                .encode("utf-8", "surrogateescape") for f in frames]
    return list(frames)


# ---------------------------------------------------------------------------
# runtime: output, stop conditions, error accounting
# ---------------------------------------------------------------------------

class Runtime:
    def __init__(self, args):
        self.args = args
        self.stop_reason = None
        self.errors = 0
        self.verbose = getattr(args, "verbose", False)
        self.deadline = None
        if getattr(args, "duration", None):
            self.deadline = time.monotonic() + args.duration
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        if getattr(args, "stdin_stop", False):
            t = threading.Thread(target=self._watch_stdin, daemon=True)
            t.start()

    def _on_signal(self, signum, frame):
        if self.stop_reason is None:
            self.stop_reason = "signal"

    def _watch_stdin(self):
        try:
            while sys.stdin.buffer.read1(4096):
                pass
        except Exception:
            pass
        if self.stop_reason is None:
            self.stop_reason = "stdin"

    def stopping(self):
        if self.stop_reason is None and self.deadline is not None \
                and time.monotonic() >= self.deadline:
            self.stop_reason = "duration"
        return self.stop_reason is not None

    def out(self, line):
        try:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        except (BrokenPipeError, ValueError):
            pass

    def event(self, kind, *args):
        self.out(" ".join(["event", kind] + [str(a) for a in args]))

    def hb_event(self, kind, *args):
        """An event printed only with --verbose (heartbeats and the like)."""
        if self.verbose:
            self.event(kind, *args)

    def diag(self, text):
        try:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()
        except (BrokenPipeError, ValueError):
            pass

    def error(self, text):
        self.errors += 1
        self.out("error " + text)
        if getattr(self.args, "exit_on_error", False) and self.stop_reason is None:
            self.stop_reason = "error"

    def sleep(self, seconds):
        """Interruptible sleep; returns False if told to stop meanwhile."""
        end = time.monotonic() + seconds
        while not self.stopping():
            left = end - time.monotonic()
            if left <= 0:
                return True
            time.sleep(min(left, 0.05))
        return False

    def recv(self, sock, timeout):
        """Poll sock up to timeout seconds; its next message, or None on
        timeout or stop."""
        end = time.monotonic() + timeout
        while not self.stopping():
            left = end - time.monotonic()
            if left <= 0:
                return None
            if sock.poll(min(50, max(1, int(left * 1000))), zmq.POLLIN):
                return sock.recv_multipart()
        return None

    def die_after(self, n):
        """--die-after: print "event die-after N" and vanish at once (exit 0,
        no reply, no goodbye, sockets not closed)."""
        self.event("die-after", n)
        try:
            sys.stdout.flush()
        finally:
            os._exit(0)

    def exit_code(self):
        return 1 if self.errors else 0


class Stop(Exception):
    """Ends a role's run with stop REASON and exit code CODE."""

    def __init__(self, reason, code):
        Exception.__init__(self, reason)
        self.reason = reason
        self.code = code


def drain(sock, handler, limit=1000):
    """Hand up to limit waiting messages of sock to handler(frames)."""
    for _ in range(limit):
        try:
            frames = sock.recv_multipart(zmq.NOBLOCK)
        except zmq.Again:
            return
        handler(frames)


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def int_option(minimum, name):
    """An argparse type: an int >= minimum (0 or 1).  name is what argparse
    calls it in "invalid NAME value" for text that is no number."""
    def parse(text):
        v = int(text)
        if v < minimum:
            raise argparse.ArgumentTypeError("must be >= 0" if minimum <= 0
                                             else "must be > 0")
        return v
    parse.__name__ = name
    return parse


nonneg_int = int_option(0, "nonneg_int")
positive_int = int_option(1, "positive_int")
pos_int = int_option(1, "pos_int")


def add_common_options(sp, verbose_help):
    """--duration, --stdin-stop, --verbose (verbose_help says what it adds)
    and --exit-on-error, on a role's subparser."""
    sp.add_argument("--duration", type=float, default=None,
                    help="stop after S seconds (default: run until done/signal)")
    sp.add_argument("--stdin-stop", action="store_true",
                    help="stop cleanly when stdin reaches EOF")
    sp.add_argument("--verbose", action="store_true", help=verbose_help)
    sp.add_argument("--exit-on-error", action="store_true",
                    help="stop at the first protocol error (exit 1)")


def _zmq_error_text(e):
    return "zmq: %s" % e


def run_main(parser, roles, catch=(zmq.ZMQError,), error_text=_zmq_error_text):
    """Parse the command line, run the chosen role (roles: name -> class
    taking (rt, args), whose run() returns the exit code) and exit with its
    code; an exception of the kinds in catch prints an "error" line
    (error_text(e)) and exits 1."""
    args = parser.parse_args()
    rt = Runtime(args)
    role = roles[args.role]
    try:
        code = role(rt, args).run()
    except catch as e:
        rt.error(error_text(e))
        code = 1
    sys.exit(code)
