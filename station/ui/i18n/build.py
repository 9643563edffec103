"""Refresh and compile the operator window's translations: ``python -m station.ui.i18n.build``.

``pyside6-lupdate`` collects every ``self.tr(...)`` and ``QT_TRANSLATE_NOOP(...)`` from the
operator window's modules into the ``.ts`` files (keeping what translators already wrote; they
edit them in Qt Linguist: ``pyside6-linguist station/ui/i18n/operator_es.ts``), then
``pyside6-lrelease`` compiles each to the ``.qm`` the window loads. Both tools come with PySide6;
they are looked up beside the running Python first, so the project's venv is used.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from station.errors import StationError

HERE = Path(__file__).resolve().parent
UI = HERE.parent
LANGUAGES = ("en", "zh_CN", "es")


def sources() -> list[Path]:
    return sorted([*UI.glob("operator_*.py"), UI / "app.py", UI / "device_log_view.py"])


def qa_sources() -> list[Path]:
    """The QA window's own catalog (qa_<language>.ts): it is opened apart from the operator window."""
    return sorted(UI.glob("qa_*.py"))


def tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise StationError(f"{name} not found: install PySide6 (it ships pyside6-lupdate and pyside6-lrelease)")
    return found


def build(update: bool = True) -> list[Path]:
    """Update the .ts files from the sources (unless ``update`` is False) and compile the .qm files."""
    outputs = []
    for catalog, files in (("operator", sources()), ("qa", qa_sources())):
        for language in LANGUAGES:
            ts = HERE / f"{catalog}_{language}.ts"
            if update:
                subprocess.run([tool("pyside6-lupdate"), *map(str, files), "-no-obsolete", "-source-language", "en",
                                "-target-language", language, "-ts", str(ts)], check=True, capture_output=True)
            qm = ts.with_suffix(".qm")
            subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)
            outputs.append(qm)
    return outputs


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for qm in build(update="--compile-only" not in args):
        print(qm.relative_to(UI.parent.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
