"""Station configuration: one TOML file per station, validated, with errors that name the line.

Secrets never live here. Keys that would hold one (``login_key``, ``password``, ``token``,
``unblessing_key``) are refused with a message saying how to pass the secret instead: an
environment variable named in the config (``login_key_env = "IMP_LOGIN_KEY"``) or the OS keyring.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from station.errors import InputError
from station.tomlfile import locate, read_toml

SECRET_KEYS = re.compile(r"(^|_)(password|passwd|secret|token|login_key|unblessing_key|api_key)$")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StationSection(_Section):
    name: str = Field(min_length=1, max_length=128)
    slots: int = Field(default=1, ge=1, le=16)
    kiosk: bool = False
    language: Literal["en", "zh_CN", "es"] = "en"


class StoreSection(_Section):
    url: str | None = None
    central_url: str | None = None


class ParticleSection(_Section):
    """``[cloud.particle]``: the product this line builds for (the token comes from ``token_env``)."""

    product: str = Field(min_length=1, max_length=128)  # product ID or slug: the test or the production product
    zone: Literal["test", "production"] = "test"
    token_env: str = "STATION_PARTICLE_TOKEN"
    firmware_version: int | None = Field(default=None, ge=1, le=65535)  # None: the product's released default
    shipment_group: str = "{date}_{count:04d}"
    shipment_size: int = Field(default=40, ge=1, le=9999)
    hardware_group: str | None = Field(default=None, pattern=r"^[a-z0-9_-]{1,64}$")
    platform_id: int | None = Field(default=None, ge=0)
    identify_by: Literal["serial", "device_id"] = "serial"


class LibeliumSection(_Section):
    """``[cloud.libelium]``: the sales order this line builds (the factory key comes from ``key_env``)."""

    sales_order: str = Field(min_length=1, max_length=64)
    customer: str = ""
    zone: Literal["test", "production"] = "test"
    key_env: str = "STATION_LIBELIUM_KEY"
    family: str = "Plug & Sense!"
    model: str = "Smart Environment PRO"


class CloudSection(_Section):
    backend: Literal["impcentral", "particle", "libelium"] = "impcentral"
    particle: ParticleSection | None = None
    libelium: LibeliumSection | None = None
    endpoint: str = "emulator"
    login_key_env: str = "STATION_CLOUD_LOGIN_KEY"
    fixture_group: str | None = None
    sync_interval_s: float = Field(default=60.0, gt=0)
    max_target_age_s: float = Field(default=600.0, gt=0)
    timeout_s: float = Field(default=10.0, gt=0)

    @field_validator("endpoint")
    @classmethod
    def _https_only(cls, value: str) -> str:
        if value == "emulator" or value.startswith("https://"):
            return value
        if re.match(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(/|$)", value):
            return value
        raise ValueError("the cloud endpoint must be https:// (plain http only to this machine), or 'emulator'")

    @model_validator(mode="after")
    def _backend_section(self) -> CloudSection:
        if self.backend == "particle" and self.particle is None:
            raise ValueError("backend = \"particle\" needs a [cloud.particle] section (product = ...)")
        if self.backend == "libelium" and self.libelium is None:
            raise ValueError("backend = \"libelium\" needs a [cloud.libelium] section (sales_order = ...)")
        return self


class FixtureSection(_Section):
    port: str = "sim"
    baudrate: int = Field(default=115200, gt=0)
    faults: str = ""


class PrinterSection(_Section):
    url: str = "sim"
    template: str = "config/labels/imp_sensor.zpl"
    dpi: Literal[203, 300, 600] = 203


class ScannerSection(_Section):
    serial_pattern: str = r"^[A-Z0-9]{6,20}$"
    check_digit: Literal["none", "gs1", "luhn"] = "none"
    allow_typed: bool = True  # False: only a scanner's burst of keys is a scan, typing is refused
    camera: str | None = None
    port: str | None = None  # a USB-CDC (serial) scanner: a device path or pyserial URL; None = keyboard wedge
    baudrate: int = Field(default=9600, gt=0)
    badge_pattern: str = r"^(OP|ENG)-[A-Z0-9]{1,32}$"  # scans that sign an operator in (station line)

    @field_validator("badge_pattern")
    @classmethod
    def _badge_compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value

    @field_validator("serial_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value


class TestSection(_Section):
    __test__ = False  # not a pytest class
    script: str
    limits: str | None = None
    variant: str | None = None
    #: A mixed line: more scripts (each with the limits file beside it); slot N runs the
    #: ((N - 1) mod count)-th of [script, *mixed]. The simulated factory runs each product's DUT model.
    mixed: list[str] = Field(default_factory=list)


class BlinkUpSection(_Section):
    mode: Literal["blinkup-js", "fast"] = "fast"
    ssid: str = "factory"
    password_env: str = "STATION_WIFI_PASSWORD"
    fps: float = Field(default=60.0, gt=0, le=240)
    #: "screen": the flasher window shows the payload; "fixture-led": the fixture's LED above each slot.
    provisioner: Literal["screen", "fixture-led"] = "screen"
    #: Fixture LED rate (Hz); unset: 60 for blinkup-js, 142 for fast (station/drivers/fixture_blinkup.py).
    led_fps: float | None = Field(default=None, ge=1, le=1000)


class FlowSection(_Section):
    """How patient the station loop is; the defaults suit a real line."""

    current_limit_ma: int = Field(default=250, gt=0)
    enroll_timeout_s: float = Field(default=60.0, gt=0)
    enroll_poll_s: float = Field(default=0.2, gt=0)
    bless_retry_first_s: float = Field(default=1.0, gt=0)
    bless_retry_max_s: float = Field(default=30.0, gt=0)
    hold_limit_s: float = Field(default=1800.0, gt=0)
    cloud_retry_limit_s: float = Field(default=120.0, gt=0)


class CfxSection(_Section):
    """IPC-CFX endpoint: the station's CFX handle and the AMQP 1.0 broker and address it publishes to."""

    handle: str = Field(min_length=1, max_length=256)
    broker: str
    address: str = Field(min_length=1)
    user_env: str = "STATION_CFX_USER"
    password_env: str = "STATION_CFX_PASSWORD"
    heartbeat_s: float = Field(default=60.0, ge=0)

    @field_validator("broker")
    @classmethod
    def _amqps_only(cls, value: str) -> str:
        if value.startswith("amqps://"):
            return value
        if re.match(r"^amqp://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/?$", value):
            return value
        if value.startswith("amqp://"):
            raise ValueError("the CFX broker must be amqps:// (TLS; plain amqp:// only to this machine)")
        raise ValueError("the CFX broker is an AMQP URL: amqps://host:5671 (or amqp://127.0.0.1:5672)")


