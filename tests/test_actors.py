"""Alias keys, the seed file, and resolution of speaker phrases to canonical actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.store import actors as actor_store
from workbench.store.reference import initialize
from workbench.actors import ActorSeed, alias_key, expand_aliases, load_seed, seed_rows
from workbench.text.aliases import AliasTable
from workbench.store.connection import connect

PHRASES = [
    "Tehran",
    "the Kremlin",
    "Iranian",
    "Iran's foreign ministry spokesman",
    "Peskov",
    "Kremlin spokesman Dmitry Peskov",
    "the White House",
    "Pentagon spokesman",
    "Downing Street",
    "the IDF",
    "Beijing",
    "Russia's UN envoy",
    "Russia's ambassador to the European Union",
    "Palestinian militant group Islamic Jihad",
    "the Hamas-run health ministry",
    "anonymous US intelligence officials",
    "Palestinians",
    "Arab countries",
    "Washington",
    "Kyiv",
    "Ebrahim Raisi",
    "nobody we know",
]


def test_alias_key_normalises_case_dots_accents_possessives_and_the():
    assert alias_key("The U.S.") == "us"
    assert alias_key("US") == "us"
    assert alias_key("Élysée") == "elysee"
    assert alias_key("Russia's") == "russia"
    assert alias_key("  the   Kremlin ") == "kremlin"
    assert alias_key("Hamas-run") == "hamas run"
    assert alias_key("Türkiye") == "turkiye"


def test_seed_covers_the_world_and_its_institutions():
    seeds = load_seed()
    countries = [s for s in seeds if s.kind == "country"]
    assert len(countries) >= 190
    names = {s.name for s in seeds}
    for expected in ("Iran", "Russia", "United States", "United Kingdom", "China", "Ukraine", "Israel", "Qatar",
                     "European Union", "NATO", "United Nations", "Hamas", "Palestinian Islamic Jihad", "Hezbollah",
                     "Wagner Group", "Western nations"):
        assert expected in names
    with_capital = [s for s in countries if s.capitals]
    with_demonym = [s for s in countries if s.demonyms]
    assert len(with_capital) >= 180 and len(with_demonym) >= 180
    assert all(s.kind in ("country", "organisation", "person", "collective") for s in seeds)
    # the only people shipped are office holders who speak for a seeded state or organisation
    names = {s.name for s in seeds}
    people = [s for s in seeds if s.kind == "person"]
    assert people and all(p.affiliation in names for p in people)


def test_expand_aliases_adds_capitals_demonyms_and_plurals():
    iran = next(s for s in load_seed() if s.name == "Iran")
    forms = expand_aliases(iran)
    assert {"Tehran", "Iranian", "Iranians", "Islamic Republic of Iran"} <= set(forms)
    assert "Iran" not in forms  # the name itself is stored by the caller
    made_up = ActorSeed("Ruritania", "country", aliases=["Kingdom of Ruritania"], capitals=["Strelsau"], demonyms=["Ruritanian"])
    assert expand_aliases(made_up) == ["Kingdom of Ruritania", "Strelsau", "Ruritanian", "Ruritanians"]


@pytest.mark.parametrize(
    "phrase, actor",
    [
        ("Tehran", "Iran"),
        ("the Kremlin", "Russia"),
        ("Iran's foreign ministry spokesman", "Iran"),
        ("Kremlin spokesman Dmitry Peskov", "Russia"),
        ("the White House", "United States"),
        ("Downing Street", "United Kingdom"),
        ("the IDF", "Israel"),
        ("Russia's UN envoy", "Russia"),
        ("Russia's ambassador to the European Union", "Russia"),
        ("Palestinian militant group Islamic Jihad", "Palestinian Islamic Jihad"),
        ("the Hamas-run health ministry", "Hamas"),
        ("anonymous US intelligence officials", "United States"),
        ("Palestinians", "Palestinians"),
        ("Arab countries", "Arab states"),
        ("Kinshasa", "DR Congo"),
        ("the Congolese army", "DR Congo"),
        ("nobody we know", None),
    ],
)
def test_default_table_resolves_speaker_phrases(phrase: str, actor: str | None):
    assert AliasTable.default().resolve(phrase) == actor


def test_person_without_affiliation_resolves_to_themselves():
    table = AliasTable.from_rows([("Jane Roe", "Jane Roe", "person", None), ("Roe", "Jane Roe", "person", None)])
    assert table.resolve("Roe") == "Jane Roe"
    table = AliasTable.from_rows([("Jane Roe", "Jane Roe", "person", "Iceland"), ("Iceland", "Iceland", "country", None)])
    assert table.resolve("Jane Roe") == "Iceland"


def test_running_text_needs_capitals_for_words_that_are_also_common_words():
    table = AliasTable.default()
    text = "They told us the US would help; the WHO and who else?"
    found = [(h.text, h.entry.name if h.entry else h.blocked) for h in table.find_all(text)]
    assert found == [("US", "United States"), ("WHO", "World Health Organization")]


def test_media_and_places_are_not_actors():
    table = AliasTable.default()
    hits = table.find_all("The Washington Post and Reuters reported from the West Bank.")
    assert [(h.text, h.entry, h.blocked) for h in hits] == [
        ("Washington Post", None, "media"), ("Reuters", None, "media"), ("West Bank", None, "place")
    ]


def test_gaza_alone_is_a_place_while_its_institutions_are_hamas():
    table = AliasTable.default()
    assert table.resolve("Gaza") is None
    assert [h.entry for h in table.find_all("Shells landed in Gaza overnight.") if h.entry] == []
    assert table.resolve("the Gaza health ministry") == "Hamas"
    assert table.resolve("officials in Gaza") == "Hamas"


def test_from_rows_of_the_seed_rows_behaves_like_default():
    rebuilt = AliasTable.from_rows(seed_rows())
    default = AliasTable.default()
    for phrase in PHRASES:
        assert rebuilt.resolve(phrase) == default.resolve(phrase)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded database for the tests below (seeding is the slow part)."""
    path = tmp_path_factory.mktemp("actors") / "aliases.duckdb"
    initialize(path)
    return path


