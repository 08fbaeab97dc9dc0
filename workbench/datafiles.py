"""The package's data files (`workbench/data/`: lexicons, the actor seed, the shipped models): read, never written."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["data_json", "data_text"]


def data_text(name: str) -> str:
    """The text of `workbench/data/<name>`."""
    return resources.files("workbench").joinpath(f"data/{name}").read_text(encoding="utf-8")


def data_json(name: str) -> Any:
    """`workbench/data/<name>` parsed as JSON."""
    return json.loads(data_text(name))
