"""A synthetic stream of logged mentions of known claims: for the matching benchmarks (`benchmarks/scale.py`) and
as one of the labelled sources the decision model is fit on (`workbench.match.training`).

Each claim is a proposition (who does what with what to whom, sometimes in which year): "Iran supplies
drones to Russia (2022)". Claims come in confusable families: the same proposition in another year, with
source and target swapped, or with another object, so that a matcher that only counts shared words merges
them. Each mention of a claim words it afresh: actor aliases (Iran / Tehran / the Iranian government),
synonyms (supplied / sent / delivered; drones / UAVs / Shahed drones), voice (Russia received drones from
Iran), attribution and filler ("according to Kyiv", "on Tuesday", "citing intelligence"), and about a
quarter are denials by the accused ("Tehran denied sending UAVs to Moscow") or generic ones that only the
claimant and the article tie to the claim. A mention line is what `workbench import-mentions` reads, plus
`truth` (the claim's number), which the importer ignores.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from ..actors import load_seed

OBJECTS: dict[str, list[str]] = {
    "drones": ["drones", "UAVs", "Shahed drones", "unmanned aerial vehicles", "kamikaze drones", "attack drones"],
    "missiles": ["missiles", "ballistic missiles", "rockets", "cruise missiles"],
    "shells": ["artillery shells", "shells", "ammunition", "artillery rounds"],
    "chips": ["microchips", "semiconductors", "chips", "electronic components"],
    "rifles": ["rifles", "assault rifles", "small arms"],
    "tanks": ["tanks", "battle tanks"],
    "jets": ["fighter jets", "warplanes", "combat aircraft"],
    "trucks": ["military trucks", "army trucks"],
}
SUPPLY = [
    "{s} supplied {o} to {t}", "{s} has been sending {o} to {t}", "{s} delivered {o} to {t}",
    "{s} shipped {o} to {t}", "{t} received {o} from {s}", "{o} were delivered to {t} by {s}",
    "{s} is providing {o} to {t}", "{s} transferred {o} to {t}", "{s} sold {o} to {t}",
]
DENY_SUPPLY = [
    "{s} denied supplying {o} to {t}", "{s} rejected claims that it sent {o} to {t}",
    "{s} dismissed reports it had delivered {o} to {t} as baseless", "{s} says it has never given {o} to {t}",
    "{s} has not shipped any {o} to {t}", "Claims that {s} provided {o} to {t} are false, {s} said",
]
BUILD = [
    "{s} is helping {t} build a factory for {o}", "{s} helps {t} set up a plant to make {o}",
    "{s} assists {t} in constructing a {o} production facility", "{t} is building a {o} factory with help from {s}",
]
DENY_BUILD = [
    "{s} denied helping {t} build a {o} factory", "{s} rejected reports that it assists {t} with a {o} plant",
]
GENERIC_DENIALS = [
    "These accusations are baseless", "This is a lie", "Not true, absolutely not true", "We reject these claims",
    "The report is pure fabrication", "That is nonsense", "These allegations are false",
]
ATTRIBUTION = ["{c} says", "according to {c},", "{c} officials said", "{c} alleged that", "{c} accused"]
FILLER = ["", "", "", " on Tuesday", " in recent months", ", citing intelligence", " despite sanctions",
          " for the war", ", officials said", " again", " secretly"]
OUTLETS = ["Daily Wire Service", "Morning Ledger", "Capital Times", "World Desk", "Evening Post", "Frontline News"]


@dataclass(frozen=True)
class SyntheticClaim:
    """The truth a generated mention states."""

    number: int
    relation: str
    source: str
    target: str
    thing: str
    year: int | None


class Actors:
    """Countries of the seed alias table with the ways the generator names them."""

    def __init__(self) -> None:
        self.forms: dict[str, list[str]] = {}
        for seed in load_seed():
            if seed.kind != "country" or not seed.capitals or not seed.demonyms:
                continue
            name = seed.name
            forms = [name, seed.capitals[0], f"the {seed.demonyms[0]} government", f"{seed.demonyms[0]} officials"]
            if name in ("United States", "United Kingdom"):
                forms = [name, "Washington" if name == "United States" else "London",
                         "the White House" if name == "United States" else "Downing Street",
                         "the US" if name == "United States" else "Britain"]
            self.forms[name] = forms
        self.names = sorted(self.forms)

    def say(self, rng: random.Random, name: str) -> str:
        return rng.choice(self.forms[name])


def make_claims(rng: random.Random, count: int, actors: Actors) -> list[SyntheticClaim]:
    """`count` distinct claims, in confusable families (another year, swapped direction, another object)."""
    busy = actors.names[:60]  # a smaller cast makes more claims share actors
    claims: list[SyntheticClaim] = []
    seen: set[tuple] = set()

    def add(relation: str, s: str, t: str, thing: str, year: int | None) -> None:
        key = (relation, s, t, thing, year)
        if key in seen or s == t or len(claims) >= count:
            return
        seen.add(key)
        claims.append(SyntheticClaim(len(claims), relation, s, t, thing, year))

    while len(claims) < count:
        s, t = rng.sample(busy, 2)
        relation = "supply" if rng.random() < 0.8 else "build"
        thing = rng.choice(list(OBJECTS))
        year = rng.choice([None, None, 2021, 2022, 2023, 2024, 2025])
        add(relation, s, t, thing, year)
        roll = rng.random()
        if roll < 0.15 and year is not None:
            add(relation, s, t, thing, rng.choice([y for y in (2021, 2022, 2023, 2024, 2025) if y != year]))
        elif roll < 0.30:
            add(relation, t, s, thing, year)
        elif roll < 0.45:
            add(relation, s, t, rng.choice([o for o in OBJECTS if o != thing]), year)
    rng.shuffle(claims)
    return [SyntheticClaim(i, c.relation, c.source, c.target, c.thing, c.year) for i, c in enumerate(claims)]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def render(rng: random.Random, claim: SyntheticClaim, actors: Actors, denial: bool) -> tuple[str, str]:
    """(quote, claimant) of one mention of `claim`."""
    o = rng.choice(OBJECTS[claim.thing])
    s, t = actors.say(rng, claim.source), actors.say(rng, claim.target)
    if claim.relation == "build":
        o = rng.choice(OBJECTS[claim.thing])
        template = rng.choice(DENY_BUILD if denial else BUILD)
    else:
        template = rng.choice(DENY_SUPPLY if denial else SUPPLY)
    text = template.format(s=s, t=t, o=o)
    if claim.year is not None and rng.random() < 0.85:
        text += rng.choice([" in {y}", " during {y}", " since {y}", " in early {y}"]).format(y=claim.year)
    text += rng.choice(FILLER)
    if denial:
        return _cap(text) + ".", claim.source
    accuser = rng.choice([a for a in actors.names[:60] if a not in (claim.source, claim.target)])
    if rng.random() < 0.5:
        text = rng.choice(ATTRIBUTION).format(c=rng.choice(actors.forms[accuser][:2])) + " " + text
    return _cap(text) + ".", accuser


def generate(claims: int, mentions: int, seed: int = 7) -> Iterator[dict]:
    """Mention records (import-mentions lines with `truth`), grouped a few at a time into articles."""
    rng = random.Random(seed)
    actors = Actors()
    known = make_claims(rng, claims, actors)
    weights = [1.0 / (1 + i) ** 0.6 for i in range(len(known))]  # a few claims are everywhere
    cumulative = list(itertools.accumulate(weights))
    day0 = dt.date(2022, 1, 1)
    made = 0
    article = 0
    order = list(range(len(known)))
    while made < mentions:
        article += 1
        # every claim appears early on; afterwards popular claims come back more often
        if article <= len(known):
            claim = known[order[article - 1]]
        else:
            claim = rng.choices(known, cum_weights=cumulative)[0]
        url = f"https://news.example/{article}"
        outlet = rng.choice(OUTLETS)
        published = (day0 + dt.timedelta(days=rng.randrange(1400))).isoformat()
        for k in range(rng.choice([1, 2, 2, 3])):
            if made >= mentions:
                break
            roll = rng.random()
            if k > 0 and roll < 0.08:
                quote, claimant, stance = rng.choice(GENERIC_DENIALS) + ".", claim.source, "denies"
            else:
                denial = roll < 0.25
                quote, claimant = render(rng, claim, actors, denial)
                stance = "denies" if denial else "asserts"
            made += 1
            yield {"quote": quote, "claimant": claimant, "stance": stance, "url": url, "outlet": outlet,
                   "published": published, "truth": claim.number}
