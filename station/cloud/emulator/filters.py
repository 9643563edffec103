"""The v5 list filters, in one table: which ``filter[...]`` each collection knows and what it means.

From shared/reference/impcentral.md §1.4. Every listed filter is applied; a ``filter[...]`` the
collection does not know is refused with a 400 whose ``errors[]`` names each one — a test that
believes it filtered must never pass on an unfiltered list. A filter given several times (the
client's "repeat" array format) matches any of its values, except ``tags``, where every tag given
(repeated or comma-separated) must be on the deployment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from station.cloud import models as m
from station.cloud.emulator.jsonapi import ApiError

Filters = dict[str, list[str]]
Clause = Callable[[list[str]], tuple[str, list[Any]]]

MAX_VALUES = 100
MAX_VALUE_LEN = 200
MAX_TAGS = 50
_FILTER_KEY = re.compile(r"^filter\[(.*)\]$")


def _any_of(column: str) -> Clause:
    def clause(values: list[str]) -> tuple[str, list[Any]]:
        return f"{column} IN ({','.join('?' * len(values))})", list(values)

    return clause


def _group_type(column: str) -> Clause:
    def clause(values: list[str]) -> tuple[str, list[Any]]:
        bad = [v for v in values if v not in m.GROUP_TYPES]
        if bad:
            raise ApiError(400, "Bad Request", f"filter value {bad[0]!r} is not a device group type; one of "
                           + ", ".join(m.GROUP_TYPES), "INVALID_FILTER")
        return _any_of(column)(values)

    return clause


def _group_or_null(column: str) -> Clause:
    """``null`` means "in no device group" (impCentral's way of listing unassigned devices)."""

    def clause(values: list[str]) -> tuple[str, list[Any]]:
        real = [v for v in values if v != "null"]
        parts = [f"{column} IS NULL"] if "null" in values else []
        if real:
            parts.append(f"{column} IN ({','.join('?' * len(real))})")
        return "(" + " OR ".join(parts) + ")", real

    return clause


def _group_owner(values: list[str]) -> tuple[str, list[Any]]:
    real = [v for v in values if v != "null"]
    parts = ["d.group_id IS NULL"] if "null" in values else []
    if real:
        parts.append("d.group_id IN (SELECT g2.id FROM groups g2 JOIN products p2 ON p2.id=g2.product_id "
                     f"WHERE p2.account_id IN ({','.join('?' * len(real))}))")
    return "(" + " OR ".join(parts) + ")", real


def _flagged(values: list[str]) -> tuple[str, list[Any]]:
    wanted = set()
    for v in values:
        if v not in ("true", "false", "any"):
            raise ApiError(400, "Bad Request", f"filter[flagged] is {v!r}; use true, false or any", "INVALID_FILTER")
        wanted |= {0, 1} if v == "any" else {int(v == "true")}
    return f"t.flagged IN ({','.join(str(w) for w in sorted(wanted))})", []


def _tags(values: list[str]) -> tuple[str, list[Any]]:
    tags = [t.strip() for v in values for t in v.split(",") if t.strip()]
    if not tags or len(tags) > MAX_TAGS:
        raise ApiError(400, "Bad Request", f"filter[tags] names {len(tags)} tags; give 1 to {MAX_TAGS}",
                       "INVALID_FILTER")
    return " AND ".join("EXISTS (SELECT 1 FROM json_each(t.tags) WHERE json_each.value=?)" for _ in tags), tags


# collection -> filter name -> SQL clause builder. The aliases are those of the service's list queries:
# products p; devicegroups g (products p); devices d (groups g); deployments/webhooks t (groups g, products p).
FILTERS: dict[str, dict[str, Clause]] = {
    "products": {"owner.id": _any_of("p.account_id")},
    "devicegroups": {
        "owner.id": _any_of("p.account_id"),
        "product.id": _any_of("g.product_id"),
        "type": _group_type("g.type"),
    },
    "devices": {
        "owner.id": _any_of("d.account_id"),
        "product.id": _any_of("g.product_id"),
        "devicegroup.id": _group_or_null("d.group_id"),
        "devicegroup.owner.id": _group_owner,
        "devicegroup.type": _group_type("g.type"),
    },
    "deployments": {
        "owner.id": _any_of("p.account_id"),
        "creator.id": _any_of("t.creator_id"),
        "product.id": _any_of("g.product_id"),
        "devicegroup.id": _any_of("t.group_id"),
        "sha": _any_of("t.sha"),
        "flagged": _flagged,
        "flagger.id": _any_of("t.flagger_id"),
        "tags": _tags,
    },
    "webhooks": {"devicegroup.id": _any_of("t.group_id")},
}


def read(collection: str, query: Iterable[tuple[str, str]]) -> Filters:
    """The filters of a request's query string; a 400 naming every unknown one."""
    known = FILTERS.get(collection, {})
    found: Filters = {}
    unknown: list[str] = []
    for key, value in query:
        match = _FILTER_KEY.match(key)
        if match is None:
            if key.startswith("filter"):
                unknown.append(key)
            continue
        if match.group(1) not in known:
            unknown.append(key)
            continue
        if len(value) > MAX_VALUE_LEN or len(found.get(match.group(1), [])) >= MAX_VALUES:
            raise ApiError(400, "Bad Request", f"{key}: at most {MAX_VALUES} values of at most {MAX_VALUE_LEN} "
                           "characters each", "INVALID_FILTER")
        found.setdefault(match.group(1), []).append(value)
    if unknown:
        allowed = ", ".join(f"filter[{k}]" for k in known) or "none"
        errors = [{"status": "400", "title": "Bad Request",
                   "detail": f"{key} is not a filter of /{collection} (known: {allowed})",
                   "code": "UNKNOWN_FILTER", "source": {"parameter": key}} for key in dict.fromkeys(unknown)]
        err = ApiError(400, "Bad Request", errors[0]["detail"], "UNKNOWN_FILTER")
        err.errors = errors
        raise err
    return found


def where(collection: str, filters: Filters) -> tuple[str, list[Any]]:
    """`` AND ...`` clauses (possibly empty) and their parameters for the collection's list query."""
    sql, params = "", []
    for name, values in filters.items():
        clause, args = FILTERS[collection][name](values)
        sql += f" AND {clause}"
        params += args
    return sql, params
