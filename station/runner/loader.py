"""Load a DUT test script from a file, with errors that point at the file and line.

Each load imports the file under a fresh module name, so two scripts with the same file name
(``dut_tests/a/test.py``, ``dut_tests/b/test.py``) never collide, and the SHA-256 recorded is of
exactly the bytes that were executed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from station.errors import InputError
from station.testkit.script import Script


@dataclass(frozen=True, slots=True)
class LoadedScript:
    script: Script
    path: Path
    sha256: str


def load_script(path: str | Path) -> LoadedScript:
    """Import ``path`` and return the one :class:`Script` it defines."""
    path = Path(path)
    if not path.is_file():
        raise InputError("script not found", path=str(path))
    source = path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()
    try:
        code = compile(source, str(path), "exec")
    except SyntaxError as exc:
        raise InputError(f"syntax error: {exc.msg}", path=str(path), line=exc.lineno) from None
    module_name = f"station_dut_script_{digest[:16]}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None:
        raise InputError("cannot be imported as a Python module", path=str(path))
    module = importlib.util.module_from_spec(spec)
    # Let the script import helpers that sit beside it.
    folder = str(path.resolve().parent)
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    try:
        exec(code, module.__dict__)
    except Exception as exc:
        line = _line_in(path, exc)
        raise InputError(f"the script raised {type(exc).__name__} on import: {exc}", path=str(path), line=line) from exc
    finally:
        if added:
            sys.path.remove(folder)
    scripts = [value for value in vars(module).values() if isinstance(value, Script)]
    if not scripts:
        raise InputError("defines no Script (create one: script = Script(...))", path=str(path))
    if len(scripts) > 1:
        raise InputError(f"defines {len(scripts)} Script objects; one script per file", path=str(path))
    script = scripts[0]
    if not script.steps:
        raise InputError(f"script {script.name!r} has no steps", path=str(path))
    return LoadedScript(script=script, path=path, sha256=digest)


def _line_in(path: Path, exc: BaseException) -> int | None:
    """The last traceback line that lies in ``path`` (where the script itself went wrong)."""
    target = str(path)
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == target:
            line = frame.lineno
    return line
