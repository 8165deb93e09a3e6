"""The web console: demo, inspect and steer the emulators through their public control API."""

from .app import create_app
from .server import ConsoleServer, serve_console

__all__ = ["ConsoleServer", "create_app", "serve_console"]
