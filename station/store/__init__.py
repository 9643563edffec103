"""The results store: SQLAlchemy models, alembic migrations, the event writer and QA queries."""

from station.store.database import StoreError, default_url
from station.store.queries import RunQuery, RunRow
from station.store.store import Store

__all__ = ["RunQuery", "RunRow", "Store", "StoreError", "default_url"]
