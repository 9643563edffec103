"""Limits as data: a TOML file beside the script, keyed by step and measurement.

    [power_on.rail_3v3]          # step "power_on", measurement "rail_3v3"
    unit = "V"                   # optional; must agree with the script's declared unit
    low = 3.20
    high = 3.40
    marginal_low = 3.25
    marginal_high = 3.35

    [variants."SKU-EU".power_on.rail_3v3]   # a variant overrides single fields
    high = 3.45

An entry in the file replaces the script's default check for that measurement; a variant entry
then overrides field by field. Every name is checked against the script, so a typo is an error
that names the file and line instead of a limit that silently never applies.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station.errors import InputError
from station.testkit.checks import CHECK_FIELDS, Check
from station.testkit.script import Script
from station.tomlfile import locate, read_toml

_ENTRY_FIELDS = CHECK_FIELDS | {"unit"}


@dataclass(frozen=True, slots=True)
class Limits:
    """Resolved limits of one run: the check for each (step, measurement), plus provenance."""

    checks: dict[tuple[str, str], Check]
    path: Path | None
    sha256: str | None
    variant: str | None

    def check_for(self, step: str, name: str, default: Check, base: str | None = None) -> Check:
        """The check of a measurement: the file's (for this step, else for the parameterised step's
        ``base`` name), else the script's; a script's validator survives a file's numeric limits."""
        found = self.checks.get((step, name))
        if found is None and base is not None:
            found = self.checks.get((base, name))
        if found is None:
            return default
        if default.validator is not None and found.validator is None:
            return dataclasses.replace(found, validator=default.validator, validator_text=default.validator_text)
        return found


def load_limits(path: Path | None, script: Script, variant: str | None = None) -> Limits:
    """Load and validate a limits file against ``script``; ``None`` means the script's defaults."""
    if path is None:
        if variant is not None:
            raise InputError(f"variant {variant!r} given but the script has no limits file")
        return Limits(checks={}, path=None, sha256=None, variant=None)
    data, text, raw = read_toml(path, "limits file")
    variants = data.pop("variants", {})
    data.pop("meta", None)
    entries = _entries(data, script, path, text, prefix=())
    if variant is not None:
        if variant not in variants:
            known = ", ".join(sorted(variants)) or "none"
            raise InputError(f"unknown variant {variant!r} (the file defines: {known})", path=str(path))
        overrides = _entries(variants[variant], script, path, text, prefix=("variants", variant))
        for key, fields in overrides.items():
            entries[key] = {**entries.get(key, {}), **fields}
    else:
        for name, table in variants.items():  # validate every variant even when not selected
            _entries(table, script, path, text, prefix=("variants", name))
    checks: dict[tuple[str, str], Check] = {}
    for (step_name, name), fields in entries.items():
        fields = dict(fields)
        fields.pop("unit", None)
        try:
            checks[(step_name, name)] = Check(**fields)
        except (TypeError, ValueError, re.error) as exc:
            line = locate(text, step_name, name)
            raise InputError(f"limits for {step_name}.{name}: {exc}", path=str(path), line=line) from None
    return Limits(checks=checks, path=path, sha256=hashlib.sha256(raw).hexdigest(), variant=variant)


def _entries(
    data: dict[str, Any], script: Script, path: Path, text: str, prefix: tuple[str, ...]
) -> dict[tuple[str, str], dict[str, Any]]:
    steps = {s.name: s for s in script.all_steps}
    for s in script.all_steps:  # a parameterised step's limits may be keyed by its base name
        steps.setdefault(s.base_name, s)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for step_name, table in data.items():
        line = locate(text, *prefix, step_name)
        if step_name not in steps:
            raise InputError(
                f"unknown step {step_name!r} (the script has: {', '.join(steps)})", path=str(path), line=line
            )
        if not isinstance(table, dict):
            raise InputError(f"{step_name!r} must be a table of measurements", path=str(path), line=line)
        step = steps[step_name]
        for name, fields in table.items():
            line = locate(text, *prefix, step_name, name)
            declared = step.measurement(name)
            if declared is None:
                known = ", ".join(m.name for m in step.measurements) or "none"
                raise InputError(
                    f"unknown measurement {name!r} in step {step_name!r} (declared: {known})",
                    path=str(path),
                    line=line,
                )
            if not isinstance(fields, dict):
                raise InputError(f"{step_name}.{name} must be a table of limits", path=str(path), line=line)
            unknown = set(fields) - _ENTRY_FIELDS
            if unknown:
                raise InputError(
                    f"{step_name}.{name}: unknown field(s) {sorted(unknown)} "
                    f"(allowed: {', '.join(sorted(_ENTRY_FIELDS))})",
                    path=str(path),
                    line=line,
                )
            unit = fields.get("unit")
            if unit is not None and unit != declared.unit:
                raise InputError(
                    f"{step_name}.{name}: unit {unit!r} disagrees with the script's {declared.unit!r}",
                    path=str(path),
                    line=line,
                )
            out[(step_name, name)] = dict(fields)
    return out


def default_limits_path(script_path: Path) -> Path | None:
    """The limits file beside a script: ``<stem>.limits.toml``, else ``limits.toml``, else none."""
    for candidate in (script_path.with_name(f"{script_path.stem}.limits.toml"), script_path.with_name("limits.toml")):
        if candidate.is_file():
            return candidate
    return None
