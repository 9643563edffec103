"""The results store: SQLAlchemy models, alembic migrations, the event writer and QA queries."""

from station.store.database import StoreError, default_url
from station.store.store import RunFilter, RunSummary, Store

__all__ = ["RunFilter", "RunSummary", "Store", "StoreError", "default_url"]
