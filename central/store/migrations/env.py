"""Alembic environment for the central: always run in-process on a connection the caller opened."""

from alembic import context

from central.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()
