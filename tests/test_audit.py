"""The audit trail: append-only, hash-chained; verify names the exact row after an UPDATE or a DELETE."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from station.cli import main
from station.errors import InputError
from station.store import Store
from station.store.audit import Audit


def _fill(store: Store, n: int = 6) -> list:
    audit = Audit(store, station="line1-st1")
    actions = ["sign_in", "bless", "reprint", "reassign", "limits_change", "unbless"]
    return [
        audit.record(f"op{i % 2}", actions[i % len(actions)], f"SN{i:04d}", f"reason {i}", {"n": i, "to": "prod-b"})
        for i in range(n)
    ]


def test_untouched_chain_verifies_and_events_read_back(db_url: str) -> None:
    with Store.open(db_url) as store:
        events = _fill(store)
        audit = Audit(store)
        result = audit.verify()
        assert result.ok and result.checked == 6 and result.sources == 1
        assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
        assert events[1].prev_hash == events[0].hash
        newest = audit.events(limit=2)
        assert [e.seq for e in newest] == [6, 5]
        assert audit.events(subject="SN0003")[0].details == {"n": 3, "to": "prod-b"}
        with store.engine.connect() as conn:
            keys = [k for (k,) in conn.execute(text("SELECT key FROM outbox WHERE kind = 'audit' ORDER BY seq"))]
        assert keys == [f"{audit.source}:{i}" for i in range(1, 7)]


def test_verify_names_the_row_after_a_manual_update(db_url: str) -> None:
    with Store.open(db_url) as store:
        events = _fill(store)
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE audit_events SET reason = 'nothing to see' WHERE id = :id"), {"id": events[2].id})
        result = Audit(store).verify()
    assert not result.ok
    assert [(p.kind, p.seq, p.row_id) for p in result.problems] == [("edited", 3, events[2].id)]
    assert f"row id {events[2].id}" in result.problems[0].message


def test_verify_names_the_row_after_a_delete(db_url: str) -> None:
    with Store.open(db_url) as store:
        events = _fill(store)
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": events[3].id})
        result = Audit(store).verify()
    assert [(p.kind, p.seq) for p in result.problems] == [("deleted", 4)]
    assert "seq 4" in result.problems[0].message and "deleted" in result.problems[0].message


def test_verify_catches_deleting_the_newest_rows_and_a_swap(db_url: str) -> None:
    with Store.open(db_url) as store:
        events = _fill(store)
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_events WHERE seq >= 5"))
        result = Audit(store).verify()
        assert [(p.kind, p.seq) for p in result.problems] == [("deleted", 5)]
        assert "seq 5–6" in result.problems[0].message
    with Store.open(db_url) as store, store.engine.begin() as conn:  # swap two rows' contents wholesale
        a, b = events[0], events[1]
        cols = "actor, action, subject, reason, details_json, prev_hash, hash, ts"
        ra = conn.execute(text(f"SELECT {cols} FROM audit_events WHERE id = :i"), {"i": a.id}).mappings().one()
        rb = conn.execute(text(f"SELECT {cols} FROM audit_events WHERE id = :i"), {"i": b.id}).mappings().one()
        sets = ", ".join(f"{c} = :{c}" for c in cols.split(", "))
        conn.execute(text(f"UPDATE audit_events SET {sets} WHERE id = :i"), {**rb, "i": a.id})
        conn.execute(text(f"UPDATE audit_events SET {sets} WHERE id = :i"), {**ra, "i": b.id})
    with Store.open(db_url) as store:
        kinds = {(p.kind, p.seq) for p in Audit(store).verify().problems}
    assert ("edited", 1) in kinds and ("edited", 2) in kinds


def test_bad_audit_input_is_refused_and_nothing_is_written(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        audit = Audit(store)
        with pytest.raises(InputError, match="unknown audit action"):
            audit.record("qa", "delete_everything", "SN1", "because")
        with pytest.raises(InputError, match="needs a reason"):
            audit.record("qa", "bless", "SN1", "  ")
        assert audit.events() == [] and audit.verify().ok


def test_cli_audit_verify_and_list(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(sqlite_url) as store:
        events = _fill(store)
    assert main(["audit", "verify", "--db", sqlite_url]) == 0
    assert "6 event(s)" in capsys.readouterr().out
    assert main(["audit", "list", "--db", sqlite_url, "--json", "--subject", "SN0001"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["action"] for e in listed] == ["bless"]
    with Store.open(sqlite_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'someone-else' WHERE id = :id"), {"id": events[4].id})
    assert main(["audit", "verify", "--db", sqlite_url, "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["problems"][0]["row_id"] == events[4].id
