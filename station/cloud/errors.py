"""Typed cloud errors: what the server said (title, detail, code), not a traceback.

All of them are :class:`~station.errors.StationError`: a cloud fault is an ERROR of the station and
never a FAIL of the DUT.
"""

from __future__ import annotations

from typing import Any

from station.errors import StationError


class CloudError(StationError):
    """Anything that went wrong talking to the cloud."""


class CloudConfigError(CloudError):
    """The station is not set up to reach the cloud: no login key, an insecure endpoint, a bad URL."""


class CloudUnavailable(CloudError):
    """No answer: connection refused, timed out or cut off, after the retries we are allowed."""


class CloudHTTPError(CloudError):
    """The cloud answered with an error; carries its first ``errors[]`` entry and all of them."""

    def __init__(
        self,
        method: str,
        path: str,
        status: int,
        errors: list[dict[str, Any]],
        request_id: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.errors = errors
        self.request_id = request_id
        self.meta = meta or {}
        first = errors[0] if errors else {}
        self.title = str(first.get("title") or "")
        self.detail = str(first.get("detail") or "")
        self.code = str(first.get("code") or "")
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        code = f" [{self.code}]" if self.code else ""
        super().__init__(f"cloud {method} {path} → {status} {self.title}: {self.detail}{code}{more}")


class CloudAuthError(CloudHTTPError):
    """401/403: the login key, token or unblessing key was refused."""


class CloudNotFound(CloudHTTPError):
    """404: the device, group or other resource does not exist (for this account)."""


class CloudConflict(CloudHTTPError):
    """409: the request breaks a rule of the current state (already blessed, group is a target...)."""


class CloudInvalid(CloudHTTPError):
    """400/415/422: the request itself is wrong."""


class CloudRateLimited(CloudHTTPError):
    """429 and we ran out of patience waiting for the window to reset."""


class CloudServerError(CloudHTTPError):
    """5xx after retries."""


class BlessRefused(CloudHTTPError):
    """The cloud refused to bless: not passed, not in the DUT target, already blessed, wrong group."""


def http_error_class(status: int) -> type[CloudHTTPError]:
    if status in (401, 403):
        return CloudAuthError
    if status == 404:
        return CloudNotFound
    if status == 409:
        return CloudConflict
    if status == 429:
        return CloudRateLimited
    if status >= 500:
        return CloudServerError
    return CloudInvalid
