"""The HTTP API over the live world: see ``app.create_app``."""
