"""Labelled pairs for the decision model, from data whose claims are known. Pure apart from reading the files it is
pointed at (nothing is copied into the project).

The pairs come from an *oracle replay*: the mentions of a labelled set go through the search one by one, in the
order an import would place them, and each is then put on its true claim. Every claim the model would have scored
for a mention gives one row: its `PairFeatures`, and whether it is the mention's true claim. So the rows are the
decisions the model meets in use, made on clean claims.

Sources (each reader yields `LabelledMention`s; `group` says what a validation must keep together):
- a gold folder in the dev-set format (`articles/*.json`, `gold.json`, `articles_index.json`): one group per story;
- Emergent's headlines grouped by rumour (no claimant; one source per headline): one group per fold of rumours;
- CLEF CheckThat! 2020 claim retrieval: its verified claims, each a claim of its own, and its training tweets
  as lookups of the claim they repeat (one group);
- the synthetic stream of `workbench.match.synthetic` (one group).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import random
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError
from .features import FEATURES, PairFeatures
from .linkage import NEIGHBOURS
from .propositions import Normalizer
from .search import MatchIndex
from ..text.posts import clean_pasted

__all__ = ["LabelledMention", "MIXED", "PairRows", "clef_mentions", "context_weights", "emergent_mentions",
           "gold_mentions", "mixed_replay", "replay", "synthetic_mentions"]

ADD, QUERY, BOTH = "add", "query", "both"
"""What a replay does with a mention: put it on its claim only, look it up only, or look it up and then put it."""


@dataclass(frozen=True)
class LabelledMention:
    """A mention whose claim is known."""

    text: str
    label: str
    """Its true claim (any id unique within the replay)."""
    group: str
    """What a validation keeps together: a story, a fold of rumours, a benchmark."""
    claimant: str | None = None
    stance: str = "asserts"
    source: str | None = None
    """The article (or post) it is from: mentions of one source are read in each other's context."""
    title: str | None = None
    published: dt.date | None = None
    role: str = BOTH


@dataclass
class PairRows:
    """Labelled rows: features, whether the pair states one claim, and the group and data set of each row."""

    features: np.ndarray
    labels: np.ndarray
    groups: np.ndarray
    sets: np.ndarray

    @classmethod
    def empty(cls) -> PairRows:
        return cls(np.zeros((0, len(FEATURES))), np.zeros(0, dtype=np.int8), np.array([], dtype=object),
                   np.array([], dtype=object))

    def __len__(self) -> int:
        return len(self.labels)

    def concat(self, other: PairRows) -> PairRows:
        return PairRows(np.vstack([self.features, other.features]), np.concatenate([self.labels, other.labels]),
                        np.concatenate([self.groups, other.groups]), np.concatenate([self.sets, other.sets]))

    def where(self, mask: np.ndarray) -> PairRows:
        return PairRows(self.features[mask], self.labels[mask], self.groups[mask], self.sets[mask])

    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, features=self.features, labels=self.labels, groups=self.groups.astype(str),
                            sets=self.sets.astype(str), names=np.array(FEATURES))

    @classmethod
    def load(cls, path: str | Path) -> PairRows:
        data = np.load(path, allow_pickle=False)
        if tuple(data["names"].tolist()) != FEATURES:
            raise InputError(f"{path} holds rows of other features: build them again")
        return cls(data["features"], data["labels"], data["groups"].astype(object), data["sets"].astype(object))


CONTEXT_EARLIER = 0.5
"""Weight, as same-article context, of the claim mentioned before the last one."""
CONTEXT_DECAY = 0.9
"""Each claim mentioned still earlier weighs this much of the one mentioned after it."""


def context_weights(claims: Sequence[int] | None) -> dict[int, float] | None:
    """The claims other mentions of the same article are on (in order of their last mention, the latest last) as
    context weights: the latest 1, the one before `CONTEXT_EARLIER`, each earlier one `CONTEXT_DECAY` of the next.
    The model weighs how much such context counts; this only orders it."""
    if not claims:
        return None
    return {claim_id: 1.0 if rank == 0 else CONTEXT_EARLIER * CONTEXT_DECAY ** (rank - 1)
            for rank, claim_id in enumerate(reversed(claims))}


