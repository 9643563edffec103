"""``station cloud emulator --api libelium``: Libelium SCM for the factory and for its customers.

``/api/v1/factory/...`` is what a manufacturer's station calls (its factory API key); ``/api/v1/account/...``
is what the SCM screens do for a customer (a customer account token). ``/_admin`` makes accounts and
licence codes, moves the clock and sets faults (the impCentral emulator's: error rate, answers dropped
after commit, 429 bursts).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from station.cloud.emulator.faults import FaultInjector, Faults
from station.cloud.emulator.loopback import FaultyLoopbackEmulator
from station.cloud.libelium.service import ScmError, ScmService

DEMO_FACTORY = "Demo Factory"
DEMO_ORDER = "SO-DEMO-0001"


def scm_error_body(status: int, title: str, detail: str, code: str) -> tuple[bytes, str]:
    return json.dumps({"error": {"code": code.lower(), "message": detail}}).encode(), "application/json"


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ScmError(400, "invalid_json", f"the body is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ScmError(400, "invalid_json", "the body must be a JSON object")
    return data


def build_app(service: ScmService, holder: dict[str, FaultInjector]) -> FastAPI:
    app = FastAPI(title="Libelium SCM (station emulator)", docs_url=None, redoc_url=None)

    @app.exception_handler(ScmError)
    async def _scm_error(_request: Request, exc: ScmError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(404)
    async def _not_found(_request: Request, _exc: Exception) -> JSONResponse:
        return JSONResponse({"error": {"code": "not_found", "message": "no such route"}}, status_code=404)

    def factory(request: Request) -> str:
        return service.factory(request.headers.get("authorization"))

    def customer(request: Request) -> str:
        return service.customer(request.headers.get("authorization"))

    # -- factory -----------------------------------------------------------------------------------
    @app.get("/api/v1/factory")
    def whoami(request: Request) -> dict[str, Any]:
        return {"factory": factory(request)}

    @app.get("/api/v1/factory/sales-orders/{order}")
    def get_order(order: str, request: Request) -> dict[str, Any]:
        factory(request)
        with service.lock:
            return service.order_view(service.get_order(order))

    @app.put("/api/v1/factory/sales-orders/{order}")
    async def put_order(order: str, request: Request) -> JSONResponse:
        factory(request)
        body = await _json(request)
        view, created = service.put_order(order, str(body.get("group_activation_code") or ""),
                                          str(body.get("customer") or ""))
        return JSONResponse(view, status_code=201 if created else 200)

    @app.post("/api/v1/factory/devices")
    async def register(request: Request) -> JSONResponse:
        factory(request)
        view, created = service.register(await _json(request), request.headers.get("idempotency-key"))
        return JSONResponse(view, status_code=201 if created else 200)

    @app.get("/api/v1/factory/devices/{serial}")
    def get_device(serial: str, request: Request) -> dict[str, Any]:
        factory(request)
        with service.lock:
            return service.device_view(service.get_device(serial))

    @app.delete("/api/v1/factory/devices/{serial}/activation-code")
    def revoke(serial: str, request: Request) -> Response:
        factory(request)
        service.revoke(serial)
        return Response(status_code=204)

    @app.put("/api/v1/factory/devices/{serial}/sales-order")
    async def move(serial: str, request: Request) -> dict[str, Any]:
        factory(request)
        return service.move(serial, str((await _json(request)).get("sales_order") or ""))

    # -- customer ----------------------------------------------------------------------------------
    @app.post("/api/v1/account/devices")
    async def add_devices(request: Request) -> dict[str, Any]:
        account = customer(request)
        return service.add_devices(account, str((await _json(request)).get("activation_code") or ""))

    @app.get("/api/v1/account/devices")
    def panels(request: Request) -> dict[str, Any]:
        return service.panels(customer(request))

    @app.post("/api/v1/account/claims/{claim}/{decision}")
    def decide(claim: str, decision: str, request: Request) -> dict[str, Any]:
        account = customer(request)
        if decision not in ("accept", "refuse"):
            raise ScmError(404, "not_found", "accept or refuse")
        return service.decide_claim(account, claim, decision == "accept")

    @app.put("/api/v1/account/devices/{serial}/shares/{other}")
    def share(serial: str, other: str, request: Request) -> dict[str, Any]:
        return service.share(customer(request), serial, other, True)

    @app.delete("/api/v1/account/devices/{serial}/shares/{other}")
    def unshare(serial: str, other: str, request: Request) -> dict[str, Any]:
        return service.share(customer(request), serial, other, False)

    @app.post("/api/v1/account/licenses")
    async def add_licence(request: Request) -> dict[str, Any]:
        account = customer(request)
        return service.add_licence(account, str((await _json(request)).get("activation_code") or ""))

    @app.get("/api/v1/account/licenses")
    def licences(request: Request) -> dict[str, Any]:
        return service.my_licences(customer(request))

    @app.post("/api/v1/account/licenses/{licence}/extend")
    async def extend(licence: str, request: Request) -> dict[str, Any]:
        account = customer(request)
        try:
            days = float((await _json(request)).get("days") or 0)
        except (TypeError, ValueError) as exc:
            raise ScmError(422, "invalid_period", "days must be a number") from exc
        return service.extend(account, licence, days)

    @app.post("/api/v1/account/services/{svc}/program")
    async def program(svc: str, request: Request) -> dict[str, Any]:
        account = customer(request)
        return service.program(account, str((await _json(request)).get("serial_id") or ""), svc)

    # -- the simulated world -----------------------------------------------------------------------
    @app.post("/_admin/accounts", include_in_schema=False)
    def admin_account(body: dict[str, Any]) -> dict[str, Any]:
        return {"token": service.new_account(str(body["name"]))}

    @app.post("/_admin/licenses", include_in_schema=False)
    def admin_licence(body: dict[str, Any]) -> dict[str, Any]:
        return {"activation_code": service.new_licence_code(str(body.get("service", "pcs")),
                                                            str(body.get("type", "PRO")),
                                                            float(body.get("days", 365)), int(body.get("nodes", 10)))}

    @app.post("/_admin/clock", include_in_schema=False)
    def admin_clock(body: dict[str, Any]) -> dict[str, Any]:
        service.offset += float(body.get("advance_s", 0))
        return {"now": service.now()}

    @app.get("/_admin/devices", include_in_schema=False)
    def admin_devices() -> dict[str, Any]:
        """Every registered unit with its live code and how many codes were ever registered for it (the
        truth a test checks "exactly one activation code" against from another process)."""
        with service.lock:
            return {"devices": [{"serial_id": d.serial_id, "sales_order": d.sales_order, "code": d.code,
                                 "codes": sum(1 for what in service.used_codes.values()
                                              if what == f"unit:{d.serial_id}")}
                                for d in service.devices.values()]}

    @app.get("/_admin/stats", include_in_schema=False)
    def admin_stats() -> dict[str, Any]:
        return {"registrations": service.registrations, "devices": len(service.devices),
                "codes_used": len(service.used_codes)}

    @app.get("/_admin/faults", include_in_schema=False)
    def get_faults() -> dict[str, Any]:
        inj = holder["faults"]
        return {"faults": asdict(inj.faults), "counters": inj.counters}

    @app.put("/_admin/faults", include_in_schema=False)
    def put_faults(body: dict[str, Any]) -> dict[str, Any]:
        try:
            return {"faults": asdict(holder["faults"].update(**body))}
        except (TypeError, ValueError) as exc:
            raise ScmError(422, "invalid_faults", str(exc)) from exc

    return app


class LibeliumEmulator(FaultyLoopbackEmulator):
    """SCM on a loopback port; ``factory_key`` is the seeded factory's API key."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, seed: str = "demo",
                 faults: Faults | None = None) -> None:
        self.service = ScmService()
        self.factory_key = self.service.new_factory_key(DEMO_FACTORY) if seed == "demo" else ""
        holder: dict[str, FaultInjector] = {}
        super().__init__(build_app(self.service, holder), prefix="/api/v1", error_body=scm_error_body, faults=faults,
                         host=host, port=port, name="libelium-emulator")
        holder["faults"] = self.injector
