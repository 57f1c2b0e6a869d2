"""Alembic environment for the station: always run in-process on a connection the station opened."""

from alembic import context

from desktop.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()
