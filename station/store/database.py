"""Opening the station database: URL resolution, engine set-up, migrations, crash recovery.

SQLite (the default, in the user's data directory) runs in WAL mode with ``synchronous=NORMAL``:
a committed step survives the process being killed (the WAL is in the OS page cache), which is
the failure a station sees every day; only a power cut can lose the last commits, and the
central database outbox (issue QA) covers that. Any SQLAlchemy URL works; PostgreSQL is tested.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from station.errors import InputError, StationError
from station.store.checkpoint import AUTOCHECKPOINT_PAGES

HEAD_REVISION = "0005"
"""The newest migration; a test checks it equals alembic's head so this can skip alembic when current."""

APP_NAME = "factory-station"


class StoreError(StationError):
    """The station database cannot be opened or written."""


def default_url() -> str:
    """``$STATION_DB`` if set, else ``station.db`` in the user data directory.

    The one default every command opens — ``station demo``, ``station gui``, the line, ``station
    runs`` and ``station qa`` (the window too) — so QA finds what the station wrote without a flag.
    """
    env = os.environ.get("STATION_DB")
    if env:
        return env if "://" in env else f"sqlite:///{Path(env).expanduser().resolve()}"
    folder = Path(user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'station.db'}"


def normalise_url(url: str | None) -> str:
    """Accept a URL or a plain file path (``runs.db``) for SQLite."""
    if url is None:
        return default_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def create_station_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError(f"not a database URL: {url!r} ({exc})") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            folder = Path(database).parent
            if not folder.is_dir():
                raise StoreError(f"database folder does not exist: {folder}")
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        url = str(parsed.set(drivername="postgresql+psycopg"))
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ImportError, ArgumentError) as exc:
        raise InputError(f"cannot use database URL {parsed.render_as_string(hide_password=True)}: {exc}") from None


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op query when it already is)."""
    try:
        with engine.connect() as conn:
            if inspect(conn).has_table("alembic_version"):
                current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if current == HEAD_REVISION:
                    return
    except OperationalError as exc:
        raise StoreError(f"cannot open the station database: {exc.orig}") from None
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"migrating the station database failed: {exc}") from None


def process_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process on this host (a zombie counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


HOSTNAME = socket.gethostname()
