"""The database schema as numbered migrations, each recorded in `schema_migrations` when applied.

Table and column names are a public contract (people write SQL against them; README documents them).
Relationships are documented rather than declared as FOREIGN KEYs: DuckDB cannot update rows that a
foreign key references, and merges/splits move mentions between claims.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SchemaError
from ..models import ClaimRelation, MentionState, Origin, ReviewStatus, Role, Stance, Verdict
from .connection import Connection, scalar


def _in(values: type) -> str:
    return "(" + ", ".join("'" + str(v.value) + "'" for v in values) + ")"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "0001_core",
        f"""
CREATE SEQUENCE outlet_ids START 1;
CREATE SEQUENCE article_ids START 1;
CREATE SEQUENCE actor_ids START 1;
CREATE SEQUENCE claim_ids START 1;
CREATE SEQUENCE mention_ids START 1;

CREATE TABLE reference_data (
    name        VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL,
    loaded_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE settings (
    key        VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR
);

CREATE TABLE outlets (
    outlet_id  INTEGER PRIMARY KEY DEFAULT nextval('outlet_ids'),
    name       VARCHAR NOT NULL UNIQUE,
    domain     VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE articles (
    article_id    INTEGER PRIMARY KEY DEFAULT nextval('article_ids'),
    url           VARCHAR UNIQUE,
    content_hash  VARCHAR NOT NULL,
    title         VARCHAR,
    outlet_id     INTEGER,
    published     DATE,
    text          VARCHAR,
    source_format VARCHAR NOT NULL,
    source_path   VARCHAR,
    raw           JSON,
    ingested_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE actors (
    actor_id    INTEGER PRIMARY KEY DEFAULT nextval('actor_ids'),
    name        VARCHAR NOT NULL UNIQUE,
    kind        VARCHAR NOT NULL DEFAULT 'unknown',
    affiliation VARCHAR,
    description VARCHAR,
    origin      VARCHAR NOT NULL DEFAULT 'seed',
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE actor_aliases (
    alias      VARCHAR NOT NULL,
    alias_key  VARCHAR NOT NULL,
    actor_id   INTEGER NOT NULL,
    origin     VARCHAR NOT NULL DEFAULT 'seed',
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (alias_key, actor_id)
);

CREATE TABLE claims (
    claim_id      INTEGER PRIMARY KEY DEFAULT nextval('claim_ids'),
    text          VARCHAR NOT NULL,
    proposition   VARCHAR,
    accused_id    INTEGER,
    status        VARCHAR NOT NULL DEFAULT 'unstarted' CHECK (status IN {_in(ReviewStatus)}),
    verdict       VARCHAR CHECK (verdict IS NULL OR verdict IN {_in(Verdict)}),
    rationale     VARCHAR,
    evidence_urls VARCHAR[],
    first_seen    DATE,
    last_seen     DATE,
    merged_into   INTEGER,
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by    VARCHAR
);

CREATE TABLE mentions (
    mention_id   BIGINT PRIMARY KEY DEFAULT nextval('mention_ids'),
    claim_id     INTEGER NOT NULL,
    article_id   INTEGER,
    quote        VARCHAR NOT NULL,
    proposition  VARCHAR,
    char_start   INTEGER,
    char_end     INTEGER,
    speaker      VARCHAR,
    claimant_id  INTEGER,
    accused_id   INTEGER,
    stance       VARCHAR NOT NULL CHECK (stance IN {_in(Stance)}),
    origin       VARCHAR NOT NULL CHECK (origin IN {_in(Origin)}),
    score        DOUBLE,
    review_state VARCHAR NOT NULL DEFAULT 'pending' CHECK (review_state IN {_in(MentionState)}),
    published    DATE,
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by   VARCHAR
);
""",
    ),
    Migration(
        2,
        "0002_review_and_matching",
        """
CREATE SEQUENCE decision_ids START 1;
CREATE SEQUENCE suggestion_ids START 1;
CREATE SEQUENCE event_ids START 1;
CREATE SEQUENCE query_version_ids START 1;

CREATE TABLE match_decisions (
    decision_id       BIGINT PRIMARY KEY DEFAULT nextval('decision_ids'),
    mention_id        BIGINT NOT NULL,
    claim_id          INTEGER,
    decision          VARCHAR NOT NULL CHECK (decision IN ('joined', 'suggested', 'new', 'manual')),
    score             DOUBLE,
    text_score        DOUBLE,
    actor_score       DOUBLE,
    direction_score   DOUBLE,
    number_score      DOUBLE,
    compared_text     VARCHAR,
    candidate_text    VARCHAR,
    details           JSON,
    auto_threshold    DOUBLE,
    suggest_threshold DOUBLE,
    created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE match_suggestions (
    suggestion_id BIGINT PRIMARY KEY DEFAULT nextval('suggestion_ids'),
    mention_id    BIGINT NOT NULL,
    claim_id      INTEGER NOT NULL,
    score         DOUBLE,
    decision_id   BIGINT,
    state         VARCHAR NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'confirmed', 'rejected')),
    decided_by    VARCHAR,
    decided_at    TIMESTAMP,
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE pair_judgements (
    mention_id       BIGINT NOT NULL,
    other_mention_id BIGINT NOT NULL,
    judgement        VARCHAR NOT NULL CHECK (judgement IN ('same', 'different')),
    decided_by       VARCHAR,
    decided_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (mention_id, other_mention_id)
);

CREATE TABLE events (
    event_id  BIGINT PRIMARY KEY DEFAULT nextval('event_ids'),
    happened_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    reviewer  VARCHAR,
    action    VARCHAR NOT NULL,
    entity    VARCHAR NOT NULL,
    entity_id BIGINT,
    claim_id  INTEGER,
    details   JSON
);

CREATE TABLE saved_queries (
    name        VARCHAR PRIMARY KEY,
    description VARCHAR,
    sql         VARCHAR NOT NULL,
    builtin     BOOLEAN NOT NULL DEFAULT false,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by  VARCHAR
);

CREATE TABLE saved_query_versions (
    version_id  BIGINT PRIMARY KEY DEFAULT nextval('query_version_ids'),
    name        VARCHAR NOT NULL,
    description VARCHAR,
    sql         VARCHAR NOT NULL,
    edited_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    edited_by   VARCHAR
);
""",
    ),
    Migration(
        3,
        "0003_claimreview",
        """
CREATE SEQUENCE review_ids START 1;

CREATE TABLE claim_reviews (
    review_id      BIGINT PRIMARY KEY DEFAULT nextval('review_ids'),
    claim_id       INTEGER NOT NULL,
    url            VARCHAR,
    publisher      VARCHAR,
    publisher_url  VARCHAR,
    date_published DATE,
    rating_value   VARCHAR,
    best_rating    VARCHAR,
    worst_rating   VARCHAR,
    rating_text    VARCHAR,
    verdict        VARCHAR,
    rating_known   BOOLEAN NOT NULL DEFAULT false,
    language       VARCHAR,
    raw            JSON NOT NULL,
    source_path    VARCHAR,
    imported_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE verdict_mappings (
    rating     VARCHAR PRIMARY KEY,
    verdict    VARCHAR NOT NULL,
    origin     VARCHAR NOT NULL DEFAULT 'seed',
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
""",
    ),
    Migration(
        4,
        "0004_users",
        f"""
CREATE TABLE users (
    identity     VARCHAR PRIMARY KEY,
    display_name VARCHAR,
    role         VARCHAR NOT NULL CHECK (role IN {_in(Role)}),
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by   VARCHAR,
    updated_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by   VARCHAR
);
""",
    ),
    Migration(
        5,
        "0005_learned_matching",
        """
CREATE SEQUENCE match_model_ids START 1;

CREATE TABLE match_models (
    model_id   INTEGER PRIMARY KEY DEFAULT nextval('match_model_ids'),
    model      JSON NOT NULL,
    pairs      INTEGER NOT NULL,
    decided_through TIMESTAMP,
    active     BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR
);

-- Match scores and thresholds become probabilities (0-1) instead of points (0-100).
UPDATE settings SET value = CAST(CAST(value AS DOUBLE) / 100 AS VARCHAR)
    WHERE key IN ('match_auto', 'match_suggest') AND TRY_CAST(value AS DOUBLE) IS NOT NULL;
UPDATE mentions SET score = score / 100 WHERE score IS NOT NULL;
UPDATE match_suggestions SET score = score / 100 WHERE score IS NOT NULL;
UPDATE match_decisions SET score = score / 100, auto_threshold = auto_threshold / 100,
    suggest_threshold = suggest_threshold / 100;
""",
    ),
    Migration(
        6,
        "0006_claim_relations",
        f"""
CREATE SEQUENCE claim_relation_ids START 1;

-- One row per linked pair of claims: `claim_id` <relation> `other_claim_id` ("B contradicts A").
-- A link a reviewer removed keeps its row (removed_at, removed_by), so the matcher does not add it again.
CREATE TABLE claim_relations (
    relation_id    BIGINT PRIMARY KEY DEFAULT nextval('claim_relation_ids'),
    claim_id       INTEGER NOT NULL,
    other_claim_id INTEGER NOT NULL,
    relation       VARCHAR NOT NULL CHECK (relation IN {_in(ClaimRelation)}),
    source         VARCHAR NOT NULL CHECK (source IN ('matcher', 'reviewer')),
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by     VARCHAR,
    removed_at     TIMESTAMP,
    removed_by     VARCHAR
);
""",
    ),
    Migration(
        7,
        "0007_vocabulary",
        """
-- The desk's own vocabulary for matching: a word or phrase (`phrase`, folded) the matcher reads as `head`
-- ("shahed" as "drone"), on top of the shipped general synonyms. A story's weapons, places and products go here.
CREATE TABLE synonyms (
    phrase     VARCHAR PRIMARY KEY,
    head       VARCHAR NOT NULL,
    origin     VARCHAR NOT NULL DEFAULT 'user',
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR
);
""",
    ),
]

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(con: Connection) -> int:
    """The highest applied migration, 0 for an empty database."""
    exists = scalar(
        con,
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = 'main'",
    )
    if not exists:
        return 0
    return int(scalar(con, "SELECT coalesce(max(version), 0) FROM schema_migrations") or 0)


def migrate(con: Connection, target: int | None = None) -> list[str]:
    """Apply every pending migration up to `target` (default: all), each in its own transaction.

    Returns the names of the migrations applied. Refuses a database newer than this code.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    have = current_version(con)
    if have > LATEST_VERSION:
        raise SchemaError(
            f"the database is at schema version {have}, newer than this workbench ({LATEST_VERSION}); upgrade the workbench"
        )
    target = LATEST_VERSION if target is None else target
    applied: list[str] = []
    for migration in MIGRATIONS:
        if migration.version <= have or migration.version > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name]
            )
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            raise SchemaError(f"migration {migration.name} failed: {exc}") from exc
        applied.append(migration.name)
    return applied


def table_names(con: Connection) -> list[str]:
    """User-visible tables, alphabetically."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]
