"""A small, fully known claim database for the dashboard, browse and review tests.

Written straight into the tables (no extraction or matching involved) so that every count the pages show is
known exactly. The sentences are invented for these tests. Test modules import the fixtures `empty_db` and
`sample`: each test gets its own copy of a database built once per session (initialising one takes seconds).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from workbench import app as workbench_app
from workbench.store import actors as actor_store
from workbench.store import articles as article_store
from workbench.store.reference import initialize

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest
from workbench.store.connection import connect, scalar, transaction
from workbench.models import Article

ARTICLE_ONE = (
    "Drone deliveries questioned\n"
    "Washington said on Monday that Tehran has been shipping attack drones to Moscow for months. "
    "Iran's foreign ministry dismissed the allegation as baseless. "
    "Analysts expect more sanctions."
)
ARTICLE_TWO = (
    "Kyiv repeats drone charge\n"
    "Officials in Kyiv repeated that Iranian drones keep arriving in Russia by sea. "
    "The Kremlin called the reports fabricated."
)


@dataclass(frozen=True)
class Sample:
    """Ids of the sample rows."""

    path: Path
    drones: int
    """Contested: asserted by the United States and Ukraine, denied by Iran and Russia."""
    factory: int
    """Asserted only (one logged mention by the United Kingdom); has an open suggestion towards `drones`."""
    corridor: int
    """Resolved, verdict false; one imported mention by Russia."""
    article_one: int
    article_two: int
    mention_us: int
    mention_iran: int
    mention_kyiv: int
    mention_kremlin: int
    mention_factory: int
    mention_corridor: int
    suggestion: int


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def build_sample(path: Path) -> Sample:
    """Create the sample database at `path` (initialised first)."""
    initialize(path)
    with connect(path) as con, transaction(con):
        a1, _ = article_store.find_or_insert_article(con, Article(
            text=ARTICLE_ONE, url="https://harbor-times.example/drones", title="Drone deliveries questioned",
            outlet="Harbor Times", published=dt.date(2023, 5, 2), source_format="json"))
        a2, _ = article_store.find_or_insert_article(con, Article(
            text=ARTICLE_TWO, url="https://north-ledger.example/kyiv", title="Kyiv repeats drone charge",
            outlet="North Ledger", published=dt.date(2023, 5, 20), source_format="json"))
        us = actor_store.resolve_actor(con, "United States")
        iran = actor_store.resolve_actor(con, "Iran")
        russia = actor_store.resolve_actor(con, "Russia")
        ukraine = actor_store.resolve_actor(con, "Ukraine")
        uk = actor_store.resolve_actor(con, "United Kingdom")
        turkey = actor_store.resolve_actor(con, "Turkey")

        def claim(text: str, accused: int | None, **extra: object) -> int:
            columns = ["text", "proposition", "accused_id", "first_seen", "last_seen", *extra]
            values = [text, text.lower(), accused, None, None, *extra.values()]
            marks = ", ".join("?" for _ in values)
            return int(scalar(con, f"INSERT INTO claims ({', '.join(columns)}) VALUES ({marks}) RETURNING claim_id", values))

        drones = claim("Iran supplies attack drones to Russia", iran)
        factory = claim("Russia builds a drone factory with Iranian help", russia)
        corridor = claim("Turkey closed the grain corridor", turkey, status="resolved", verdict="false",
                         rationale="Shipping records show the corridor stayed open.",
                         evidence_urls=["https://records.example/shipping"])

        def mention(claim_id: int, article_id: int | None, text: str | None, quote: str, claimant: int | None,
                    stance: str, origin: str, published: dt.date | None, speaker: str | None, score: float | None) -> int:
            start, end = _span(text, quote) if text else (None, None)
            return int(scalar(
                con,
                "INSERT INTO mentions (claim_id, article_id, quote, proposition, char_start, char_end, speaker,"
                " claimant_id, stance, origin, score, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING mention_id",
                [claim_id, article_id, quote, quote.lower(), start, end, speaker, claimant, stance, origin, score, published],
            ))

        m_us = mention(drones, a1, ARTICLE_ONE, "Tehran has been shipping attack drones to Moscow for months",
                       us, "asserts", "extracted", dt.date(2023, 5, 2), "Washington", None)
        m_iran = mention(drones, a1, ARTICLE_ONE, "Iran's foreign ministry dismissed the allegation as baseless",
                         iran, "denies", "extracted", dt.date(2023, 5, 2), "Iran's foreign ministry", 0.88)
        m_kyiv = mention(drones, a2, ARTICLE_TWO, "Iranian drones keep arriving in Russia by sea",
                         ukraine, "asserts", "extracted", dt.date(2023, 5, 20), "Officials in Kyiv", 0.915)
        m_kremlin = mention(drones, a2, ARTICLE_TWO, "The Kremlin called the reports fabricated",
                            russia, "denies", "extracted", dt.date(2023, 5, 20), "The Kremlin", 0.84)
        m_factory = mention(factory, None, None, "Moscow is building a drone plant with help from Tehran",
                            uk, "asserts", "logged", dt.date(2023, 6, 1), "a British minister", None)
        m_corridor = mention(corridor, None, None, "Ankara shut the grain corridor last week",
                             russia, "asserts", "imported", dt.date(2023, 7, 20), None, None)

        con.execute(
            "INSERT INTO match_decisions (mention_id, claim_id, decision, score, text_score, actor_score,"
            " direction_score, number_score, compared_text, candidate_text, auto_threshold, suggest_threshold)"
            " VALUES (?, ?, 'joined', 0.915, 0.88, 1.0, 1.0, 1.0, 'iran drones russia', 'iran supplies drones russia', 0.82, 0.62),"
            " (?, ?, 'suggested', 0.7, 0.66, 0.5, 1.0, 1.0, 'russia drone plant iran', 'iran supplies drones russia', 0.82, 0.62)",
            [m_kyiv, drones, m_factory, drones],
        )
        decision = scalar(con, "SELECT max(decision_id) FROM match_decisions")
        suggestion = int(scalar(
            con,
            "INSERT INTO match_suggestions (mention_id, claim_id, score, decision_id) VALUES (?, ?, 0.7, ?)"
            " RETURNING suggestion_id",
            [m_factory, drones, decision],
        ))
    return Sample(path, drones, factory, corridor, a1, a2, m_us, m_iran, m_kyiv, m_kremlin, m_factory, m_corridor,
                  suggestion)


def copy_database(source: Path, target: Path) -> Path:
    """Copy a closed DuckDB file (and its WAL, if any) to `target`."""
    shutil.copyfile(source, target)
    wal = Path(str(source) + ".wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(target) + ".wal"))
    return target


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty-template") / "empty.duckdb"
    initialize(path)
    return path


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample(tmp_path_factory.mktemp("sample-template") / "sample.duckdb")


@pytest.fixture
def empty_db(_empty_template: Path, tmp_path: Path) -> Path:
    """A freshly initialised database of this test's own."""
    return copy_database(_empty_template, tmp_path / "empty.duckdb")


