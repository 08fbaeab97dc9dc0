"""Matching quality against a gold folder (the format of ../shared/devset): clustering and retrieval.

The gold mentions are logged into fresh databases the way `workbench import-mentions` stores them (quote,
claimant, stance, and the article's url, outlet, title and date as the source; no extraction), through
`pipeline.store_mention_lines` and so `clustering.place_mentions`:

- clustering: every gold mention, in article order, in one batch; pair precision, recall and F1 count the
  pairs of mentions put on one claim against the pairs that share a gold `canonical`.
- retrieval: the mentions of odd-numbered articles are loaded; each mention of an even-numbered article whose
  canonical claim is among the loaded ones is looked up with `MatchIndex.search(quote, claimant)` (what
  `workbench match --stance` does; the stance is the gold one). A claim stands for the canonical most of its mentions have. hit@1: the first
  result stands for the right canonical; MRR@5: 1/rank of the first such result within five.
  `retrieval_gold_claims` repeats the lookup on an index with exactly one claim per gold canonical, which
  measures retrieval apart from how the loaded mentions were clustered.
- hard cases: when the folder has a `hard_cases.json` (pairs of gold mention ids, as ../shared/devset), how
  many of those hand-picked pairs the clustering puts on one claim exactly when they share a canonical.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import InputError


def load_gold(gold_dir: str | Path) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """(articles by id, gold mentions in article order) of a gold folder."""
    root = Path(gold_dir)
    articles: dict[str, dict[str, Any]] = {}
    for path in sorted((root / "articles").glob("*.json")):
        articles[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    order = {aid: i for i, aid in enumerate(sorted(articles))}
    gold = sorted(gold, key=lambda m: (order.get(str(m["article"]), 1 << 30), m.get("id", "")))
    return articles, gold


def pair_scores(predicted: list[Any], truth: list[Any]) -> dict[str, float]:
    """Pair precision, recall and F1 of a clustering (`predicted[i]` is item i's cluster) against `truth`."""
    def pairs(labels: list[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels).values())

    both = pairs(list(zip(predicted, truth)))
    pred, gold = pairs(predicted), pairs(truth)
    precision = both / pred if pred else 0.0
    recall = both / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pair_precision": round(precision, 4), "pair_recall": round(recall, 4), "pair_f1": round(f1, 4)}


def _read_json(path: Path) -> Any:
    """A gold folder's JSON file, or None when it has none."""
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"invalid JSON: {exc}", str(path)) from None


def load_hard_cases(gold_dir: str | Path) -> list[dict[str, Any]] | None:
    """The folder's `hard_cases.json` (pairs of gold mention ids, `a` and `b`, with a `type`), or None without one."""
    path = Path(gold_dir) / "hard_cases.json"
    cases = _read_json(path)
    if cases is None:
        return None
    if not isinstance(cases, list):
        raise InputError("expected a list of pairs", str(path))
    return [c for c in cases if isinstance(c, dict) and "a" in c and "b" in c]


def score_hard_cases(cases: list[dict[str, Any]], gold: list[dict[str, Any]], predicted: list[Any]) -> dict[str, Any]:
    """How many hand-picked pairs of gold mentions (`cases`) the clustering (`predicted[i]`: gold[i]'s claim) puts
    together exactly when they share a gold `canonical`, and the pairs it gets wrong. Pairs naming an id that is
    not in gold are counted as unknown."""
    position = {m.get("id"): i for i, m in enumerate(gold) if m.get("id") is not None}
    failures: list[dict[str, Any]] = []
    known = 0
    for case in cases:
        i, j = position.get(case["a"]), position.get(case["b"])
        if i is None or j is None:
            continue
        known += 1
        expected = gold[i]["canonical"] == gold[j]["canonical"]
        together = predicted[i] == predicted[j]
        if together != expected:
            failures.append({"a": case["a"], "b": case["b"], "type": str(case.get("type", "")),
                             "expected": "one claim" if expected else "two claims",
                             "got": "one claim" if together else "two claims"})
    return {"hard_cases": known, "hard_cases_as_expected": known - len(failures),
            "hard_cases_unknown": len(cases) - known, "hard_case_failures": failures}