def replay(mentions: Iterable[LabelledMention], normalizer: Normalizer | None = None, *, data_set: str = "",
           index: MatchIndex | None = None, each_mention: bool = False, with_partner: bool = False) -> PairRows:
    """The labelled rows of an oracle replay of `mentions` (in order) through a fresh index (or `index`).

    `each_mention`: every mention is an entry of its own, so each row compares two mentions (whether they share
    their true claim): the rows of the pair model that `workbench.match.linkage` clusters with. `with_partner`
    (with `each_mention`): each row's data set is the group of the mention it was compared with."""
    index = index or MatchIndex(normalizer)
    ids: dict[str, int] = {}
    label_of: dict[int, str] = {}
    group_of: dict[int, str] = {}
    partners: list[str] = []
    recent: dict[str, OrderedDict[int, None]] = {}
    rows: list[PairFeatures] = []
    labels: list[int] = []
    groups: list[str] = []
    for m in mentions:
        claim_id = len(label_of) + 1 if each_mention else ids.setdefault(m.label, len(ids) + 1)
        label_of[claim_id] = m.label
        group_of[claim_id] = m.group
        seen = recent.setdefault(m.source, OrderedDict()) if m.source is not None else None
        prop = index.normalizer.analyze(m.text, m.claimant, m.stance)
        if m.role != ADD and len(index):
            collected: list[tuple[int, PairFeatures]] = []
            index.search(m.text, m.claimant, top=NEIGHBOURS if each_mention else 1, stance=m.stance, topic=m.title,
                         proposition=prop,
                         context=context_weights(list(seen)) if seen else None, published=m.published,
                         explain=0, collect=collected, workers=1)
            for found, features in dict(collected).items():
                rows.append(features)
                labels.append(int(label_of[found] == m.label))
                groups.append(m.group)
                partners.append(group_of[found])
        if m.role != QUERY:
            index.add(claim_id, m.text, m.claimant, m.stance, proposition=prop, topic=m.title,
                      published=m.published)
            if seen is not None:
                seen.pop(claim_id, None)
                seen[claim_id] = None
    features = np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES))
    sets = partners if with_partner else [data_set] * len(labels)
    return PairRows(features, np.array(labels, dtype=np.int8), np.array(groups, dtype=object),
                    np.array(sets, dtype=object))


MIXED = "dev-mix:"
"""Prefix of the data set of rows that pair mentions of two different stories (`mixed_replay`), followed by the two
stories joined by "+"."""


def mixed_replay(stories: dict[str, list[LabelledMention]]) -> PairRows:
    """Rows of two mentions of different stories, as a desk that follows several stories at once meets them: the
    stories replayed side by side in one stream (mention level), each story's dates moved so that it starts on one
    common day, mentions in the order of those dates. Only the pairs across stories are kept (all of them
    different claims): the stories' own pairs come from their own replays."""
    stream: list[tuple[int, int, int, LabelledMention]] = []
    for number, (story, mentions) in enumerate(sorted(stories.items())):
        dated = [m.published for m in mentions if m.published is not None]
        shift = (min(dated) - _COMMON_DAY) if dated else dt.timedelta(0)
        for position, m in enumerate(mentions):
            moved = m.published - shift if m.published is not None else None
            stream.append(((moved or _COMMON_DAY).toordinal(), number, position,
                           LabelledMention(m.text, f"{story}\t{m.label}", story, m.claimant, m.stance,
                                           f"{story}\t{m.source}", m.title, moved, m.role)))
    stream.sort(key=lambda x: x[:3])
    rows = replay([m for *_, m in stream], each_mention=True, data_set="", with_partner=True)
    keep = np.array([a != b for a, b in zip(rows.groups, rows.sets)], dtype=bool)
    rows = rows.where(keep)
    sets = [MIXED + "+".join(sorted((str(a), str(b)))) for a, b in zip(rows.groups, rows.sets)]
    return PairRows(rows.features, rows.labels, rows.groups, np.array(sets, dtype=object))


_COMMON_DAY = dt.date(2024, 1, 1)