@pytest.fixture
def sample(_sample_template: Sample, tmp_path: Path) -> Sample:
    """The sample database, copied for this test."""
    path = copy_database(_sample_template.path, tmp_path / "sample.duckdb")
    return dataclasses.replace(_sample_template, path=path)


APP = Path(workbench_app.__file__).resolve().parent / "streamlit_app.py"


AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-some-length",
    "client_id": "claim-workbench",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
"""An `[auth]` section as a desk writes it (the provider is never contacted by AppTest)."""


def signed_in(email: str, name: str | None = None, **claims: object) -> dict[str, object]:
    """`st.user` of someone signed in with `email` (as the identity provider reports it)."""
    return {"is_logged_in": True, "email": email, "sub": f"sub-{email}", **({"name": name} if name else {}), **claims}


SIGNED_OUT: dict[str, object] = {"is_logged_in": False}


def open_page(db: Path, view: str | None = None, /, *, reviewer: str | None = "Tess Moreau",
              user: dict[str, object] | None = None, auth: dict[str, object] | None = None, timeout: float = 60,
              **params: object) -> "AppTest":
    """Run the dashboard on `db` with AppTest and go to `view` (a file in views/, e.g. "claim") with query params.

    Without `user`, in single-user local mode: the reviewer name is put in the session as the sidebar would (None =
    no name given yet). With `user` (`signed_in(...)` or `SIGNED_OUT`), in signed-in mode: `auth` (default `AUTH`)
    is the secrets' `[auth]` section and `user` is `st.user`. Secrets files on this machine are never read.
    """
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["WORKBENCH_DB"] = str(db)  # the autouse fixture in conftest restores the environment
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if user is None:
        at.secrets["workbench_tests"] = {"mode": "local"}  # some secrets, none [auth]: no file is read
        if reviewer:
            at.session_state["reviewer"] = reviewer
    else:
        at.secrets["auth"] = dict(AUTH if auth is None else auth)
        at.user = dict(user)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if view:
        at.query_params.clear()
        at.query_params.update({k: str(v) for k, v in params.items()})
        at.switch_page(f"views/{view}.py").run()
    return at


def no_errors(at: "AppTest") -> None:
    """Fail with the app's traceback when a script run raised."""
    assert not at.exception, [e.value for e in at.exception]


def html_of(at: "AppTest") -> str:
    """All st.html fragments of the current run, joined (escaped user text lives there)."""
    return "\n".join(h.value for h in at.get("html"))


def links(at: "AppTest") -> list[tuple[str, str, str]]:
    """(label, page url path, query string) of every st.page_link."""
    return [(p.proto.label, p.proto.page, p.proto.query_string) for p in at.get("page_link")]


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")


def said(at: "AppTest", kind: str) -> list[str]:
    """The texts of the page's st.error / st.warning / st.info / st.success boxes, as the reader sees them
    (messages that may quote user input are Markdown-escaped by the app; the escapes are undone here)."""
    return [_ESCAPED.sub(r"\1", box.value) for box in getattr(at, kind)]
