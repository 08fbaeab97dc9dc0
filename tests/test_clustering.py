"""Placing mentions on claims in a real DuckDB file, and the reviewer's operations on claims."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from workbench import clustering
from workbench.store import articles as article_store
from workbench.clustering import index as index_module
from workbench.clustering import policy
from workbench.config import Settings
from workbench.store.connection import connect, query, scalar, transaction
from workbench.errors import InputError, NotFound
from workbench.models import NewMention, Origin, Stance

SETTINGS = Settings()
STRICT = Settings(match_auto=1.01, match_suggest=0.01)
"""Thresholds that turn every reasonable match into a suggestion."""


@pytest.fixture
def db(db_path: Path) -> Path:
    """A freshly initialised database (conftest's copy of one initialised once per session)."""
    return db_path


def place(db: Path, mentions: list[NewMention], settings: Settings = SETTINGS) -> list[clustering.Placement]:
    with connect(db) as con:
        index = clustering.load_index(con)
        with transaction(con):
            return clustering.place_mentions(con, index, mentions, settings)


def article(db: Path, url: str, title: str, published: dt.date | None = None) -> int:
    with connect(db) as con, transaction(con):
        from workbench.models import Article

        article_id, _ = article_store.find_or_insert_article(con, Article(text="", url=url, title=title, published=published))
    return article_id


def mention(quote: str, claimant: str | None, stance: str = "asserts", **kw) -> NewMention:
    return NewMention(quote=quote, claimant=claimant, stance=Stance(stance), origin=Origin.IMPORTED, **kw)


def test_denial_in_second_article_joins_the_allegation(db: Path) -> None:
    first = article(db, "https://a.example/1", "Kyiv says Tehran keeps arming Moscow", dt.date(2022, 10, 1))
    second = article(db, "https://b.example/2", "Tehran rejects drone accusations", dt.date(2022, 10, 3))
    [allegation] = place(db, [mention("Iran has been sending Shahed drones to Russia for its war", "Ukraine",
                                      article_id=first, published=dt.date(2022, 10, 1))])
    [denial] = place(db, [mention("Tehran flatly denied delivering any UAVs to Moscow", "Iran", "denies",
                                  article_id=second, published=dt.date(2022, 10, 3))])
    assert allegation.created_claim and allegation.decision == "new"
    assert (denial.claim_id, denial.decision, denial.created_claim) == (allegation.claim_id, "joined", False)
    with connect(db) as con:
        claim = query(con, "SELECT first_seen, last_seen FROM claims WHERE claim_id = ?", [allegation.claim_id])[0]
        stances = [r[0] for r in con.execute("SELECT stance FROM mentions ORDER BY mention_id").fetchall()]
    assert (claim["first_seen"], claim["last_seen"]) == (dt.date(2022, 10, 1), dt.date(2022, 10, 3))
    assert stances == ["asserts", "denies"]


def _vias(db: Path, mention_ids: list[int]) -> list[str | None]:
    """The `via` of each mention's latest decision."""
    with connect(db) as con:
        return [json.loads(query(con, "SELECT details FROM match_decisions WHERE mention_id = ? ORDER BY decision_id"
                                 " DESC LIMIT 1", [m])[0]["details"]).get("via") for m in mention_ids]


def test_a_mention_joins_the_claim_of_its_own_article_it_fits_and_another_articles_claim_when_that_fits(
        db: Path) -> None:
    drones_story = article(db, "https://a.example/drones", "Kyiv says Tehran keeps arming Moscow")
    shells_story = article(db, "https://b.example/shells", "Seoul on shells for Moscow")
    both_story = article(db, "https://c.example/both", "Who arms Moscow")
    [drones, shells] = place(db, [
        mention("Iran has been sending Shahed drones to Russia", "Ukraine", article_id=drones_story),
        mention("North Korea shipped artillery shells to Russia", "South Korea", article_id=shells_story),
    ])
    # the drones article again, in other words
    [again] = place(db, [mention("Tehran delivered UAVs to Moscow for the war", "Ukraine", article_id=drones_story)])
    assert (again.claim_id, again.decision) == (drones.claim_id, "joined")
    with connect(db) as con:
        details = json.loads(query(con, "SELECT details FROM match_decisions WHERE mention_id = ?",
                                   [again.mention_id])[0]["details"])
    assert details["best_claim_id"] == drones.claim_id and details["breakdown"]["features"]["context"] > 0
    # in the drones article, shells fit its claim badly: the shells claim of another article
    [elsewhere] = place(db, [mention("Pyongyang sent artillery rounds to Moscow by rail", "Ukraine", article_id=drones_story)])
    assert (elsewhere.claim_id, elsewhere.decision) == (shells.claim_id, "joined")
    # of an article's claims, the one the mention fits best, not the one it mentioned last
    [s2, d2, best] = place(db, [
        mention("North Korea has shipped shells to Russia", "Ukraine", article_id=both_story),
        mention("Iran is sending drones to Russia", "Ukraine", article_id=both_story),
        mention("Pyongyang delivered artillery shells to Moscow in large numbers", "Ukraine", article_id=both_story),
    ])
    assert (s2.claim_id, d2.claim_id, best.claim_id) == (shells.claim_id, drones.claim_id, shells.claim_id)
    # recluster takes the same steps, and nothing moves
    with connect(db) as con:
        with transaction(con):
            report = clustering.recluster(con, SETTINGS)
    assert (report.mentions_moved, report.claims_created, report.claims_retired) == (0, 0, 0)


def test_recluster_keeps_a_mention_split_off_its_articles_claim_apart_from_it(db: Path) -> None:
    story = article(db, "https://a.example/drones", "Kyiv says Tehran keeps arming Moscow")
    [first, again] = place(db, [
        mention("Iran has been sending Shahed drones to Russia", "Ukraine", article_id=story),
        mention("Tehran delivered UAVs to Moscow for the war", "Ukraine", article_id=story),
    ])
    assert again.claim_id == first.claim_id
    with connect(db) as con:
        with transaction(con):
            apart = clustering.split_claim(con, first.claim_id, [again.mention_id], "Ben")
        with transaction(con):
            clustering.recluster(con, SETTINGS)
        claims = [r[0] for r in con.execute("SELECT claim_id FROM mentions ORDER BY mention_id").fetchall()]
    assert claims == [first.claim_id, apart]
    assert _vias(db, [again.mention_id]) == ["recluster"]


def test_confusable_claims_get_claims_of_their_own(db: Path) -> None:
    placed = place(db, [
        mention("Iran supplied drones to Russia in 2022", "Ukraine"),
        mention("Iran supplied ballistic missiles to Russia in 2022", "Ukraine"),
        mention("Russia supplied drones to Iran in 2022", "Ukraine"),
        mention("Iran supplied drones to Russia in 2024", "Ukraine"),
        mention("North Korea supplied drones to Russia in 2022", "Ukraine"),
    ])
    assert [p.created_claim for p in placed] == [True] * 5
    assert len({p.claim_id for p in placed}) == 5
    assert all(p.decision in ("new", "suggested") for p in placed)


def test_paraphrases_in_one_batch_share_a_claim(db: Path) -> None:
    placed = place(db, [
        mention("North Korea has shipped millions of artillery shells to Russia", "South Korea"),
        mention("Pyongyang sent artillery shells to Moscow, Seoul says", "South Korea"),
        mention("The United States says China sold microchips to Russia", "United States"),
    ])
    assert placed[0].claim_id == placed[1].claim_id != placed[2].claim_id
    assert [p.decision for p in placed] == ["new", "joined", "new"]


def test_every_decision_is_stored_with_its_breakdown(db: Path) -> None:
    placed = place(db, [
        mention("Iran sends drones to Russia", "United States"),
        mention("Tehran is delivering UAVs to Moscow", "United Kingdom"),
    ])
    with connect(db) as con:
        rows = query(con, "SELECT * FROM match_decisions ORDER BY mention_id")
        score = scalar(con, "SELECT score FROM mentions WHERE mention_id = ?", [placed[1].mention_id])
    assert [r["decision"] for r in rows] == ["new", "joined"]
    joined = rows[1]
    assert joined["claim_id"] == placed[0].claim_id
    assert joined["compared_text"] == "@iran supply dron @russia"
    assert joined["candidate_text"] == "@iran supply dron @russia"
    assert joined["text_score"] == 1.0 and joined["score"] == score == placed[1].score
    assert (joined["auto_threshold"], joined["suggest_threshold"]) == (SETTINGS.match_auto, SETTINGS.match_suggest)
    details = json.loads(joined["details"])
    assert details["breakdown"]["features"]["wording"] == 1.0
    assert details["best_mention_text"] == "Iran sends drones to Russia"


def test_a_repeated_wording_joins_its_claim_scored_against_it_alone(db: Path) -> None:
    [first, _other] = place(db, [mention("Iran sends drones to Russia every month", "Ukraine"),
                                mention("Chile sells copper to Japan", "Peru")])
    # another outlet's words, the same proposition by the same claimant: scored on the claim it went to
    [again] = place(db, [mention("Tehran is delivering UAVs to Moscow every month", "Ukraine")])
    assert (again.claim_id, again.decision) == (first.claim_id, "joined")
    with connect(db) as con:
        row = query(con, "SELECT score, text_score, details FROM match_decisions WHERE mention_id = ?",
                    [again.mention_id])[0]
    details = json.loads(row["details"])
    assert details["via"] == "same wording as an earlier mention of the claim"
    assert details["best_claim_id"] == first.claim_id and "alternatives" not in details
    assert details["breakdown"]["features"]["wording"] == 1.0 and row["score"] == again.score >= SETTINGS.match_auto
    # the same words said by someone else, or denied, are the same wording too
    [by_other, denied] = place(db, [mention("Tehran is delivering UAVs to Moscow every month", "Poland"),
                                    mention("Tehran is delivering UAVs to Moscow every month", "Iran", "denies")])
    assert by_other.claim_id == denied.claim_id == first.claim_id
    # a wording too vague to stand alone is searched for as usual
    [vague1, vague2] = place(db, [mention("This is a lie", "Iran", "denies"), mention("This is a lie", "Iran", "denies")])
    with connect(db) as con:
        vias = [json.loads(d).get("via") for (d,) in con.execute(
            "SELECT details FROM match_decisions WHERE mention_id IN (?, ?, ?, ?) ORDER BY mention_id",
            [by_other.mention_id, denied.mention_id, vague1.mention_id, vague2.mention_id]).fetchall()]
    assert vias == ["same wording as an earlier mention of the claim"] * 2 + [None, None]
    # recluster takes the same steps: the repeats join without a search again, and nothing moves
    with connect(db) as con:
        with transaction(con):
            report = clustering.recluster(con, SETTINGS)
        vias = [json.loads(d).get("via") for (d,) in con.execute(
            "SELECT arg_max(details, decision_id) FROM match_decisions WHERE mention_id IN (?, ?, ?)"
            " GROUP BY mention_id ORDER BY mention_id",
            [again.mention_id, by_other.mention_id, denied.mention_id]).fetchall()]
    assert vias == ["recluster: same wording as an earlier mention of the claim"] * 3
    assert (report.mentions_moved, report.claims_created, report.claims_retired) == (0, 0, 0)


def test_claimants_become_actors(db: Path) -> None:
    place(db, [mention("Iran sends drones to Russia", "the White House"), mention("Iran sends drones to Russia", "Zorblax Institute")])
    with connect(db) as con:
        names = [r[0] for r in con.execute(
            "SELECT a.name FROM mentions m JOIN actors a ON a.actor_id = m.claimant_id ORDER BY m.mention_id").fetchall()]
    assert names == ["United States", "Zorblax Institute"]


def test_chosen_claim_and_same_claim_as(db: Path) -> None:
    [first] = place(db, [mention("China sold drone engines to Russia", "United States")])
    placed = place(db, [
        mention("Beijing sends chips to Moscow", "Ukraine", claim_id=first.claim_id),
        mention("The Kremlin shelled a hospital", "Ukraine"),
        mention("This is a lie", "Russia", "denies", same_claim_as=1),
    ])
    assert (placed[0].claim_id, placed[0].decision) == (first.claim_id, "manual")
    assert placed[2].claim_id == placed[1].claim_id and placed[2].decision == "joined"
    # recorded as told (a re-cluster keeps the two together), though the batch was grouped
    assert _vias(db, [placed[2].mention_id]) == ["same claim as an earlier mention of the article"]
    with pytest.raises(NotFound, match="no claim with id 999"):
        place(db, [mention("anything", None, claim_id=999)])


def test_suggestion_between_thresholds_is_stored_and_can_be_confirmed(db: Path) -> None:
    placed = place(db, [mention("Iran sends drones to Russia", "Ukraine"), mention("Tehran gives UAVs to Moscow", "Ukraine")], STRICT)
    first, second = placed
    assert second.decision == "suggested" and second.created_claim and second.suggestion_claim_id == first.claim_id
    with connect(db) as con:
        [s] = query(con, "SELECT * FROM match_suggestions")
        assert (s["mention_id"], s["claim_id"], s["state"]) == (second.mention_id, first.claim_id, "open")
        with transaction(con):
            clustering.confirm_suggestion(con, s["suggestion_id"], "Ana")
        assert scalar(con, "SELECT claim_id FROM mentions WHERE mention_id = ?", [second.mention_id]) == first.claim_id
        assert scalar(con, "SELECT merged_into FROM claims WHERE claim_id = ?", [second.claim_id]) == first.claim_id
        assert scalar(con, "SELECT state FROM match_suggestions") == "confirmed"
        event = query(con, "SELECT * FROM events WHERE action = 'suggestion confirmed'")[0]
        assert (event["entity_id"], event["claim_id"], event["reviewer"]) == (second.mention_id, first.claim_id, "Ana")
        judged = con.execute("SELECT mention_id, other_mention_id, judgement FROM pair_judgements").fetchall()
        assert judged == [(first.mention_id, second.mention_id, "same")]
        with pytest.raises(InputError, match="already confirmed"):
            clustering.confirm_suggestion(con, s["suggestion_id"], "Ana")
        with pytest.raises(InputError, match="enter your name"):
            clustering.reject_suggestion(con, s["suggestion_id"], "")


def test_rejected_suggestion_never_returns_after_recluster(db: Path) -> None:
    placed = place(db, [mention("Iran sends drones to Russia", "Ukraine"), mention("Tehran gives UAVs to Moscow", "Ukraine")], STRICT)
    with connect(db) as con:
        suggestion_id = scalar(con, "SELECT suggestion_id FROM match_suggestions")
        with transaction(con):
            clustering.reject_suggestion(con, suggestion_id, "Ana")
        assert con.execute("SELECT judgement FROM pair_judgements").fetchall() == [("different",)]
        # with thresholds that would now join them outright, and with suggestions, they stay apart
        for settings in (SETTINGS, STRICT):
            with transaction(con):
                clustering.recluster(con, settings, "Ana")
            claims = [r[0] for r in con.execute("SELECT claim_id FROM mentions ORDER BY mention_id").fetchall()]
            assert claims[0] != claims[1]
            open_pairs = con.execute(
                "SELECT s.mention_id, s.claim_id FROM match_suggestions s WHERE s.state = 'open'").fetchall()
            assert (placed[1].mention_id, claims[0]) not in open_pairs
            assert (placed[0].mention_id, claims[1]) not in open_pairs


def test_merge_and_split_keep_every_mention_history(db: Path) -> None:
    a = place(db, [mention("Iran sends drones to Russia", "Ukraine"), mention("Iran delivers drones to Russia", "Poland")])
    b = place(db, [mention("Belarus trains Russian troops", "Lithuania")])
    keep, absorb = a[0].claim_id, b[0].claim_id
    with connect(db) as con:
        with transaction(con):
            moved = clustering.merge_claims(con, keep, absorb, "Ana")
        assert moved == 1
        assert scalar(con, "SELECT merged_into FROM claims WHERE claim_id = ?", [absorb]) == keep
        assert scalar(con, "SELECT count(*) FROM mentions WHERE claim_id = ?", [keep]) == 3
        with pytest.raises(InputError, match="already merged"):
            clustering.merge_claims(con, keep, absorb, "Ana")
        with transaction(con):
            new_id = clustering.split_claim(con, keep, [b[0].mention_id], "Ben")
        assert scalar(con, "SELECT claim_id FROM mentions WHERE mention_id = ?", [b[0].mention_id]) == new_id
        assert scalar(con, "SELECT text FROM claims WHERE claim_id = ?", [new_id]) == "Belarus trains Russian troops"
        history = con.execute(
            "SELECT action, claim_id, reviewer FROM events WHERE entity = 'mention' AND entity_id = ? ORDER BY event_id",
            [b[0].mention_id]).fetchall()
        assert history == [("mention moved", keep, "Ana"), ("mention moved", new_id, "Ben")]
        claim_events = con.execute("SELECT action FROM events WHERE entity = 'claim' ORDER BY event_id").fetchall()
        assert claim_events == [("claims merged",), ("claim split",)]
        decisions = con.execute(
            "SELECT decision, claim_id FROM match_decisions WHERE mention_id = ? ORDER BY decision_id",
            [b[0].mention_id]).fetchall()
        assert [d for d, _ in decisions] == ["new", "manual", "manual"]
        assert [c for _, c in decisions[1:]] == [keep, new_id]
        with pytest.raises(InputError, match="at least one mention"):
            clustering.split_claim(con, new_id, [b[0].mention_id], "Ben")
        with pytest.raises(InputError, match="is not on claim"):
            clustering.split_claim(con, keep, [b[0].mention_id], "Ben")


def test_move_mention_and_recluster_keep_reviewer_decisions(db: Path) -> None:
    placed = place(db, [
        mention("Iran sends drones to Russia", "Ukraine"),
        mention("Iran delivers drones to Russia", "Poland"),
        mention("Belarus trains Russian troops", "Lithuania"),
    ])
    drones, belarus = placed[0].claim_id, placed[2].claim_id
    assert placed[1].claim_id == drones
    with connect(db) as con:
        with transaction(con):
            clustering.move_mention(con, placed[1].mention_id, belarus, "Ana")
            con.execute("UPDATE claims SET status = 'in progress', verdict = 'false' WHERE claim_id = ?", [drones])
        with transaction(con):
            report = clustering.recluster(con, SETTINGS, "Ana")
        claims = [r[0] for r in con.execute("SELECT claim_id FROM mentions ORDER BY mention_id").fetchall()]
        assert claims == [drones, belarus, belarus]
        assert con.execute("SELECT status, verdict FROM claims WHERE claim_id = ?", [drones]).fetchone() == ("in progress", "false")
        assert report.mentions == 3 and report.claims_after == 2 and report.mentions_moved == 0
        assert scalar(con, "SELECT count(*) FROM events WHERE action = 'recluster'") == 1


def test_recluster_after_a_threshold_change_regroups(db: Path) -> None:
    placed = place(db, [mention("Iran sends drones to Russia", "Ukraine"), mention("Tehran gives UAVs to Moscow", "Ukraine")], STRICT)
    assert placed[0].claim_id != placed[1].claim_id
    with connect(db) as con:
        with transaction(con):
            report = clustering.recluster(con, SETTINGS)
        claims = {r[0] for r in con.execute("SELECT claim_id FROM mentions").fetchall()}
        assert claims == {placed[0].claim_id}
        assert scalar(con, "SELECT merged_into FROM claims WHERE claim_id = ?", [placed[1].claim_id]) == placed[0].claim_id
        assert scalar(con, "SELECT count(*) FROM match_suggestions WHERE state = 'open'") == 0
    assert (report.claims_before, report.claims_after, report.mentions_moved, report.claims_retired) == (2, 1, 1, 1)


def test_recluster_with_unchanged_settings_moves_nothing(db: Path) -> None:
    # many claims between the same few actors, placed by one import: re-matching them with the same settings
    # (the same search, pair blocks first) gives the same claims
    rng = random.Random(3)
    actors = ["Iran", "Russia", "Belarus", "Syria", "China", "North Korea"]
    verbs = ["sent", "supplied", "sold", "denied sending", "shipped"]
    things = ["drones", "missiles", "shells", "rifles", "chips", "drones and missiles"]
    mentions = []
    for _ in range(120):
        a, b = rng.sample(actors, 2)
        verb = rng.choice(verbs)
        text = f"{a} {verb} {rng.choice(things)} to {b}" + rng.choice(["", " in 2022", " in 2023", " again"])
        claimant = a if verb.startswith("denied") else rng.choice(["Ukraine", "United States", "Israel", None])
        mentions.append(mention(text, claimant, "denies" if verb.startswith("denied") else "asserts"))
    place(db, mentions)
    with connect(db) as con:
        with transaction(con):
            report = clustering.recluster(con, SETTINGS)
    assert report.mentions == 120
    assert (report.mentions_moved, report.claims_created, report.claims_retired) == (0, 0, 0)


def test_index_catches_up_with_other_writers(db: Path) -> None:
    with connect(db) as con:
        mine = clustering.load_index(con)
    place(db, [mention("China sells chips to Russia", "United States")])
    with connect(db) as con:
        assert clustering.refresh_index(con, mine) == 1
        assert mine.search("Beijing sold microchips to Moscow")[0].score >= SETTINGS.match_auto
        assert clustering.refresh_index(con, mine) == 0


def test_an_index_far_behind_is_loaded_afresh_rather_than_topped_up(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    place(db, [mention(f"Chile sold {n} tonnes of copper to Japan", "Peru") for n in range(4)])
    with connect(db) as con:
        mine = clustering.load_index(con)
    claims = len(mine)
    topped: list[int] = []
    add_rows = index_module._add_rows
    monkeypatch.setattr(index_module, "_add_rows",
                        lambda con, index, after: topped.append(after) or add_rows(con, index, after))
    # a few new mentions are added one by one
    place(db, [mention("Norway sold salmon to Japan", "Peru"), mention("Norway sold salmon to Korea", "Peru")])
    with connect(db) as con:
        assert clustering.refresh_index(con, mine) == 2 and len(topped) == 1
    # more than a fresh load would read (three wordings per claim, plus the slack): loaded afresh
    flood = [mention(f"Fiji sold {n} boats to Tonga in {2000 + n % 20}", "Samoa")
             for n in range(mine.reps_per_claim * len(mine) + index_module._TOP_UP_SLACK + 1)]
    place(db, flood)
    with connect(db) as con:
        mentions = clustering.refresh_index(con, mine)
        fresh = clustering.load_index(con)
    assert len(topped) == 1 and mentions == fresh.mentions == 4 + 2 + len(flood)
    assert len(mine) == len(fresh) > claims and mine.mention_watermark == fresh.mention_watermark
    text = "Fiji sold 7 boats to Tonga in 2007"
    assert ([(c.claim_id, c.score) for c in mine.search(text, "Samoa")]
            == [(c.claim_id, c.score) for c in fresh.search(text, "Samoa")])


def test_index_is_rebuilt_after_a_merge(db: Path) -> None:
    placed = place(db, [mention("China sells chips to Russia", "United States"), mention("Belarus trains Russian troops", "Lithuania")])
    with connect(db) as con:
        index = clustering.load_index(con)
        with transaction(con):
            clustering.merge_claims(con, placed[0].claim_id, placed[1].claim_id, "Ana")
        clustering.refresh_index(con, index)
    assert placed[1].claim_id not in index and len(index) == 1


def test_a_large_batch_goes_in_one_call(db: Path) -> None:
    batch = [mention(f"Country number {i} sent {i} tanks to its neighbour in 20{10 + i % 15}", None) for i in range(1500)]
    placed = place(db, batch)
    with connect(db) as con:
        assert scalar(con, "SELECT count(*) FROM mentions") == 1500
        assert scalar(con, "SELECT count(*) FROM match_decisions") == 1500
        assert scalar(con, "SELECT count(DISTINCT claim_id) FROM mentions") == len({p.claim_id for p in placed})
        assert scalar(con, "SELECT count(*) FROM claims") == sum(p.created_claim for p in placed)
    assert [p.mention_id for p in placed] == sorted(p.mention_id for p in placed)


def test_a_merge_carries_the_absorbed_claims_fact_checks_along(db: Path) -> None:
    a = place(db, [mention("Iran sends drones to Russia", "Ukraine")])
    b = place(db, [mention("Belarus trains Russian troops", "Lithuania")])
    with connect(db) as con:
        with transaction(con):
            con.execute(
                "INSERT INTO claim_reviews (claim_id, url, publisher, rating_text, raw) VALUES (?, ?, ?, ?, ?)",
                [b[0].claim_id, "https://checkers.example/belarus", "Checkers", "False", "{}"],
            )
            clustering.merge_claims(con, a[0].claim_id, b[0].claim_id, "Ana")
        rows = con.execute("SELECT claim_id, url FROM claim_reviews").fetchall()
    assert rows == [(a[0].claim_id, "https://checkers.example/belarus")]


def test_an_import_analysed_ahead_and_written_behind_stores_exactly_what_one_doing_neither_does(
        db: Path, tmp_path: Path, write_jsonl, monkeypatch: pytest.MonkeyPatch) -> None:
    """Analysing the next batch in a second process (`prefetch`) and writing each batch on a thread while the
    next is placed (`write_behind`) change nothing stored: ids, claims, decisions, sources."""
    import random
    import shutil

    from workbench import pipeline
    from workbench.match import Normalizer

    primed: list[int] = []
    prime = Normalizer.prime
    monkeypatch.setattr(Normalizer, "prime", lambda self, items, props: primed.append(prime(self, items, props)) or primed[-1])

    rng = random.Random(5)
    who = ["Peru", "Chile", "Kenya", "Norway", "Japan", "Egypt"]
    what = ["sold rifles to", "sent drones to", "shipped tanks to", "delivered shells to"]
    wording = {"sold": "supplied", "sent": "delivered", "shipped": "transferred", "delivered": "provided"}
    records = []
    for i in range(170):
        a, b = rng.sample(who, 2)
        verb = rng.choice(what)
        if rng.random() < 0.4:
            verb = wording[verb.split()[0]] + " " + verb.split(" ", 1)[1]
        quote = f"{a} {verb} {b} in {rng.choice([2021, 2022])}"
        if rng.random() < 0.2:
            quote, stance, claimant = f"{a} denied that it {verb} {b}", "denies", a
        else:
            stance, claimant = "asserts", rng.choice(who)
        records.append({"quote": quote, "claimant": claimant, "stance": stance,
                        "url": f"https://wire.example/{i // 3}", "outlet": "Wire", "title": f"Arms story {i // 3}"})
    records.insert(60, "{not json")
    # a line naming a claim that does not exist: that batch is read and written in the plain way, line by line
    records.insert(100, {"quote": "Peru sold rifles to Chile", "claimant": "Kenya", "stance": "asserts",
                         "url": "https://wire.example/forced", "claim_id": 99999})
    source = tmp_path / "arms.jsonl"
    write_jsonl(source, records)
    other = tmp_path / "other.duckdb"
    shutil.copyfile(db, other)
    seen: list[tuple[int, int]] = []
    plain = pipeline.import_mentions(db, source, batch_size=40, prefetch=False, write_behind=False)
    assert primed == []
    ahead = pipeline.import_mentions(other, source, batch_size=40, prefetch=True, write_behind=True,
                                     progress=lambda r: seen.append((r.mentions, _stored(other))))
    assert primed == [40, 40, 40, 40, 11]  # every valid line was analysed by the worker
    assert (ahead.mentions, ahead.claims_new, ahead.duplicates) == (plain.mentions, plain.claims_new, plain.duplicates)
    assert plain.mentions + plain.duplicates == 170
    assert [str(e) for e in ahead.errors] == [str(e) for e in plain.errors] == [
        f"{source}:61: invalid JSON: Expecting property name enclosed in double quotes",
        f"{source}:101: no claim with id 99999"]
    # progress is reported as each batch is committed: what it counts is in the database
    assert len(seen) == 5 and all(counted == stored for counted, stored in seen) and seen[-1][0] == ahead.mentions

    def stored(path: Path) -> dict[str, list[tuple]]:
        """Every row of the tables an import writes, without their timestamps, in id order."""
        tables = ["mentions", "match_decisions", "claims", "match_suggestions", "articles", "actors", "actor_aliases",
                  "outlets"]
        with connect(path) as con:
            out = {}
            for table in tables:
                columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if not r[0].endswith("_at")]
                out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
            return out

    plain_rows, ahead_rows = stored(db), stored(other)
    for name in plain_rows:
        assert ahead_rows[name] == plain_rows[name], name
    assert len(plain_rows["claims"]) == plain.claims_new > 10
    assert len(plain_rows["articles"]) == 57 and len(plain_rows["match_suggestions"]) > 0


def _stored(path: Path) -> int:
    with connect(path) as con:
        return int(scalar(con, "SELECT count(*) FROM mentions"))


def test_a_vague_denial_answers_the_claim_mentioned_just_before_it(db: Path) -> None:
    def denial_goes_to(order: list[str]) -> str:
        with connect(db) as con, transaction(con):
            con.execute("DELETE FROM match_decisions; DELETE FROM mentions; DELETE FROM claims")
        source = article(db, f"https://desk.example/{'-'.join(order)}", "Lima and Santiago trade charges")
        texts = {"rifles": "Chile has been selling assault rifles to Bolivia", "militia": "Chile trains Bolivian militias near the border"}
        placed = place(db, [mention(texts[o], "Peru", article_id=source) for o in order]
                       + [mention("Santiago says that is a lie", "Chile", "denies", article_id=source)])
        claims = {placed[i].claim_id: o for i, o in enumerate(order)}
        assert len(claims) == 2  # two claims of one article stay apart
        denial = placed[-1]
        # joined, or (a vague denial is seldom sure) a claim of its own with a suggestion of the one it answers
        return claims[denial.claim_id if denial.decision == "joined" else denial.suggestion_claim_id]

    assert denial_goes_to(["rifles", "militia"]) == "militia"
    assert denial_goes_to(["militia", "rifles"]) == "rifles"


def test_a_denial_in_an_article_lands_on_the_allegation_it_answers(db: Path) -> None:
    source = article(db, "https://desk.example/revolt", "Tehran stands by Moscow after the revolt")
    placed = place(db, [
        mention("Iran backs Russian sovereignty after the revolt", "Iran", article_id=source),
        mention("Washington accuses Tehran of sending drones to Moscow", "United States", article_id=source),
        mention("Tehran rejects that", "Iran", "denies", article_id=source),
        # a second wording of the first claim in the same article joins it
        mention("Tehran says it fully backs Russian sovereignty", "Iran", article_id=source),
    ])
    backing, drones, denial, again = placed
    assert denial.claim_id == drones.claim_id or denial.suggestion_claim_id == drones.claim_id
    assert (again.claim_id, again.decision) == (backing.claim_id, "joined")


def _lines(prefix: str, count: int) -> list[dict]:
    return [{"quote": f"{prefix} shipped {n} crates of rifles to the border guards", "claimant": "Peru",
             "stance": "asserts", "url": f"https://wire.example/{prefix}/{n}", "outlet": "Wire"} for n in range(count)]


def test_a_batch_whose_write_fails_leaves_nothing_behind_and_the_import_can_be_run_again(
        db: Path, tmp_path: Path, write_jsonl, monkeypatch: pytest.MonkeyPatch) -> None:
    """The write of a batch runs on another thread while the next one is placed: when it fails, the import stops
    with that error, the batches committed before it stay, nothing of the failed one (not its sources either),
    and running the import again stores the rest."""
    from workbench import pipeline

    source = write_jsonl(tmp_path / "all.jsonl", _lines("Fiji", 6))
    writes: list[int] = []
    real = clustering.write_planned

    def failing(con, planned, settings, reviewer=None):  # type: ignore[no-untyped-def]
        writes.append(len(planned.mentions))
        if len(writes) == 2:
            raise OSError("No space left on device")
        return real(con, planned, settings, reviewer)

    monkeypatch.setattr(clustering, "write_planned", failing)
    with pytest.raises(OSError, match="No space left"):
        pipeline.import_mentions(db, source, batch_size=2, prefetch=False)
    with connect(db) as con:
        assert con.execute("SELECT quote FROM mentions ORDER BY mention_id").fetchall() == [
            (f"Fiji shipped {n} crates of rifles to the border guards",) for n in range(2)]
        assert scalar(con, "SELECT count(*) FROM articles") == 2
        assert scalar(con, "SELECT count(*) FROM match_decisions") == 2
        assert scalar(con, "SELECT count(*) FROM claims c WHERE NOT EXISTS"
                           " (SELECT 1 FROM mentions m WHERE m.claim_id = c.claim_id)") == 0
    monkeypatch.setattr(clustering, "write_planned", real)
    again = pipeline.import_mentions(db, source, batch_size=2, prefetch=False)
    assert (again.mentions, again.duplicates, again.errors) == (4, 2, [])
    with connect(db) as con:
        assert scalar(con, "SELECT count(*) FROM mentions") == scalar(con, "SELECT count(*) FROM articles") == 6


def test_an_import_skips_lines_stored_before_it_and_lines_it_stored_itself(db: Path, tmp_path: Path, write_jsonl) -> None:
    from workbench import pipeline

    first = pipeline.import_mentions(db, write_jsonl(tmp_path / "first.jsonl", _lines("Chile", 3)), prefetch=False)
    assert (first.mentions, first.duplicates) == (3, 0)
    new = _lines("Kenya", 4)
    # two lines stored before, then new lines, one of them again two batches later
    records = _lines("Chile", 3)[:2] + new[:3] + [new[3], new[0]]
    report = pipeline.import_mentions(db, write_jsonl(tmp_path / "second.jsonl", records), batch_size=2, prefetch=False)
    assert (report.mentions, report.duplicates, report.errors) == (4, 3, [])
    with connect(db) as con:
        assert scalar(con, "SELECT count(*) FROM mentions") == 7
        assert scalar(con, "SELECT count(DISTINCT quote) FROM mentions") == 7


def test_a_line_another_writer_stores_during_an_import_is_not_stored_twice(db: Path, tmp_path: Path, write_jsonl) -> None:
    from workbench import pipeline

    lines = _lines("Norway", 6)
    other = write_jsonl(tmp_path / "other.jsonl", [lines[5]])
    done: list[int] = []

    def meanwhile(report: pipeline.IngestReport) -> None:
        if not done:  # after the first batch, someone else logs the file's last line
            done.append(pipeline.import_mentions(db, other, prefetch=False).mentions)

    report = pipeline.import_mentions(db, write_jsonl(tmp_path / "all.jsonl", lines), batch_size=2, prefetch=False,
                                      progress=meanwhile)
    assert done == [1]
    assert (report.mentions, report.duplicates) == (5, 1)
    with connect(db) as con:
        assert scalar(con, "SELECT count(*) FROM mentions") == 6


def test_an_import_checkpoints_less_often_and_leaves_the_setting_as_it_found_it(db: Path, tmp_path: Path,
                                                                                 write_jsonl) -> None:
    from workbench import pipeline

    setting = "SELECT current_setting('checkpoint_threshold')"
    with connect(db) as reader:  # another connection to the file in this process, as the dashboard holds
        default = scalar(reader, setting)
        during: list[str] = []
        report = pipeline.import_mentions(db, write_jsonl(tmp_path / "few.jsonl", _lines("Fiji", 5)), batch_size=2,
                                          prefetch=False, progress=lambda r: during.append(scalar(reader, setting)))
        assert report.mentions == 5 and during == ["244.1 MiB"] * 3
        assert scalar(reader, setting) == default == "16.0 MiB"
        assert scalar(reader, "SELECT count(*) FROM mentions") == 5


def test_same_article_context_weighs_claims_by_how_recently_they_were_mentioned() -> None:
    from collections import Counter

    claims: Counter = Counter()
    for claim_id in (7, 3, 7, 9, 4):  # in the order the article mentions them
        policy.note_context(claims, claim_id)
    assert list(claims) == [3, 7, 9, 4]
    assert policy.context_weights(claims) == pytest.approx({4: 1.0, 9: 0.5, 7: 0.45, 3: 0.405})
    assert policy.context_weights(Counter()) is None


def test_bulk_matching_pauses_the_cyclic_collector_and_restores_it(db: Path, tmp_path: Path, write_jsonl) -> None:
    import gc

    from workbench import pipeline

    during: list[bool] = []
    assert gc.isenabled()
    with clustering.collector_paused():
        with clustering.collector_paused():  # nested: still off after the inner one ends
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    report = pipeline.import_mentions(db, write_jsonl(tmp_path / "few.jsonl", _lines("Peru", 3)), prefetch=False,
                                      progress=lambda r: during.append(gc.isenabled()))
    assert (report.mentions, during, gc.isenabled()) == (3, [False], True)
    gc.disable()
    try:  # a caller that had it off keeps it off
        with clustering.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_recluster_keeps_a_reviewed_group_apart_from_what_any_of_its_mentions_was_kept_apart_from(db: Path) -> None:
    # c1 and b say the same words; a is split off c1's claim (kept apart from it), then a's claim and b's are
    # merged (a and b together): re-clustering must not put b, and a with it, back on c1's claim
    words = "Chile has been selling assault rifles to Bolivia"
    c1, b = place(db, [mention(words, "Peru"), mention(words, "Peru")], STRICT)
    assert b.claim_id != c1.claim_id
    [a] = place(db, [mention("Santiago keeps arming La Paz with rifles", "Peru", claim_id=c1.claim_id)], STRICT)
    with connect(db) as con:
        with transaction(con):
            split = clustering.split_claim(con, c1.claim_id, [a.mention_id], "Ana")
            clustering.merge_claims(con, b.claim_id, split, "Ana")
        with transaction(con):
            clustering.recluster(con, SETTINGS, "Ana")
        claims = dict(con.execute("SELECT mention_id, claim_id FROM mentions").fetchall())
    assert claims[a.mention_id] == claims[b.mention_id] != claims[c1.mention_id]


def test_a_wording_a_reviewer_put_on_a_claim_is_compared_with_however_many_it_has(db: Path) -> None:
    # a claim whose document is full (three wordings of its own), and a mention worded quite differently that a
    # reviewer moves onto it: later mentions worded like that one find the claim through it
    placed = place(db, [mention("Chile has been selling assault rifles to Bolivia", "Peru"),
                        mention("Chile sells assault rifles and ammunition to Bolivia", "Peru"),
                        mention("Chilean firms sell assault rifles to Bolivia", "Peru"),
                        mention("Chile keeps selling many assault rifles to Bolivia", "Peru")])
    rifles = placed[0].claim_id
    assert {p.claim_id for p in placed} == {rifles}
    [odd] = place(db, [mention("Arms dealers in Antofagasta ship crates of carbines to Cochabamba", "Peru")], STRICT)
    assert odd.claim_id != rifles
    later = "Antofagasta arms dealers are shipping carbines to Cochabamba"
    with connect(db) as con:
        before = clustering.load_index(con).search(later, "Peru", top=3)
        assert all("carbin" not in c.candidate_text for c in before if c.claim_id == rifles)
        with transaction(con):
            clustering.move_mention(con, odd.mention_id, rifles, "Ana")
        loaded = clustering.load_index(con)
        with transaction(con):
            clustering.recluster(con, SETTINGS, "Ana")
        [taken] = clustering.place_mentions(con, clustering.load_index(con), [mention(later, "Peru")], SETTINGS)
    # the index a load reads and the one re-clustering builds both compare it with the reviewer's wording
    best = loaded.search(later, "Peru", top=1)[0]
    assert best.claim_id == rifles and "carbin" in best.candidate_text
    assert rifles in (taken.claim_id, taken.suggestion_claim_id)
    assert taken.candidate is not None and "carbin" in taken.candidate.candidate_text


def _two_stories(db: Path) -> tuple[list[NewMention], list[NewMention]]:
    """Three articles on two claims (a firm hiding losses, a mayor taking bribes), three mentions each."""
    day = dt.date(2025, 3, 1)
    both = article(db, "https://a.example/1", "Regulator says Norvane hid losses; mayor faces bribery charge", day)
    firm = article(db, "https://b.example/2", "Norvane rejects regulator's findings", day)
    mayor = article(db, "https://c.example/3", "Mayor Ruiz denies taking bribes", day)
    losses = [
        mention("Norvane Energy hid heavy trading losses from its shareholders last year", "Financial Conduct Authority",
                article_id=both, published=day),
        mention("The energy company denied hiding any trading losses from its shareholders", "Norvane Energy",
                "denies", article_id=firm, published=day),
        mention("the regulator said Norvane Energy concealed trading losses from investors",
                "Financial Conduct Authority", article_id=firm, published=day),
    ]
    bribes = [
        mention("Mayor Delia Ruiz accepted bribes from a construction firm building the new bridge", "Prosecutors",
                article_id=both, published=day),
        mention("Ruiz rejected the allegation that she took bribes from the bridge builders", "Delia Ruiz", "denies",
                article_id=mayor, published=day),
        mention("prosecutors say the mayor took bribes from the construction firm", "Prosecutors", article_id=mayor,
                published=day),
    ]
    return losses, bribes


def test_a_batch_is_grouped_into_its_claims_and_each_denial_joins_the_claim_it_denies(db: Path) -> None:
    losses, bribes = _two_stories(db)
    batch = [losses[0], bribes[0], losses[1], losses[2], bribes[1], bribes[2]]
    placed = place(db, batch)
    claim_of = {m.quote: p.claim_id for m, p in zip(batch, placed)}
    assert len({claim_of[m.quote] for m in losses}) == 1
    assert len({claim_of[m.quote] for m in bribes}) == 1
    assert claim_of[losses[0].quote] != claim_of[bribes[0].quote]
    # the first mention of each group starts its claim (the second may be offered the first as a suggestion: the
    # group it came closest to joining); the others join it, each with the mention it fits best
    assert [p.decision for p in placed[2:]] == ["joined"] * 4 and placed[0].decision == "new"
    assert placed[1].decision == "new" or (placed[1].decision, placed[1].suggestion_claim_id) == (
        "suggested", placed[0].claim_id)
    vias = _vias(db, [p.mention_id for p in placed])
    assert vias[2:] == ["grouped with mentions of the same batch"] * 4
    with connect(db) as con:
        anchors = [json.loads(r[0])["anchor_mention_id"] for r in con.execute(
            "SELECT details FROM match_decisions WHERE mention_id IN (SELECT unnest(?::BIGINT[])) ORDER BY mention_id",
            [[p.mention_id for p in placed[2:]]]).fetchall()]
    ids = {p.mention_id: claim_of[m.quote] for m, p in zip(batch, placed)}
    assert all(ids[a] == ids[p.mention_id] for a, p in zip(anchors, placed[2:]))
    # the claim page's "why these match" says so, with the features of the closest pair
    from workbench.store import browse

    with connect(db) as con:
        why = {e["mention_id"]: e["why"] for e in browse.match_explanations(con, placed[0].claim_id)}
    assert why[placed[2].mention_id].startswith("grouped with mentions of the same batch; wording ")
    assert "weighed most: " in why[placed[2].mention_id]


def test_a_group_of_a_later_batch_joins_the_claim_it_fits_and_another_group_starts_its_own(db: Path) -> None:
    losses, bribes = _two_stories(db)
    [first] = place(db, [losses[0]])
    placed = place(db, [bribes[1], losses[1], bribes[2], losses[2]])  # two articles, two mentions each
    assert [p.claim_id for p in placed[1::2]] == [first.claim_id] * 2
    assert {p.decision for p in placed[1::2]} == {"joined"}
    assert placed[0].claim_id == placed[2].claim_id != first.claim_id
    assert _vias(db, [placed[1].mention_id])[0] == "the mentions of the batch grouped with it fit the claim"


def test_the_mentions_of_one_article_are_placed_one_at_a_time(db: Path) -> None:
    losses, bribes = _two_stories(db)
    placed = place(db, [bribes[1], bribes[2]])  # one article: no grouping, the second searched among the first
    assert placed[1].claim_id == placed[0].claim_id
    assert _vias(db, [placed[1].mention_id]) == [None]


def test_without_a_model_of_two_mentions_a_batch_is_placed_one_mention_at_a_time(db: Path) -> None:
    import dataclasses

    from workbench.match import shipped_model

    losses, _ = _two_stories(db)
    with connect(db) as con:
        index = clustering.load_index(con, model=dataclasses.replace(shipped_model(), pair=None))
        with transaction(con):
            placed = clustering.place_mentions(con, index, losses, SETTINGS)
    assert "grouped with mentions of the same batch" not in _vias(db, [p.mention_id for p in placed])


def test_recluster_groups_the_articles_mentions_together_and_a_second_one_moves_nothing(db: Path) -> None:
    losses, bribes = _two_stories(db)
    by_article: dict[int, list[NewMention]] = {}
    for m in [losses[0], bribes[0], losses[1], losses[2], bribes[1], bribes[2]]:
        by_article.setdefault(m.article_id, []).append(m)  # type: ignore[arg-type]
    placed = [p for batch in by_article.values() for p in place(db, batch)]  # one article at a time, as ingested
    with connect(db) as con:
        with transaction(con):
            clustering.recluster(con, SETTINGS)
        claim = dict(con.execute("SELECT quote, claim_id FROM mentions").fetchall())
        assert len({claim[m.quote] for m in losses}) == 1 and len({claim[m.quote] for m in bribes}) == 1
        assert claim[losses[0].quote] != claim[bribes[0].quote]
        with transaction(con):
            again = clustering.recluster(con, SETTINGS)
    assert len(placed) == 6 and (again.mentions_moved, again.claims_created, again.claims_retired) == (0, 0, 0)


def test_match_group_1_turns_grouping_off(db: Path, monkeypatch) -> None:
    from workbench.clustering import placing

    def refuse(*args, **kwargs):
        raise AssertionError("grouped though turned off")

    monkeypatch.setattr(placing, "group_batch", refuse)
    losses, bribes = _two_stories(db)
    placed = place(db, [losses[0], bribes[0], losses[1], losses[2]], Settings(match_group=1.0))
    assert placed[2].claim_id == placed[3].claim_id == placed[0].claim_id  # one at a time, as before
    with pytest.raises(AssertionError, match="turned off"):
        place(db, [bribes[1], bribes[2], losses[1]], SETTINGS)
