"""The Libelium backend against the SCM emulator over real HTTP on 127.0.0.1.

PASS registers the unit once with exactly one activation code (chosen before the call, replayed after
lost answers or a cloud outage); FAIL registers nothing; bad serial IDs and reused codes are refused
with nothing half-done; rework revokes a code for good; the manifest (CSV, PDF) and the label carry
the exact serial IDs and codes SCM holds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace

import pytest
import requests
import zxingcpp

from station.cloud.backend import DeviceCloud, ProductRefused, Unit
from station.cloud.client import CloudCall
from station.cloud.errors import CloudError
from station.cloud.libelium import codes
from station.cloud.libelium.backend import LibeliumBackend, LibeliumSettings
from station.cloud.libelium.client import LibeliumClient
from station.cloud.libelium.emulator import LibeliumEmulator
from station.cloud.libelium.manifest import manifest_csv, manifest_pdf
from station.labels import load_template
from tests.backend_helpers import settle

ORDER = "SO-2026-1130"


@pytest.fixture
def emu() -> Iterator[LibeliumEmulator]:
    with LibeliumEmulator() as server:
        yield server


@pytest.fixture
def calls() -> list[CloudCall]:
    return []


def make_backend(emu: LibeliumEmulator, calls: list[CloudCall], order: str = ORDER) -> LibeliumBackend:
    client = LibeliumClient(emu.url, emu.factory_key, timeout=2.0, on_call=calls.append, backoff_s=0.01,
                            backoff_max_s=0.05, max_attempts=6)
    backend = LibeliumBackend(client, LibeliumSettings(order, customer="ACME Water"))
    backend.refresh()
    return backend


@pytest.fixture
def backend(emu: LibeliumEmulator, calls: list[CloudCall]) -> Iterator[LibeliumBackend]:
    b = make_backend(emu, calls)
    yield b
    b.close()


def serial(n: int) -> str:
    return f"0A1B2C3D4E5F{n:04X}"


def stats(emu: LibeliumEmulator) -> dict[str, int]:
    return requests.get(emu.url + "/_admin/stats", timeout=5).json()


def test_backend_satisfies_the_interface_and_creates_the_order_once(emu: LibeliumEmulator,
                                                                    backend: LibeliumBackend) -> None:
    assert isinstance(backend, DeviceCloud) and backend.readiness().ok
    view = backend.zone()
    assert view is not None and ORDER in view.destination and view.zone == "test"
    group_code = backend.client.order(ORDER).group_activation_code
    codes.normalize(group_code)  # a well-formed code with its check symbol
    other_station = make_backend(emu, [])  # a second station on the same order keeps the same group code
    assert other_station.client.order(ORDER).group_activation_code == group_code


def test_pass_registers_once_with_exactly_one_code(emu: LibeliumEmulator, backend: LibeliumBackend) -> None:
    intent = backend.new_intent(Unit("SN-1", device_id=serial(1).lower()))
    assert intent.device_id == serial(1) and intent.activation_code
    result = backend.make_product(intent, {"run_id": "r1"})
    assert result.label.activation_code == intent.activation_code and result.device_id == serial(1)
    assert backend.make_product(intent, {}) == result  # a replay changes nothing
    assert backend.confirm(intent) == result
    order = backend.client.order(ORDER)
    assert order.units == ((serial(1), intent.activation_code),)
    assert stats(emu)["registrations"] == 1


def test_fail_registers_nothing(emu: LibeliumEmulator, backend: LibeliumBackend) -> None:
    report = backend.report_failure(Unit("SN-2", serial(2)), {"run_id": "r2"})
    assert not report.sent and "not registered" in report.detail
    assert stats(emu)["registrations"] == 0


def test_cloud_down_is_held_then_done_once(emu: LibeliumEmulator, backend: LibeliumBackend) -> None:
    intent = backend.new_intent(Unit("SN-3", serial(3)))
    emu.set_faults(error_rate=1.0)
    with pytest.raises(CloudError):
        backend.make_product(intent, {})
    emu.set_faults(error_rate=0.0)
    result, _ = settle(backend, intent)
    assert result.label.activation_code == intent.activation_code
    assert stats(emu)["registrations"] == 1


def test_thirty_percent_of_answers_dropped_after_commit_still_one_code_per_unit(
        emu: LibeliumEmulator, calls: list[CloudCall]) -> None:
    backend = make_backend(emu, calls)
    intents = [backend.new_intent(Unit(f"SN-{n}", serial(n))) for n in range(10, 22)]
    emu.set_faults(drop_rate=0.3, seed=1313)
    for intent in intents:
        settle(backend, intent)
    emu.set_faults(drop_rate=0.0)
    assert requests.get(emu.url + "/_admin/faults", timeout=5).json()["counters"]["dropped"] > 0
    order = backend.client.order(ORDER)
    assert dict(order.units) == {i.device_id: i.activation_code for i in intents}
    assert stats(emu)["registrations"] == len(intents)


def test_bad_input_is_refused_clearly_and_nothing_is_half_done(emu: LibeliumEmulator,
                                                               backend: LibeliumBackend) -> None:
    with pytest.raises(ProductRefused, match="not 16 hexadecimal digits") as refused:
        backend.new_intent(Unit("SN-X", "0A1B2C3D"))
    assert refused.value.code == "bad-serial-id"

    first = backend.new_intent(Unit("SN-4", serial(4)))
    backend.make_product(first, {})
    reused = replace(backend.new_intent(Unit("SN-5", serial(5))), activation_code=first.activation_code)
    with pytest.raises(ProductRefused, match="never reused") as refused:
        backend.make_product(reused, {})
    assert refused.value.code == "activation_code_reused"

    second_code = backend.new_intent(Unit("SN-4", serial(4)))  # a retest would pick a new code: refused
    with pytest.raises(ProductRefused, match="already registered with another activation code"):
        backend.make_product(second_code, {})

    typo = first.activation_code[:-1] + ("0" if first.activation_code[-1] != "0" else "1")
    bad = replace(backend.new_intent(Unit("SN-6", serial(6))), activation_code=typo)
    with pytest.raises(ProductRefused, match="Invalid activation code: please check"):
        backend.make_product(bad, {})
    assert [s for s, _ in backend.client.order(ORDER).units] == [serial(4)]
    assert stats(emu)["registrations"] == 1

    unknown_order = LibeliumBackend(backend.client, LibeliumSettings("SO-NOPE"))
    with pytest.raises(ProductRefused, match="no sales order"):
        unknown_order.make_product(unknown_order.new_intent(Unit("SN-7", serial(7))), {})


def test_rework_revokes_the_code_for_good(emu: LibeliumEmulator, backend: LibeliumBackend) -> None:
    unit = Unit("SN-8", serial(8))
    old = backend.new_intent(unit)
    backend.make_product(old, {})
    backend.release(unit)
    assert backend.confirm(old) is None
    with pytest.raises(ProductRefused, match="never reused"):
        backend.make_product(old, {})  # the revoked code is dead, even for the same unit
    new = backend.new_intent(unit)
    assert backend.make_product(new, {}).label.activation_code == new.activation_code
    customer = requests.post(emu.url + "/_admin/accounts", json={"name": "acme"}, timeout=5).json()["token"]
    r = requests.post(emu.url + "/api/v1/account/devices", json={"activation_code": old.activation_code},
                      headers={"Authorization": f"Bearer {customer}"}, timeout=5)
    assert r.status_code == 400 and r.json()["error"]["message"].startswith("Invalid activation code")
    requests.post(emu.url + "/api/v1/account/devices", json={"activation_code": new.activation_code},
                  headers={"Authorization": f"Bearer {customer}"}, timeout=5).raise_for_status()
    with pytest.raises(ProductRefused, match="owned by a customer"):
        backend.release(unit)  # owned now: the factory cannot take it back


def test_manifest_and_label_carry_the_exact_codes(backend: LibeliumBackend) -> None:
    results = [backend.make_product(backend.new_intent(Unit(f"SN-{n}", serial(n))), {}) for n in range(30, 33)]
    order = backend.client.order(ORDER)
    rows = list(csv.DictReader(io.StringIO(manifest_csv(order))))
    assert rows[0] == {"sales_order": ORDER, "serial_id": "*", "activation_code": order.group_activation_code}
    assert [(r["serial_id"], r["activation_code"]) for r in rows[1:]] == [
        (r.device_id, r.label.activation_code) for r in results]
    pdf = manifest_pdf(order)
    assert pdf.startswith("%PDF-1.4") and pdf.rstrip().endswith("%%EOF")
    for r in results:
        assert r.device_id in pdf and r.label.activation_code in pdf
    template = load_template("libelium")
    label = template.fill({k: v for k, v in results[0].label.fields().items() if k in template.fields})
    decoded = {b.format.name: b.text for b in zxingcpp.read_barcodes(label.image().convert("L"))}
    assert decoded["QRCode"] == f"SERIAL={results[0].device_id};CODE={results[0].label.activation_code}"
    assert decoded["Code128"] == results[0].device_id
