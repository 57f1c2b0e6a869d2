"""The station's local storage: one SQLite file, migrated by Alembic, holding the signed ledger."""