def load_contradicts(gold_dir: str | Path) -> set[frozenset[str]] | None:
    """The gold `contradicts` pairs of canonical claims (`related` entries of canonical_claims.json, either way
    round), or None when the folder has no canonical_claims.json."""
    claims = _read_json(Path(gold_dir) / "canonical_claims.json")
    if claims is None:
        return None
    pairs: set[frozenset[str]] = set()
    for claim in claims if isinstance(claims, list) else []:
        for rel in claim.get("related") or []:
            if isinstance(rel, dict) and rel.get("relation") == "contradicts" and rel.get("canonical"):
                pairs.add(frozenset((str(claim["canonical"]), str(rel["canonical"]))))
    return {p for p in pairs if len(p) == 2}


def score_contradicts(gold_pairs: set[frozenset[str]], predicted: list[Any], truth: list[Any],
                      links: list[tuple[int, int]]) -> dict[str, Any]:
    """How the stored `contradicts` links (pairs of claim ids) stand against the gold pairs of canonicals.

    A claim stands for the canonical most of its mentions have (`predicted[i]`: mention i's claim, `truth[i]`: its
    canonical). Of the gold pairs whose two canonicals both stand for some claim, `contradicts_linked` have a link
    between claims standing for them; `contradicts_wrong_links` is the links between claims whose canonicals are
    not a gold pair (or are one canonical)."""
    votes: dict[Any, Counter] = defaultdict(Counter)
    for claim, canonical in zip(predicted, truth):
        votes[claim][canonical] += 1
    label = {claim: c.most_common(1)[0][0] for claim, c in votes.items()}
    present = set(label.values())
    linked = {frozenset((label.get(a), label.get(b))) for a, b in links}
    possible = [p for p in gold_pairs if p <= present]
    wrong = [(a, b) for a, b in links if frozenset((label.get(a), label.get(b))) not in gold_pairs]
    return {"contradicts_gold_pairs": len(possible),
            "contradicts_linked": sum(1 for p in possible if p in linked),
            "contradicts_links": len(links), "contradicts_wrong_links": len(wrong)}


