"""impCentral v5 routes added for Electric Imp's own client (imp-central-api): accounts, login keys,
refresh tokens, restarts, deployment and webhook changes, and log streams (Server-Sent Events).

Thin like the rest of ``app.py``: parse, authenticate, hand over to the rule modules
(:mod:`accounts`, :mod:`restarts`, :mod:`changes`, :mod:`logstreams`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Body, Depends, FastAPI, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from station.cloud.emulator import accounts, changes, device_channel, restarts
from station.cloud.emulator.jsonapi import JSONAPI, ApiError
from station.cloud.emulator.service import Account, CloudService


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeviceLogAttrs(_Strict):
    device_id: str = Field(..., min_length=1, max_length=64)
    mac_address: str = Field(..., max_length=64)
    msg: str = Field(..., max_length=2000)
    type: str = Field("server.log", max_length=32)


class DeviceLogData(_Strict):
    type: str = Field("device_log", max_length=64)
    attributes: DeviceLogAttrs


class DeviceLogDoc(_Strict):
    data: DeviceLogData


class LoginKeyAttrs(_Strict):
    description: str | None = Field(None, max_length=2000)


class LoginKeyData(_Strict):
    type: str = Field("login_key", max_length=64)
    id: str | None = Field(None, max_length=200)
    attributes: LoginKeyAttrs = LoginKeyAttrs()


class LoginKeyDoc(_Strict):
    data: LoginKeyData


class DeploymentChange(_Strict):
    description: str | None = Field(None, max_length=2000)
    flagged: bool | None = None
    tags: list[str] | None = Field(None, max_length=100)


class DeploymentChangeData(_Strict):
    type: str = Field("deployment", max_length=64)
    id: str | None = Field(None, max_length=200)
    attributes: DeploymentChange = DeploymentChange()


class DeploymentChangeDoc(_Strict):
    data: DeploymentChangeData


class WebhookChange(_Strict):
    url: str | None = Field(None, max_length=2000)
    content_type: str | None = Field(None, max_length=64)


class WebhookChangeData(_Strict):
    type: str = Field("webhook", max_length=64)
    id: str | None = Field(None, max_length=200)
    attributes: WebhookChange = WebhookChange()


class WebhookChangeDoc(_Strict):
    data: WebhookChangeData


def _id() -> Any:
    return Path(..., min_length=1, max_length=200)


def _doc(doc: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(doc, status_code=status, media_type=JSONAPI)


def _same(kind: str, path_id: str, data: Any) -> None:
    """A PATCH body names the resource it changes; it must be the one in the path."""
    if data.type != kind:
        raise ApiError(409, "Conflict", f"data.type is {data.type!r}; this endpoint changes a {kind}", "TYPE_MISMATCH")
    if data.id is not None and data.id != path_id:
        raise ApiError(409, "Conflict", f"data.id {data.id!r} is not the {kind} in the path ({path_id!r})",
                       "ID_MISMATCH")


def add_routes(app: FastAPI, service: CloudService, account: Callable[..., Account],
               paging: Callable[..., tuple[int, int]], listing: Callable[..., JSONResponse]) -> None:
    """Register the routes on ``app`` (``account``, ``paging`` and ``listing`` come from app.py)."""
    hub = service.log_hub

    def whole_list(request: Request, items: list[Any], page: tuple[int, int]) -> JSONResponse:
        number, size = page
        start = (number - 1) * size
        return listing(request, items[start:start + size], len(items) > start + size, page)

    # ---------------------------------------------------------------- accounts
    @app.get("/v5/accounts", tags=["accounts"])
    def list_accounts(request: Request, acct: Account = Depends(account), page: tuple[int, int] = Depends(paging)):
        return whole_list(request, [accounts.get_account(service, acct, "me")], page)

    @app.get("/v5/accounts/me/refresh_tokens", tags=["accounts"])
    def refresh_tokens(request: Request, acct: Account = Depends(account), page: tuple[int, int] = Depends(paging)):
        return whole_list(request, accounts.list_refresh_tokens(service, acct), page)

    @app.delete("/v5/accounts/me/refresh_tokens/{token_id}", status_code=204, tags=["accounts"])
    def delete_refresh_token(token_id: str = _id(), acct: Account = Depends(account)):
        accounts.delete_refresh_token(service, acct, token_id)
        return Response(status_code=204)

    @app.get("/v5/accounts/me/login_keys", tags=["accounts"])
    def login_keys(request: Request, acct: Account = Depends(account), page: tuple[int, int] = Depends(paging)):
        return whole_list(request, accounts.list_login_keys(service, acct), page)

    @app.post("/v5/accounts/me/login_keys", status_code=201, tags=["accounts"])
    def create_login_key(
        body: LoginKeyDoc = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
        password: str | None = Header(None, alias="X-Electricimp-Password", max_length=200),
    ):
        if body.data.type != "login_key":
            raise ApiError(409, "Conflict", f"data.type is {body.data.type!r}; send a login_key", "TYPE_MISMATCH")
        key = accounts.create_login_key(service, acct, password, body.data.attributes.description or "")
        return _doc({"data": key}, 201)

    @app.get("/v5/accounts/me/login_keys/{key_id}", tags=["accounts"])
    def login_key(key_id: str = _id(), acct: Account = Depends(account)):
        return _doc({"data": accounts.get_login_key(service, acct, key_id)})

    @app.patch("/v5/accounts/me/login_keys/{key_id}", tags=["accounts"])
    def update_login_key(
        key_id: str = _id(),
        body: LoginKeyDoc = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
        password: str | None = Header(None, alias="X-Electricimp-Password", max_length=200),
    ):
        _same("login_key", key_id, body.data)
        return _doc({"data": accounts.update_login_key(service, acct, key_id, password,
                                                       body.data.attributes.description)})

    @app.delete("/v5/accounts/me/login_keys/{key_id}", status_code=204, tags=["accounts"])
    def delete_login_key(
        key_id: str = _id(),
        acct: Account = Depends(account),
        password: str | None = Header(None, alias="X-Electricimp-Password", max_length=200),
    ):
        accounts.delete_login_key(service, acct, key_id, password)
        return Response(status_code=204)

    @app.get("/v5/accounts/{account_id}", tags=["accounts"])
    def get_account(account_id: str = _id(), acct: Account = Depends(account)):
        return _doc({"data": accounts.get_account(service, acct, account_id)})

    # ---------------------------------------------------------------- restarts
    @app.post("/v5/devices/{device_id}/restart", status_code=204, tags=["devices"])
    def restart_device(device_id: str = _id(), acct: Account = Depends(account)):
        restarts.restart_device(service, acct, device_id)
        return Response(status_code=204)

    @app.post("/v5/devices/{device_id}/conditional_restart", status_code=204, tags=["devices"])
    def conditional_restart_device(device_id: str = _id(), acct: Account = Depends(account)):
        restarts.restart_device(service, acct, device_id, conditional=True)
        return Response(status_code=204)

    @app.post("/v5/devicegroups/{group_id}/restart", status_code=204, tags=["devicegroups"])
    def restart_group(group_id: str = _id(), acct: Account = Depends(account)):
        restarts.restart_group(service, acct, group_id)
        return Response(status_code=204)

    @app.post("/v5/devicegroups/{group_id}/conditional_restart", status_code=204, tags=["devicegroups"])
    def conditional_restart_group(group_id: str = _id(), acct: Account = Depends(account)):
        restarts.restart_group(service, acct, group_id, conditional=True)
        return Response(status_code=204)

    # ---------------------------------------------------------------- deployment and webhook changes
    @app.patch("/v5/deployments/{deployment_id}", tags=["deployments"])
    def update_deployment(
        deployment_id: str = _id(),
        body: DeploymentChangeDoc = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
    ):
        _same("deployment", deployment_id, body.data)
        attrs = body.data.attributes.model_dump()
        return _doc({"data": changes.update_deployment(service, acct, deployment_id, attrs)})

    @app.delete("/v5/deployments/{deployment_id}", status_code=204, tags=["deployments"])
    def delete_deployment(deployment_id: str = _id(), acct: Account = Depends(account)):
        changes.delete_deployment(service, acct, deployment_id)
        return Response(status_code=204)

    @app.patch("/v5/webhooks/{webhook_id}", tags=["webhooks"])
    def update_webhook(
        webhook_id: str = _id(),
        body: WebhookChangeDoc = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
    ):
        _same("webhook", webhook_id, body.data)
        return _doc({"data": changes.update_webhook(service, acct, webhook_id, body.data.attributes.model_dump())})

    # ---------------------------------------------------------------- simulated devices (emulator extension)
    @app.post("/v5/device_channel/logs", status_code=204, tags=["factory"])
    def device_says(body: DeviceLogDoc = Body(..., media_type=JSONAPI)):
        a = body.data.attributes
        device_channel.device_log(service, a.device_id, a.mac_address, a.msg, a.type)
        return Response(status_code=204)

    # ---------------------------------------------------------------- log streams
    @app.post("/v5/logstream", status_code=201, tags=["logstreams"])
    def create_logstream(acct: Account = Depends(account)):
        stream_id = hub.create(acct.id)
        return _doc({"data": {"type": "logstream", "id": stream_id, "attributes": {"devices": []}}}, 201)

    @app.put("/v5/logstream/{stream_id}/{device_id}", tags=["logstreams"])
    def add_to_logstream(stream_id: str = _id(), device_id: str = _id(), acct: Account = Depends(account)):
        with service.db.tx() as c:
            dev = service._device(c, acct, device_id)  # an ID, MAC or agent ID, like every device route
        dropped = hub.add_device(acct.id, stream_id, dev["id"])
        meta = {"dropped": dropped} if dropped else {}
        return _doc({"data": {"type": "logstream", "id": stream_id,
                              "attributes": {"devices": hub.devices(acct.id, stream_id)}}, "meta": meta})

    @app.delete("/v5/logstream/{stream_id}/{device_id}", status_code=204, tags=["logstreams"])
    def remove_from_logstream(stream_id: str = _id(), device_id: str = _id(), acct: Account = Depends(account)):
        with service.db.tx() as c:
            dev = service._device(c, acct, device_id)
        hub.remove_device(acct.id, stream_id, dev["id"])
        return Response(status_code=204)

    @app.get("/v5/logstream/{stream_id}", tags=["logstreams"],
             responses={200: {"content": {"text/event-stream": {}}}})
    async def read_logstream(
        request: Request,
        stream_id: str = _id(),
        fmt: str = Query("text", alias="format", pattern="^(text|json)$"),
    ):
        # No bearer token here: Electric Imp's client opens this EventSource without one; the
        # stream's long random ID is the credential.
        stream = hub.attach(stream_id, fmt)
        return StreamingResponse(hub.events(stream, request.is_disconnected), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
