"""The central database: where every station's finished runs and audit events meet.

It has the station schema (same migrations), so every QA query and the QA window work on it
unchanged; it is normally PostgreSQL (``[store] central_url``). Opening it migrates it, so a
fresh central database needs no separate set-up step.
"""

from __future__ import annotations

from sqlalchemy import Engine

from station.store.database import create_station_engine, migrate, normalise_url


def open_central(url: str) -> Engine:
    """An engine on the central database, migrated to the current schema (raises StoreError if away)."""
    engine = create_station_engine(normalise_url(url))
    try:
        migrate(engine)
    except Exception:
        engine.dispose()
        raise
    return engine
