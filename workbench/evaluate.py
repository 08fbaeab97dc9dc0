"""Scoring extraction (and, through `workbench.match_eval`, matching) against a gold folder.

A gold folder looks like `../shared/devset`: `articles/NN.json` (url, title, outlet, published, text) and
`gold.json`, a list of mentions `{"article", "quote", "claimant", "speaker", "stance", ...}` whose quote occurs
in the article text (`char_start` may be given; otherwise the first occurrence is used).

Definitions used by `score_extraction`:

* A gold mention is **found** when some predicted span of the same article covers at least half of its
  characters. Recall = found / gold.
* A predicted mention is **correct** when it covers at least half of the characters of some gold mention of
  the same article. Precision = correct / predicted.
* Stance and claimant accuracy are measured on the found gold mentions, each paired with one predicted
  mention: among the predictions covering it, the one with the highest overlap (Jaccard of the spans),
  preferring a prediction not yet paired with another gold mention; ties (the same span predicted twice, as
  for mutual accusations) go to the prediction whose claimant and stance agree. Claimants compare
  case-insensitively; a joint claimant ("France; Germany") compares as a set.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .extract import extract_mentions
from .match_eval import evaluate_matching
from .pipeline import ingest_paths
from .store.articles import article_texts, extracted_mentions
from .store.connection import connect

__all__ = [
    "load_gold_dir",
    "score_extraction",
    "evaluate_extraction_in_process",
    "evaluate_dir",
    "predicted_from_db",
    "evaluate_by_story",
    "stories_of",
]


def load_gold_dir(directory: str | Path) -> tuple[dict[str, dict], list[dict]]:
    """Read a gold folder: (articles by id, gold mentions with `char_start`/`char_end` filled in).

    The article id is the file stem (`articles/07.json` -> "07"), as in gold's `article` field.
    """
    root = Path(directory)
    gold_path = root / "gold.json"
    art_dir = root / "articles"
    if not gold_path.is_file() or not art_dir.is_dir():
        raise InputError(f"{root} is not a gold folder: it needs articles/*.json and gold.json")
    articles: dict[str, dict] = {}
    for path in sorted(art_dir.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read {path.name}: {exc}") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f"{path.name}: expected an object with a text")
        record = dict(record)
        record["path"] = str(path)
        articles[path.stem] = record
    try:
        raw = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read gold.json: {exc}") from exc
    gold: list[dict] = []
    for k, item in enumerate(raw):
        article = str(item.get("article"))
        if article not in articles:
            raise InputError(f"gold.json item {k + 1}: unknown article {article!r}")
        text = articles[article]["text"]
        quote = item["quote"]
        start = item.get("char_start")
        if not isinstance(start, int) or text[start : start + len(quote)] != quote:
            start = text.find(quote)
        if start < 0:
            raise InputError(f"gold.json item {k + 1}: quote not found in article {article}")
        gold.append({**item, "id": item.get("id") or f"g{k + 1:03d}", "article": article,
                     "char_start": start, "char_end": start + len(quote)})
    return articles, gold


def _as_dict(mention: Any) -> dict:
    if isinstance(mention, Mapping):
        return dict(mention)
    if is_dataclass(mention):
        return asdict(mention)
    raise TypeError(f"cannot score {type(mention).__name__}")


def _norm_claimant(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    parts = [p.strip().casefold() for p in str(value).split(";")]
    parts = [p for p in parts if p]
    return frozenset(parts) if parts else None


def _stance(value: Any) -> str:
    return str(getattr(value, "value", value) or "").lower()


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def score_extraction(gold_mentions: Iterable[Mapping], predicted_by_article: Mapping[str, Iterable[Any]]) -> dict:
    """Recall, precision, stance and claimant accuracy, overall and per article (see the module docstring).

    `gold_mentions` carry `article`, `char_start`, `char_end`, `stance`, `claimant` (as from `load_gold_dir`);
    `predicted_by_article` maps article id -> mentions (dicts or `ExtractedMention`s) with the same fields.
    """
    gold_by: dict[str, list[dict]] = {}
    for g in gold_mentions:
        gold_by.setdefault(str(g["article"]), []).append(dict(g))
    pred_by = {str(k): [_as_dict(p) for p in v] for k, v in predicted_by_article.items()}
    ids = sorted(set(gold_by) | set(pred_by))
    per_article: dict[str, dict] = {}
    totals = {"gold": 0, "predicted": 0, "found": 0, "correct": 0, "stance_ok": 0, "claimant_ok": 0}
    for aid in ids:
        entry = per_article[aid] = _score_article(gold_by.get(aid, []), pred_by.get(aid, []))
        totals["stance_ok"] += entry.pop("_stance_ok")
        totals["claimant_ok"] += entry.pop("_claimant_ok")
        for key in ("gold", "predicted", "found", "correct"):
            totals[key] += entry[key]
    return {
        "articles": len(ids),
        "gold": totals["gold"],
        "predicted": totals["predicted"],
        "found": totals["found"],
        "correct": totals["correct"],
        "recall": _ratio(totals["found"], totals["gold"]),
        "precision": _ratio(totals["correct"], totals["predicted"]),
        "stance_accuracy": _ratio(totals["stance_ok"], totals["found"]),
        "claimant_accuracy": _ratio(totals["claimant_ok"], totals["found"]),
        "per_article": per_article,
    }


def _score_article(golds: list[dict], preds: list[dict]) -> dict:
    """One article's scores: each gold mention paired with the best unused prediction covering half of it.
    The `_stance_ok`/`_claimant_ok` counts are for the totals (removed from the article's entry)."""
    covers = [[_overlap(p["char_start"], p["char_end"], g["char_start"], g["char_end"]) * 2
               >= (g["char_end"] - g["char_start"]) for g in golds] for p in preds]
    correct = [any(row) for row in covers]
    used: set[int] = set()
    found = stance_ok = claimant_ok = 0
    misses, pairs = [], []
    for gi, g in enumerate(golds):
        options = [pi for pi in range(len(preds)) if covers[pi][gi]]
        if not options:
            misses.append(g)
            continue
        found += 1
        g_len = g["char_end"] - g["char_start"]

        def rank(pi: int) -> tuple:
            p = preds[pi]
            inter = _overlap(p["char_start"], p["char_end"], g["char_start"], g["char_end"])
            union = (p["char_end"] - p["char_start"]) + g_len - inter
            return (
                pi not in used,
                round(inter / union if union else 0.0, 6),
                _norm_claimant(p.get("claimant")) == _norm_claimant(g.get("claimant")),
                _stance(p.get("stance")) == _stance(g.get("stance")),
            )

        best = max(options, key=rank)
        used.add(best)
        p = preds[best]
        s_ok = _stance(p.get("stance")) == _stance(g.get("stance"))
        c_ok = _norm_claimant(p.get("claimant")) == _norm_claimant(g.get("claimant"))
        stance_ok += s_ok
        claimant_ok += c_ok
        pairs.append({"gold": g, "predicted": p, "stance_ok": s_ok, "claimant_ok": c_ok})
    return {
        "gold": len(golds),
        "predicted": len(preds),
        "found": found,
        "correct": sum(correct),
        "recall": _ratio(found, len(golds)),
        "precision": _ratio(sum(correct), len(preds)),
        "stance_accuracy": _ratio(stance_ok, found),
        "claimant_accuracy": _ratio(claimant_ok, found),
        "misses": [{"id": g.get("id"), "quote": g.get("quote"), "stance": g.get("stance"),
                    "claimant": g.get("claimant")} for g in misses],
        "false_positives": [{"quote": p.get("quote"), "stance": _stance(p.get("stance")),
                             "claimant": p.get("claimant")} for p, ok in zip(preds, correct) if not ok],
        "errors": [{"id": x["gold"].get("id"), "quote": x["gold"].get("quote"),
                    "gold_stance": x["gold"].get("stance"), "stance": _stance(x["predicted"].get("stance")),
                    "gold_claimant": x["gold"].get("claimant"), "claimant": x["predicted"].get("claimant"),
                    "predicted_quote": x["predicted"].get("quote")}
                   for x in pairs if not (x["stance_ok"] and x["claimant_ok"])],
        "_stance_ok": stance_ok,
        "_claimant_ok": claimant_ok,
    }


def evaluate_extraction_in_process(directory: str | Path, aliases: Any = None) -> dict:
    """Run `extract_mentions` on every article of a gold folder and score it (no database)."""

    articles, gold = load_gold_dir(directory)
    predicted: dict[str, list] = {}
    # keep start-up (tables, lazily compiled patterns) out of the timing
    extract_mentions('Warm-up. "We deny it," Russia said. Iran accused Iraq of shelling a town, which Baghdad denies.', aliases)
    started = time.perf_counter()
    for aid, record in articles.items():
        predicted[aid] = extract_mentions(record["text"], aliases, outlet=record.get("outlet"), title=record.get("title"))
    elapsed = time.perf_counter() - started
    report = score_extraction(gold, predicted)
    chars = sum(len(r["text"]) for r in articles.values())
    report["extraction_ms_per_10kb"] = round(elapsed * 1000 * 10_000 / chars, 2) if chars else None
    report["source"] = "in-process"
    return report


def predicted_from_db(db_path: str | Path, articles: Mapping[str, dict]) -> dict[str, list[dict]]:
    """The extracted mentions stored for each gold article (articles matched by URL, else by their text)."""
    by_url = {r.get("url"): aid for aid, r in articles.items() if r.get("url")}
    by_text = {r["text"]: aid for aid, r in articles.items()}
    out: dict[str, list[dict]] = {aid: [] for aid in articles}
    with connect(db_path) as con:
        ids: dict[int, str] = {}
        for row in article_texts(con):
            aid = by_url.get(row["url"]) or by_text.get(row["text"])
            if aid is not None:
                ids[int(row["article_id"])] = aid
        rows = extracted_mentions(con)
    for row in rows:
        aid = ids.get(int(row["article_id"]))
        if aid is not None and row["char_start"] is not None:
            out[aid].append(row)
    return out


def evaluate_dir(directory: str | Path, db_path: str | Path | None = None) -> dict:
    """Ingest a gold folder's articles into a fresh database and score what was stored.

    With no `db_path` a temporary database is used. The matching figures of `workbench.match_eval`
    (when that module is present) are merged in under "matching".
    """

    articles, gold = load_gold_dir(directory)
    with tempfile.TemporaryDirectory(prefix="workbench-eval-") as tmp:
        path = Path(db_path) if db_path is not None else Path(tmp) / "eval.duckdb"
        if path.exists():
            raise InputError(f"{path} exists: evaluation needs a fresh database")
        started = time.perf_counter()
        ingest = ingest_paths(path, [r["path"] for r in articles.values()])
        elapsed = time.perf_counter() - started
        predicted = predicted_from_db(path, articles)
        report = score_extraction(gold, predicted)
        report["source"] = "database"
        report["ingest_seconds"] = round(elapsed, 3)
        report["ingest_errors"] = [str(e) for e in ingest.errors]
        matching = _matching_report(directory, Path(tmp))
        if matching is not None:
            report["matching"] = matching
    return report


def _matching_report(directory: str | Path, work_dir: Path) -> dict | None:
    sub = work_dir / "matching"
    sub.mkdir(exist_ok=True)
    return evaluate_matching(directory, sub)


# --------------------------------------------------------------------------------------------------------------
# Story by story

# Stories that share their parties and claims with another story are scored with it (the dev set's convention).
STORY_GROUPS = {"pannun-plot": "india-canada-nijjar"}
STORY_FIGURES = ("recall", "precision", "stance_accuracy", "claimant_accuracy")
MATCHING_FIGURES = ("pair_f1", "pair_precision", "hit_at_1", "mrr_at_5")
COUNT_FIGURES = ("contradicts_gold_pairs", "contradicts_linked", "contradicts_links", "contradicts_wrong_links")
"""Counts of the matching report that add up over stories (rather than average)."""


def stories_of(directory: str | Path) -> dict[str, list[str]]:
    """Article ids by story, from the folder's `articles_index.json` (pannun-plot goes with india-canada-nijjar)."""
    path = Path(directory) / "articles_index.json"
    if not path.is_file():
        raise InputError(f"{directory} has no articles_index.json: --by-story needs each article's story")
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"invalid JSON: {exc}", str(path)) from None
    groups: dict[str, list[str]] = {}
    for item in index:
        story = str(item.get("story") or "unknown")
        groups.setdefault(STORY_GROUPS.get(story, story), []).append(str(item["article"]))
    return groups


