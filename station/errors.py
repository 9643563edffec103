"""Errors the station reports to a person.

Every error that reaches the CLI or the operator window is a :class:`StationError`: its message
says what went wrong and where (file and line when there is one), so nobody has to read a traceback.
"""

from __future__ import annotations


class StationError(Exception):
    """A fault of the station, its input or its peers — never of the DUT. The CLI exits 2 on it."""


class InputError(StationError):
    """Bad input from a person: a missing file, malformed TOML, an unknown name.

    Carries the file and line it refers to so the message can point at it.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
