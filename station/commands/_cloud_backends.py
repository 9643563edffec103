"""``station cloud emulator --api particle|libelium`` and ``station cloud manifest``.

Kept apart from :mod:`station.commands.cloud` (impCentral's tools) so each cloud's commands stay small.
The emulators print the demo credentials they seeded (they are throwaway: a local emulator's, not a
real cloud's); the manifest reads the factory key from the environment, never from a file.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from station.errors import InputError


def serve_emulator(api: str, host: str, port: int, seed: str, rate_limit: float | None) -> int:
    if api == "particle":
        from station.cloud.particle.client import TOKEN_ENV
        from station.cloud.particle.emulator import ParticleEmulator

        emu: Any = ParticleEmulator(host=host, port=port, seed=seed)
        print(f"Particle emulator on {emu.url}")
        for product, token in emu.seed["tokens"].items():
            print(f"  product {product}: export {TOKEN_ENV}={token}")
    else:
        from station.cloud.libelium.client import KEY_ENV
        from station.cloud.libelium.emulator import LibeliumEmulator

        emu = LibeliumEmulator(host=host, port=port, seed=seed)
        print(f"Libelium SCM emulator on {emu.url}")
        if emu.factory_key:
            print(f"  export {KEY_ENV}={emu.factory_key}")
    if rate_limit:
        emu.set_faults(rate_limit_per_s=rate_limit)
    sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        emu.server.serve_forever()
    return 0


def register_manifest(sub: Any) -> None:
    p = sub.add_parser("manifest", help="Libelium: a sales order's serial IDs and activation codes (CSV or PDF)")
    p.add_argument("sales_order", metavar="ORDER")
    p.add_argument("--endpoint", required=True, help="SCM base URL")
    p.add_argument("--key-env", default="STATION_LIBELIUM_KEY", metavar="VAR",
                   help="environment variable holding the factory API key")
    p.add_argument("--format", choices=("csv", "pdf"), default="csv")
    p.add_argument("--out", type=Path, help="file to write (default: stdout)")
    p.set_defaults(func=_manifest)


def _manifest(args: argparse.Namespace) -> int:
    from station.cloud.libelium.client import LibeliumClient
    from station.cloud.libelium.manifest import manifest_csv, manifest_pdf

    key = os.environ.get(args.key_env, "").strip()
    if not key:
        raise InputError(f"no Libelium factory key: set the environment variable {args.key_env}")
    client = LibeliumClient(args.endpoint, key)
    try:
        order = client.order(args.sales_order)
    finally:
        client.close()
    text = manifest_csv(order) if args.format == "csv" else manifest_pdf(order)
    if args.out:
        args.out.write_text(text, encoding="latin-1" if args.format == "pdf" else "utf-8")
        print(f"{len(order.units)} unit(s) of sales order {order.id} → {args.out}")
    else:
        sys.stdout.write(text)
    return 0
