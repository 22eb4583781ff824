"""Alembic: körs av anteckningar.Anteckningar.migrera() med motorn som redan finns."""
from __future__ import annotations

from alembic import context

from anteckningar.tabeller import metadata

anslutning = context.config.attributes["anslutning"]
context.configure(connection=anslutning, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
