"""The simulated devices' own line to the emulated cloud (not impCentral's API).

A real imp logs to impCloud over its own connection (``server.log()``); the simulated units have
no such connection, so they post their log lines here, naming themselves by device ID **and** MAC
(both burned into the unit; a wrong pair is refused). The lines land in the device's log — the
one ``GET /devices/{id}/logs`` and the log streams show — exactly like the cloud's own lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from station.cloud.emulator.jsonapi import ApiError

if TYPE_CHECKING:
    from station.cloud.emulator.service import CloudService

LOG_TYPES = ("server.log", "server.error", "agent.log", "agent.error")


def device_log(service: CloudService, device_id: str, mac: str, msg: str, type_: str = "server.log") -> None:
    from station.cloud.emulator.service import normalize_mac

    if type_ not in LOG_TYPES:
        raise ApiError(422, "Unprocessable Entity", f"attributes.type {type_!r} must be one of "
                       + ", ".join(LOG_TYPES), "INVALID_LOG_TYPE")
    mac = normalize_mac(mac)
    with service.db.tx() as c:
        row = c.execute("SELECT id FROM devices WHERE id=? AND mac=?", (device_id, mac)).fetchone()
        if row is None:
            raise ApiError(404, "Not Found", f"no device {device_id!r} with MAC {mac}", "DEVICE_NOT_FOUND")
        service._log(c, row["id"], msg[:2000], type_)
