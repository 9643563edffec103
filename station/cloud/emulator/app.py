"""The emulator's HTTP API: impCentral v5 routes on FastAPI, plus our factory extensions.

Routes are thin: they parse the JSON:API body (pydantic models, so the OpenAPI document describes
them for schemathesis), authenticate, and hand over to :class:`CloudService`, which owns the rules.
Every error — ours, a validation error, an unknown route — leaves as ``{"errors": [...]}``.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from fastapi import Body, Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from station.cloud.emulator import filters as flt
from station.cloud.emulator import routes_more
from station.cloud.emulator.faults import FaultInjector, FaultSettingsError, validate_fault_changes
from station.cloud.emulator.jsonapi import JSONAPI, ApiError
from station.cloud.emulator.service import Account, CloudService, request_hash


def _id() -> Any:
    return Path(..., min_length=1, max_length=200)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RefIn(_Strict):
    type: str = Field(..., max_length=64)
    id: str = Field(..., min_length=1, max_length=200)


class AuthLogin(_Strict):
    """``{id, password}``, or the second step of a two-factor login: ``{login_token}`` + OTP header."""

    id: str | None = Field(None, max_length=200)
    password: str | None = Field(None, max_length=200)
    login_token: str | None = Field(None, max_length=200)


class AuthToken(_Strict):
    key: str | None = Field(None, max_length=200)
    token: str | None = Field(None, max_length=200)


class ProductAttrs(_Strict):
    name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=2000)


class ProductData(_Strict):
    type: str = Field("product", max_length=64)
    id: str | None = Field(None, max_length=200)
    attributes: ProductAttrs = ProductAttrs()
    relationships: dict[str, RefIn] = {}


class ProductDoc(_Strict):
    data: ProductData


# Values are kept exactly as sent: a number stays a number (imp code reads them with their JSON types).
EnvVars = dict[str, str | int | float | bool]


class GroupAttrs(_Strict):
    name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=2000)
    env_vars: EnvVars | None = None
    region: str | None = Field(None, max_length=64)
    load_code_after_blessing: bool | None = None


class GroupData(_Strict):
    type: str = Field(..., max_length=64)
    id: str | None = Field(None, max_length=200)
    attributes: GroupAttrs = GroupAttrs()
    relationships: dict[str, RefIn] = {}


class GroupDoc(_Strict):
    data: GroupData


class RefList(_Strict):
    data: list[RefIn] = Field(..., max_length=1000)


class RefOne(_Strict):
    data: RefIn


class DeviceAttrs(_Strict):
    name: str | None = Field(None, max_length=200)


class DeviceData(_Strict):
    type: str = Field("device", max_length=64)
    id: str | None = Field(None, max_length=200)
    attributes: DeviceAttrs = DeviceAttrs()


class DeviceDoc(_Strict):
    data: DeviceData


class DeploymentAttrs(_Strict):
    device_code: str | None = None
    agent_code: str | None = None
    description: str | None = Field(None, max_length=2000)
    origin: str | None = Field(None, max_length=200)
    flagged: bool | None = None
    tags: list[str] | None = Field(None, max_length=100)
    env_vars: EnvVars | None = None


class DeploymentData(_Strict):
    type: str = Field("deployment", max_length=64)
    attributes: DeploymentAttrs
    relationships: dict[str, RefIn]


class DeploymentDoc(_Strict):
    data: DeploymentData


class WebhookAttrs(_Strict):
    url: str = Field(..., max_length=2000)
    event: str = Field(..., max_length=32)
    content_type: str = Field("application/json", max_length=64)


class WebhookData(_Strict):
    type: str = Field("webhook", max_length=64)
    attributes: WebhookAttrs
    relationships: dict[str, RefIn]


class WebhookDoc(_Strict):
    data: WebhookData


class BlessAttrs(_Strict):
    passed: bool
    test_record: dict[str, Any] = {}


class BlessData(_Strict):
    type: str = Field("blessing", max_length=64)
    attributes: BlessAttrs
    relationships: dict[str, RefIn]


class BlessDoc(_Strict):
    data: BlessData


class EnrollAttrs(_Strict):
    purpose: str = Field(..., max_length=32)


class EnrollData(_Strict):
    type: str = Field("enrollment", max_length=64)
    attributes: EnrollAttrs
    relationships: dict[str, RefIn] = {}


class EnrollDoc(_Strict):
    data: EnrollData


class DeviceEnrollAttrs(_Strict):
    mac_address: str = Field(..., max_length=64)
    device_id: str | None = Field(None, max_length=64)
    enrollment_token: str = Field(..., max_length=200)
    plan_id: str | None = Field(None, max_length=200)
    imp_type: str | None = Field(None, max_length=32)
    # The BlinkUp fixture that flashed the device (device ID or MAC), as the real cloud knows it
    # from the fixture's factory BlinkUp; its group must be the factory token's.
    fixture_device_id: str | None = Field(None, min_length=1, max_length=64)


class DeviceEnrollData(_Strict):
    type: str = Field("device_enrollment", max_length=64)
    attributes: DeviceEnrollAttrs


class DeviceEnrollDoc(_Strict):
    data: DeviceEnrollData


def jsonapi(doc: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(doc, status_code=status, media_type=JSONAPI)


def _rel_id(rels: dict[str, RefIn], name: str) -> str:
    ref = rels.get(name)
    if ref is None:
        raise ApiError(
            422, "Unprocessable Entity", f"relationships.{name} is required", "RELATIONSHIP_REQUIRED"
        )
    return ref.id


def filters_of(collection: str) -> Any:
    """A dependency: the request's ``filter[...]`` parameters, unknown ones refused (400)."""

    def read(request: Request) -> flt.Filters:
        return flt.read(collection, request.query_params.multi_items())

    return read