def test_table_rebuilt_from_the_database_behaves_like_default(seeded_db: Path):
    with connect(seeded_db) as con:
        rows = actor_store.load_alias_rows(con)
    from_db = AliasTable.from_rows(rows)
    default = AliasTable.default()
    assert len(from_db) == len(default)
    for phrase in PHRASES:
        assert from_db.resolve(phrase) == default.resolve(phrase), phrase


def test_alias_added_in_the_database_resolves(seeded_db: Path):
    with connect(seeded_db) as con:
        iran = actor_store.resolve_actor(con, "Iran", create=False)
        assert actor_store.add_alias(con, iran, "the Persian government") is True
        table = AliasTable.from_rows(actor_store.load_alias_rows(con))
    assert table.resolve("the Persian government") == "Iran"
    assert AliasTable.default().resolve("the Persian government") is None


def test_an_alias_running_on_past_a_possessive_is_found_whole():
    text = "Balloons flew over the People's Republic of China, while Russia's Foreign Ministry said nothing."
    hits = [(h.text, h.entry.name if h.entry else None) for h in AliasTable.default().find_all(text)]
    assert ("People's Republic of China", "China") in hits
    assert ("Republic of China", "Taiwan") not in hits
    assert ("Russia", "Russia") in hits  # an ordinary possessive still ends the alias


def test_many_names_resolve_at_once_by_name_or_alias_and_unknown_ones_are_created(db_path: Path) -> None:
    with connect(db_path) as con:
        iran = actor_store.resolve_actor(con, "Iran", create=False)
        before = con.execute("SELECT count(*) FROM actors").fetchone()[0]
        found = actor_store.resolve_actors(con, ["Iran", "  tehran ", "ISLAMIC REPUBLIC OF IRAN", "Quillonia", "", None, "Iran"])
        created = con.execute("SELECT actor_id FROM actors WHERE name = 'Quillonia'").fetchone()[0]
        after = con.execute("SELECT count(*) FROM actors").fetchone()[0]
    assert found == {"Iran": iran, "tehran": iran, "ISLAMIC REPUBLIC OF IRAN": iran, "Quillonia": created}
    assert after == before + 1