def _story_folder(directory: Path, target: Path, article_ids: list[str]) -> None:
    """A gold folder holding only `article_ids` (and the gold mentions and hard cases among them)."""
    (target / "articles").mkdir(parents=True)
    wanted = set(article_ids)
    for aid in article_ids:
        source = directory / "articles" / f"{aid}.json"
        if source.is_file():
            (target / "articles" / source.name).write_bytes(source.read_bytes())
    gold = json.loads((directory / "gold.json").read_text(encoding="utf-8"))
    gold = [g for g in gold if str(g.get("article")) in wanted]
    (target / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    canonical = directory / "canonical_claims.json"
    if canonical.is_file():  # its `related` pairs count only where both claims are among the story's
        (target / canonical.name).write_bytes(canonical.read_bytes())
    hard = directory / "hard_cases.json"
    if hard.is_file():
        ids = {g.get("id") for g in gold}
        cases = [c for c in json.loads(hard.read_text(encoding="utf-8")) if c.get("a") in ids and c.get("b") in ids]
        (target / "hard_cases.json").write_text(json.dumps(cases), encoding="utf-8")


def _macro(rows: list[dict], keys: Iterable[str]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key in keys:
        values = [r[key] for r in rows if r.get(key) is not None]
        out[key] = round(sum(values) / len(values), 4) if values else None
    return out


def _sum(rows: list[dict]) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for key in COUNT_FIGURES:
        values = [r[key] for r in rows if r.get(key) is not None]
        out[key] = sum(values) if values else None
    return out


def evaluate_by_story(directory: str | Path, stories: Iterable[str] | None = None,
                      check: Iterable[str] = (), matching: bool = True) -> dict:
    """Score each story of a gold folder on its own (a fresh database per story) and average over stories.

    `check` names the stories of a check set: their macro average is reported apart from the others'.
    """
    root = Path(directory)
    groups = stories_of(root)
    wanted = list(stories) if stories else list(groups)
    unknown = [s for s in wanted if s not in groups]
    if unknown:
        raise InputError(f"no story {', '.join(map(repr, unknown))} in {root} (stories: {', '.join(groups)})")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="workbench-stories-") as tmp:
        for story in wanted:
            folder = Path(tmp) / story
            _story_folder(root, folder, groups[story])
            report = evaluate_dir(folder) if matching else evaluate_extraction_in_process(folder)
            row = {"story": story, "articles": len(groups[story]), "gold": report["gold"]}
            row.update({k: report.get(k) for k in STORY_FIGURES})
            row.update({k: (report.get("matching") or {}).get(k) for k in MATCHING_FIGURES + COUNT_FIGURES})
            rows.append(row)
    keys = STORY_FIGURES + MATCHING_FIGURES
    check_set = [s for s in check if s in wanted]
    result = {"stories": rows, "macro": {**_macro(rows, keys), **_sum(rows)}}
    if check_set:
        result["check_stories"] = check_set
        chosen = [r for r in rows if r["story"] in check_set]
        others = [r for r in rows if r["story"] not in check_set]
        result["macro_check"] = {**_macro(chosen, keys), **_sum(chosen)}
        result["macro_other"] = {**_macro(others, keys), **_sum(others)}
    return result
