"""The SCM emulator's customer side, as shared/seeds/libelium-scm.txt describes the screens, and the
activation code format (check symbol, never reused).

First account to enter a Single Activation Code owns the device; a Group Activation Code adds the
whole sales order; a used code starts a claim ("Transfer pending" / "Claimed by others") the owner
accepts or refuses; sharing keeps ownership; licences run from activation, expire and extend, and a
service needs one; bad codes get SCM's own sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from station.cloud.backend import Unit
from station.cloud.libelium import codes
from station.cloud.libelium.backend import LibeliumBackend, LibeliumSettings
from station.cloud.libelium.client import LibeliumClient
from station.cloud.libelium.emulator import LibeliumEmulator

ORDER = "SO-RULES-1"


@pytest.fixture(scope="module")
def world() -> Iterator[dict[str, Any]]:
    """An order of three registered units and three customer accounts."""
    with LibeliumEmulator() as emu:
        backend = LibeliumBackend(LibeliumClient(emu.url, emu.factory_key), LibeliumSettings(ORDER))
        backend.refresh()
        units = [backend.make_product(backend.new_intent(Unit(f"SN{n}", f"00000000000000A{n}")), {})
                 for n in range(3)]
        accounts = {name: requests.post(emu.url + "/_admin/accounts", json={"name": name}, timeout=5).json()["token"]
                    for name in ("alice", "bob", "carol")}
        yield {"emu": emu, "units": units, "accounts": accounts,
               "group": backend.client.order(ORDER).group_activation_code}


def as_(world: dict[str, Any], who: str, method: str, path: str, **kw: Any) -> requests.Response:
    return requests.request(method, world["emu"].url + "/api/v1/account" + path, timeout=5,
                            headers={"Authorization": f"Bearer {world['accounts'][who]}"}, **kw)


def panels(world: dict[str, Any], who: str) -> dict[str, Any]:
    return as_(world, who, "GET", "/devices").json()


def test_activation_code_format() -> None:
    code = codes.new_code()
    assert len(code) == 19 and code.count("-") == 3
    assert codes.normalize(code.lower().replace("-", " ")) == code.replace("-", "")
    assert len({codes.new_code() for _ in range(500)}) == 500
    with pytest.raises(codes.InvalidCode, match="^Invalid activation code: please check that the activation code "
                                                "typed is valid"):
        codes.normalize("1234")


@given(st.text(alphabet=codes.ALPHABET, min_size=15, max_size=15), st.integers(0, 15),
       st.sampled_from(codes.ALPHABET))
def test_every_single_symbol_typo_is_caught(body: str, pos: int, other: str) -> None:
    code = body + codes.check_symbol(body)
    typo = code[:pos] + other + code[pos + 1:]
    if typo != code:
        with pytest.raises(codes.InvalidCode):
            codes.normalize(typo)


def test_first_account_to_enter_a_code_owns_it_and_a_used_code_starts_a_claim(world: dict[str, Any]) -> None:
    unit = world["units"][0]
    r = as_(world, "alice", "POST", "/devices", json={"activation_code": unit.label.activation_code})
    assert r.json()["added"] == [unit.device_id]
    r = as_(world, "bob", "POST", "/devices", json={"activation_code": unit.label.activation_code.lower()})
    assert r.json()["transfer_pending"] == [unit.device_id]
    bob_row = next(d for d in panels(world, "bob")["my_devices"] if d["serial_id"] == unit.device_id)
    assert bob_row["status"] == "Transfer pending"
    claimed = panels(world, "alice")["claimed_by_others"]
    assert [(c["serial_id"], c["claimant"]) for c in claimed] == [(unit.device_id, "bob")]
    assert as_(world, "bob", "POST", f"/claims/{claimed[0]['claim_id']}/accept").status_code == 404  # not his
    r = as_(world, "alice", "POST", f"/claims/{claimed[0]['claim_id']}/refuse")
    assert r.json() == {"claim_id": claimed[0]["claim_id"], "status": "refused", "owner": "alice"}
    as_(world, "bob", "POST", "/devices", json={"activation_code": unit.label.activation_code})
    claim = panels(world, "alice")["claimed_by_others"][0]["claim_id"]
    assert as_(world, "alice", "POST", f"/claims/{claim}/accept").json()["owner"] == "bob"
    assert [d["status"] for d in panels(world, "bob")["my_devices"] if d["serial_id"] == unit.device_id] == ["owned"]
    assert not any(d["serial_id"] == unit.device_id for d in panels(world, "alice")["my_devices"])


def test_group_code_adds_the_whole_order(world: dict[str, Any]) -> None:
    r = as_(world, "carol", "POST", "/devices", json={"activation_code": world["group"]}).json()
    owned_by_bob = world["units"][0].device_id
    assert r["code_type"] == "group"
    assert sorted(r["added"]) == sorted(u.device_id for u in world["units"][1:])
    assert r["transfer_pending"] == [owned_by_bob]
    r = as_(world, "carol", "POST", "/licenses", json={"activation_code": world["group"]})
    assert r.status_code == 400  # a group code registers devices, not licences


def test_invalid_codes_get_scms_sentence(world: dict[str, Any]) -> None:
    for bad in ("", "not-a-code", codes.new_code()):  # malformed, or well-formed but unknown
        r = as_(world, "alice", "POST", "/devices", json={"activation_code": bad})
        assert r.status_code == 400
        assert r.json()["error"]["message"] == ("Invalid activation code: please check that the activation code "
                                                "typed is valid")


def test_share_keeps_ownership(world: dict[str, Any]) -> None:
    unit = world["units"][1]  # carol owns it
    assert as_(world, "alice", "PUT", f"/devices/{unit.device_id}/shares/bob").status_code == 403
    assert as_(world, "carol", "PUT", f"/devices/{unit.device_id}/shares/alice").status_code == 200
    assert [d["serial_id"] for d in panels(world, "alice")["shared_with_me"]] == [unit.device_id]
    assert any(d["serial_id"] == unit.device_id for d in panels(world, "carol")["my_devices"])
    assert as_(world, "alice", "PUT", f"/devices/{unit.device_id}/shares/bob").status_code == 403  # not hers


def test_licences_expire_extend_and_gate_the_service(world: dict[str, Any]) -> None:
    emu = world["emu"]
    unit = world["units"][1]
    program = {"serial_id": unit.device_id}
    r = as_(world, "alice", "POST", "/services/pcs/program", json=program)
    assert r.status_code == 402 and r.json()["error"]["code"] == "licence_required"
    code = requests.post(emu.url + "/_admin/licenses", json={"days": 30, "nodes": 1}, timeout=5).json()[
        "activation_code"]
    lic = as_(world, "alice", "POST", "/licenses", json={"activation_code": code}).json()
    assert lic["status"] == "active" and lic["days_remaining"] in (29, 30)
    r = as_(world, "bob", "POST", "/licenses", json={"activation_code": code})
    assert r.status_code == 409 and "one account only" in r.json()["error"]["message"]
    assert as_(world, "alice", "POST", "/services/pcs/program", json=program).status_code == 200  # shared with her
    r = as_(world, "alice", "POST", "/services/pcs/program", json={"serial_id": world["units"][0].device_id})
    assert r.status_code == 403  # bob's device, not shared with alice
    requests.post(emu.url + "/_admin/clock", json={"advance_s": 31 * 86400}, timeout=5)
    r = as_(world, "alice", "POST", "/services/pcs/program", json=program)
    assert r.status_code == 402 and "expired on" in r.json()["error"]["message"]
    assert [x["id"] for x in as_(world, "alice", "GET", "/licenses").json()["expired"]] == [lic["id"]]
    extended = as_(world, "alice", "POST", f"/licenses/{lic['id']}/extend", json={"days": 10}).json()
    assert extended["status"] == "active" and extended["days_remaining"] in (9, 10)
    assert as_(world, "alice", "POST", "/services/pcs/program", json=program).status_code == 200
