# The main loop shared by the board (USB CDC on stdin/stdout) and the host runner (a pty).
#
# One thread, one poll: bytes from the host go to the protocol core, the core's periodic work runs
# between polls. Nothing here blocks for longer than the poll timeout, so a DUT UART wait on one
# slot never holds up a command for another slot.

import select
import sys

from compat import IS_MICROPYTHON

POLL_BUSY_MS = 1
POLL_IDLE_MS = 20
HANGUP = select.POLLHUP | select.POLLERR


def _fd(obj):
    return obj if isinstance(obj, int) else obj.fileno()


def read_available(stream):
    """Whatever has arrived (at least one byte), b'' on end of file."""
    if IS_MICROPYTHON:
        data = stream.read(1)
        if not data:
            return b""
        more = select.poll()
        more.register(stream, select.POLLIN)
        out = bytearray(data)
        while len(out) < 256 and more.poll(0):
            b = stream.read(1)
            if not b:
                break
            out.extend(b)
        return bytes(out)
    import os

    return os.read(_fd(stream), 4096)


def make_writer(stream):
    """A write(bytes) that sends everything at once (the core writes whole lines)."""
    if IS_MICROPYTHON:
        def write(data):
            stream.write(data)
        return write
    import os

    fd = _fd(stream)

    def write(data):
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    return write


def serve(core, inp, ctl=None, log=None):
    """Run until the host side goes away (end of file, hang-up or I/O error)."""
    poller = select.poll()
    in_key = inp if IS_MICROPYTHON else _fd(inp)
    poller.register(in_key, select.POLLIN)
    ctl_key = None
    ctl_buf = bytearray()
    if ctl is not None:
        ctl_key = ctl if IS_MICROPYTHON else _fd(ctl)
        poller.register(ctl_key, select.POLLIN)
    core.boot()
    while True:
        events = poller.poll(POLL_BUSY_MS if core.busy() else POLL_IDLE_MS)
        for obj, flags in events:
            if ctl_key is not None and (obj is ctl_key or obj == ctl_key):
                if not flags & select.POLLIN:
                    poller.unregister(ctl_key)
                    ctl_key = None
                    continue
                data = read_available(ctl)
                if not data:
                    poller.unregister(ctl_key)
                    ctl_key = None
                    continue
                ctl_buf.extend(data)
                while b"\n" in ctl_buf:
                    i = ctl_buf.index(b"\n")
                    line = bytes(ctl_buf[:i]).decode().strip()
                    ctl_buf = ctl_buf[i + 1:]
                    if line:
                        try:
                            core.control(line)
                        except ValueError as exc:
                            if log:
                                log("control: " + str(exc))
                continue
            if flags & select.POLLIN:
                try:
                    data = read_available(inp)
                except OSError:
                    return
                if not data:
                    return
                _guard(core.feed, data, log)
            elif flags & HANGUP:
                return
        _guard(core.tick, None, log)


def _guard(fn, arg, log):
    """Keep serving through a firmware bug; say what happened on the log (stderr), not the link."""
    try:
        if arg is None:
            fn()
        else:
            fn(arg)
    except Exception as exc:
        if log:
            log("internal error: " + repr(exc))


def stderr_log(text):
    try:
        sys.stderr.write(text + "\n")
    except Exception:
        pass
