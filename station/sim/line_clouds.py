"""The cloud of the simulated factory, whichever backend the line builds for.

``station sim factory --backend impcentral|particle|libelium`` starts ``station cloud emulator`` with
that API in its own process. This module holds what differs per cloud, so :mod:`station.sim.line_peers`
stays one start-up sequence: the emulator's arguments and start-up announcement, the secret it prints
(it goes to ``line.env``, never to ``line.toml``), the ``[cloud]`` section of ``line.toml``, and what the
simulated world must do before a unit is scanned (Particle: the unit left Particle's factory, so the
cloud knows its serial and device ID — the station looks it up by the serial on its sticker).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

import requests

from station.cloud.emulator.seed import DEMO_PRODUCTION_FIXTURE_GROUP, DEMO_TEST_FIXTURE_GROUP
from station.cloud.libelium.client import KEY_ENV
from station.cloud.libelium.emulator import DEMO_ORDER
from station.cloud.particle.client import TOKEN_ENV
from station.cloud.particle.emulator import DEMO_PLATFORM, DEMO_PRODUCTION_PRODUCT, DEMO_TEST_PRODUCT
from station.config import CloudSection
from station.errors import InputError
from station.sim.dut_model import DutModel

BACKENDS = ("impcentral", "particle", "libelium")
FIXTURE_GROUPS = {"test": DEMO_TEST_FIXTURE_GROUP, "production": DEMO_PRODUCTION_FIXTURE_GROUP}
PARTICLE_PRODUCTS = {"test": DEMO_TEST_PRODUCT, "production": DEMO_PRODUCTION_PRODUCT}
#: The label template of each backend's line (Particle and Libelium labels carry their identity codes).
LABEL_TEMPLATES = {"particle": "particle", "libelium": "libelium"}
ADMIN_TIMEOUT_S = 10.0


def particle_device_id(serial: str, model: DutModel | None = None) -> str:
    """The 24-hex Particle device ID of the simulated unit with this serial (stable across runs): the one
    its console reports when its product's ``model`` has Particle IDs, else one made from the serial."""
    if model is not None and reports_particle_id(model):
        from station.sim.fixture_host import dut_identity

        return dut_identity(serial, model=model)[1]
    return hashlib.sha256(("particle:" + serial).encode()).hexdigest()[:24]


def reports_particle_id(model: DutModel) -> bool:
    """Whether units of this model report a 24-hex Particle device ID on their console: a Particle line
    then finds them by it (``identify_by = "device_id"``) instead of by a rate-limited serial lookup."""
    return len(model.wire()["device_id_prefix"]) == 18


def identify_by(backend: str, model: DutModel | None) -> str:
    """``[cloud.particle] identify_by`` of a simulated line building ``model``'s product."""
    return "device_id" if backend == "particle" and model is not None and reports_particle_id(model) else "serial"


@dataclass(frozen=True)
class LineCloud:
    """One backend's emulator as a peer of the simulated line."""

    backend: str
    zone: str
    #: Particle: how the station finds a unit's device ID — "serial" (the sticker, looked up in the
    #: cloud) or "device_id" (the unit's console reports it: a product whose model has 24-hex IDs).
    identify_by: str = "serial"

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise InputError(f"--backend must be one of {', '.join(BACKENDS)}, not {self.backend!r}")

    # -- the emulator process ------------------------------------------------------------------
    def emulator_args(self, port: int, db: str) -> list[str]:
        """Arguments of ``station cloud emulator`` (impCentral keeps its cloud in SQLite at ``db``)."""
        if self.backend == "impcentral":
            return ["--port", str(port), "--db", db]
        return ["--api", self.backend, "--port", str(port)]

    @property
    def url_announcement(self) -> re.Pattern[str]:
        return re.compile({"impcentral": r"cloud emulator on (\S+)", "particle": r"Particle emulator on (\S+)",
                           "libelium": r"Libelium SCM emulator on (\S+)"}[self.backend])

    @property
    def secret_announcement(self) -> re.Pattern[str]:
        """The line the emulator prints with the secret the station needs (group 1)."""
        if self.backend == "impcentral":
            return re.compile(r"login key: (\S+)")
        if self.backend == "particle":
            return re.compile(rf"product {PARTICLE_PRODUCTS[self.zone]}: export {TOKEN_ENV}=(\S+)")
        return re.compile(rf"export {KEY_ENV}=(\S+)")

    @property
    def secret_env(self) -> str:
        return {"impcentral": CloudSection.model_fields["login_key_env"].default, "particle": TOKEN_ENV,
                "libelium": KEY_ENV}[self.backend]

    @staticmethod
    def origin(url: str) -> str:
        """The emulator's root, where ``/_admin`` lives (the impCentral URL ends in ``/v5``)."""
        return url.rstrip("/").removesuffix("/v5")

    @property
    def optical(self) -> bool:
        """Whether units are provisioned by BlinkUp (the fixture simulator's DUTs enroll by HTTP)."""
        return self.backend == "impcentral"

    # -- line.toml -----------------------------------------------------------------------------
    def toml(self, url: str) -> list[str]:
        """The ``[cloud]`` section (no secret: it names the environment variable)."""
        if self.backend == "impcentral":
            return ["[cloud]", f"endpoint = {toml_string(url)}", f'login_key_env = "{self.secret_env}"',
                    f'fixture_group = "{FIXTURE_GROUPS[self.zone]}"']
        if self.backend == "particle":
            return ["[cloud]", 'backend = "particle"', f"endpoint = {toml_string(url)}", "",
                    "[cloud.particle]", f'product = "{PARTICLE_PRODUCTS[self.zone]}"', f'zone = "{self.zone}"',
                    f"platform_id = {DEMO_PLATFORM}", 'hardware_group = "hw-rev-a"',
                    f'identify_by = "{self.identify_by}"', f'token_env = "{self.secret_env}"']
        return ["[cloud]", 'backend = "libelium"', f"endpoint = {toml_string(url)}", "",
                "[cloud.libelium]", f'sales_order = "{DEMO_ORDER}"', 'customer = "Demo Customer"',
                f'zone = "{self.zone}"', f'key_env = "{self.secret_env}"']

    def peer_facts(self) -> dict[str, object]:
        """What peers.json says of this cloud beyond its URL (tests read the truth from it)."""
        facts: dict[str, object] = {"backend": self.backend}
        if self.backend == "particle":
            facts["product"] = PARTICLE_PRODUCTS[self.zone]
        elif self.backend == "libelium":
            facts["sales_order"] = DEMO_ORDER
        return facts

    # -- the world -----------------------------------------------------------------------------
    def unit_made(self, url: str, serial: str, model: DutModel | None = None) -> None:
        """The unit with ``serial`` exists before the operator scans it: a Particle device left Particle's
        factory with its serial and device ID (:func:`particle_device_id`), so the cloud knows it
        (idempotent)."""
        if self.backend != "particle":
            return
        body = {"platform_id": DEMO_PLATFORM, "devices": [{"id": particle_device_id(serial, model), "serial": serial}]}
        reply = requests.post(f"{self.origin(url)}/_admin/devices", json=body, timeout=ADMIN_TIMEOUT_S)
        reply.raise_for_status()


def toml_string(value: object) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(str(value))
