"""The per-serial summary behind yield queries: rebuilt in one statement, kept current by triggers.

First-pass yield needs "was this the serial's first run?", which over millions of runs is a
window query per question. Migration 0002 installs a trigger on ``runs`` that upserts the
serial's first and last finished run into ``qa_units`` the moment a run finishes (or arrives
finished, as runs do on the central database), so yield is a range scan over one row per unit.
:func:`rebuild_units` recomputes the table from ``runs`` (migration backfill, bulk loads).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

REBUILD_SQL = """
INSERT INTO qa_units (serial, first_run_id, first_started_at, first_outcome, first_station, first_script,
                      last_run_id, last_started_at, last_outcome, run_count)
WITH ordered AS (
    SELECT id, serial, started_at, outcome, station, script_name || ' ' || script_version AS script,
           ROW_NUMBER() OVER (PARTITION BY serial ORDER BY started_at, id) AS rn,
           ROW_NUMBER() OVER (PARTITION BY serial ORDER BY started_at DESC, id DESC) AS rd,
           COUNT(*) OVER (PARTITION BY serial) AS n
    FROM runs WHERE outcome IS NOT NULL
)
SELECT f.serial, f.id, f.started_at, f.outcome, f.station, f.script, l.id, l.started_at, l.outcome, f.n
FROM ordered f JOIN ordered l ON l.serial = f.serial AND l.rd = 1
WHERE f.rn = 1
"""


def rebuild_units(conn: Connection) -> int:
    """Recompute ``qa_units`` from every finished run; returns the number of units."""
    conn.execute(text("DELETE FROM qa_units"))
    conn.execute(text(REBUILD_SQL))
    return int(conn.execute(text("SELECT COUNT(*) FROM qa_units")).scalar() or 0)