def filter_params(collection: str) -> dict[str, Any]:
    """The collection's filters in the OpenAPI document (from the one filter table)."""
    return {"parameters": [{"name": f"filter[{name}]", "in": "query", "required": False,
                            "schema": {"type": "string", "maxLength": 200}}
                           for name in flt.FILTERS[collection]]}


def _body_ok(content_type: str, path: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    if path.startswith("/v5/auth"):
        return media in ("application/json", JSONAPI)
    return media == JSONAPI


def build_app(service: CloudService, injector_holder: dict[str, FaultInjector] | None = None) -> FastAPI:
    """The FastAPI app for ``service``.

    ``injector_holder['faults']`` gives the admin routes the fault switch.
    """
    app = FastAPI(
        title="Factory Station cloud emulator (impCentral API v5 compatible)",
        version="1.0",
        description="impCentral v5 conventions plus the station's factory extensions (bless, enroll); "
        "see docs/cloud-api.md.",
    )
    cfg = service.config
    holder = injector_holder if injector_holder is not None else {}

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.document(), status_code=exc.status, media_type=JSONAPI, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        status = 422
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()))
            if e.get("type") == "json_invalid":
                status = 400
                errors.append(
                    {
                        "status": "400",
                        "title": "Malformed JSON",
                        "detail": f"the request body is not valid JSON: {e.get('msg')} "
                        f"({(e.get('ctx') or {}).get('error', '')})".strip(),
                        "code": "MALFORMED_JSON",
                    }
                )
                continue
            if e.get("loc", ("",))[0] in ("query", "path", "header"):
                status = 400 if status == 422 else status
            errors.append(
                {
                    "status": str(status),
                    "title": "Invalid request",
                    "detail": f"{where}: {e.get('msg')}",
                    "code": "INVALID_REQUEST",
                    "source": {"pointer": "/" + "/".join(str(p) for p in e.get("loc", ())[1:])},
                }
            )
        for e in errors:
            e["status"] = str(status)
        return JSONResponse({"errors": errors}, status_code=status, media_type=JSONAPI)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> Response:
        return JSONResponse(
            {
                "errors": [
                    {
                        "status": str(exc.status_code),
                        "title": str(exc.detail),
                        "detail": f"{exc.detail}",
                        "code": f"HTTP_{exc.status_code}",
                    }
                ]
            },
            status_code=exc.status_code,
            media_type=JSONAPI,
            headers=exc.headers,
        )

    @app.middleware("http")
    async def _content_type(request: Request, call_next: Any) -> Response:
        path = request.url.path
        if path.startswith("/v5") and request.method in ("POST", "PUT", "PATCH", "DELETE"):
            has_body = (
                request.headers.get("content-length", "0") not in ("0", "")
                or "transfer-encoding" in request.headers
            )
            ctype = request.headers.get("content-type", "")
            if has_body and not _body_ok(ctype, path):
                want = "application/json" if path.startswith("/v5/auth") else JSONAPI
                return jsonapi(
                    {
                        "errors": [
                            {
                                "status": "415",
                                "title": "Unsupported Media Type",
                                "detail": f"Content-Type {ctype or '(none)'!r} is not accepted here; "
                                f"send {want}",
                                "code": "UNSUPPORTED_MEDIA_TYPE",
                            }
                        ]
                    },
                    415,
                )
        response = await call_next(request)
        response.headers["X-Request-Id"] = request.headers.get("x-request-id", "")[:100] or str(uuid.uuid4())
        return response

    def account(authorization: str | None = Header(None, max_length=2000)) -> Account:
        return service.authenticate(authorization)

    def _group_rel(acct: Account, rels: dict[str, RefIn], name: str) -> str:
        _rel_id(rels, name)
        return service.check_group_ref(acct, rels[name].model_dump(), name)

    def paging(
        number: int = Query(1, alias="page[number]", ge=1, le=1_000_000),
        size: int | None = Query(None, alias="page[size]", ge=1, le=cfg.page_size_max),
    ) -> tuple[int, int]:
        return number, size or cfg.page_size_default

    def listing(request: Request, items: list[Any], more: bool, page: tuple[int, int]) -> JSONResponse:
        number, size = page

        def link(n: int) -> str:
            params = dict(request.query_params)
            params["page[number]"] = str(n)
            params["page[size]"] = str(size)
            return str(request.url.replace_query_params(**params))

        links = {"self": link(number), "first": link(1)}
        if more:
            links["next"] = link(number + 1)
        if number > 1:
            links["prev"] = link(number - 1)
        return jsonapi({"data": items, "links": links})

    # -------------------------------------------------------------- auth
    @app.post("/v5/auth", tags=["auth"])
    def login(
        body: AuthLogin,
        otp_code: str | None = Header(None, alias="X-Electricimp-OTP-Token", max_length=20),
    ) -> JSONResponse:
        if body.login_token is not None:
            if body.id is not None or body.password is not None:
                raise ApiError(400, "Bad Request", "send either {id, password} or {login_token}, not both",
                               "AUTH_BODY")
            return JSONResponse(service.login_otp(body.login_token, otp_code))
        if body.id is None or body.password is None:
            raise ApiError(400, "Bad Request", "send {id, password} (or {login_token} with the one-time password)",
                           "AUTH_BODY")
        return JSONResponse(service.login_password(body.id, body.password))

    @app.post("/v5/auth/token", tags=["auth"])
    def token(body: AuthToken) -> JSONResponse:
        if bool(body.key) == bool(body.token):
            raise ApiError(
                400,
                "Bad Request",
                "send exactly one of 'key' (a login key) or 'token' (a refresh token)",
                "AUTH_BODY",
            )
        return JSONResponse(service.login_key(body.key) if body.key else service.refresh(str(body.token)))

    @app.get("/v5/accounts/me", tags=["accounts"])
    def me(acct: Account = Depends(account)) -> JSONResponse:
        return jsonapi(
            {"data": {"type": "account", "id": acct.id, "attributes": {"username": acct.username}}}
        )

    # -------------------------------------------------------------- products
    @app.get("/v5/products", tags=["products"], openapi_extra=filter_params("products"))
    def products(request: Request, acct: Account = Depends(account), page: tuple[int, int] = Depends(paging),
                 filters: flt.Filters = Depends(filters_of("products"))):
        return listing(request, *service.list_products(acct, *page, filters), page)

    @app.post("/v5/products", status_code=201, tags=["products"])
    def create_product(body: ProductDoc = Body(..., media_type=JSONAPI), acct: Account = Depends(account)):
        return jsonapi(
            {
                "data": service.create_product(
                    acct, body.data.attributes.name or "", body.data.attributes.description or ""
                )
            },
            201,
        )

    @app.get("/v5/products/{product_id}", tags=["products"])
    def product(product_id: str = _id(), acct: Account = Depends(account)):
        return jsonapi({"data": service.get_product(acct, product_id)})

    @app.patch("/v5/products/{product_id}", tags=["products"])
    def update_product(
        product_id: str = _id(),
        body: ProductDoc = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
    ):
        return jsonapi({"data": service.update_product(acct, product_id, body.data.attributes.model_dump())})

    @app.delete("/v5/products/{product_id}", status_code=204, tags=["products"])
    def delete_product(product_id: str = _id(), acct: Account = Depends(account)):
        service.delete_product(acct, product_id)
        return Response(status_code=204)

    # -------------------------------------------------------------- device groups
    @app.get("/v5/devicegroups", tags=["devicegroups"], openapi_extra=filter_params("devicegroups"))
    def groups(
        request: Request,
        acct: Account = Depends(account),
        page: tuple[int, int] = Depends(paging),
        filters: flt.Filters = Depends(filters_of("devicegroups")),
    ):
        return listing(request, *service.list_groups(acct, *page, filters), page)

    @app.post("/v5/devicegroups", status_code=201, tags=["devicegroups"])
    def create_group(body: GroupDoc = Body(..., media_type=JSONAPI), acct: Account = Depends(account)):
        d = body.data
        rels = {k: v.model_dump() for k, v in d.relationships.items()}
        return jsonapi(
            {"data": service.create_group(acct, d.type, d.attributes.model_dump(exclude_none=True), rels)},
            201,
        )

    @app.get("/v5/devicegroups/{group_id}", tags=["devicegroups"])
    def group(group_id: str = _id(), acct: Account = Depends(account)):
        return jsonapi({"data": service.get_group(acct, group_id)})

    @app.patch("/v5/devicegroups/{group_id}", tags=["devicegroups"])
    def update_group(
        group_id: str = _id(),
        body: GroupDoc = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
    ):
        d = body.data
        rels = {k: v.model_dump() for k, v in d.relationships.items()}
        return jsonapi(
            {"data": service.update_group(acct, group_id, d.type, d.attributes.model_dump(), rels)}
        )

    @app.delete("/v5/devicegroups/{group_id}", status_code=204, tags=["devicegroups"])
    def delete_group(group_id: str = _id(), acct: Account = Depends(account)):
        service.delete_group(acct, group_id)
        return Response(status_code=204)

    @app.post("/v5/devicegroups/{group_id}/relationships/devices", tags=["devicegroups"])
    def assign(
        group_id: str = _id(),
        body: RefList = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
        idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
    ):
        ids = [r.id for r in body.data]
        h = request_hash("assign", group_id, ids)
        if idempotency_key:
            stored = service.replay(acct, idempotency_key, "POST", f"assign:{group_id}", h)
            if stored is not None:
                return jsonapi(stored[1], stored[0])
        try:
            doc, status = service.assign(acct, group_id, ids), 200
        except ApiError as exc:
            if idempotency_key and exc.status != 404:
                service.remember(
                    acct, idempotency_key, "POST", f"assign:{group_id}", h, exc.status, exc.document()
                )
            raise
        if idempotency_key:
            service.remember(acct, idempotency_key, "POST", f"assign:{group_id}", h, status, doc)
        return jsonapi(doc, status)

    @app.delete("/v5/devicegroups/{group_id}/relationships/devices", tags=["devicegroups"])
    def unassign(
        group_id: str = _id(),
        body: RefList = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
        unbless_key: str | None = Header(None, alias="X-Electricimp-Key", max_length=200),
    ):
        return jsonapi(service.unassign(acct, group_id, [r.id for r in body.data], unbless_key))

    @app.put("/v5/devicegroups/{group_id}/relationships/min_supported_deployment", tags=["devicegroups"])
    def min_deployment(
        group_id: str = _id(), body: RefOne = Body(..., media_type=JSONAPI), acct: Account = Depends(account)
    ):
        return jsonapi({"data": service.set_min_deployment(acct, group_id, body.data.id)})

    # -------------------------------------------------------------- devices
    @app.get("/v5/devices", tags=["devices"], openapi_extra=filter_params("devices"))
    def devices(
        request: Request,
        acct: Account = Depends(account),
        page: tuple[int, int] = Depends(paging),
        filters: flt.Filters = Depends(filters_of("devices")),
    ):
        return listing(request, *service.list_devices(acct, *page, filters), page)

    @app.get("/v5/devices/{device_id}", tags=["devices"])
    def device(device_id: str = _id(), acct: Account = Depends(account)):
        return jsonapi({"data": service.get_device(acct, device_id)})

    @app.patch("/v5/devices/{device_id}", tags=["devices"])
    def rename(
        device_id: str = _id(),
        body: DeviceDoc = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
    ):
        return jsonapi({"data": service.rename_device(acct, device_id, body.data.attributes.name)})

    @app.delete("/v5/devices/{device_id}", status_code=204, tags=["devices"])
    def delete_device(
        device_id: str = _id(),
        acct: Account = Depends(account),
        unbless_key: str | None = Header(None, alias="X-Electricimp-Key", max_length=200),
    ):
        service.delete_device(acct, device_id, unbless_key)
        return Response(status_code=204)

    @app.get("/v5/devices/{device_id}/history", tags=["devices"])
    def history(
        request: Request,
        device_id: str = _id(),
        acct: Account = Depends(account),
        page: tuple[int, int] = Depends(paging),
    ):
        return listing(request, *service.device_history(acct, device_id, *page), page)

    @app.get("/v5/devices/{device_id}/logs", tags=["devices"])
    def logs(
        request: Request,
        device_id: str = _id(),
        acct: Account = Depends(account),
        page: tuple[int, int] = Depends(paging),
    ):
        return listing(request, *service.device_logs(acct, device_id, *page), page)

    @app.post("/v5/devices/{device_id}/bless", status_code=201, tags=["factory"])
    def bless(
        device_id: str = _id(),
        body: BlessDoc = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
        idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
    ):
        d = body.data
        status, doc = service.bless(
            acct,
            device_id,
            d.attributes.passed,
            _rel_id(d.relationships, "fixture_group"),
            d.attributes.test_record,
            idempotency_key,
        )
        return jsonapi(doc, status)

    # -------------------------------------------------------------- deployments
    @app.get("/v5/deployments", tags=["deployments"], openapi_extra=filter_params("deployments"))
    def deployments(
        request: Request,
        acct: Account = Depends(account),
        page: tuple[int, int] = Depends(paging),
        filters: flt.Filters = Depends(filters_of("deployments")),
    ):
        return listing(request, *service.list_deployments(acct, *page, filters), page)

    @app.post("/v5/deployments", status_code=201, tags=["deployments"])
    def create_deployment(
        body: DeploymentDoc = Body(..., media_type=JSONAPI), acct: Account = Depends(account)
    ):
        d = body.data
        return jsonapi(
            {
                "data": service.create_deployment(
                    acct, d.attributes.model_dump(), _group_rel(acct, d.relationships, "devicegroup")
                )
            },
            201,
        )

    @app.get("/v5/deployments/{deployment_id}", tags=["deployments"])
    def deployment(deployment_id: str = _id(), acct: Account = Depends(account)):
        return jsonapi({"data": service.get_deployment(acct, deployment_id)})

    # -------------------------------------------------------------- webhooks
    @app.get("/v5/webhooks", tags=["webhooks"], openapi_extra=filter_params("webhooks"))
    def webhooks(
        request: Request,
        acct: Account = Depends(account),
        page: tuple[int, int] = Depends(paging),
        filters: flt.Filters = Depends(filters_of("webhooks")),
    ):
        return listing(request, *service.list_webhooks(acct, *page, filters), page)

    @app.post("/v5/webhooks", status_code=201, tags=["webhooks"])
    def create_webhook(body: WebhookDoc = Body(..., media_type=JSONAPI), acct: Account = Depends(account)):
        d = body.data
        return jsonapi(
            {
                "data": service.create_webhook(
                    acct, d.attributes.model_dump(), _group_rel(acct, d.relationships, "devicegroup")
                )
            },
            201,
        )

    @app.get("/v5/webhooks/{webhook_id}", tags=["webhooks"])
    def webhook(webhook_id: str = _id(), acct: Account = Depends(account)):
        return jsonapi({"data": service.get_webhook(acct, webhook_id)})

    @app.delete("/v5/webhooks/{webhook_id}", status_code=204, tags=["webhooks"])
    def delete_webhook(webhook_id: str = _id(), acct: Account = Depends(account)):
        service.delete_webhook(acct, webhook_id)
        return Response(status_code=204)

    @app.get("/v5/webhooks/{webhook_id}/deliveries", tags=["webhooks"])
    def deliveries(
        request: Request,
        webhook_id: str = _id(),
        acct: Account = Depends(account),
        page: tuple[int, int] = Depends(paging),
    ):
        return listing(request, *service.webhook_deliveries(acct, webhook_id, *page), page)

    # -------------------------------------------------------------- factory enrollment
    @app.post("/v5/enroll", status_code=201, tags=["factory"])
    def enroll(
        body: EnrollDoc = Body(..., media_type=JSONAPI),
        acct: Account = Depends(account),
        idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
    ):
        d = body.data
        fixture = d.relationships.get("devicegroup")
        fixture_id = fixture.id if fixture else None
        h = request_hash("enroll", d.attributes.purpose, fixture_id)
        if idempotency_key:  # a retried grant request gets the first grant, not a second token
            stored = service.replay(acct, idempotency_key, "POST", "enroll", h)
            if stored is not None:
                return jsonapi(stored[1], stored[0])
        doc = {"data": service.issue_enrollment(acct, d.attributes.purpose, fixture_id)}
        if idempotency_key:
            service.remember(acct, idempotency_key, "POST", "enroll", h, 201, doc)
        return jsonapi(doc, 201)

    @app.get("/v5/enroll/{token}", tags=["factory"])
    def lookup_enrollment(token: str = Path(..., min_length=1, max_length=64), acct: Account = Depends(account)):
        return jsonapi({"data": service.lookup_enrollment(acct, token)})

    @app.post("/v5/enroll/device", status_code=201, tags=["factory"])
    def enroll_device(body: DeviceEnrollDoc = Body(..., media_type=JSONAPI)):
        return jsonapi({"data": service.enroll_device(body.data.attributes.model_dump())}, 201)

    routes_more.add_routes(app, service, account, paging, listing)

    # -------------------------------------------------------------- admin (tests, demo; not impCentral)
    @app.get("/_admin/faults", include_in_schema=False)
    def get_faults():
        from dataclasses import asdict

        inj = holder.get("faults")
        return {"faults": asdict(inj.faults) if inj else None, "counters": inj.counters if inj else {}}

    @app.put("/_admin/faults", include_in_schema=False)
    def put_faults(body: Any = Body(...)):
        from dataclasses import asdict

        inj = holder.get("faults")
        if inj is None:
            raise ApiError(409, "Conflict", "fault injection is not installed", "NO_FAULTS")
        try:
            return {"faults": asdict(inj.update(**validate_fault_changes(body)))}
        except FaultSettingsError as exc:  # nothing was changed; every bad field is named
            error = ApiError(422, "Unprocessable Entity", str(exc), "INVALID_FAULTS")
            error.errors = [{"status": "422", "title": "Unprocessable Entity", "detail": f"{name}: {what}",
                             "code": "INVALID_FAULTS", "source": {"pointer": f"/{name}"}}
                            for name, what in exc.problems]
            raise error from exc

    @app.post("/_admin/expire-tokens", include_in_schema=False)
    def expire_tokens():
        service.expire_all_tokens()
        return {"expired": True}

    @app.get("/_admin/stats", include_in_schema=False)
    def stats():
        return service.stats()

    @app.post("/_admin/devices", include_in_schema=False)
    def mint_devices(body: dict[str, Any] = Body(...)):
        """Enroll ``count`` new devices with random MACs through the normal enrollment path."""
        count = body.get("count", 1)
        if not isinstance(count, int) or not 1 <= count <= 10000:
            raise ApiError(422, "Unprocessable Entity", "count must be an integer 1..10000", "INVALID_COUNT")
        made = []
        for _ in range(count):
            attrs = {
                "mac_address": "0c2a69" + secrets.token_hex(3),
                "enrollment_token": body.get("enrollment_token"),
                "plan_id": body.get("plan_id"),
                "imp_type": body.get("imp_type"),
            }
            made.append(service.enroll_device(attrs))
        return jsonapi({"data": made}, 201)

    return app
