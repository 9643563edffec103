"""``station cloud emulator --api particle``: the Particle Cloud API routes a factory station uses.

Bodies may be JSON, form-encoded or multipart (particle-api-js sends all three); answers are JSON in
Particle's shapes. Fault injection is the impCentral emulator's (error rate, answers dropped after
commit, 429 bursts) under ``/v1``; ``/_admin`` simulates the world: devices leaving Particle's
factory, handshakes, customers, the clock.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from station.cloud.emulator.faults import FaultInjector, Faults
from station.cloud.emulator.loopback import FaultyLoopbackEmulator
from station.cloud.particle import rules
from station.cloud.particle.service import ALL_SCOPES, STATION_SCOPES, ParticleError, ParticleService, as_bool

DEMO_PLATFORM = 13  # Boron
DEMO_TEST_PRODUCT = 31001
DEMO_PRODUCTION_PRODUCT = 31002
DEMO_RELEASED_VERSION = 7
DEMO_OWNER = "owner@factory.example"
OTHER_ACCOUNT = "someone.else@example.com"


def particle_error_body(status: int, title: str, detail: str, code: str) -> tuple[bytes, str]:
    """Faults (503, 429) in Particle's error shape."""
    return json.dumps({"ok": False, "error": title, "error_description": detail}).encode(), "application/json"


@dataclass(frozen=True)
class Body:
    fields: dict[str, Any]
    files: dict[str, bytes]


