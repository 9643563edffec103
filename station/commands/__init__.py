"""Subcommands of the ``station`` CLI.

Each public module here defines ``register(subparsers)``, adding its subcommand(s) with a ``func``
default that takes the parsed arguments and returns an exit code. :mod:`station.cli` discovers
the modules, so a new subcommand is a new file and nothing else.
"""
