"""The plan-ID rules for ``station blinkup encode|simulate|video --write``.

A token typed on the command line says nothing about itself. What it is (factory or development)
and which fixture group it belongs to is asked of the cloud (``GET /v5/enroll/{token}``), and the
payload is built by :func:`station.cloud.enrollment.build_payload` like the flow's and the
``blinkup`` plug's. The lab's way around a refusal is ``--engineering-override REASON --operator
WHO``: written to the audit trail before anything is encoded, and refused in the Production Zone.
"""

from __future__ import annotations

import argparse
import hashlib
import os
from dataclasses import asdict

from station.blinkup import BlinkUpPayload
from station.cloud.client import CloudClient
from station.cloud.credentials import ENDPOINT_ENV, check_endpoint, resolve_login_key
from station.cloud.enrollment import EngineeringOverride, OverrideRecord, build_payload
from station.cloud.errors import CloudNotFound
from station.cloud.models import EnrollmentGrant, Zone
from station.errors import InputError, StationError
from station.identifiers import clean_identifier


def ruled_payload(args: argparse.Namespace, raw: BlinkUpPayload) -> BlinkUpPayload:
    """``raw`` (hex already checked) if the rules allow it, or with an audited lab override."""
    config = None
    if args.config:
        from station.config import load_config

        config = load_config(args.config)
    fixture_group = args.fixture_group or (config.cloud.fixture_group if config else None)
    client = _cloud(args, config)
    grant: EnrollmentGrant | None = None
    zone: Zone | None = None
    try:
        if client is not None:
            if config is not None and fixture_group:
                zone = client.device_group(fixture_group).zone
            try:
                grant = client.enrollment(raw.token)
            except CloudNotFound:
                if not args.engineering_override:
                    raise InputError(
                        f"the cloud does not know enrollment token {raw.token} (unknown, expired or another "
                        "account's); get one from the cloud (station cloud … or CloudClient.enroll)"
                    ) from None
    finally:
        if client is not None:
            client.close()
    if client is None and not args.engineering_override:
        raise InputError(
            "the token's kind and fixture group come from the cloud, never from the command line: give "
            f"--endpoint (or ${ENDPOINT_ENV}, or --config) and the login key, or, in the lab only, "
            "--engineering-override REASON --operator WHO"
        )
    if config is not None and args.engineering_override and zone is None:
        raise StationError(
            f"{args.config}: the engineering override needs the config's zone, and it could not be read "
            "(no cloud or no [cloud] fixture_group); it is refused in the Production Zone"
        )
    override = _override(args, raw, zone) if args.engineering_override else None
    payload = build_payload(
        args.role,
        ssid=raw.ssid,
        password=raw.password,
        grant=grant,
        plan_id=raw.plan_id or None,
        enrollment_token=raw.token,
        fixture_group_id=fixture_group,
        override=override,
    )
    return BlinkUpPayload(payload.ssid, payload.password, payload.plan_id or "", payload.enrollment_token or "")


def _cloud(args: argparse.Namespace, config: object | None) -> CloudClient | None:
    """The cloud named by --endpoint, $STATION_CLOUD_ENDPOINT or the config; None when none is."""
    cloud = getattr(config, "cloud", None)
    endpoint = args.endpoint or os.environ.get(ENDPOINT_ENV)
    if not endpoint and cloud is not None and cloud.endpoint != "emulator":
        endpoint = cloud.endpoint
    if not endpoint:
        return None
    endpoint = check_endpoint(endpoint)
    key_env = cloud.login_key_env if cloud is not None and not args.endpoint else args.login_key_env
    return CloudClient(endpoint, resolve_login_key(key_env, endpoint=endpoint))


def _override(args: argparse.Namespace, raw: BlinkUpPayload, zone: Zone | None) -> EngineeringOverride:
    """The lab override; its audit sink writes an ``engineering_override`` event before any encoding."""
    if not args.operator.strip():
        raise InputError("--engineering-override needs --operator (who overrides is recorded)")
    actor = clean_identifier(args.operator, "operator")
    token_fingerprint = hashlib.sha256(raw.token.encode()).hexdigest()[:12]  # never the token itself

    def audit(record: OverrideRecord) -> None:
        from station.store import Store
        from station.store.audit import Audit

        with Store.open(args.db) as store:
            Audit(store).record(
                record.actor,
                "engineering_override",
                f"blinkup {record.role} payload",
                record.reason,
                {**asdict(record), "token_sha256_12": token_fingerprint, "command": args.blinkup_command},
            )

    return EngineeringOverride(actor=actor, reason=args.engineering_override, audit=audit, zone=zone)
