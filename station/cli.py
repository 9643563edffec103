"""The ``station`` command: one entry point, one subcommand per job.

Exit codes follow DESIGN §4: 0 pass, 1 DUT fail, 2 station error or bad input.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from station import __version__
from station.errors import StationError

EXIT_PASS = 0
EXIT_FAIL = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    """Build the parser from every module in :mod:`station.commands`."""
    import station.commands as commands

    parser = argparse.ArgumentParser(
        prog="station",
        description="Factory Station: scan, provision, test, bless, label and record devices.",
    )
    parser.add_argument("--version", action="version", version=f"station {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):  # shared helpers, not subcommands
            continue
        module = importlib.import_module(f"station.commands.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code (also used by tests in-process)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.func(args))
    except StationError as exc:
        print(f"station: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `station runs list | head`: the reader left; not an error of ours
        sys.stderr.close()
        return EXIT_PASS
    except KeyboardInterrupt:
        print("station: interrupted", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
