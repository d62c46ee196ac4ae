"""sgi-scaffold: a generator of ready-to-run WSGI and ASGI Python web services."""

__version__ = "0.1.0"
