"""The central's storage: tables, engine and migrations (SQLite or PostgreSQL)."""
