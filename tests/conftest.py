"""Shared fixtures: real DuckDB files in tmp dirs, and a CLI runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.store.reference import initialize
from workbench.cli import cli


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's database or settings from the environment."""
    for name in list(__import__("os").environ):
        if name.startswith("WORKBENCH_"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "default-unused.duckdb"))


@pytest.fixture(scope="session")
def _initialised_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    initialize(path)
    return path


@pytest.fixture
def db_path(tmp_path: Path, _initialised_template: Path) -> Path:
    """A freshly initialised database file (a copy of one initialised once per session)."""
    path = tmp_path / "wb.duckdb"
    shutil.copyfile(_initialised_template, path)
    return path


@pytest.fixture
def run_cli(db_path: Path):
    """Invoke the CLI on `db_path`; returns click's Result (stdout and stderr kept apart)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--db", str(db_path), *args], input=input, catch_exceptions=False)

    return invoke


def _write_jsonl(path: Path, records: list) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def write_jsonl():
    """write_jsonl(path, records): records are dicts, or raw strings for malformed lines."""
    return _write_jsonl


# The dashboard tests' fixtures (sample and empty databases), shared by every test module.
from app_fixtures import _empty_template, _sample_template, empty_db, sample  # noqa: E402,F401
