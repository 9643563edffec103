"""Which device cloud a station works with, from ``[cloud] backend`` — built in one place.

impCentral is built inside the composition around its target sync; Particle and Libelium get their
client (the secret from the environment variable the config names, or the OS keyring — never from the
file) and their backend here, and the composition wraps them in a :class:`BackendSync` so the rest of
the station sees the same zone gate.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from station.cloud.backend import DeviceCloud
from station.cloud.calls import CallRouter
from station.cloud.sync import StateCache
from station.config import CloudSection
from station.errors import InputError

KEYRING_SERVICE = "factory-station-cloud"


def group_id(cloud: CloudSection) -> str:
    """What stands for the fixture group in records and banners: the product, or the sales order."""
    if cloud.backend == "particle" and cloud.particle is not None:
        return cloud.particle.product
    if cloud.backend == "libelium" and cloud.libelium is not None:
        return cloud.libelium.sales_order
    if not cloud.fixture_group:
        raise InputError("cloud.fixture_group is not set: the station blesses for that group only")
    return cloud.fixture_group


def resolve_secret(env_var: str, endpoint: str) -> str:
    value = os.environ.get(env_var, "").strip()
    if value:
        return value
    try:
        import keyring  # optional: not a declared dependency
    except ImportError:
        keyring = None
    if keyring is not None:
        stored = keyring.get_password(KEYRING_SERVICE, endpoint)
        if stored:
            return stored
    raise InputError(f"no cloud credential: set the environment variable {env_var} (or store it in the OS keyring "
                     f"under service {KEYRING_SERVICE!r}, user = {endpoint})")


#: Builds a backend from the station's call router and its durable state (the station database).
BackendBuilder = Callable[[CallRouter, StateCache], DeviceCloud]


def backend_factory(cloud: CloudSection, secret: str | None = None, *, max_age_s: float = 600.0
                    ) -> BackendBuilder | None:
    """None for impCentral (composed around its target sync), else a builder of the backend."""
    if cloud.backend == "particle":
        from station.cloud.particle.backend import ParticleBackend, ParticleSettings
        from station.cloud.particle.client import ParticleClient

        p = cloud.particle
        assert p is not None
        token = secret or resolve_secret(p.token_env, cloud.endpoint)
        settings = ParticleSettings(p.product, p.zone, p.firmware_version, p.shipment_group, p.shipment_size,
                                    p.hardware_group, p.platform_id, p.identify_by, max_age_s)

        def particle(calls: CallRouter, state: StateCache) -> DeviceCloud:
            return ParticleBackend(ParticleClient(cloud.endpoint, token, p.product, timeout=cloud.timeout_s,
                                                  on_call=calls, serial_cache=state), settings)

        return particle
    if cloud.backend == "libelium":
        from station.cloud.libelium.backend import LibeliumBackend, LibeliumSettings
        from station.cloud.libelium.client import LibeliumClient

        lib = cloud.libelium
        assert lib is not None
        key = secret or resolve_secret(lib.key_env, cloud.endpoint)
        lsettings = LibeliumSettings(lib.sales_order, lib.customer, lib.zone, lib.family, lib.model, max_age_s)

        def libelium(calls: CallRouter, state: StateCache) -> DeviceCloud:
            return LibeliumBackend(LibeliumClient(cloud.endpoint, key, timeout=cloud.timeout_s, on_call=calls),
                                   lsettings)

        return libelium
    return None
