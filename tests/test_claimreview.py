"""ClaimReview in and out: real feeds' quirks, the editable rating mapping, storing, export and round trip.

All samples are written for these tests; they imitate the shapes publishers emit, not their text.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from workbench import clustering, review
from workbench.store import articles as article_store
from workbench.claimreview import (
    apply_verdict_mappings,
    export_claimreviews,
    is_generic_claimant,
    load_verdict_mappings,
    looks_like_claimreview,
    map_rating,
    parse_claimreviews,
    parse_lenient_date,
    rating_key,
    seed_mappings_from_file,
    seed_verdict_mappings,
    set_verdict_mapping,
    store_claimreviews,
)
from workbench.config import Settings
from workbench.store.connection import connect, query, transaction
from workbench.errors import InputError
from workbench.models import VERDICT_RATINGS, NewMention, Origin, Verdict



# --- samples ------------------------------------------------------------------------------------------------

BASIC = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checkdesk.example/reviews/ferry-tax",
    "datePublished": "2023-03-09",
    "claimReviewed": "The harbour authority doubled the ferry tax in one night",
    "author": {"@type": "Organization", "name": "Check Desk", "url": "https://checkdesk.example/"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Mara Quint"},
        "datePublished": "2023-03-01",
        "appearance": [
            {"@type": "CreativeWork", "url": "https://video.example/watch/ferry1", "headline": "Ferry rant",
             "datePublished": "2023-03-02"},
            {"@type": "CreativeWork", "url": "https://social.example/posts/889"},
        ],
        "firstAppearance": {"@type": "CreativeWork", "url": "https://social.example/posts/770"},
    },
    "reviewRating": {"@type": "Rating", "ratingValue": "2", "bestRating": "5", "worstRating": "1",
                     "alternateName": "Mostly False", "ratingExplanation": "The rise was 4 per cent over a year."},
}

QUIRKY = {  # `type` instead of `@type`, appearance as one object, numeric rating, no bestRating
    "type": "ClaimReview",
    "url": "lagoonfacts.example/checks/salt-water",
    "datePublished": "2021-11-30 18:05",
    "claimReviewed": "Drinking salted lagoon water cures the flu",
    "author": {"type": "Organization", "name": "Lagoon Facts"},
    "itemReviewed": {"type": "CreativeWork", "author": {"name": "multiple sources "},
                     "appearance": {"url": "https://forum.example/t/salt"}},
    "reviewRating": {"type": "Rating", "ratingValue": 1, "alternateName": "Fals&iacute;simo"},
}

GRAPH = {
    "@context": "http://schema.org",
    "@graph": [
        {"@type": "WebPage", "@id": "https://moorcheck.example/a/19#webpage", "name": "A page"},
        {"@type": "Person", "@id": "https://moorcheck.example/#/person/7", "name": "Ola Brandt"},
        {
            "@type": ["Review", "ClaimReview"],
            "@id": "/a/19#review",
            "url": "https://moorcheck.example/a/19",
            "author": {"@id": "https://moorcheck.example/#/person/7"},
            "publisher": {"@type": "Organization", "name": "Moor Check", "url": "https://moorcheck.example/"},
            "claimReviewed": ["Wind farms on the moor killed all the grouse"],
            "datePublished": "2022-08-14T09:10:11+0200",
            "itemReviewed": {"@type": "creativeWork", "datePublished": "2022-08-01T12:00:00.125Z",
                             "author": {"@type": "Organization", "name": ["Tarn Party", "local branch"],
                                        "sameAs": "https://social.example/tarnparty/status/55"}},
            "reviewRating": {"@type": "Rating", "alternateName": "Incorrect \r", "ratingValue": "1",
                             "bestRating": "6", "worstRating": "1"},
        },
    ],
}

PAGE = """<!doctype html><html><head>
<script type=application/ld+json>{"@context":"https://schema.org","@type":"NewsArticle","headline":"Not a review"}</script>
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"ClaimReview","url":"https://valecheck.example/p/bridge",
 "claimReviewed":"The new bridge was built with recycled plastic bottles only",
 "author":{"@type":"Organization","name":"Vale Check"},
 "itemReviewed":{"@type":"Claim","author":{"@type":"Person","name":"Ivo Renn"}},
 "reviewRating":{"@type":"Rating","alternateName":"FALSO: the deck is concrete and steel","ratingValue":""}}
