"""The `workbench` command line. Each module below registers its commands on `cli`."""

from .base import cli, main
from . import core, matching, sqlcmd, interop, evaluate, users, learning, vocabulary  # noqa: F401,E402  (registers commands)

__all__ = ["cli", "main"]
