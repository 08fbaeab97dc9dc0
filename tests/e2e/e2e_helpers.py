"""What the browser tests share: Chromium's launch, free ports, starting `workbench serve`, waiting for Streamlit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_url(url: str, proc: subprocess.Popen, log: Path, what: str, timeout: float = 60) -> None:
    """Poll `url` until it answers 200; fail with the end of `log` when `proc` dies or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


@contextmanager
def running(command: Sequence[str], log: Path, ready_url: str, what: str) -> Iterator[subprocess.Popen]:
    """Run `command` (output into `log`) until the block ends; yields once `ready_url` answers."""
    with open(log, "w") as out:
        proc = subprocess.Popen(list(command), env={**os.environ, "PYTHONUNBUFFERED": "1"}, cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        wait_for_url(ready_url, proc, log, what)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def dashboard(db: Path, secrets: Path, *extra: str) -> Iterator[str]:
    """`workbench serve` on a free port, on `db`, reading only the `secrets` file; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "workbench", "--db", str(db), "serve", "--port", str(port), "--secrets",
               str(secrets), *extra]
    base = f"http://127.0.0.1:{port}"
    with running(command, db.with_suffix(f".server-{port}.log"), f"{base}/_stcore/health", "streamlit"):
        yield base


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished the current script run."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " || !document.querySelector('[data-testid=stStatusWidget]').innerText.includes('Running')",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_timeout(300)


def open_url(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible()
    wait_idle(page)