</script>
<script>document.title = "ignored"</script></head><body><p>Story</p></body></html>"""

FEED_ITEM = {"@type": "DataFeedItem", "dateCreated": "2020-01-01T00:00:00+00:00",
             "item": [{**BASIC, "url": "https://checkdesk.example/reviews/other", "claimReviewed": "Snow fell in July on the coast"}]}

API = {"total_results": 2, "data": [
    {"claimReviewed": "El alcalde vendió el ayuntamiento a una cadena de hoteles", "reviewRating": {"alternateName": "Engañoso"},
     "url": "https://rioverifica.example/hall", "datePublished": "2022-10-06", "itemReviewed": {"@type": "Claim"}},
    {"claimReviewed": "Schools will close every Friday from May", "reviewRating": {"alternateName": "really_false"},
     "url": "https://rioverifica.example/fridays", "datePublished": "2022-10-07"},
]}


def _one(obj, source: str = "sample.json"):
    [record] = parse_claimreviews(obj, source)
    return record


# --- parsing ------------------------------------------------------------------------------------------------


def test_basic_record_keeps_every_field() -> None:
    record = _one(BASIC)
    assert record.claim_text == "The harbour authority doubled the ferry tax in one night"
    assert record.claimant == "Mara Quint"
    assert record.appearance_urls == [
        "https://social.example/posts/770", "https://video.example/watch/ferry1", "https://social.example/posts/889",
    ]
    assert record.appearances[1].title == "Ferry rant"
    assert record.appearances[1].published == dt.date(2023, 3, 2)
    assert record.first_appearance == "https://social.example/posts/770"
    assert record.claim_date == dt.date(2023, 3, 1)
    assert record.date_published == dt.date(2023, 3, 9)
    assert record.publisher == "Check Desk"
    assert record.publisher_url == "https://checkdesk.example/"
    assert record.url == "https://checkdesk.example/reviews/ferry-tax"
    assert (record.rating_value, record.best_rating, record.worst_rating) == ("2", "5", "1")
    assert record.rating_text == "Mostly False"
    assert record.rating_explanation == "The rise was 4 per cent over a year."
    assert record.language == "en"
    assert json.loads(record.raw) == BASIC
    assert record.source == "sample.json"


def test_quirky_record_type_key_single_appearance_numeric_rating() -> None:
    record = _one(QUIRKY)
    assert record.url == "https://lagoonfacts.example/checks/salt-water"
    assert "review url repaired" in record.warnings
    assert record.date_published == dt.date(2021, 11, 30)
    assert record.claimant == "multiple sources"
    assert record.appearance_urls == ["https://forum.example/t/salt"]
    assert (record.rating_value, record.best_rating, record.worst_rating) == ("1", None, None)
    assert record.rating_text == "Falsísimo"


def test_graph_resolves_author_reference_and_list_claim() -> None:
    record = _one(GRAPH)
    assert record.claim_text == "Wind farms on the moor killed all the grouse"
    assert record.publisher == "Moor Check"  # the author is a Person: the publishing organisation wins
    assert record.claimant == "Tarn Party"
    assert record.appearance_urls == ["https://social.example/tarnparty/status/55"]
    assert record.rating_text == "Incorrect"
    assert record.date_published == dt.date(2022, 8, 14)
    assert record.claim_date == dt.date(2022, 8, 1)
    assert "review:https://moorcheck.example/a/19#review" in record.keys


def test_html_page_yields_only_the_claimreview_block() -> None:
    record = _one(PAGE, "page.html")
    assert record.claim_text == "The new bridge was built with recycled plastic bottles only"
    assert record.claimant == "Ivo Renn"
    assert record.rating_value == ""
    assert looks_like_claimreview(PAGE)


def test_wrappers_lists_and_api_envelopes() -> None:
    assert [r.claim_text for r in parse_claimreviews(FEED_ITEM)] == ["Snow fell in July on the coast"]
    api = parse_claimreviews(API)
    assert [r.rating_text for r in api] == ["Engañoso", "really_false"]
    assert [r.language for r in api] == ["es", "en"]
    both = parse_claimreviews([BASIC, QUIRKY])
    assert len(both) == 2
    assert len(parse_claimreviews(json.dumps(GRAPH))) == 1


def test_entities_and_python_list_repr_are_cleaned() -> None:
    sample = {**BASIC, "claimReviewed": "['The minister&#039;s car runs on &ldquo;air&rdquo;']"}
    assert _one(sample).claim_text == "The minister's car runs on \u201cair\u201d"


def test_record_without_claim_text_is_an_error_not_a_silent_drop() -> None:
    broken = {"@type": "ClaimReview", "reviewRating": {"alternateName": "False"}}
    with pytest.raises(InputError, match="no claimReviewed"):
        parse_claimreviews(broken, "bad.json")
    errors: list[InputError] = []
    records = parse_claimreviews([BASIC, broken], "two.json", errors)
    assert len(records) == 1
    assert [e.where for e in errors] == ["two.json (record 2)"]
    with pytest.raises(InputError, match="no ClaimReview"):
        parse_claimreviews({"@type": "NewsArticle"}, "x.json")


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2020-06-24 00:03", dt.date(2020, 6, 24)),
        ("2020-03-27T10:46:13+0200", dt.date(2020, 3, 27)),
        ("2020-06-22T12:26:08+5:30", dt.date(2020, 6, 22)),
        ("2023-01-24T13:32:06.838Z", dt.date(2023, 1, 24)),
        ("2015-06-7", dt.date(2015, 6, 7)),
        ("20/09/2019", dt.date(2019, 9, 20)),
        ("soon", None),
        ("", None),
    ],
)
def test_lenient_dates(value: str, day: dt.date | None) -> None:
    assert parse_lenient_date(value) == day


def test_looks_like_claimreview_spares_articles() -> None:
    article = {"url": "https://x.example/a", "text": "A story mentioning claimReviewed", "claimReviewed": "x"}
    assert not looks_like_claimreview(article)
    assert not looks_like_claimreview([{"text": "one"}, BASIC])
    assert looks_like_claimreview(BASIC)
    assert looks_like_claimreview(QUIRKY)
    assert looks_like_claimreview(GRAPH)
    assert looks_like_claimreview(FEED_ITEM)
    assert looks_like_claimreview(API)
    assert looks_like_claimreview([BASIC, QUIRKY])
    assert not looks_like_claimreview("<html><body><p>No markup here</p></body></html>")
    assert not looks_like_claimreview([])


# --- rating mapping -----------------------------------------------------------------------------------------


def test_rating_key_folds_case_accents_slugs_and_punctuation() -> None:
    assert rating_key("  Mostly   FALSE ") == "mostly false"
    assert rating_key("Engañoso") == "enganoso"
    assert rating_key("não_é_bem_assim") == "nao e bem assim"
    assert rating_key("Falso.") == "falso"
    assert rating_key("Incorrect \r") == "incorrect"
    assert rating_key("half-true") == "half true"
    assert rating_key("ग़लत") != rating_key("गलत")  # Devanagari keeps its marks (both spellings are seeded)


def test_seed_mapping_is_consistent_and_covers_our_own_names() -> None:
    seeded = seed_mappings_from_file()
    for verdict, (_value, name) in VERDICT_RATINGS.items():
        assert seeded[rating_key(name)] == verdict.value
    for rating, verdict in [("Pants on Fire", "false"), ("pants-fire", "false"), ("barely-true", "misleading"),
                            ("Half True", "mixed"), ("Engañoso", "misleading"), ("Faux", "false"),
                            ("Falsch", "false"), ("錯誤", "false"), ("證據不足", "unproven"), ("زائف", "false"),
                            ("Não é bem assim", "misleading"), ("Fuorviante", "misleading"), ("भ्रामक", "misleading")]:
        assert seeded[rating_key(rating)] == verdict, rating


def test_map_rating_text_then_number_then_unknown() -> None:
    mappings = seed_mappings_from_file()
    assert map_rating("Mostly False", "2", "5", "1", mappings) == (Verdict.MISLEADING, "text")
    assert map_rating("FALSO: the deck is concrete", "", None, None, mappings) == (Verdict.FALSE, "text")
    assert map_rating("A long sentence the publisher used", "1", "5", "1", mappings) == (Verdict.FALSE, "number")
    assert map_rating("A long sentence the publisher used", "5", None, None, mappings) == (Verdict.TRUE, "number")
    assert map_rating("A long sentence the publisher used", "4", "7", "1", mappings) == (Verdict.MIXED, "number")
    assert map_rating("A long sentence the publisher used", "3", "7", "1", mappings) == (Verdict.MISLEADING, "number")
    # scales that make no sense are not guessed at
    assert map_rating("Something else", "-1", "-1", "-1", mappings) == (None, "")
    assert map_rating("Something else", "", "2", "2", mappings) == (None, "")
    assert map_rating("Something else", "9", "5", "1", mappings) == (None, "")
    assert map_rating(None, None, None, None, mappings) == (None, "")


def test_generic_claimants() -> None:
    assert is_generic_claimant("multiple sources ")
    assert is_generic_claimant("Facebook,WhatsApp,Twitter,media outlets")
    assert is_generic_claimant("Réseaux sociaux")
    assert is_generic_claimant("Chain email")
    assert is_generic_claimant(None)
    assert not is_generic_claimant("Mara Quint")


# --- storing ------------------------------------------------------------------------------------------------


def _store(db_path: Path, obj, source: str = "sample.json"):
    with connect(db_path) as con:
        index = clustering.load_index(con)
        with transaction(con):
            return store_claimreviews(con, parse_claimreviews(obj, source), index, Settings())


def test_store_creates_claim_mentions_articles_review_and_verdict(db_path: Path) -> None:
    stats = _store(db_path, BASIC)
    assert (stats.reviews, stats.mentions, stats.claims_new, stats.articles_new) == (1, 3, 1, 3)
    assert (stats.mapped_text, stats.mapped_number, stats.unknown) == (1, 0, [])
    with connect(db_path) as con:
        [claim] = query(con, "SELECT claim_id, text, verdict, status, rationale FROM claims")
        assert claim["text"] == BASIC["claimReviewed"]
        assert (claim["verdict"], claim["status"]) == ("misleading", "resolved")
        assert claim["rationale"] == "The rise was 4 per cent over a year."
        mentions = query(con, "SELECT m.origin, m.speaker, a.url, a.source_format, m.published FROM mentions m"
                              " JOIN articles a USING (article_id) ORDER BY a.url")
        assert [m["url"] for m in mentions] == [
            "https://social.example/posts/770", "https://social.example/posts/889", "https://video.example/watch/ferry1",
        ]
        assert {m["origin"] for m in mentions} == {"imported"}
        assert {m["source_format"] for m in mentions} == {"claimreview"}
        assert {m["speaker"] for m in mentions} == {"Mara Quint"}
        assert [m["published"] for m in mentions] == [dt.date(2023, 3, 1), dt.date(2023, 3, 1), dt.date(2023, 3, 2)]
        [row] = query(con, "SELECT claim_id, url, publisher, publisher_url, date_published, rating_value, best_rating,"
                           " worst_rating, rating_text, verdict, rating_known, language, raw, source_path FROM claim_reviews")
        assert row["claim_id"] == claim["claim_id"]
        assert row["publisher"] == "Check Desk"
        assert (row["rating_value"], row["best_rating"], row["worst_rating"]) == ("2", "5", "1")
        assert (row["rating_text"], row["verdict"], row["rating_known"]) == ("Mostly False", "misleading", True)
        assert json.loads(row["raw"]) == BASIC
        assert row["source_path"] == "sample.json"
        [event] = query(con, "SELECT action, claim_id FROM events WHERE action = 'verdict imported'")
        assert event["claim_id"] == claim["claim_id"]


def test_reimporting_the_same_record_adds_nothing(db_path: Path) -> None:
    _store(db_path, BASIC)
    again = _store(db_path, BASIC)
    assert (again.known, again.reviews, again.mentions) == (1, 0, 0)
    with connect(db_path) as con:
        assert con.execute("SELECT count(*) FROM claim_reviews").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == 3


def test_unknown_rating_is_kept_verbatim_and_flagged(db_path: Path) -> None:
    sample = {**BASIC, "reviewRating": {"@type": "Rating", "alternateName": "Satire, not news"}}
    stats = _store(db_path, sample)
    assert stats.unknown == ["Satire, not news"]
    with connect(db_path) as con:
        assert query(con, "SELECT rating_text, verdict, rating_known FROM claim_reviews") == [
            {"rating_text": "Satire, not news", "verdict": None, "rating_known": False}
        ]
        assert query(con, "SELECT verdict, status FROM claims") == [{"verdict": None, "status": "unstarted"}]
        with transaction(con):
            set_verdict_mapping(con, "satire, NOT news", "false", "Desk")
            assert apply_verdict_mappings(con, "Desk") == {"reviews": 1, "claims": 1}
        assert query(con, "SELECT verdict, status FROM claims") == [{"verdict": "false", "status": "resolved"}]
        assert query(con, "SELECT verdict, rating_known FROM claim_reviews") == [{"verdict": "false", "rating_known": True}]


def test_reviews_sharing_an_item_id_land_on_one_claim(db_path: Path) -> None:
    item = {"@type": "Claim", "@id": "https://registry.example/claims/ferry-tax"}
    first = {**BASIC, "itemReviewed": {**BASIC["itemReviewed"], **item}}
    second = {**QUIRKY, "claimReviewed": "Ferry fares went up twofold overnight, says a post",
              "itemReviewed": {**QUIRKY["itemReviewed"], **item}}
    _store(db_path, first)
    stats = _store(db_path, second)
    assert stats.claims_new == 0
    with connect(db_path) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == 1
        assert con.execute("SELECT count(DISTINCT claim_id), count(*) FROM claim_reviews").fetchone() == (1, 2)


def test_same_claim_text_and_claimant_from_two_publishers_share_a_claim(db_path: Path) -> None:
    other = {**BASIC, "url": "https://elsewhere.example/f", "author": {"@type": "Organization", "name": "Elsewhere"},
             "reviewRating": {"alternateName": "False"}}
    stats = _store(db_path, [BASIC, other])
    assert stats.reviews == 2
    assert stats.conflicts == 1  # the first verdict (misleading) stays
    with connect(db_path) as con:
        assert query(con, "SELECT verdict FROM claims") == [{"verdict": "misleading"}]
        assert con.execute("SELECT count(DISTINCT claim_id) FROM claim_reviews").fetchone()[0] == 1


def test_a_verdict_set_by_the_desk_is_never_overwritten(db_path: Path) -> None:
    with connect(db_path) as con:
        index = clustering.load_index(con)
        with transaction(con):
            [placed] = clustering.place_mentions(
                con, index, [NewMention(quote=BASIC["claimReviewed"], claimant="Mara Quint", origin=Origin.LOGGED)],
                Settings(),
            )
            review.set_verdict(con, placed.claim_id, "true", "Checked by us", [], "Desk")
    stats = _store(db_path, BASIC)
    assert stats.conflicts == 1
    with connect(db_path) as con:
        assert query(con, "SELECT verdict, rationale FROM claims") == [{"verdict": "true", "rationale": "Checked by us"}]


def test_reviews_the_publisher_identifies_as_different_claims_stay_apart(db_path: Path) -> None:
    first = {**BASIC, "@id": "https://checkdesk.example/reviews/ferry-tax#review"}
    second = {**BASIC, "@id": "https://checkdesk.example/reviews/ferry-tax-2#review",
              "url": "https://checkdesk.example/reviews/ferry-tax-2",
              "claimReviewed": "The harbour authority doubled the ferry tax in one single night",
              "reviewRating": {"alternateName": "True"}}
    stats = _store(db_path, [first, second])
    assert stats.reviews == 2
    with connect(db_path) as con:
        assert query(con, "SELECT text, verdict FROM claims ORDER BY claim_id") == [
            {"text": first["claimReviewed"], "verdict": "misleading"},
            {"text": second["claimReviewed"], "verdict": "true"},
        ]


# --- export and round trip --------------------------------------------------------------------------------


def _reviewed_db(db_path: Path) -> None:
    """Two claims with sources and verdicts, one without a verdict, logged as a reviewer would."""
    with connect(db_path) as con:
        index = clustering.load_index(con)
        with transaction(con):
            urls = article_store.ensure_sources(con, [
                ("https://northpost.example/2023/05/01/dam", "North Post", dt.date(2023, 5, 1), "Dam story"),
                ("https://eastwire.example/dam-denial", "East Wire", dt.date(2023, 5, 3), None),
                ("https://northpost.example/2023/06/09/wheat", "North Post", dt.date(2023, 6, 9), None),
            ])
            placed = clustering.place_mentions(con, index, [
                NewMention(quote="The river dam was sabotaged by foreign divers", claimant="Kestrel League",
                           article_id=urls["https://northpost.example/2023/05/01/dam"], published=dt.date(2023, 5, 1)),
                NewMention(quote="The river dam was sabotaged by foreign divers", claimant="Kestrel League",
                           article_id=urls["https://eastwire.example/dam-denial"], published=dt.date(2023, 5, 3),
                           same_claim_as=0),
                NewMention(quote="Wheat exports to the islands stopped completely in June", claimant="Harbour Guild",
                           article_id=urls["https://northpost.example/2023/06/09/wheat"], published=dt.date(2023, 6, 9)),
                NewMention(quote="Owls were banned from the city parks by decree", claimant=None),
            ], Settings())
            review.set_verdict(con, placed[0].claim_id, "unproven", "No diver was ever identified.",
                               ["https://records.example/dam"], "Desk")
            review.set_verdict(con, placed[2].claim_id, "mostly true", None, [], "Desk")
            # Two near-identical wordings a reviewer keeps apart: matching alone would put them together.
            twins = clustering.place_mentions(con, index, [
                NewMention(quote="Crates of rifles were unloaded at the northern pier on Friday", claimant="Kestrel League"),
                NewMention(quote="Crates of rifles were unloaded at the northern pier on Friday night",
                           claimant="Kestrel League", same_claim_as=0),
            ], Settings())
            night = clustering.split_claim(con, twins[0].claim_id, [twins[1].mention_id], "Desk")
            review.set_verdict(con, twins[0].claim_id, "false", None, [], "Desk")
            review.set_verdict(con, night, "true", None, [], "Desk")


def _claims_view(db_path: Path) -> dict[str, dict]:
    with connect(db_path) as con:
        rows = query(
            con,
            "SELECT c.text, c.verdict, c.rationale, list(DISTINCT a.url ORDER BY a.url) FILTER (WHERE a.url IS NOT NULL) AS urls"
            " FROM claims c LEFT JOIN mentions m USING (claim_id) LEFT JOIN articles a USING (article_id)"
            " WHERE c.merged_into IS NULL AND c.verdict IS NOT NULL GROUP BY ALL",
        )
    return {r["text"]: {"verdict": r["verdict"], "rationale": r["rationale"], "urls": r["urls"] or []} for r in rows}


def test_export_has_the_fields_google_requires(db_path: Path) -> None:
    _reviewed_db(db_path)
    settings = Settings(organisation="Delta Desk", organisation_url="https://deltadesk.example")
    with connect(db_path) as con:
        reviews = export_claimreviews(con, settings)
    assert len(reviews) == 4  # the claim without a verdict is not a review
    for item in reviews:
        assert item["@type"] == "ClaimReview"
        assert item["claimReviewed"]
        assert item["reviewRating"]["alternateName"]
        assert item["url"].startswith("https://deltadesk.example/claims/")
        assert item["author"] == {"@type": "Organization", "name": "Delta Desk", "url": "https://deltadesk.example"}
    dam = next(r for r in reviews if r["claimReviewed"].startswith("The river dam"))
    assert dam["@id"] == dam["url"] + "#review"
    assert dam["itemReviewed"]["@id"] == dam["url"] + "#claim"
    assert dam["reviewRating"] == {"@type": "Rating", "ratingValue": -1, "bestRating": 5, "worstRating": 1,
                                   "alternateName": "Unproven", "ratingExplanation": "No diver was ever identified."}
    assert dam["itemReviewed"]["author"] == {"@type": "Organization", "name": "Kestrel League"}
    assert dam["itemReviewed"]["datePublished"] == "2023-05-01"
    assert [a["url"] for a in dam["itemReviewed"]["appearance"]] == [
        "https://northpost.example/2023/05/01/dam", "https://eastwire.example/dam-denial",
    ]
    assert dam["itemReviewed"]["firstAppearance"]["url"] == "https://northpost.example/2023/05/01/dam"
    assert dam["itemReviewed"]["appearance"][0]["publisher"] == {"@type": "Organization", "name": "North Post"}
    assert dam["citation"] == ["https://records.example/dam"]
    json.dumps(reviews)  # plain JSON-LD, serialisable as is
    assert looks_like_claimreview(reviews)


def test_round_trip_into_an_empty_database_keeps_claims_verdicts_and_appearances(
    db_path: Path, tmp_path: Path, _initialised_template: Path
) -> None:
    _reviewed_db(db_path)
    with connect(db_path) as con:
        exported = export_claimreviews(con, Settings())
    target = tmp_path / "copy.duckdb"
    shutil.copyfile(_initialised_template, target)
    with connect(target) as con:  # an unrelated claim first, so that claim ids differ between the two
        with transaction(con):
            clustering.place_mentions(con, clustering.load_index(con), [NewMention(quote="Comets are made of cheese")], Settings())
    stats = _store(target, json.loads(json.dumps(exported)), "export.json")
    assert (stats.reviews, stats.unknown) == (4, [])
    assert _claims_view(target) == _claims_view(db_path)
    assert _claims_view(target).keys() == {r["claimReviewed"] for r in exported}
    # Importing the same export again changes nothing; a re-export keeps the identities it came with.
    again = _store(target, exported, "export.json")
    assert (again.known, again.reviews) == (4, 0)
    with connect(target) as con:
        second = export_claimreviews(con, Settings())
    originals = {r["claimReviewed"]: r["itemReviewed"]["@id"] for r in exported}
    for item in second:  # the original identity is kept: as the claim's own @id, or in its sameAs
        identities = [item["itemReviewed"]["@id"], *item["itemReviewed"].get("sameAs", [])]
        assert originals[item["claimReviewed"]] in identities
    assert sum(originals[i["claimReviewed"]] != i["itemReviewed"]["@id"] for i in second) >= 1


def test_mapping_table_is_seeded_and_user_edits_survive_reseeding(db_path: Path) -> None:
    with connect(db_path) as con:
        assert load_verdict_mappings(con)["pants on fire"] == "false"
        with transaction(con):
            assert set_verdict_mapping(con, "Pants on Fire", "misleading", "Desk") == "pants on fire"
            assert seed_verdict_mappings(con) == 0
        assert query(con, "SELECT verdict, origin FROM verdict_mappings WHERE rating = 'pants on fire'") == [
            {"verdict": "misleading", "origin": "user"}
        ]
        [event] = query(con, "SELECT action, reviewer, details FROM events WHERE action = 'rating mapped'")
        assert event["reviewer"] == "Desk"
        assert json.loads(event["details"]) == {"rating": "pants on fire", "old": "false", "new": "misleading"}


def test_cli_ingest_of_a_claimreview_file_then_export(run_cli, db_path: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"@context": "https://schema.org", "@graph": [BASIC, QUIRKY]}), encoding="utf-8")
    first = run_cli("ingest", str(feed))
    assert first.exit_code == 0, first.output
    assert "2 ClaimReview records" in first.stdout
    again = run_cli("ingest", str(feed))
    assert again.exit_code == 0
    with connect(db_path) as con:
        assert con.execute("SELECT count(*) FROM claim_reviews").fetchone()[0] == 2
    out = tmp_path / "reviews.json"
    assert run_cli("export", "claims", "-o", str(out)).exit_code == 0
    assert sorted(r["reviewRating"]["alternateName"] for r in json.loads(out.read_text(encoding="utf-8"))) == [
        "False", "Misleading",
    ]


def test_broken_markup_after_a_json_ld_block_keeps_the_block(tmp_path: Path) -> None:
    from workbench.claimreview import ld_json_blocks
    from workbench.ingest import read_articles
    from workbench.models import Article

    block = '{"@type": "Article", "headline": "Ferry fares"}'
    assert ld_json_blocks(f'<script type="application/ld+json">{block}</script><p>Fares rose.</p><![0') == [block]
    page = tmp_path / "broken.html"
    page.write_bytes(b"<![0")  # Python's own parser raises on this marked section
    [record] = list(read_articles(page))
    assert not isinstance(record, Article) and record.where.startswith(str(page))
