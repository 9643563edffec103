"""Where the cloud endpoint and login key come from, and what endpoints we are willing to use.

Login keys are secrets: they come from the environment or the OS keyring, never from a config file,
and never appear in logs or run records. TLS is always verified; plain HTTP is allowed only to the
loopback interface, where the embedded emulator lives.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from station.cloud.errors import CloudConfigError

LOGIN_KEY_ENV = "STATION_CLOUD_LOGIN_KEY"
ENDPOINT_ENV = "STATION_CLOUD_ENDPOINT"
KEYRING_SERVICE = "factory-station-cloud"
DEFAULT_ENDPOINT = "https://api.electricimp.com/v5"


def check_endpoint(url: str) -> str:
    """Return ``url`` without a trailing slash if it is https, or http to a loopback address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CloudConfigError(f"cloud endpoint {url!r} is not an http(s) URL")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise CloudConfigError(
            f"cloud endpoint {url!r} uses plain http to a remote host; only https is allowed "
            "there (plain http is for the local emulator on 127.0.0.1)"
        )
    return url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_login_key(env_var: str = LOGIN_KEY_ENV, *, endpoint: str | None = None) -> str:
    """The login key from ``env_var`` or, if the ``keyring`` package is installed, the OS keyring."""
    key = os.environ.get(env_var, "").strip()
    if key:
        return key
    try:
        import keyring  # optional: not a declared dependency
    except ImportError:
        keyring = None
    if keyring is not None:
        stored = keyring.get_password(KEYRING_SERVICE, endpoint or DEFAULT_ENDPOINT)
        if stored:
            return stored
    raise CloudConfigError(
        f"no cloud login key: set the environment variable {env_var} (or store it in the OS "
        f"keyring under service {KEYRING_SERVICE!r}, user = the endpoint URL)"
    )


def resolve_endpoint(explicit: str | None = None) -> str:
    return check_endpoint(explicit or os.environ.get(ENDPOINT_ENV) or DEFAULT_ENDPOINT)
