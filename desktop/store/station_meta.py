"""Small facts about this station kept in its own file, beside the records they describe."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.store.tables import station_meta

# The central this station enrolled with: its presence is what "enrolled" means.
SERVER_URL = "server_url"


class StationMeta:
    def __init__(self, engine: Engine):
        self._engine = engine

    def get(self, key: str, default: str | None = None) -> str | None:
        with self._engine.connect() as conn:
            value = conn.execute(select(station_meta.c.value).where(station_meta.c.key == key)).scalar()
        return default if value is None else value

    def set(self, key: str, value: str) -> None:
        statement = sqlite_insert(station_meta).values(key=key, value=value)
        statement = statement.on_conflict_do_update(index_elements=[station_meta.c.key], set_={"value": value})
        with self._engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.execute(statement)

    def set_if_absent(self, key: str, value: str) -> str:
        """Store `value` unless a value is already there; returns the value that holds."""
        statement = sqlite_insert(station_meta).values(key=key, value=value).on_conflict_do_nothing()
        with self._engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.execute(statement)
        return self.get(key)