# --- sources ----------------------------------------------------------------------------------------------------


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def gold_mentions(folder: str | Path, groups: dict[str, str] | None = None) -> list[LabelledMention]:
    """The gold mentions of a folder in the dev-set format, in article order (as `workbench eval` imports them).
    `groups`: article id -> story (default: one group for the whole folder)."""
    root = Path(folder)
    try:
        gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
        articles = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "articles").glob("*.json"))}
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the gold folder {root}: {exc}") from None
    order = {aid: i for i, aid in enumerate(sorted(articles))}
    gold = sorted(gold, key=lambda m: (order.get(str(m["article"]), 1 << 30), m.get("id", "")))
    out = []
    for m in gold:
        aid = str(m["article"])
        article = articles.get(aid, {})
        out.append(LabelledMention(
            text=m["quote"], label=str(m["canonical"]), group=(groups or {}).get(aid, root.name),
            claimant=m.get("claimant"), stance=m.get("stance") or "asserts", source=aid,
            title=article.get("title"), published=_date(article.get("published"))))
    return out


def emergent_fold(claim_id: str, folds: int) -> int:
    """The fold of a rumour (stable: from a hash of its id)."""
    return int(hashlib.sha256(claim_id.encode("utf-8")).hexdigest()[:8], 16) % folds


def emergent_mentions(folder: str | Path, folds: int = 5, seed: int = 0,
                      only_folds: Iterable[int] | None = None) -> list[LabelledMention]:
    """Emergent's headlines in a shuffled order, without claimant, each its own source with itself as title;
    the group is `emergent-<fold>` of its rumour. `only_folds`: keep the headlines of these folds only."""
    path = Path(folder) / "headlines.jsonl"
    try:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    random.Random(seed).shuffle(records)
    wanted = set(only_folds) if only_folds is not None else None
    out = []
    for r in records:
        fold = emergent_fold(r["claim_id"], folds)
        if wanted is not None and fold not in wanted:
            continue
        stance = "denies" if r.get("stance") == "against" else "asserts"
        out.append(LabelledMention(text=r["headline"], label=r["claim_id"], group=f"emergent-{fold}",
                                   stance=stance, source=r.get("url") or r["id"], title=r["headline"]))
    return out


def clef_claims(folder: str | Path) -> list[tuple[str, str, str]]:
    """(id, verified claim, fact-check title) of CLEF-2020's verified claims."""
    with (Path(folder) / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        return [(row[0], row[1], row[2] if len(row) > 2 else "") for row in reader if len(row) >= 2]


def clef_mentions(folder: str | Path, split: str = "train", claims_searched: int | None = None,
                  seed: int = 0) -> list[LabelledMention]:
    """CLEF-2020: every verified claim put on a claim of its own (`claims_searched` of them, at random, or all, first
    looked up among the ones before, as an import would: distinct fact-checks that must stay apart), then the tweets
    of `split`, cleaned as `workbench match` cleans pasted text, looked up (the claim they repeat is their label).

    All of them by default: with 1,000 searched, an import of the CLEF-2022 verified claims CLEF-2020 lacks (never
    fit on) merged 14% of them; with 4,000, 9%; with all, 7% (at no loss on the dev stories left out)."""
    root = Path(folder)
    claims = clef_claims(root)
    wanted = len(claims) if claims_searched is None else min(claims_searched, len(claims))
    searched = set(random.Random(seed).sample(range(len(claims)), wanted))
    out = [LabelledMention(text=text.strip() or title, label=vid, group="clef2020", source=f"vclaim:{vid}",
                           title=title or None, role=BOTH if n in searched else ADD)
           for n, (vid, text, title) in enumerate(claims)]
    qrels: dict[str, str] = {}
    for line in (root / f"{split}.qrels").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            qrels.setdefault(parts[0], parts[2])
    with (root / f"{split}.queries.tsv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for row in reader:
            if len(row) >= 2 and row[0] in qrels:
                out.append(LabelledMention(text=clean_pasted(row[1]), label=qrels[row[0]], group="clef2020",
                                           role=QUERY))
    return out


def synthetic_mentions(claims: int = 300, mentions: int = 3000, seed: int = 5) -> Iterator[LabelledMention]:
    """The synthetic stream (`workbench.match.synthetic`) as labelled mentions (one group)."""
    from .synthetic import generate

    for r in generate(claims, mentions, seed):
        yield LabelledMention(text=r["quote"], label=str(r["truth"]), group="synthetic", claimant=r["claimant"],
                              stance=r["stance"], source=r["url"], published=_date(r["published"]))