class StationConfig(_Section):
    station: StationSection
    test: TestSection
    store: StoreSection = StoreSection()
    cloud: CloudSection = CloudSection()
    fixture: FixtureSection = FixtureSection()
    printer: PrinterSection = PrinterSection()
    scanner: ScannerSection = ScannerSection()
    blinkup: BlinkUpSection = BlinkUpSection()
    flow: FlowSection = FlowSection()
    cfx: CfxSection | None = None
    path: Path | None = None

    def resolve(self, relative: str) -> Path:
        """A path from the config, relative to the config file's folder's parent project if not absolute."""
        candidate = Path(relative)
        if candidate.is_absolute() or self.path is None:
            return candidate
        for base in (self.path.parent, self.path.parent.parent, Path.cwd()):
            if (base / candidate).exists():
                return base / candidate
        return self.path.parent / candidate


def _find_secrets(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            found += _find_secrets(value, (*prefix, key))
        elif SECRET_KEYS.search(key):
            found.append((*prefix, key))
    return found


def load_config(path: str | Path) -> StationConfig:
    """Read and validate a station config; every problem is an InputError naming file and line."""
    path = Path(path)
    data, text, _raw = read_toml(path, "config file")
    for secret in _find_secrets(data):
        raise InputError(
            f"{'.'.join(secret)}: secrets do not belong in config files (they end up in backups and logs); "
            f"name an environment variable instead, e.g. {secret[-1]}_env = \"STATION_{secret[-1].upper()}\"",
            path=str(path), line=locate(text, *secret),
        )
    try:
        config = StationConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(str(part) for part in first["loc"])
        line = None
        for depth in range(len(loc), 0, -1):
            line = locate(text, *loc[:depth])
            if line is not None:
                break
        where = ".".join(loc) or "(top level)"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown setting"
        elif first["type"] == "missing":
            message = "required setting is missing"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(f"{where}: {message}{more}", path=str(path), line=line) from None
    return config.model_copy(update={"path": path.resolve()})
