"""``station gui``: the operator window for the station described by a config file.

``station gui --config config/demo.toml`` opens the window on the simulated factory (a config
whose cloud is ``emulator`` and whose fixture is ``sim``); ``--feed N`` lets it scan N units by
itself. Any other config is a real line (:func:`station.ui.line.open_line`): the fixture port, the
cloud endpoint with the login key from the environment, the label printer, the screen flasher.

Engineers are named by badge in ``$STATION_ENGINEER_BADGES`` (comma-separated) or by the ``ENG-``
badge prefix; everyone else signs in as an operator.
"""

from __future__ import annotations

import argparse
import os

from station.config import StationConfig, load_config
from station.errors import InputError

ENGINEERS_ENV = "STATION_ENGINEER_BADGES"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("gui", help="open the operator window for a station config")
    p.add_argument("--config", required=True, help="station config, e.g. config/demo.toml")
    p.add_argument("--kiosk", action="store_true", help="full screen, no window frame (also station.kiosk)")
    p.add_argument("--language", choices=("en", "zh_CN", "es"), help="override station.language")
    p.add_argument("--zone", choices=("test", "production"),
                   help="simulated factory only: which zone its fixture group is in (default from the config)")
    p.add_argument("--feed", type=int, default=0, help="simulated factory only: scan this many units by itself")
    p.add_argument("--json", action="store_true", help="print the outcome as JSON when the window closes")
    p.set_defaults(func=gui_command)


def is_simulated(config: StationConfig) -> bool:
    return config.cloud.endpoint == "emulator" and config.fixture.port == "sim"


def simulated_zone(config: StationConfig, override: str | None) -> str:
    """The simulated factory has one Test Zone and one Production Zone fixture group."""
    if override:
        return override
    group = (config.cloud.fixture_group or "").lower()
    return "test" if not group or group.startswith("pre_") or "test" in group else "production"


def gui_command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.feed < 0:
        raise InputError("--feed must be 0 or more")
    engineers = frozenset(b.strip() for b in os.environ.get(ENGINEERS_ENV, "").split(",") if b.strip())
    if not is_simulated(config):
        return run_line(config, args, engineers)
    from station.flow.compose import line_scripts
    from station.sim.world import SimulatedWorld
    from station.store.database import default_url
    from station.ui.app import run_operator_window  # Qt only once there is a window to show
    from station.ui.operator_window import BadgePolicy

    with SimulatedWorld(slots=config.station.slots, zone=simulated_zone(config, args.zone),
                        db_url=config.store.url or default_url(), station_name=config.station.name,
                        script=line_scripts(config)) as world:  # its products' simulated DUTs
        code = run_operator_window(
            world.station, world=world, feed=args.feed, kiosk=args.kiosk or config.station.kiosk,
            language=args.language or config.station.language, badges=BadgePolicy(engineers=engineers),
            station_name=config.station.name,
        )
        if args.json:
            from station.commands._common import print_json

            print_json({"exit": code, "runs": [
                {"serial": r.serial, "outcome": r.outcome.value if r.outcome else None,
                 "failure_code": r.failure_code} for r in world.station.results()]})
    return code


def run_line(config: StationConfig, args: argparse.Namespace, engineers: frozenset[str]) -> int:
    """The operator window on a real line's station."""
    import contextlib

    from station.ui.app import application, run_operator_window
    from station.ui.line import open_line
    from station.ui.operator_window import BadgePolicy

    application()  # the screen flasher needs Qt before the station opens
    with contextlib.ExitStack() as stack:
        station = open_line(config, stack)
        return run_operator_window(
            station, kiosk=args.kiosk or config.station.kiosk, language=args.language or config.station.language,
            badges=BadgePolicy(engineers=engineers), station_name=config.station.name,
            max_target_age_s=config.cloud.max_target_age_s, sync_interval_s=config.cloud.sync_interval_s,
            allow_typed=config.scanner.allow_typed,
        )

