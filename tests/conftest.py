"""Shared test fixtures: databases (SQLite always, PostgreSQL when STATION_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

POSTGRES_URL = os.environ.get("STATION_TEST_POSTGRES_URL")
REPO = Path(__file__).resolve().parent.parent


def _postgres_schema_url() -> Iterator[str]:
    """A fresh schema per test on the shared PostgreSQL database, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert POSTGRES_URL is not None
    base = make_url(POSTGRES_URL)
    if base.get_driver_name() in ("", "psycopg2"):
        base = base.set(drivername="postgresql+psycopg")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'station.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("STATION_TEST_POSTGRES_URL is not set (CI sets it; .ci/run starts PostgreSQL)")
    yield from _postgres_schema_url()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'station.db'}"


def eventually(predicate: Callable[[], object], what: str = "condition", timeout_s: float = 120.0) -> None:
    """Poll until ``predicate`` holds; fail naming ``what`` after ``timeout_s`` (a bound on hanging,
    not a timing assertion)."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s:g} s waiting for {what}")
        time.sleep(0.02)


@pytest.fixture
def language(qapp, request: pytest.FixtureRequest):  # noqa: ANN001, ANN201 - pytest-qt's application
    """The window's language for one test (``indirect`` parametrization), back to English afterwards."""
    from station.ui.app import install_language

    install_language(qapp, request.param)
    yield request.param
    install_language(qapp, "en")