async def read_body(request: Request) -> Body:
    """JSON, form-encoded or multipart, as Particle accepts them."""
    raw = await request.body()
    ctype = request.headers.get("content-type", "")
    if not raw:
        return Body({}, {})
    if ctype.startswith("application/json"):
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise ParticleError(400, "Invalid JSON", str(exc)) from exc
        if not isinstance(data, dict):
            raise ParticleError(400, "Invalid JSON", "the body must be a JSON object")
        return Body(data, {})
    if ctype.startswith("application/x-www-form-urlencoded"):
        parsed = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        fields: dict[str, Any] = {}
        for k, v in parsed.items():
            key = k[:-2] if k.endswith("[]") else k
            fields[key] = v if (k.endswith("[]") or len(v) > 1) else v[0]
        return Body(fields, {})
    if ctype.startswith("multipart/form-data"):
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + raw)
        fields, files = {}, {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name:
                continue
            payload = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                files[str(name)] = payload
            else:
                fields[str(name)] = payload.decode("utf-8", "replace")
        return Body(fields, files)
    raise ParticleError(415, "Unsupported content type", ctype or "none")


def build_app(service: ParticleService, holder: dict[str, FaultInjector]) -> FastAPI:
    app = FastAPI(title="Particle Cloud API (station emulator)", docs_url=None, redoc_url=None)

    @app.exception_handler(ParticleError)
    async def _particle_error(_request: Request, exc: ParticleError) -> JSONResponse:
        return JSONResponse(exc.body, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(404)
    async def _not_found(_request: Request, _exc: Exception) -> JSONResponse:
        return JSONResponse({"ok": False, "error": "Not Found"}, status_code=404)

    def auth(request: Request, scope: str | None, product: str | None = None):  # noqa: ANN202
        return service.auth(request.headers.get("authorization"), scope, product)

    @app.get("/v1/products/{product}")
    def get_product(product: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, None, product)
        assert p is not None
        return {"product": {"id": p.id, "slug": p.slug, "name": p.name, "platform_id": p.platform_id,
                            "description": "", "type": "Hobbyist"}}

    @app.get("/v1/products/{product}/devices")
    def list_devices(product: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "devices:list", product)
        q = request.query_params
        groups = [g for g in (q.get("groups") or "").split(",") if g]
        try:
            page, per_page = int(q.get("page") or 1), int(q.get("per_page") or q.get("perPage") or 25)
        except ValueError as exc:
            raise ParticleError(400, "page and per_page must be integers") from exc
        return service.list_devices(p, device_id=q.get("deviceId"), name=q.get("deviceName"), groups=groups,
                                    serial=q.get("serialNumber"), page=max(1, page), per_page=per_page)

    @app.post("/v1/products/{product}/devices")
    async def import_devices(product: str, request: Request) -> dict[str, Any]:
        token, p = auth(request, "devices:import", product)
        body = await read_body(request)
        idents: list[str] = []
        if body.fields.get("id"):
            idents.append(str(body.fields["id"]))
        ids = body.fields.get("ids")
        if isinstance(ids, list):
            idents += [str(i) for i in ids]
        for content in body.files.values():
            idents += [line.strip() for line in content.decode("utf-8", "replace").splitlines() if line.strip()]
        if not idents:
            raise ParticleError(400, "No device IDs", "send id, ids[] or a file with one device ID per line")
        return service.import_devices(p, idents, token, body.fields.get("claim_user"))

    @app.put("/v1/products/{product}/devices")
    async def batch_devices(product: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "devices:update", product)
        return service.batch_groups(p, (await read_body(request)).fields)

    @app.get("/v1/products/{product}/devices/{device}")
    def get_device(product: str, device: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "devices:get", product)
        return service.get_device(p, device)

    @app.put("/v1/products/{product}/devices/{device}")
    async def update_device(product: str, device: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "devices:update", product)
        return service.update_device(p, device, (await read_body(request)).fields)

    @app.delete("/v1/products/{product}/devices/{device}")
    def remove_device(product: str, device: str, request: Request) -> Response:
        _, p = auth(request, "devices:remove", product)
        service.remove_device(p, device)
        return Response(status_code=204)

    @app.delete("/v1/products/{product}/devices/{device}/owner")
    def unclaim(product: str, device: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "devices:release", product)
        service.unclaim(p, device)
        return {"ok": True}

    @app.get("/v1/serial_numbers/{serial}")
    def serial_lookup(serial: str, request: Request) -> dict[str, Any]:
        token, _ = auth(request, "serial_numbers:get")
        return service.lookup_serial(token, serial)

    @app.get("/v1/products/{product}/groups")
    def list_groups(product: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "groups:list", product)
        return {"groups": [service.group_view(p, g) for g in p.groups.values()]}

    @app.post("/v1/products/{product}/groups", status_code=201)
    async def create_group(product: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "groups:create", product)
        f = (await read_body(request)).fields
        return {"group": service.create_group(p, str(f.get("name") or ""), str(f.get("description") or ""),
                                              str(f.get("color") or ""))}

    @app.get("/v1/products/{product}/groups/{name}")
    def get_group(product: str, name: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "groups:get", product)
        return {"group": service.group_view(p, service.get_group(p, name))}

    @app.delete("/v1/products/{product}/groups/{name}")
    def delete_group(product: str, name: str, request: Request) -> Response:
        _, p = auth(request, "groups:remove", product)
        service.delete_group(p, name)
        return Response(status_code=204)

    @app.get("/v1/products/{product}/firmware")
    def list_firmware(product: str, request: Request) -> list[dict[str, Any]]:
        _, p = auth(request, "firmware:list", product)
        return [service.firmware_view(p, fw) for fw in sorted(p.firmware.values(), key=lambda f: f.version)]

    @app.get("/v1/products/{product}/firmware/{version}")
    def get_firmware(product: str, version: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "firmware:get", product)
        try:
            fw = p.firmware[rules.check_version(version)]
        except (rules.RuleError, KeyError):
            raise ParticleError(404, f"Firmware version {version} does not exist in this product") from None
        return service.firmware_view(p, fw)

    @app.post("/v1/products/{product}/firmware", status_code=201)
    async def upload_firmware(product: str, request: Request) -> dict[str, Any]:
        token, p = auth(request, "firmware:create", product)
        body = await read_body(request)
        binary = next(iter(body.files.values()), b"")
        return service.upload_firmware(p, body.fields.get("version"), str(body.fields.get("title") or ""),
                                       str(body.fields.get("description") or ""), binary, token.user)

    @app.put("/v1/products/{product}/firmware/release")
    async def release_firmware(product: str, request: Request) -> dict[str, Any]:
        _, p = auth(request, "firmware:release", product)
        f = (await read_body(request)).fields
        groups = f.get("groups") or []
        groups = [groups] if isinstance(groups, str) else [str(g) for g in groups]
        return service.release_firmware(p, f.get("version"), as_bool(f.get("product_default"), False), groups)

    # -- the simulated world ---------------------------------------------------------------------
    @app.post("/_admin/devices", include_in_schema=False)
    def admin_devices(body: dict[str, Any]) -> dict[str, Any]:
        ids = [(str(d["id"]), str(d["serial"])) for d in body.get("devices") or []] or None
        made = service.manufacture(int(body.get("platform_id", DEMO_PLATFORM)), int(body.get("count", 1)),
                                   owner=body.get("owner"), firmware_version=body.get("firmware_version", 1),
                                   ids=ids)
        return {"devices": [service.record(d) for d in made]}

    @app.post("/_admin/devices/{device}/handshake", include_in_schema=False)
    def admin_handshake(device: str) -> dict[str, Any]:
        return service.record(service.handshake(device))

    @app.post("/_admin/devices/{device}/online", include_in_schema=False)
    def admin_online(device: str, body: dict[str, Any]) -> dict[str, Any]:
        return service.record(service.set_online(device, bool(body.get("online", True))))

    @app.post("/_admin/devices/{device}/claim", include_in_schema=False)
    def admin_claim(device: str, body: dict[str, Any]) -> dict[str, Any]:
        return service.record(service.customer_claim(device, str(body["customer"])))

    @app.get("/_admin/devices", include_in_schema=False)
    def admin_all_devices() -> dict[str, Any]:
        """Every device the simulated world holds, with how often it was imported and flashed (the
        truth a test checks "imported once, flashed once" against from another process)."""
        with service.lock:
            return {"devices": [{**service.record(d), "flashes": d.flashes, "imports": d.imports}
                                for d in service.devices.values()]}

    @app.get("/_admin/devices/{device}", include_in_schema=False)
    def admin_device(device: str) -> dict[str, Any]:
        with service.lock:
            d = service._device(device)
            return {**service.record(d), "flashes": d.flashes, "imports": d.imports}

    @app.post("/_admin/tokens", include_in_schema=False)
    def admin_token(body: dict[str, Any]) -> dict[str, Any]:
        product = body.get("product_id")
        scopes = frozenset(body.get("scopes") or STATION_SCOPES)
        return {"token": service.issue_token(str(body.get("user", "api-user")), scopes,
                                             int(product) if product is not None else None)}

    @app.post("/_admin/clock", include_in_schema=False)
    def admin_clock(body: dict[str, Any]) -> dict[str, Any]:
        service.offset += float(body.get("advance_s", 0))
        return {"now": service.now()}

    @app.get("/_admin/stats", include_in_schema=False)
    def admin_stats() -> dict[str, Any]:
        return dict(service.calls)

    @app.get("/_admin/faults", include_in_schema=False)
    def get_faults() -> dict[str, Any]:
        inj = holder["faults"]
        return {"faults": asdict(inj.faults), "counters": inj.counters}

    @app.put("/_admin/faults", include_in_schema=False)
    def put_faults(body: dict[str, Any]) -> dict[str, Any]:
        try:
            return {"faults": asdict(holder["faults"].update(**body))}
        except (TypeError, ValueError) as exc:
            raise ParticleError(422, str(exc)) from exc

    return app


def seed_demo(service: ParticleService) -> dict[str, Any]:
    """A test product and a production product (Boron), firmware v1 (factory) and v7 released,
    an API-user token per product with the station's scopes, an owner token with every scope."""
    out: dict[str, Any] = {"tokens": {}}
    for pid, slug, name in ((DEMO_TEST_PRODUCT, "station-demo-test", "Station Demo (test)"),
                            (DEMO_PRODUCTION_PRODUCT, "station-demo", "Station Demo")):
        product = service.add_product(pid, slug, name, DEMO_PLATFORM, {DEMO_OWNER})
        for version, title in ((1, "factory-test"), (DEMO_RELEASED_VERSION, "production-7")):
            service.upload_firmware(product, version, title, "", rules.firmware_binary(DEMO_PLATFORM, version),
                                    DEMO_OWNER)
        product.firmware[DEMO_RELEASED_VERSION].released = True  # as if a golden unit ran it before
        product.default_version = DEMO_RELEASED_VERSION
        out["tokens"][str(pid)] = service.issue_token(f"station-{pid}+api@particle.io", STATION_SCOPES, pid)
    out["owner_token"] = service.issue_token(DEMO_OWNER, ALL_SCOPES, None)
    return out


class ParticleEmulator(FaultyLoopbackEmulator):
    """The Particle emulator on a loopback port (``with ParticleEmulator() as emu: emu.url``)."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, seed: str = "demo",
                 faults: Faults | None = None) -> None:
        self.service = ParticleService()
        self.seed = seed_demo(self.service) if seed == "demo" else {"tokens": {}}
        holder: dict[str, FaultInjector] = {}
        super().__init__(build_app(self.service, holder), prefix="/v1", error_body=particle_error_body, faults=faults,
                         host=host, port=port, name="particle-emulator")
        holder["faults"] = self.injector

    def token(self, product_id: int = DEMO_TEST_PRODUCT) -> str:
        return str(self.seed["tokens"][str(product_id)])
