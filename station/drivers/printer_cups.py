"""A CUPS queue as a label printer: raw ZPL through ``lp -d QUEUE -o raw``, status from ``lpstat``.

Why a subprocess and not pycups: ``lp``/``lpstat`` are on every CUPS machine, need no C headers to
install, and a test can put a fake ``lp`` on ``PATH`` (shared/reference/peripherals.md §1.4, §1.5).
Raw queues are deprecated in CUPS 2.x but still work; LPrint is the maintained route for label
printers and speaks the same ``lp`` interface. CUPS is optional: without it the station says so
when the printer is asked for its status, instead of failing at import.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from station.drivers.printer import DEFAULT_TIMEOUT_S, PrinterError, PrinterStatus
from station.errors import InputError

#: CUPS queue names: printable characters except space, tab, "/", "\\", "#" and quotes (lpadmin(8)).
_QUEUE = re.compile(r"[^\s/\\#'\"]{1,127}")


class CupsPrinter:
    """A CUPS queue fed raw ZPL (Linux and macOS workstations with the CUPS client installed)."""

    def __init__(self, queue: str, *, lp: str = "lp", lpstat: str = "lpstat",
                 timeout_s: float = max(DEFAULT_TIMEOUT_S, 10.0)) -> None:
        if not queue or not _QUEUE.fullmatch(queue):
            raise InputError(f"CUPS queue name {queue!r} is not valid: use cups://QUEUE with no spaces or '/'")
        self.queue, self.lp, self.lpstat, self.timeout_s = queue, lp, lpstat, timeout_s
        self.url = f"cups://{queue}"

    def _run(self, argv: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        exe = shutil.which(argv[0])
        if exe is None:
            raise PrinterError(f"printer {self.url}: {argv[0]!r} not found on PATH; install the CUPS client "
                               "(Debian: cups-client)")
        try:
            return subprocess.run([exe, *argv[1:]], input=data, capture_output=True, timeout=self.timeout_s,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise PrinterError(f"printer {self.url}: {argv[0]} did not finish within {self.timeout_s:g} s "
                               "(is cupsd running?)") from None
        except OSError as exc:
            raise PrinterError(f"printer {self.url}: cannot run {argv[0]}: {exc.strerror or exc}") from None

    def status(self) -> PrinterStatus:
        """``lpstat -p QUEUE``: unknown or disabled queues are not ready, with lpstat's own words."""
        result = self._run([self.lpstat, "-p", self.queue])
        text = (result.stdout + result.stderr).decode(errors="replace").strip()
        if result.returncode != 0:
            return PrinterStatus(False, (f"CUPS queue {self.queue!r}: {text or 'unknown to lpstat'}",))
        if "disabled" in text.lower():
            return PrinterStatus(False, (f"CUPS queue {self.queue!r} is disabled: {text}",))
        return PrinterStatus(True)

    def send(self, data: bytes) -> None:
        """Hand the label to CUPS; a refusal is a :class:`PrinterError` with lp's message."""
        result = self._run([self.lp, "-d", self.queue, "-o", "raw"], data)
        if result.returncode != 0:
            reason = (result.stderr or result.stdout).decode(errors="replace").strip() or f"exit {result.returncode}"
            raise PrinterError(f"printer {self.url}: lp refused the label: {reason}")