def _lines(gold: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> list[Any]:
    from .models import NewMention, Origin, Stance
    from .pipeline import MentionLine

    out = []
    for m in gold:
        article = articles.get(str(m["article"]), {})
        published = article.get("published")
        out.append(MentionLine(
            NewMention(
                quote=m["quote"],
                stance=Stance(m.get("stance") or "asserts"),
                origin=Origin.IMPORTED,
                claimant=m.get("claimant"),
                speaker=m.get("speaker"),
                published=dt.date.fromisoformat(published[:10]) if published else None,
            ),
            url=article.get("url") or f"urn:gold-article:{m['article']}",
            outlet=article.get("outlet"),
            title=article.get("title"),
        ))
    return out


def _import(db: Path, lines: list[Any], settings: Settings, model: Any = None) -> list[Any]:
    from . import clustering
    from .pipeline import store_mention_lines
    from .store.connection import connect, transaction
    from .store.reference import initialize

    if db.exists():
        db.unlink()
    initialize(db)
    with connect(db) as con:
        index = clustering.load_index(con, model=model)
        with transaction(con):
            return store_mention_lines(con, index, lines, settings)


def evaluate_matching(gold_dir: str | Path, work_dir: str | Path, settings: Settings | None = None,
                      model: Any = None) -> dict[str, Any]:
    """Cluster pair-F1 and retrieval hit@1 / MRR@5 of the matcher on a gold folder; databases go in `work_dir`.
    `model`: the decision model to match with (default: the shipped one)."""
    from . import clustering
    from .store.connection import connect

    settings = settings or Settings.load(env={})
    work = Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    articles, gold = load_gold(gold_dir)
    report: dict[str, Any] = {"mentions": len(gold), "gold_claims": len({m["canonical"] for m in gold}),
                              "match_auto": settings.match_auto, "match_suggest": settings.match_suggest}

    # clustering: every mention, one import batch
    started = time.perf_counter()
    placements = _import(work / "clustering.duckdb", _lines(gold, articles), settings, model)
    report["import_seconds"] = round(time.perf_counter() - started, 3)
    predicted = [p.claim_id for p in placements]
    report.update(pair_scores(predicted, [m["canonical"] for m in gold]))
    report["claims"] = len(set(predicted))
    report["suggestions"] = sum(1 for p in placements if p.decision == "suggested")
    cases = load_hard_cases(gold_dir)
    if cases is not None:
        report.update(score_hard_cases(cases, gold, predicted))
    contradicts = load_contradicts(gold_dir)
    if contradicts is not None:
        from .store import relations as relations_store
        from .store.connection import connect as _connect

        with _connect(work / "clustering.duckdb", read_only=True) as con:
            links = [(int(r["claim_id"]), int(r["other_claim_id"])) for r in relations_store.links(con)
                     if r["relation"] == "contradicts"]
        report.update(score_contradicts(contradicts, predicted, [m["canonical"] for m in gold], links))

    # retrieval: odd-numbered articles loaded, even-numbered ones queried
    loaded = [m for m in gold if _number(m["article"]) % 2 == 1]
    queries = [m for m in gold if _number(m["article"]) % 2 == 0]
    db = work / "retrieval.duckdb"
    placed = _import(db, _lines(loaded, articles), settings, model)
    votes: dict[int, Counter] = defaultdict(Counter)
    for p, m in zip(placed, loaded):
        votes[p.claim_id][m["canonical"]] += 1
    label = {claim_id: c.most_common(1)[0][0] for claim_id, c in votes.items()}
    known = {m["canonical"] for m in loaded}
    asked = [m for m in queries if m["canonical"] in known]
    with connect(db) as con:
        index = clustering.load_index(con, model=model)
    ranked = [[label.get(c.claim_id) for c in index.search(m["quote"], m.get("claimant"), top=5,
                                                            stance=m.get("stance") or "asserts",
                                                            topic=_title(articles, m))] for m in asked]
    report.update(_retrieval(ranked, [m["canonical"] for m in asked]))
    report["queries"] = len(asked)

    # the same lookup against one claim per gold canonical
    from .match import MatchIndex

    gold_index = MatchIndex(index.normalizer, model=index.model)
    ids = {canonical: i + 1 for i, canonical in enumerate(sorted(known))}
    for m in loaded:
        title = articles.get(str(m["article"]), {}).get("title")
        gold_index.add(ids[m["canonical"]], m["quote"], m.get("claimant"), m.get("stance") or "asserts", topic=title)
    names = {i: c for c, i in ids.items()}
    ranked = [[names[c.claim_id] for c in gold_index.search(m["quote"], m.get("claimant"), top=5,
                                                             stance=m.get("stance") or "asserts",
                                                             topic=_title(articles, m))] for m in asked]
    gold_claims = _retrieval(ranked, [m["canonical"] for m in asked])
    report["retrieval_gold_claims"] = {"hit_at_1": gold_claims["hit_at_1"], "mrr_at_5": gold_claims["mrr_at_5"]}
    return report


def _title(articles: dict[str, dict[str, Any]], mention: dict[str, Any]) -> str | None:
    """The title of the article a gold mention is from (a logged mention comes with its source)."""
    return articles.get(str(mention["article"]), {}).get("title")


def _number(article: Any) -> int:
    digits = "".join(ch for ch in str(article) if ch.isdigit())
    return int(digits) if digits else 0


def _retrieval(ranked: list[list[Any]], truth: list[Any]) -> dict[str, float]:
    if not truth:
        return {"hit_at_1": 0.0, "mrr_at_5": 0.0}
    hits = sum(1 for r, t in zip(ranked, truth) if r and r[0] == t)
    rr = sum(1.0 / (r.index(t) + 1) for r, t in zip(ranked, truth) if t in r[:5])
    return {"hit_at_1": round(hits / len(truth), 4), "mrr_at_5": round(rr / len(truth), 4)}
