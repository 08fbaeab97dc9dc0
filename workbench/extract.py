"""Claim and denial extraction: article text in, claim mentions out. Pure (no database, no UI).

How it reads an article:

1. Blocks (lines) that are page furniture are skipped: donation and newsletter boxes, cookie notices,
   "Read more", bylines, captions, navigation. Text in the outlet's own voice (first or second person outside
   quotation marks: "we need your help") is furniture too.
2. Quotations are found; a quotation that reads as speech (starts with a capital, or fills its paragraph) is
   attributed to a speaker from the words around it ("..., Peskov said", "May told MPs: ...") or, failing that,
   to the previous speaker.
3. Sentences are split, and reporting frames are found outside speech quotations: `X said (that) ...`,
   `..., X said`, `according to X`, `X accused Y of Z`, `X blamed Y for Z`, `X denied/rejected/dismissed ...`,
   compact denials (`..., which X denies`), mutual accusations (`X and Y traded accusations`), echoes
   (`Spokespeople for X said the same`), `its claim that ...`.
4. Each frame or quoted sentence becomes a candidate mention: speaker as written, claimant resolved through the
   alias table (people named in the article are remembered with their role: "Kanani, the spokesman for Iran's
   foreign ministry"; "he", "the spokesman" go to the most recent speaker), stance (denial verbs and cues such
   as "baseless", "no evidence", negation), hedges, accused actor, and a normalised proposition.
5. Candidates that carry no claim (no actor, no accusation or denial language, a request or a plan) are dropped.
   Generic denials ("we reject these accusations") and compact ones are linked to the allegation they deny
   (`denies_mention`) and share its proposition.

All word lists live in `workbench/data/extract_lexicon.json`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .text.aliases import ActorEntry, AliasHit, AliasTable, pick_speaker_hit
from .text.tokens import Token, word_tokens
from .models import ExtractedMention, Stance

__all__ = ["extract_mentions", "Lexicon", "lexicon", "content_blocks"]


# --------------------------------------------------------------------------------------------------------------
# Lexicon


def _alt(words: list[str]) -> str:
    """A regex alternation of phrases, longest first, with flexible inner spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@dataclass(frozen=True)
class Lexicon:
    """Compiled word lists from `extract_lexicon.json`."""

    raw: dict
    say: frozenset[str]
    accuse: frozenset[str]
    deny: frozenset[str]
    verb_re: re.Pattern[str]
    mutual_re: re.Pattern[str]
    echo_re: re.Pattern[str]
    denial_cue_re: re.Pattern[str]
    negation_re: re.Pattern[str]
    not_negation_re: re.Pattern[str]
    hedge_re: re.Pattern[str]
    accusation_re: re.Pattern[str]
    non_claim_re: re.Pattern[str]
    conditional_re: re.Pattern[str]
    boilerplate_phrases: tuple[str, ...]
    boilerplate_res: tuple[re.Pattern[str], ...]
    caption_hints: tuple[str, ...]
    caption_res: tuple[re.Pattern[str], ...]
    claim_noun_re: re.Pattern[str]
    exculpation_re: re.Pattern[str]
    origin_re: re.Pattern[str]
    cue_exception_re: re.Pattern[str]
    strong_hedge_re: re.Pattern[str]
    neutrality_re: re.Pattern[str]
    spreading_re: re.Pattern[str]
    verb_words: frozenset[str]
    verb_multi_re: re.Pattern[str]
    verb_multi_first: frozenset[str]
    official_roles: frozenset[str]
    private_roles: frozenset[str]
    generic_speakers: frozenset[str]
    abbreviations: frozenset[str]
    generic_objects: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The extraction lexicon (cached)."""
    data = json.loads(resources.files("workbench").joinpath("data/extract_lexicon.json").read_text("utf-8"))
    say = frozenset(data["say_verbs"])
    accuse = frozenset(data["accuse_verbs"])
    deny = frozenset(data["deny_verbs"])
    verbs = sorted(say | accuse | deny | {"according to", "quoted"}, key=len, reverse=True)

    def words(key: str) -> re.Pattern[str]:
        return re.compile(r"(?<![\w-])(?:" + _alt(data[key]) + r")(?![\w-])", re.IGNORECASE)

    return Lexicon(
        raw=data,
        say=say,
        accuse=accuse,
        deny=deny,
        verb_re=re.compile(r"(?<![\w'’-])(?:" + _alt(verbs) + r")(?![\w-])", re.IGNORECASE),
        mutual_re=words("mutual_phrases"),
        echo_re=words("echo_phrases"),
        denial_cue_re=re.compile(r"(?<![\w-])(?:" + _alt(data["denial_cues"]) + r")(?![\w-])", re.IGNORECASE),
        negation_re=re.compile(r"(?<![\w-])(?:" + _alt([n for n in data["negations"] if n != "n't"]) + r")(?![\w-])|n[’']t\b", re.IGNORECASE),
        not_negation_re=words("not_negations"),
        hedge_re=words("hedges"),
        accusation_re=words("accusation_cues"),
        non_claim_re=re.compile(r"(?<![\w-])(?:" + _alt([w.strip() for w in data["non_claim_cues"]]) + r")(?![\w-])", re.IGNORECASE),
        conditional_re=re.compile(r"^\W*(?:" + _alt(data["conditional_starts"]) + r")\b", re.IGNORECASE),
        boilerplate_phrases=tuple(p.lower() for p in data["boilerplate_phrases"]),
        boilerplate_res=tuple(re.compile(p, re.IGNORECASE) for p in data["boilerplate_patterns"]),
        caption_hints=tuple(h.lower() for h in data["caption_hints"]),
        caption_res=tuple(re.compile(p, re.IGNORECASE) for p in data["caption_patterns"]),
        claim_noun_re=words("claim_nouns"),
        exculpation_re=words("exculpation_cues"),
        origin_re=words("origin_cues"),
        cue_exception_re=words("denial_cue_exceptions"),
        strong_hedge_re=words("strong_hedges"),
        spreading_re=words("spreading_cues"),
        # "Iran does not support any side", "is not siding with either party", "remains neutral": a stated position
        neutrality_re=re.compile(
            r"(?<![\w-])(?:" + _alt(data["neutrality_cues"]) + r")(?![\w-])|"
            r"(?<![\w-])(?:not|never|no\s+longer|n[’']t)\s+(?:\w+ly\s+)?(?:" + _alt(data["side_verbs"]) + r")"
            r"\s+(?:any|either|one|a|the\s+one|one\s+or\s+the\s+other)\s+(?:side|party|parties|camp|of\s+the\s+(?:sides|parties|two))\b",
            re.IGNORECASE,
        ),
        verb_words=frozenset(v.lower() for v in verbs if " " not in v),
        verb_multi_re=re.compile(r"(?:" + _alt([v for v in verbs if " " in v]) + r")(?![\w-])", re.IGNORECASE),
        verb_multi_first=frozenset(v.split()[0].lower() for v in verbs if " " in v),
        official_roles=frozenset(data["official_roles"]),
        private_roles=frozenset(data["private_roles"]),
        generic_speakers=frozenset(data["generic_speakers"]),
        abbreviations=frozenset(data["abbreviations"]),
        generic_objects=frozenset(data["generic_denial_objects"]),
    )


_PLAIN_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")


def find_verbs(lex: Lexicon, text: str, start: int = 0, end: int | None = None):
    """Reporting verbs in text[start:end] as regex-like matches (`.start()`, `.end()`, `.group(0)`)."""
    stop = len(text) if end is None else end
    for m in _PLAIN_WORD.finditer(text, start, stop):
        word = m.group(0).lower()
        if word in lex.verb_multi_first:
            mm = lex.verb_multi_re.match(text, m.start(), stop)
            if mm:
                yield mm
                continue
        if word in lex.verb_words:
            yield m


# --------------------------------------------------------------------------------------------------------------
# Blocks, quotations, sentences

_CLOSE_FOR = {"“": "”", "\"": "\"", "‘": "’", "'": "'", "«": "»"}
_FIRST_SECOND_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us|[Yy]ou|[Yy]our|[Yy]ours)\b")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_MASK = "#"


@dataclass
class Block:
    """A line of the text; `furniture` says why it is skipped (None = article body)."""

    start: int
    end: int
    furniture: str | None = None


@dataclass
class Quote:
    """A quotation: marks at `open` and `close` (close == block end when it runs on)."""

    open: int
    close: int
    speech: bool = False
    speaker: "Speaker | None" = None

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


@dataclass
class Sentence:
    start: int
    end: int
    block: int


@dataclass
class Speaker:
    """Who says something: the phrase as written, the named person, the resolved claimant."""

    phrase: str
    name: str | None = None
    claimant: str | None = None
    start: int = -1
    end: int = -1
    generic: bool = False
    pronoun: bool = False
    by_role: bool = False
    """Resolved through a role noun named earlier ("the embassy" -> "Iran's embassy in Moscow")."""


def content_blocks(text: str) -> list[Block]:
    """The text's lines, with page furniture marked (`Block.furniture`): what extraction will not read."""
    lex = lexicon()
    blocks: list[Block] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.strip():
            blocks.append(Block(start, end))
    zone = False
    for block in blocks:
        line = text[block.start : block.end].strip()
        reason = _furniture(line, lex)
        if reason is None and zone and len(_WORD.findall(line)) < 8:
            reason = "boilerplate"
        if reason in ("boilerplate", "own voice"):
            zone = True
        elif reason is None:
            zone = False
        block.furniture = reason
    return blocks


def _furniture(line: str, lex: Lexicon) -> str | None:
    lowered = line.lower()
    for phrase in lex.boilerplate_phrases:
        if phrase in lowered and re.search(r"(?<![\w-])" + re.escape(phrase), lowered):
            return "boilerplate"
    for rx in lex.boilerplate_res:
        if rx.search(line):
            return "boilerplate"
    if len(line) < 400 and any(h in lowered for h in lex.caption_hints):
        for rx in lex.caption_res:
            if rx.search(line):
                return "caption"
    outside = _outside_quotes(line)
    if _FIRST_SECOND_PERSON.search(outside):
        return "own voice"
    return None


_QUOTED_PASSAGE = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|«[^»]*(?:»|$)")


def _outside_quotes(line: str) -> str:
    """The line with double-quoted passages removed (a passage left open runs to the end)."""
    return _QUOTED_PASSAGE.sub(" ", line)


def _find_quotes(text: str, block: Block) -> list[Quote]:
    """Double quotations (curly or straight) and single ones ('...'), a run-on one ending with the block."""
    quotes: list[Quote] = []
    i, end = block.start, block.end
    while i < end:
        ch = text[i]
        if ch in "“\"«":
            close_char = _CLOSE_FOR[ch]
            j = text.find(close_char, i + 1, end)
            if ch == "\"" and j == -1:
                j = end
            elif ch != "\"":
                alt = text.find("\"", i + 1, end) if ch == "“" else -1
                if j == -1 and alt != -1:
                    j = alt
                if j == -1:
                    j = end
            quotes.append(Quote(i, j))
            i = j + 1
            continue
        if ch in "‘'" and _opens_single(text, i, block.start):
            j = i + 1
            found = -1
            while j < end:
                if text[j] in "’'" and _closes_single(text, j, end):
                    found = j
                    break
                if text[j] == "\"" or text[j] == "“":
                    break
                j += 1
            if found != -1 and found - i > 2:
                quotes.append(Quote(i, found))
                i = found + 1
                continue
        i += 1
    return quotes


def _opens_single(text: str, i: int, block_start: int) -> bool:
    before = text[i - 1] if i > block_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-") and after.isalnum()


def _closes_single(text: str, j: int, end: int) -> bool:
    before = text[j - 1]
    after = text[j + 1] if j + 1 < end else " "
    return (before.isalnum() or before in ".,!?)") and not after.isalnum()


def _mark_speech(text: str, block: Block, quotes: list[Quote]) -> None:
    for q in quotes:
        a, b = q.inner
        inner = text[a:b].strip()
        words = _WORD.findall(inner)
        if len(words) < 2:
            continue
        first = inner[:1]
        fills_block = not text[block.start : q.open].strip() and not text[min(q.close + 1, block.end) : block.end].strip(" .,")
        starts_upper = first.isupper() or first.isdigit() or first == "["
        if fills_block and len(words) >= 3:
            q.speech = True
        elif starts_upper and len(words) >= 3:
            q.speech = True


_SENT_BREAK = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9•–—-])|[.!?][\"”’]?(?=[A-Z][a-z])|[.!?]+[\"”’')\]]*\s*$")


def _sentences(text: str, block: Block, lex: Lexicon) -> list[Sentence]:
    out: list[Sentence] = []
    start = block.start
    seg = text[block.start : block.end]
    for m in _SENT_BREAK.finditer(seg):
        end = block.start + m.end()
        dot = block.start + m.start()
        if text[dot] == "." and _is_abbreviation(text, dot, lex):
            continue
        if end - start > 1:
            out.append(Sentence(start, end, 0))
        start = end
        while start < block.end and text[start].isspace():
            start += 1
    if block.end - start > 1 and text[start:block.end].strip():
        out.append(Sentence(start, block.end, 0))
    return out


def _is_abbreviation(text: str, dot: int, lex: Lexicon) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if word in lex.abbreviations:
        return True
    if len(word) == 1 and text[j].isupper():
        return True  # an initial: "Dmitry S. Peskov"
    if "." in word:
        return True  # "U.S."
    return False


# --------------------------------------------------------------------------------------------------------------
# Frames: where someone says, accuses, or denies


@dataclass
class Frame:
    kind: str
    """say | accuse | deny | compact | mutual | echo | according | quote | noun"""
    verb: str
    verb_start: int
    verb_end: int
    subject: tuple[int, int] | None
    content: tuple[int, int]
    span: tuple[int, int]
    inherited: bool = False
    postposed: bool = False
    sentence: int = 0
    quote_speaker: Speaker | None = None
    quote_index: int = -1
    accused_span: tuple[int, int] | None = None
    object_span: tuple[int, int] | None = None
    aside: tuple[int, int] | None = None
    """A parenthetical attribution inside the content (", officials said,"): left out of the proposition."""
    claim_end: int | None = None
    joined: bool = False
    """Where the claim itself ends when the content runs on into a joined participle (", saying ...")."""


_LEAD_ADVERBIAL = re.compile(
    r"^(?:(?:and|but|however|meanwhile|also|earlier|later|separately|still|yet|even|so|then|now|instead|moreover|"
    r"furthermore|indeed|in turn|for (?:its|his|her|their) part|at the same time|in response|in a statement|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:last|this|on) (?:week|month|year)|"
    r"(?:in|since|by|until|from) (?:early |late |mid-?)?(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december)(?: \d{4})?|in \d{4})\b[,]?\s+)+",
    re.IGNORECASE,
)
_ADVERBIAL_CLAUSE = re.compile(
    r"^(?:on|in|at|after|before|following|during|since|speaking|asked|responding|making|pointing|as|while|when|"
    r"also|earlier|later|last|this|meanwhile|however|but|yet|still|then|separately|elsewhere|besides|despite|"
    r"according|amid|with|without|under|over|by|for|from|within|to|until|unlike|like|reacting|writing|addressing|"
    r"citing|quoting|referring|commenting|testifying|appearing|briefing|talking|replying|answering|although|though|"
    r"even|once|if|because|whereas|moreover|furthermore|indeed|instead|finally|first|second|third|initially|"
    r"previously|yesterday|today|overnight|hours|days|weeks|months|minutes|shortly|soon|separately|notably)\b[^,]*,\s*",
    re.IGNORECASE,
)
_TIME_WORDS = (
    r"(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?|"
    r"(?:earlier|later|late|early)(?:\s+on)?(?:\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|this\s+\w+))?|"
    r"today|yesterday|tonight|overnight|this\s+week|last\s+week|on\s+\w+\s+night|"
    r"in\s+a\s+(?:statement|tweet|post|speech|briefing|interview|video|televised\s+speech|press\s+release|letter)(?:\s+(?:on|with|to)\s+[^,]{1,40}?)?|"
    r"at\s+a\s+(?:press\s+conference|news\s+conference|briefing|press\s+briefing|regular\s+(?:media\s+|press\s+)?briefing|meeting|summit)|"
    r"during\s+a\s+(?:briefing|press\s+conference|news\s+conference|visit|call|interview|meeting)|"
    r"on\s+(?:x|twitter|telegram|facebook|social\s+media)(?:\s*\([^)]*\))?|"
    r"(?:flatly|strongly|firmly|categorically|repeatedly|quickly|swiftly|promptly|again|also|further|previously|initially|earlier|already|publicly|privately|vehemently|angrily|immediately|now|separately)"
)
_SKIP_AFTER_VERB = re.compile(r"(?:\s*,?\s*(?:" + _TIME_WORDS + r")(?![\w]),?)*\s*", re.IGNORECASE)
_THAT = re.compile(r"\s*that\b\s*", re.IGNORECASE)


_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|of|since|until|till|by|from|to|early|late|mid|last|next|this|during|before|after|through)\s+|-)$",
    re.IGNORECASE,
)


def _is_date_word(text: str, hit: AliasHit) -> bool:
    """"in May", "May 5", "since mid-May": the month, not Theresa May."""
    if hit.text not in ("May", "June", "August", "April"):
        return False
    if re.match(r"\s*\d", text[hit.end : hit.end + 4]):
        return True
    return bool(_MONTH_CONTEXT.search(text[max(0, hit.start - 20) : hit.start]))


class _Doc:
    """Everything extraction knows about one text."""

    def __init__(self, text: str, aliases: AliasTable) -> None:
        self.text = text
        self.aliases = aliases
        self.lex = lexicon()
        self.blocks = content_blocks(text)
        self.quotes: list[Quote] = []
        self.sentences: list[Sentence] = []
        for bi, block in enumerate(self.blocks):
            if block.furniture:
                continue
            qs = _find_quotes(text, block)
            _mark_speech(text, block, qs)
            self.quotes.extend(qs)
            for s in _sentences(text, block, self.lex):
                s.block = bi
                self.sentences.append(s)
        self.quotes.sort(key=lambda q: q.open)
        self.quote_closes = [q.close for q in self.quotes]
        self.tokens = word_tokens(text)
        self.hits = [h for h in aliases.find_all(text, tokens=self.tokens) if not _is_date_word(text, h)]
        self._hit_starts = [h.start for h in self.hits]
        self._token_starts = [t.start for t in self.tokens]
        self.masked = self._mask()
        self.view = self.masked
        """The text frames are read from: speech quotations masked, except while reading inside one."""
        self.people: dict[str, tuple[str, str | None]] = {}
        self.history: list[Speaker] = []
        """Speakers resolved so far, in text order (for "the spokesman", "he", "the ministry")."""
        self.role_people: list[tuple[str, str, str | None]] = []

    def _mask(self) -> str:
        chars = list(self.text)
        for q in self.quotes:
            if q.speech:
                for k in range(q.open, min(q.close + 1, len(chars))):
                    if chars[k] != "\n":
                        chars[k] = _MASK
        return "".join(chars)

    def hits_in(self, start: int, end: int) -> list[AliasHit]:
        """Alias hits lying inside text[start:end]."""
        i = bisect_left(self._hit_starts, start)
        out = []
        while i < len(self.hits) and self.hits[i].start < end:
            if self.hits[i].end <= end:
                out.append(self.hits[i])
            i += 1
        return out

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Word tokens lying inside text[start:end]."""
        i = bisect_left(self._token_starts, start)
        j = bisect_left(self._token_starts, end, lo=i)
        return [t for t in self.tokens[i:j] if t.end <= end]


# --------------------------------------------------------------------------------------------------------------
# Entry point


def extract_mentions(text: str, aliases: AliasTable | None = None) -> list[ExtractedMention]:
    """Claim mentions (assertions and denials) in an article's text, in text order.

    `aliases` is the alias table to resolve speakers with (the database's, via `store.alias_table`); the
    seed table is used when it is None. Offsets index `text`: `quote == text[char_start:char_end]`.
    """
    if not text or not text.strip():
        return []
    doc = _Doc(text, aliases or AliasTable.default())
    _collect_people(doc)
    frames = _find_frames(doc)
    candidates = _resolve(doc, frames)
    return _finish(doc, candidates)


# --------------------------------------------------------------------------------------------------------------
# People named in the article, with their role

_NAME_TOKEN = r"(?:[A-Z][a-zà-ÿ'’]+(?:-[A-Z]?[a-zà-ÿ]+)?|[A-Z]\.|al-[A-Z][a-z]+|bin|von|der|van|de|el-[A-Z][a-z]+)"
_NAME_RUN = re.compile(r"(?<![\w.])" + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){1,3}(?![\w])")
_TITLES = frozenset(
    "president prime minister foreign defence defense secretary state deputy spokesman spokeswoman spokesperson "
    "ambassador envoy rear adm admiral brig gen general col lt mr mrs ms dr sir lord dame king queen prince emir "
    "sheikh ayatollah chancellor senator sen rep gov governor mayor chief coordinator former retired detective "
    "sergeant army navy vice supreme leader commander colonel captain capt major maj the a an national security "
    "council white house un eu us uk strategic communications interior health justice finance economy trade "
    "director head officer representative permanent russian ukrainian british american chinese israeli iranian "
    "french german palestinian of for and mp lawmaker judge justice investigative journalist reporter editor "
    "correspondent analyst expert professor dr. monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december".split()
)


def _name_in(doc: _Doc, start: int, end: int) -> tuple[str, int, int] | None:
    """The last personal name written in text[start:end] ("Brig. Gen. Pat Ryder" -> "Pat Ryder")."""
    segment = doc.text[start:end]
    best = None
    for m in _NAME_RUN.finditer(segment):
        words = m.group(0).split()
        offs = m.start()
        if best is not None and re.search(r"\b(?:at|of|for|with|from|in)\s+(?:the\s+)?$", segment[: m.start()]):
            continue  # "Felix Aubert, a researcher at Corvid Labs": the person, not the employer
        run_hits = doc.hits_in(start + m.start(), start + m.end())
        if any(h.entry is None or h.entry.kind != "person" for h in run_hits) and not any(
            h.entry is not None and h.entry.kind == "person" for h in run_hits
        ):
            # "European Union", "Porton Down"-like runs that contain an actor or place are not a person's name
            if any(h.entry is None or h.entry.kind != "person" for h in run_hits if h.end - h.start >= 0.6 * (m.end() - m.start())):
                continue
        # drop leading titles / role words / actor aliases
        while words and (words[0].lower().rstrip(".") in _TITLES or _is_actor_word(doc, words[0])):
            offs += len(words[0])
            offs += len(segment[offs:]) - len(segment[offs:].lstrip())
            words = words[1:]
        while words and (words[-1].lower().rstrip(".") in _TITLES or _is_actor_word(doc, words[-1])):
            words = words[:-1]
        if len(words) < 2 and not (words and _known_person(doc, words[0])):
            continue
        if not words:
            continue
        name = " ".join(words)
        best = (name, start + offs, start + offs + len(name))
    if best is None:
        # single known surname ("Peskov said", "Mr Wang")
        for h in doc.hits_in(start, end):
            if h.entry is not None and h.entry.kind == "person":
                best = (h.text, h.start, h.end)
        for t in doc.tokens_in(start, end):
            if t.norm in doc.people and t.raw[:1].isupper():
                best = (t.raw, t.start, t.end)
    return best


def _is_actor_word(doc: _Doc, word: str) -> bool:
    entry = doc.aliases.lookup(word)
    return entry is not None and entry.kind != "person"


def _known_person(doc: _Doc, word: str) -> bool:
    entry = doc.aliases.lookup(word)
    return (entry is not None and entry.kind == "person") or word.lower() in doc.people


def _role_actor(doc: _Doc, start: int, end: int) -> tuple[str | None, bool]:
    """The actor a role phrase names, and whether the role is a private one (journalist, former admiral)."""
    toks = doc.tokens_in(start, end)
    private = any(t.norm in doc.lex.private_roles for t in toks)
    hits = [h for h in doc.hits_in(start, end) if h.entry is not None and h.entry.kind != "person"]
    entry = _pick(doc, hits, start, end)
    return (entry.canonical if entry else None), private


def _pick(doc: _Doc, hits: list[AliasHit], start: int, end: int) -> ActorEntry | None:
    if not hits:
        return None
    toks = doc.tokens_in(start, end)
    index = {t.start: k for k, t in enumerate(toks)}
    local = [AliasHit(h.start, h.end, h.entry, h.possessive, h.text, h.blocked, index.get(h.start, 0)) for h in hits]
    return pick_speaker_hit(local, toks)


_APPOSITION_AFTER = re.compile(r"^\s*,\s*(?:(?:a|an|the)\s+)?([^,;.:\"“”]{3,140}?)(?:,|\s+(?:said|says|told|added|who)\b|$)")



_ROLE_MODIFIERS = frozenset(
    "senior deputy vice chief top foreign national security defence defense investigative prime interior justice "
    "health military intelligence permanent acting former retired ex the a an its his her their of for to at in and "
    "first second press communications strategic coordinator general rear adm brig gen lt col maj capt mr mrs ms dr "
    "state secretary un eu nato navy army air force ministry department office council presidential political "
    "federal regional local chief's".split()
)


def _role_before(doc: _Doc, s_start: int, name_start: int) -> tuple[int, int] | None:
    """The role phrase written right before a name ("Kremlin spokesman", "US investigative journalist")."""
    toks = doc.tokens_in(max(s_start, name_start - 120), name_start)
    k = len(toks)
    has_role = False
    while k > 0:
        t = toks[k - 1]
        gap = doc.text[t.end : (toks[k].start if k < len(toks) else name_start)]
        if gap.strip(" ,") != "" or gap.count(",") > 1:
            break
        word = t.norm
        is_actor = any(h.start <= t.start < h.end and h.entry is not None for h in doc.hits_in(t.start, t.end + 40))
        if word in doc.lex.official_roles or word in doc.lex.private_roles:
            has_role = True
        elif not (is_actor or word in _ROLE_MODIFIERS or word in _TITLES):
            break
        k -= 1
    if not has_role or k == len(toks):
        return None
    return toks[k].start, toks[-1].end


def _collect_people(doc: _Doc) -> None:
    """Remember people named with a role: "Kremlin spokesman Dmitry Peskov", "Podolyak, an adviser to ..."."""
    for s in doc.sentences:
        seg = doc.text[s.start : s.end]
        words = _WORD.findall(seg)
        if words and sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words):
            continue  # a headline in title case: capitals say nothing about names
        for m in _NAME_RUN.finditer(seg):
            a, b = s.start + m.start(), s.start + m.end()
            found = _name_in(doc, a, b)
            if not found:
                continue
            name, na, nb = found
            roles = None
            role = _role_before(doc, s.start, na)
            if role is not None:
                actor, private = _role_actor(doc, *role)
                roles = doc.text[role[0] : role[1]]
            else:
                actor, private = None, False
            if actor is None and not private:
                ap = _APPOSITION_AFTER.match(doc.text[nb : s.end])
                if ap:
                    ra, rb = nb + ap.start(1), nb + ap.end(1)
                    first = [t.norm for t in doc.tokens_in(ra, rb)][:5]
                    if any(w in doc.lex.official_roles or w in doc.lex.private_roles for w in first):
                        actor, private = _role_actor(doc, ra, rb)
                        roles = doc.text[ra:rb]
            known = doc.aliases.lookup(name)
            if known is not None and known.kind == "person":
                actor, private = known.canonical, False
                roles = roles or ""
            if roles is None or (actor is None and not private):
                continue
            _register(doc, name, name if private else actor, roles)


def _register(doc: _Doc, name: str, claimant: str | None, roles: str) -> None:
    parts = name.split()
    doc.people.setdefault(name.lower(), (name, claimant))
    if len(parts) > 1:
        doc.people.setdefault(parts[-1].lower(), (name, claimant))
    doc.role_people.append((roles.lower(), name, claimant))


# --------------------------------------------------------------------------------------------------------------
# Finding frames


def _find_frames(doc: _Doc) -> list[Frame]:
    frames: list[Frame] = []
    _attribute_quotes(doc)
    for si, s in enumerate(doc.sentences):
        frames.extend(_quote_units(doc, si, s))
        frames.extend(_narrative_frames(doc, si, s.start, s.end))
    frames.sort(key=lambda f: (f.span[0], f.span[1]))
    return _merge_quote_pieces(doc, frames)


def _attribute_quotes(doc: _Doc) -> None:
    """Give every speech quotation the speaker named right after it, right before it, or on the next line.

    Quotations left without one (a paragraph that is only a quotation, "he said") are resolved at
    resolution time to the previous speaker.
    """
    starts = [b.start for b in doc.blocks]
    for q in doc.quotes:
        if not q.speech:
            continue
        index = bisect_left(starts, q.open + 1) - 1
        block = doc.blocks[index]
        speaker = _tail_speaker(doc, q, block) or _lead_speaker(doc, q, block)
        if speaker is None:
            speaker = _next_line_speaker(doc, index)
        q.speaker = speaker


def _verbs_alt() -> str:
    lex = lexicon()
    return _alt(sorted(lex.say | lex.deny | {"according to"}))


_ABBR_DOT = r"(?:\b(?:Brig|Gen|Adm|Rear|Lt|Col|Mr|Mrs|Ms|Dr|St|Sgt|Maj|Capt|Sen|Rep|Gov|Prof|Jr|Sr|[A-Z])\.)"


@lru_cache(maxsize=1)
def _tail_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = _verbs_alt()
    inverted = re.compile(r"^\s*[,.]?\s*(?P<verb>" + v + r")\s+(?P<subj>(?:" + _ABBR_DOT + r"|[^.!?;:\"“”#])" + r"{2,160}?)\s*(?:[.!?;:]|$|,\s*(?:" + v + r")|,\s*\w+ing\b)")
    normal = re.compile(r"^\s*[,.]?\s*(?P<subj>(?:" + _ABBR_DOT + r"|[^.!?;:\"“”#,])" + r"{1,90}?)\s+(?:(?i:" + _TIME_WORDS + r")\s+)?(?P<verb>" + v + r")\b")
    return inverted, normal


@lru_cache(maxsize=1)
def _lead_re() -> re.Pattern[str]:
    v = _verbs_alt()
    return re.compile(
        r"(?P<subj>[^.!?;\"“”#]{1,200}?)\s+(?:(?i:" + _TIME_WORDS + r")\s+)?(?P<verb>" + v + r")(?P<obj>\s+[^:\"“”#.]{0,80}?)?\s*[:,]?\s*$",
    )


_ACCORDING_LEAD = re.compile(r"according\s+to\s+(?P<subj>[^,\"“”]{2,120}?)\s*,\s*$", re.IGNORECASE)


def _tail_speaker(doc: _Doc, q: Quote, block: Block) -> Speaker | None:
    after = q.close + 1
    if after >= block.end:
        return None
    tail = doc.text[after : min(block.end, after + 260)]
    if not tail[:3].strip(" ,.") == "" and not tail[:1] in " ,.":
        return None
    inverted, normal = _tail_res()
    m = normal.match(tail)
    if m and len(_WORD.findall(m.group("subj"))) <= 12 and m.group("verb").lower() not in ("claims", "reports", "states", "claim", "report", "state"):
        a = after + m.start("subj")
        b = after + m.end("subj")
        return _speaker(doc, a, b)
    m = inverted.match(tail)
    if m:
        a = after + m.start("subj")
        b = after + m.end("subj")
        return _speaker(doc, a, b)
    return None


def _lead_speaker(doc: _Doc, q: Quote, block: Block) -> Speaker | None:
    head = doc.view[block.start : q.open]
    # the clause that introduces the quote: from the last sentence end before it
    cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind(_MASK))
    base = block.start + (cut + 1 if cut >= 0 else 0)
    lead = doc.view[base : q.open]
    if not lead.strip():
        return None
    m = _ACCORDING_LEAD.search(lead)
    if m:
        return _speaker(doc, base + m.start("subj"), base + m.end("subj"))
    m = _lead_re().search(lead)
    if not m:
        return None
    subj_start = base + m.start("subj")
    subj_end = base + m.end("subj")
    start = _clause_start(doc, subj_start, subj_end)
    return _speaker(doc, start, subj_end)


def _next_line_speaker(doc: _Doc, idx: int) -> Speaker | None:
    """A quotation followed by a line naming its speaker ("Jane Doe, Ruritania's envoy")."""
    if idx + 1 >= len(doc.blocks):
        return None
    nxt = doc.blocks[idx + 1]
    line = doc.text[nxt.start : nxt.end]
    if len(_WORD.findall(line)) > 10 or next(find_verbs(doc.lex, line), None) or line.rstrip().endswith((".", "!", "?")):
        return None
    if not _NAME_RUN.search(line):
        return None
    return _speaker(doc, nxt.start, nxt.end)


def _quote_units(doc: _Doc, si: int, s: Sentence) -> list[Frame]:
    """Sentences (or parts) inside speech quotations, as frames of their quotation's speaker."""
    out: list[Frame] = []
    first = bisect_left(doc.quote_closes, s.start)
    for qi in range(first, len(doc.quotes)):
        q = doc.quotes[qi]
        if q.open >= s.end:
            break
        if not q.speech:
            continue
        a, b = q.inner
        lo, hi = max(a, s.start), min(b, s.end)
        if hi - lo < 3:
            continue
        # trim quote marks, spaces and trailing commas
        while lo < hi and (doc.text[lo].isspace() or doc.text[lo] in "“\"‘'"):
            lo += 1
        while hi > lo and (doc.text[hi - 1].isspace() or doc.text[hi - 1] in ",”\"’'"):
            hi -= 1
        if hi - lo < 3:
            continue
        doc.view = doc.text
        try:
            nested = _narrative_frames(doc, si, lo, hi, inside=q)
        finally:
            doc.view = doc.masked
        nested = [f for f in nested if _third_party_subject(doc, f)]
        if nested:
            out.extend(nested)
            continue
        out.append(Frame("quote", "", lo, lo, None, (lo, hi), (lo, hi), sentence=si, quote_speaker=q.speaker, quote_index=qi))
    return out


def _third_party_subject(doc: _Doc, f: Frame) -> bool:
    """Inside a quotation, a frame counts only when someone else is reported ("Putin insisted that ...")."""
    if f.subject is None:
        return False
    if len(_WORD.findall(doc.text[f.subject[0] : f.subject[1]])) > 6 or f.verb in _NOT_SPEECH:
        return False
    sp = _speaker(doc, *f.subject)
    return sp is not None and not sp.pronoun and sp.claimant is not None and not _is_first_person(doc, f.subject)


_NOT_SPEECH = frozenset("indicates indicate indicated indicating shows show showed found finds concluded determined".split())


def _merge_quote_pieces(doc: _Doc, frames: list[Frame]) -> list[Frame]:
    """Join the sentences of one quotation that make one statement: fragments ("Not true. Not doing it.") and
    a denial followed by more denial or by the speaker's own account ("... We have destroyed all ...")."""
    out: list[Frame] = []
    for f in frames:
        prev = out[-1] if out else None
        if prev is not None and f.kind == "quote" and prev.kind == "quote" and f.quote_index == prev.quote_index:
            p_text = doc.text[prev.content[0] : prev.content[1]]
            f_text = doc.text[f.content[0] : f.content[1]]
            short = len(_WORD.findall(p_text)) <= 4 or len(_WORD.findall(f_text)) <= 4
            p_denial = _denial_kind(doc, *prev.content) is not None
            f_denial = _denial_kind(doc, *f.content) is not None
            first_person = re.match(r"\s*(?:we|i)\b", f_text, re.IGNORECASE) is not None
            f_actors = [h for h in doc.hits_in(*f.content) if h.entry is not None] or _AGENT_NOUNS.search(f_text)
            if (short and (p_denial or f_denial)) or (p_denial and ((f_denial and not f_actors) or first_person)):
                prev.content = (prev.content[0], f.content[1])
                prev.span = (prev.span[0], f.span[1])
                continue
        out.append(f)
    result: list[Frame] = []
    for f in out:
        result.extend(_split_contrast(doc, f) if f.kind == "quote" else [f])
    return result


_CONTRAST = re.compile(r",\s+(?:and\s+)?not\s+(?=(?:the\s+|a\s+|an\s+|by\s+)?[A-Za-z])")
_TRAILING_CONTRAST = re.compile(r",\s+(?:and\s+)?not\s+[^,.;!?]*")
_AND_CLAUSE = re.compile(r",?\s+and\s+(?=(?:we|i|they)\s)", re.IGNORECASE)


def _split_contrast(doc: _Doc, frame: Frame) -> list[Frame]:
    """`A did it, not B` -> an assertion (A did it) and a denial (not B)."""
    a, b = frame.content
    m = _CONTRAST.search(doc.text, a, b)
    if not m:
        # "It's a lie and we all know they did it": a denial, then a claim of the speaker's own
        am = _AND_CLAUSE.search(doc.text, a, b)
        if am and _denial_kind(doc, a, am.start()) == "cue" and _denial_kind(doc, am.end(), b) is None:
            first = Frame(**{**frame.__dict__, "content": (a, am.start()), "span": (frame.span[0], am.start())})
            second = Frame(**{**frame.__dict__, "content": (am.end(), b), "span": (am.end(), b)})
            return [first, second]
        return [frame]
    rest = (m.start() + 2, b)
    if not [h for h in doc.hits_in(*rest) if h.entry is not None] and not _AGENT_NOUNS.search(doc.text[rest[0] : rest[1]]):
        return [frame]
    first = Frame(**{**frame.__dict__, "content": (a, m.start()), "span": (frame.span[0], m.start())})
    second = Frame(**{**frame.__dict__, "kind": "contrast", "content": rest, "span": rest})
    return [first, second]


def _title_case(doc: _Doc, sent: Sentence) -> bool:
    words = _WORD.findall(doc.text[sent.start : sent.end])
    return bool(words) and sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words)


_STATE_NOUN_BEFORE = frozenset(
    "united member arab gulf baltic western island nation islamic other several many some two three european african "
    "asian federated sovereign neighbouring neighboring nato allied these those such all both".split()
)
_AMBIGUOUS_FORMS = frozenset(
    "claims claim reports report states state charges charge questions show shows notes posted warning calls call "
    "suggest tell say demands believe dispute disputes warn reject deny blame found confirm question finds "
    "estimated".split()
)
_NOUN_BEFORE = frozenset(
    "the a an its his her their our my your these those such false similar new latest earlier unfounded baseless "
    "any no of this media news by for with in on at from repeated previous initial conflicting competing "
    "rival mutual some other many several".split()
)


def _is_noun_use(doc: _Doc, vstart: int, verb: str) -> bool:
    """A verb form used as a noun: "Beijing's claims", "the report", "the United States", "was found"."""
    v = verb.lower()
    before = doc.text[max(0, vstart - 40) : vstart]
    prev = re.findall(r"[\w'’]+", before)
    pl = prev[-1].lower() if prev else ""
    if v in ("states", "state") and pl in _STATE_NOUN_BEFORE:
        return True
    if v == "state" and prev and prev[-1][:1].isupper() and prev[-1] not in ("They", "We", "I", "You"):
        return True  # "Russian state media", "the Russian state": a noun, not "officials state that"
    if v not in _AMBIGUOUS_FORMS:
        return False
    if pl in _NOUN_BEFORE:
        return True
    if (
        v in ("claims", "claim", "reports", "report", "charges", "charge")
        and len(prev) >= 2
        and prev[-2].lower() in ("the", "a", "an", "its", "their", "these", "those", "this", "that", "his", "her", "our")
        and prev[-1].islower()
        and prev[-1] not in doc.lex.official_roles
        and prev[-1] not in doc.lex.generic_speakers
        and not re.match(r"\s+(?:that|to)\b", doc.text[vstart + len(verb) : vstart + len(verb) + 6])
    ):
        return True  # "the factory claim rests on", "the missile reports": a compound noun
    if v in ("claims", "reports", "charges", "allegations", "accusations") and re.search(r"(?:less|ous|ful|ive|ed|ic|al|ent|ant|ish)$", pl) and prev[-1].islower():
        return True  # "recycling groundless claims", "fresh reports"
    if prev and before.rstrip().endswith(("'s", "’s", "s'", "s’")):
        return True
    return v in ("found", "estimated", "posted") and pl in ("was", "were", "been", "be", "is", "are")


def _clause_start(doc: _Doc, lo: int, verb_start: int) -> int:
    """Start of the clause whose subject ends at `verb_start` (after the last boundary; leading adverbials dropped)."""
    seg = doc.view[lo:verb_start]
    best = 0
    for m in _SUBJECT_BOUNDARY.finditer(seg):
        best = m.end()
    start = lo + best
    # drop leading conjunctions and adverbial phrases
    for _ in range(4):
        rest = doc.text[start:verb_start]
        m = _LEAD_ADVERBIAL.match(rest)
        if m and m.end() > 0:
            start += m.end()
            continue
        m = _ADVERBIAL_CLAUSE.match(rest)
        if m and m.end() < len(rest.rstrip()):
            start += m.end()
            continue
        break
    while start < verb_start and not doc.text[start].isalnum():
        start += 1
    return start


_SUBJECT_BOUNDARY = re.compile(
    r";\s+|:\s+|\s[–—]\s|\s--?\s|\s-\s|,\s+(?:and|but|while|whereas|although|though|as|because|after|before|since|when|so|yet|with)\s+|"
    r"\s(?:but|while|whereas|although|because|however|before|after|until|unless|once|since|when)\s+|\bthat\s+|\bwhether\s+|#+[,.]?\s*|\bif\s+",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _content_end_re() -> re.Pattern[str]:
    lex = lexicon()
    verbs = _alt(sorted(lex.say | lex.accuse | lex.deny))
    return re.compile(
        r",\s+(?:an?|the)\s+(?:accusation|charge|claim|allegation|assertion)s?\b|"
        r",?\s+which\s+(?![\w'’-]+\s+call(?:s|ed)?\b)(?=(?:the\s+|a\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+(?:has\s+|have\s+|had\s+)?(?:" + verbs + r")\b)|"
        r",\s+(?:and\s+|but\s+)?(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s+(?:has\s+|have\s+|flatly\s+)*(?:denies|denied|rejects|rejected|disputes|disputed)\s*[.!?\"”]*\s*$|"
        r",?\s+(?:and|but)\s+that\s+|,\s+(?:saying|adding|suggesting|alleging|arguing|insisting|claiming|describing|dismissing|"
        r"calling|accusing|blaming|denying|rejecting|noting|warning|stressing|pointing|citing|contradicting|according\s+to|while)\b|"
        r"\s+and\s+(?:has\s+|have\s+|had\s+|also\s+|later\s+)?(?:" + verbs + r")\b|;\s+|\s[–—]\s|\s--\s|" + _MASK + r"|,\s+as\s+did\b|\s+as\s+did\b|,\s+but\s+(?!that\b)|,[”\"’']?\s+and\s+(?=(?:the|a|an)\s+|[A-Z])|,[”\"’']?\s+(?:while|whereas|though|although|even\s+though)\b|\s-\s|"
        r",\s+(?:accusations|allegations|claims|charges)\s+(?=(?:that\s+)?[^,;.]{0,60}?\b(?:" + _alt(sorted(lex.deny)) + r")\b)",
        re.IGNORECASE,
    )


_AND_THAT = re.compile(r"(?:,\s*)?\b(?:and|but)\s+that\s+")
_RELATIVE_END = re.compile(r"(?:,\s*)?\b(?:who|which)\s*$", re.IGNORECASE)
# "which both governments deny": the parties the allegation names deny it together
_BOTH_SIDES = r"(?:both|the\s+two|all\s+three)\s+(?:governments|countries|sides|capitals|parties|states|companies|groups|firms)"
_BOTH_SIDES_RE = re.compile(r"^" + _BOTH_SIDES + r"$", re.IGNORECASE)
_COMPACT_TAIL = re.compile(r",\s+(?:and\s+|but\s+)?(?P<subj>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:has\s+|have\s+|flatly\s+)*$")
_COMPACT_LEAD = re.compile(
    r"\b(?:which|(?:a|an|the)\s+(?:charge|accusation|claim|allegation|assertion|version)|claims|accusations|allegations|charges)"
    r"\s+(?:that\s+)?(?P<subj>(?:the\s+|a\s+)?[A-Z][^,;.]{0,60}?|" + _BOTH_SIDES + r")\s+(?:has\s+|have\s+|had\s+|also\s+|flatly\s+|strongly\s+|repeatedly\s+|vehemently\s+)*$"
)
_CLAIM_NOUN_THAT = re.compile(r"\b(?P<owner>its|their|his|her|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*['’]s)\s+(?:(?:repeated|earlier|latest|unfounded|new)\s+)?(?P<noun>claims?|allegations?|accusations?|assertions?|suggestions?)\s+(?:that\s+)?", re.UNICODE)


def _narrative_frames(doc: _Doc, si: int, lo: int, hi: int, inside: Quote | None = None) -> list[Frame]:
    """Reporting frames in text[lo:hi] (speech quotations masked)."""
    lex = doc.lex
    masked = doc.view
    seg = masked[lo:hi]
    frames: list[Frame] = []
    taken: list[tuple[int, int]] = []

    low = seg.lower()
    # mutual accusations: "X and Y traded accusations"
    for m in (lex.mutual_re.finditer(seg) if ("each other" in low or "one another" in low or "accusations" in low or "blame" in low) else ()):
        vs, ve = lo + m.start(), lo + m.end()
        cs = _clause_start(doc, lo, vs)
        end = _content_end(doc, ve, hi)
        frames.append(Frame("mutual", m.group(0), vs, ve, (cs, vs), (cs, end), (cs, end), sentence=si))
        taken.append((vs, ve))

    floor = lo
    for m in find_verbs(lex, masked, lo, hi):
        vs, ve = m.start(), m.end()
        verb = m.group(0).lower()
        verb = re.sub(r"\s+", " ", verb)
        if any(a <= vs < b for a, b in taken):
            continue
        if _MASK in doc.text[vs:ve]:
            continue
        if verb not in ("according to", "quoted") and _is_noun_use(doc, vs, verb):
            continue
        frame = _frame_at(doc, si, lo, hi, vs, ve, verb, masked, inside, floor)
        if frame is not None:
            frames.append(frame)
            if frame.kind != "attribution" and not frame.postposed:
                floor = ve

    # "..., and that ...": a second complement of the frame before it
    for m in (_AND_THAT.finditer(seg) if " that " in low else ()):
        cs = lo + m.end()
        before = [f for f in frames if f.verb_end <= lo + m.start() and f.kind in ("say", "deny", "accuse")]
        if not before:
            continue
        parent = max(before, key=lambda f: f.verb_end)
        ce = _content_end(doc, cs, hi)
        if ce - cs < 8:
            continue
        frames.append(Frame(parent.kind if parent.kind != "accuse" else "say", parent.verb, lo + m.start(), cs,
                            parent.subject, (cs, ce), (cs, ce), inherited=True, sentence=si,
                            quote_speaker=parent.quote_speaker))

    # "its claim that ...", "Russia's allegation that ..." (an assertion by the owner)
    for m in (_CLAIM_NOUN_THAT.finditer(seg) if any(w in low for w in ("claim", "allegation", "accusation", "assertion", "suggestion")) else ()):
        if "that" not in m.group(0).lower().split()[-1:] and not m.group(0).rstrip().lower().endswith("that"):
            continue
        cs = lo + m.end()
        ce = _content_end(doc, cs, hi)
        if ce - cs < 8:
            continue
        os_, oe = lo + m.start("owner"), lo + m.end("owner")
        frames.append(Frame("noun", m.group("noun"), os_, oe, (os_, oe), (cs, ce), (os_, ce), sentence=si))

    # echo: "Spokespeople for X said the same", "as did the United States"
    for m in (lex.echo_re.finditer(seg) if any(w in low for w in ("same", "as did", "echo", "agreed", "concurred")) else ()):
        vs, ve = lo + m.start(), lo + m.end()
        phrase = m.group(0).lower()
        if phrase == "as did":
            se = _np_end(doc, ve, hi)
            frames.append(Frame("echo", phrase, vs, ve, (ve, se), (vs, se), (vs, se), sentence=si))
        else:
            cs = _clause_start(doc, lo, vs)
            if cs >= vs:
                continue
            frames.append(Frame("echo", phrase, vs, ve, (cs, vs), (vs, ve), (cs, ve), sentence=si))
    frames = _dedupe_frames(frames)
    frames.sort(key=lambda f: f.verb_start)
    frames = _attach_participles(doc, frames)
    _cut_at_next_subject(doc, frames)
    frames = _split_counts(doc, frames)
    # coordinated / participial frames take the subject of the frame before them
    previous: Frame | None = None
    for f in frames:
        if f.inherited and previous is not None and previous.subject is not None:
            f.subject = previous.subject
            f.quote_speaker = f.quote_speaker or previous.quote_speaker
        elif f.inherited and previous is None and f.subject is None and inside is None:
            # "Velmora summoned the ambassador, accusing Ostrenia of ...": the sentence's subject does it
            f.subject = _sentence_subject(doc, lo, f.verb_start)
            if f.subject is not None:
                f.span = (f.subject[0], f.span[1])
        if f.subject is not None or f.quote_speaker is not None:
            previous = f
    if inside is not None:
        for f in frames:
            if f.quote_speaker is None:
                f.quote_speaker = inside.speaker
    return [f for f in frames if f.kind != "attribution"]


def _sentence_subject(doc: _Doc, lo: int, verb_start: int) -> tuple[int, int] | None:
    """The actor a clause opens with ("Velmora summoned ..."), when it names one."""
    cs = _clause_start(doc, lo, verb_start)
    for h in doc.hits_in(cs, verb_start)[:1]:
        if h.entry is not None and len(_WORD.findall(doc.text[cs : h.start])) <= 1:
            return cs, h.end
    return None


_JOINABLE_PARTICIPLES = frozenset("saying describing dismissing calling adding insisting arguing noting stressing".split())


def _attach_participles(doc: _Doc, frames: list[Frame]) -> list[Frame]:
    """", saying it had struck the facility" names no actor of its own: it completes the frame before it."""
    out: list[Frame] = []
    for f in frames:
        prev = out[-1] if out else None
        generic_object = len(_WORD.findall(doc.text[f.content[0] : f.content[1]])) <= 4 and bool(doc.lex.claim_noun_re.search(doc.text[f.content[0] : f.content[1]]))
        if (
            prev is not None
            and f.inherited
            and (f.verb in _JOINABLE_PARTICIPLES or generic_object)
            and prev.kind in ("say", "deny", "accuse", "echo")
            and (not prev.postposed or generic_object)
            and (prev.kind == "echo" or generic_object or not [h for h in doc.hits_in(*f.content) if h.entry is not None])
        ):
            own = doc.text[prev.content[0] : prev.content[1]]
            if not prev.joined and len(_WORD.findall(own)) >= 5 and _FINITE.search(own) and not (
                doc.lex.claim_noun_re.search(own) and not _CLAIM_THAT.search(own)
            ):
                prev.claim_end = prev.content[1]  # "denied reports that X, saying ...": the claim is X
            prev.joined = True
            prev.content = (prev.content[0], max(prev.content[1], f.content[1]))
            prev.span = (prev.span[0], max(prev.span[1], f.content[1]))
            continue
        out.append(f)
    return out


_FINITE = re.compile(r"\b(?:was|were|is|are|had|has|have|did|does|do|would|could|will|can)\b", re.IGNORECASE)


_AND_OF = re.compile(r",?\s+and\s+(?=of\s)")


def _split_counts(doc: _Doc, frames: list[Frame]) -> list[Frame]:
    """"X accuses Y of A and of B": two accusations, the second spanning "of B"."""
    out: list[Frame] = []
    for f in frames:
        m = _AND_OF.search(doc.text, f.content[0], f.content[1]) if f.kind == "accuse" else None
        if m is None:
            out.append(f)
            continue
        out.append(Frame(**{**f.__dict__, "content": (f.content[0], m.start()), "span": (f.span[0], m.start())}))
        out.append(Frame(**{**f.__dict__, "content": (m.end(), f.content[1]), "span": (m.end(), f.span[1]), "inherited": True}))
    return out


def _cut_at_next_subject(doc: _Doc, frames: list[Frame]) -> None:
    """"Arab countries blame Israel, IDF says ...": a frame's content stops where the next speaker begins."""
    for k, f in enumerate(frames):
        for g in frames[k + 1 :]:
            if g.inherited or g.subject is None or g.postposed or g.kind in ("attribution", "noun"):
                continue
            a = g.subject[0]
            if f.content[0] < a < f.content[1]:
                hits = [h for h in doc.hits_in(*g.subject) if h.entry is not None]
                if hits:
                    end = a
                    while end > f.content[0] and (doc.text[end - 1].isspace() or doc.text[end - 1] in ",;:"):
                        end -= 1
                    f.content = (f.content[0], end)
                    f.span = (f.span[0], min(f.span[1], end) if f.span[1] > end else f.span[1])
                    break


def _dedupe_frames(frames: list[Frame]) -> list[Frame]:
    out: list[Frame] = []
    for f in sorted(frames, key=lambda f: (f.verb_start, -(f.verb_end - f.verb_start))):
        if any(g.verb_start <= f.verb_start < g.verb_end for g in out):
            continue
        out.append(f)
    return out


def _np_end(doc: _Doc, start: int, hi: int) -> int:
    m = re.compile(r"[,;.:]|\s+(?:and|but|saying|which)\b").search(doc.text, start, hi)
    return m.start() if m else hi


_AS_QUOTE = re.compile(r"\s+as\s+(?=[“\"‘'])")


def _content_end(doc: _Doc, start: int, hi: int, allow_as: bool = False) -> int:
    m = _content_end_re().search(doc.view, start, hi)
    end = m.start() if m else hi
    if not allow_as:
        # "dismissed a post alleging X as “false”": the characterisation belongs to the outer verb
        a = _AS_QUOTE.search(doc.view, start, end)
        if a:
            end = a.start()
    while end > start and (doc.text[end - 1].isspace() or doc.text[end - 1] in ",;:"):
        end -= 1
    return end


_POSTPOSED_REST = re.compile(r"^(?P<rest>[^,.;:!?]*)(?P<stop>[,.;:!?]|$)")


_BY_SUBJECT = re.compile(
    r"(?:\bthat|\bsaid|\bsays|\bclaimed)\s+((?:[\w'’.-]+\s+){0,5}?[\w'’.-]+)\s+(?:was|is|were|are|had|has|have)\b"
)
_DESCRIBE_VERBS = frozenset(
    "described describes describing called calls calling labelled labeled branded termed condemned condemns "
    "condemning dismissed dismisses dismissing".split()
)
_NEGATED_REPORT = re.compile(
    r"(?:\b(?:stopped\s+short\s+of|refrained\s+from|declined\s+to|refused\s+to|did\s+not|didn['’]t|do\s+not|does\s+not|"
    r"have\s+not|has\s+not|had\s+not|haven['’]t|hasn['’]t|never|not|without|no\s+one|nobody|neither|cannot|could\s+not|would\s+not|"
    r"wouldn['’]t|couldn['’]t|won['’]t|will\s+not|unable\s+to|failed\s+to)\s+(?:\w+ly\s+|yet\s+|even\s+|publicly\s+|specifically\s+)?)$",
    re.IGNORECASE,
)
_ADJECTIVAL = frozenset("reported alleged suspected claimed purported stated declared confirmed announced accused blamed rejected denied disputed contested".split())
_AUX_TAIL = re.compile(r"(?:\s+(?:has|have|had|is|was|were|are|also|further|previously|earlier|later|then|both|all|again|already|flatly|strongly|firmly|categorically|repeatedly|quickly|swiftly|promptly|initially|publicly|now|still|would|will|did|does|do|itself|himself|herself|themselves|\w+ly))+\s*$", re.IGNORECASE)
_MODAL_SUBJECT = re.compile(r"\s+(?:want|wants|wanted|would\s+like|can|could|must|should|have\s+to|has\s+to)\s+to?\s*$", re.IGNORECASE)


def _frame_at(doc: _Doc, si: int, lo: int, hi: int, vs: int, ve: int, verb: str, masked: str, inside: Quote | None,
              floor: int | None = None) -> Frame | None:
    lex = doc.lex
    left = masked[lo:vs]
    # patterns anchored at the verb only need the last words before it
    near = left[-160:]
    nb = vs - len(near)
    kind = "deny" if verb in lex.deny else "accuse" if verb in lex.accuse else "say"
    if verb == "according to":
        return _according(doc, si, lo, hi, vs, ve)
    # "the Andrew Marr Show": a capitalised word inside a sentence is part of a name, not a verb
    sent = doc.sentences[si]
    if doc.text[vs].isupper() and vs > sent.start and not _title_case(doc, sent) and doc.text[sent.start:vs].strip(" \"“‘'(•-–—"):
        return None
    if verb == "quoted":
        qm = re.match(r"\s+(.{2,100}?)\s+as\s+saying\b", doc.text[ve:hi])
        if qm:
            return Frame("attribution", verb, vs, ve, (ve + qm.start(1), ve + qm.end(1)), (ve, ve), (vs, ve), sentence=si)
        cs = _clause_start(doc, max(lo, floor or lo), vs)
        return Frame("attribution", verb, vs, ve, (cs, vs) if cs < vs else None, (ve, ve), (vs, ve), sentence=si)
    # "denies reported link", "the alleged attack": a participle used as an adjective
    prev_words = re.findall(r"[\w'’]+", left[-40:])
    prev = prev_words[-1].lower() if prev_words else ""
    # ("The United States accused ...": a capitalised word before it is a name, not a verb)
    prev_is_verb = prev in lex.say | lex.deny | lex.accuse and not prev_words[-1][:1].isupper()
    if verb in _ADJECTIVAL and (prev in ("the", "a", "an", "its", "his", "her", "their", "this", "that", "these", "those", "any") or prev_is_verb):
        return None
    # "a message posted on a forum", "a video shared online": a participle describing the noun before it
    if verb.endswith("ed") and len(prev_words) >= 2 and prev_words[-2].lower() in ("a", "an", "the", "this", "that", "one") \
            and prev_words[-1].islower() and prev not in lex.official_roles and prev not in lex.generic_speakers \
            and prev not in lex.private_roles and re.match(r"\s+(?:on|in|by|at|online|across|via|to)\b", doc.text[ve:hi]):
        return None
    # a report of what someone did NOT say or do ("stopped short of accusing", "did not describe")
    if _NEGATED_REPORT.search(near):
        return None
    # "typical of Russia to blame", "Moscow would deny": infinitives and modals report nothing
    if re.search(r"\b(?:to|would|could|should|might|may|must|will|can|shall)\s+(?:\w+ly\s+)?$", near):
        return None
    # "called on", "called for": requests, not claims
    if verb.startswith("call") and re.match(r"\s+(?:on|for|upon)\b", doc.text[ve:hi], re.IGNORECASE):
        return None
    # naming, not reporting: "a group calling itself Nightfall", "which it calls Geran-2", "what they call X"
    if verb.startswith("call") and (
        re.match(r"\s+(?:itself|themselves|himself|herself)\b", doc.text[ve:hi], re.IGNORECASE)
        or re.search(r"\b(?:which|that|what|whom)\s+(?:it|they|he|she|we|[A-Z][\w'’-]*)\s*$", near)
    ):
        return None
    # compact denial: ", which Tehran denies"
    cm = _COMPACT_LEAD.search(near) if kind == "deny" else None
    if kind == "deny" and cm is None and not doc.text[ve:hi].strip(" .!?\"”'’"):
        cm = _COMPACT_TAIL.search(near)
    if cm:
        sa, sb = nb + cm.start("subj"), nb + cm.end("subj")
        return Frame("compact", verb, vs, ve, (sa, sb), (vs, ve), (nb + cm.start(), ve), sentence=si)

    stripped = near.rstrip()
    if stripped.endswith(_MASK) or stripped.endswith(_MASK + ","):
        # '"...," said the ministry': the attribution of the quotation before it
        return Frame("attribution", verb, vs, ve, (ve, _np_end(doc, ve, hi)), (ve, ve), (vs, ve), sentence=si)
    aside = _parenthetical(doc, si, lo, hi, vs, ve, kind, verb, floor)
    if aside is not None:
        return aside
    inherited = False
    subject: tuple[int, int] | None = None
    # "X said Johnson was acting improperly by saying ...": the one doing the saying is the clause's subject
    if verb.endswith("ing") and re.search(r"\bby\s+(?:\w+ly\s+)?$", near):
        bm = None
        for bm in _BY_SUBJECT.finditer(near):
            pass
        if bm is not None:
            subj = (nb + bm.start(1), nb + bm.end(1))
            ce = _content_end(doc, ve, hi)
            return Frame(kind, verb, vs, ve, subj, (ve, ce), (vs, ce), sentence=si)
    # passive: "Putin's statement was condemned by Blinken as ...", "... was denied by the ministry"
    if re.search(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$", near, re.IGNORECASE) and verb.endswith("ed"):
        bm = re.match(r"\s+by\s+(?P<agent>[^,;:.\"“”#]{2,120}?)(?=\s+as\b|\s+for\b|\s*[,;:.]|\s*$)", doc.text[ve:hi])
        if bm:
            agent = (ve + bm.start("agent"), ve + bm.end("agent"))
            cs = _clause_start(doc, max(lo, floor or lo), vs)
            ce = _content_end(doc, ve + bm.end(), hi)
            return Frame(kind, verb, vs, ve, agent, (cs, max(ce, agent[1])), (cs, max(ce, agent[1])), sentence=si,
                         object_span=(cs, vs))
    # "shot down what it says was a spy balloon": the pronoun is the clause's subject
    wm = re.search(r"\bwhat\s+(it|they|he|she)\s*$", near, re.IGNORECASE)
    if wm and kind == "say":
        ps, pe = nb + wm.start(1), nb + wm.end(1)
        cs = _clause_start(doc, max(lo, floor or lo), nb + wm.start())
        ce = _content_end(doc, ve, hi)
        return Frame("say", verb, vs, ve, (ps, pe), (ve, ce), (cs, ce), sentence=si)
    # a participle after a comma, or a verb coordinated with "and": the subject is the previous frame's
    if verb.endswith("ing") and (stripped.endswith(",") or not stripped or re.search(r"\b(?:and|but|while|before|after|by|when|also|then)$", stripped, re.IGNORECASE)):
        inherited = True
    elif re.search(r"(?:,\s*|\s)(?:and|but|then|or)\s*(?:(?:has|have|had|also|later|then|\w+ly)\s+)*$", stripped + " ", re.IGNORECASE) and not re.search(r"#\s*,?\s*(?:and|but)\s*$", stripped):
        inherited = True
    if not inherited:
        rel = _RELATIVE_END.search(near)
        if rel:
            np_end = nb + rel.start()
            np_start = _np_start(doc, lo, np_end)
            subject = (np_start, np_end) if np_end > np_start else None
        else:
            cs = _clause_start(doc, max(lo, floor or lo), vs)
            if floor is not None and floor > lo:
                cut = max(doc.view.rfind(", ", cs, vs), doc.view.rfind(" and ", cs, vs))
                if cut > cs:
                    cs = cut + (2 if doc.view[cut] == "," else 5)
            subj = doc.text[cs:vs]
            subj = _AUX_TAIL.sub("", subj)
            subj = _MODAL_SUBJECT.sub("", subj)
            if subj.strip():
                subject = (cs, cs + len(subj.rstrip()))
            if subject is not None and verb.endswith("ing") and not inherited:
                # "a blog post by a journalist alleging ...": the noun phrase before the participle
                subject = (_np_start(doc, lo, vs), subject[1])
        # post-posed: "CONTENT, the White House said on Monday" / "Anglo Saxons Sabotaged Nord Stream Says Putin"
        post = _postposed(doc, lo, hi, vs, ve, subject if not rel else None, left)
        if post is not None:
            content, subj_span = post
            if content[1] - content[0] < 12 or _MASK in doc.view[content[0] : content[1]]:
                return Frame("attribution", verb, vs, ve, subj_span, content, content, sentence=si)
            span_end = max(content[1], subj_span[1] if subj_span else 0, ve)
            return Frame(kind, verb, vs, ve, subj_span, content, (content[0], span_end), postposed=True, sentence=si)
    # pre-posed: the complement after the verb
    cs = _after_tell_object(doc, ve, hi) if verb.startswith(("told", "tell")) else ve
    sm = _SKIP_AFTER_VERB.match(doc.text, cs, hi)
    if sm:
        cs = sm.end()
    accused_span = None
    object_span = None
    if kind == "accuse":
        accused_span = (cs, _accused_end(doc, cs, hi, verb))
    if kind == "deny":
        # "dismissed as baseless US accusations that ...": the characterisation comes before the object
        am = re.match(r"\s*as\s+((?:(?:\w+ly|and|or|both)\s+)*[\w-]+)\s+(?=\S)", doc.text[cs:hi])
        if am and lex.denial_cue_re.search(am.group(1)) and not re.match(r"\s*[,.;]", doc.text[cs + am.end() : hi]):
            cs += am.end()
    tm = _THAT.match(doc.text, cs, hi)
    if tm and not re.match(r"\s*that\s*[,.;:!?]", doc.text[cs:hi]):  # "disputed that, pointing to ...": a pronoun
        cs = tm.end()
    else:
        # "claimed at an emergency session of the council that ..."
        pm = re.match(r"\s*(?:at|in|on|during|before|to|after|with)\s+[^,;:.\"“”#]{3,80}?\s+that\s+", doc.text[cs:hi], re.IGNORECASE)
        if pm and not next(find_verbs(lex, doc.text[cs : cs + pm.end() - 5]), None):
            cs += pm.end()
    describes = verb in _DESCRIBE_VERBS
    if describes:
        object_span = (cs, _content_end(doc, cs, hi, allow_as=True))
    ce = _content_end(doc, cs, hi, allow_as=describes or kind == "deny")
    if not inherited and re.search(r",\s*(?:who|which)\s*$", near):
        # "Fenner, who blamed Ostrenia on the day of the attack, said ...": the relative clause ends at its comma
        comma = doc.view.find(",", cs, ce)
        if comma > cs:
            ce = comma
    if ce <= cs or (_MASK in doc.view[cs:ce] and not doc.view[cs:ce].strip(_MASK + " ,.:")):
        # nothing said here: the attribution of a quotation
        return Frame("attribution", verb, vs, ve, subject, (cs, cs), (vs, ve), inherited=inherited, sentence=si)
    span_start = subject[0] if subject and not inherited else vs
    return Frame(kind, verb, vs, ve, subject, (cs, ce), (span_start, ce), inherited=inherited, sentence=si,
                 accused_span=accused_span, object_span=object_span)


_ASIDE_BEFORE = re.compile(r",\s*(?P<subj>[^,;:\"“”#]{1,60}?)\s*$")
_ASIDE_AFTER = re.compile(
    r"\s*,\s*(?=(?:was|were|is|are|had|has|have|would|will|could|did|does|do|the|a|an|it|they|he|she|this|these|"
    r"those|there|its|their|his|her|[A-Z][\w'’-]*)\s)",
)
_ADVERBIAL_ONLY = re.compile(
    r"^\W*(?:in\s+the\s+meantime|meanwhile|however|instead|in\s+fact|indeed|still|now|so\s+far|for\s+now|"
    r"at\s+the\s+same\s+time|in\s+addition|moreover|above\s+all|in\s+any\s+case|(?:and|but)(?:\s+\w+ly)?)\W*$",
    re.IGNORECASE,
)


def _parenthetical(doc: _Doc, si: int, lo: int, hi: int, vs: int, ve: int, kind: str, verb: str,
                   floor: int | None) -> Frame | None:
    """"In the meantime, he said, Iran was ...", "The strikes, officials said, were ...": an attribution set
    between commas inside the statement it attributes."""
    if verb.endswith("ing") or kind != "say":
        return None
    k = ve
    sm = _SKIP_AFTER_VERB.match(doc.text, k, hi)
    if sm and "," not in doc.text[sm.start() : sm.end()]:
        k = sm.end()
    am = _ASIDE_AFTER.match(doc.view, k, hi)
    if am is None:
        return None
    bm = _ASIDE_BEFORE.search(doc.view, max(lo, floor or lo), vs)
    if bm is None:
        return None
    subj = (bm.start("subj"), bm.end("subj"))
    subj_text = doc.text[subj[0] : subj[1]]
    subj_verbs = [m for m in find_verbs(doc.lex, doc.view, *subj) if not _is_noun_use(doc, m.start(), m.group(0))]
    if len(_WORD.findall(subj_text)) > 6 or subj_verbs or re.search(
        r"\b(?:is|was|are|were|has|have|had|will|would|that|which|who)\b", subj_text, re.IGNORECASE
    ):
        return None
    before_start = _content_start_before(doc, max(lo, floor or lo), bm.start())
    before = doc.text[before_start : bm.start()]
    if not before.strip() or _MASK in doc.view[before_start : bm.start()]:
        return None
    cs = am.end()
    ce = _content_end(doc, cs, hi)
    if ce - cs < 8:
        return None
    if _ADVERBIAL_ONLY.match(before):
        return Frame(kind, verb, vs, ve, subj, (cs, ce), (before_start, ce), sentence=si)
    return Frame(kind, verb, vs, ve, subj, (before_start, ce), (before_start, ce), sentence=si,
                 aside=(bm.start(), cs))


_AUDIENCE = re.compile(
    r"\s*(?:the\s+)?(?:reporters|journalists|media|lawmakers|legislators|mps|parliament|congress|the\s+press|press|"
    r"an?\s+(?:\w+\s+)?(?:press\s+|news\s+)?(?:briefing|conference|meeting|session|interview|audience|gathering)|"
    r"state\s+(?:media|television|tv)|him|her|them|us|me)(?![\w-])",
    re.IGNORECASE,
)


_AUDIENCE_WORD = re.compile(
    r"\s+([A-Z][\w'’-]*|parliament|lawmakers|legislators|mps|reporters|journalists|media|officials|counterparts|"
    r"allies|delegates|diplomats|viewers|listeners|audience|committee)(?![\w-])"
)


def _after_tell_object(doc: _Doc, ve: int, hi: int) -> int:
    """Skip the addressee of "told": "told reporters", "told Reuters", "told the Andrew Marr Show"."""
    m = _AUDIENCE.match(doc.text, ve, hi)
    if m:
        return m.end()
    k = ve
    while k < hi and doc.text[k].isspace():
        k += 1
    if doc.text.startswith(("the ", "The "), k):
        k += 4
    for h in doc.hits_in(k, min(hi, k + 60)):
        if h.start == k:
            end = h.end
            # "the UK Parliament", "the Andrew Marr Show": following capitalised words and audiences belong to it,
            # up to the next actor ("told the BBC Russia had ...")
            starts = {x.start for x in doc.hits_in(end, min(hi, end + 80))}
            for m in _AUDIENCE_WORD.finditer(doc.text, end, hi):
                if m.start() != end or m.start(1) in starts:
                    break
                end = m.end()
            return end
        break
    m = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4}").match(doc.text, k, hi)
    if m:
        end = m.end()
        for h in doc.hits_in(k, m.end()):
            if h.entry is not None and h.start > k:
                end = h.start
                break
        return end
    return ve


def _np_start(doc: _Doc, lo: int, end: int) -> int:
    seg = doc.view[lo:end]
    cut = max(seg.rfind(", "), seg.rfind("; "), seg.rfind(": "))
    # a verb before the NP ends it too
    best = lo + cut + 2 if cut >= 0 else lo
    for m in find_verbs(doc.lex, seg):
        if lo + m.end() > best:
            best = lo + m.end()
    while best < end and doc.text[best].isspace():
        best += 1
    return best


def _accused_end(doc: _Doc, start: int, hi: int, verb: str) -> int:
    m = re.compile(r"\s+(?:of|for|over|in|with|on|at|during|since|before)\b|,|$|\s+(?:saying|after)\b").search(doc.text, start, hi)
    return m.start() if m else hi


def _postposed(doc: _Doc, lo: int, hi: int, vs: int, ve: int, subject: tuple[int, int] | None, left: str) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """`CONTENT, SUBJECT said ...` or `CONTENT Says SUBJECT` (headline) -> (content span, subject span)."""
    after = doc.text[ve:hi]
    rest = _POSTPOSED_REST.match(after)
    rest_words = _WORD.findall(rest.group("rest")) if rest else []
    lstrip = left.rstrip()
    # after a quotation ("..., said Jane Doe.") it is the quotation's attribution
    if lstrip.endswith(_MASK) or lstrip.endswith(_MASK + ","):
        return None
    # headline: "Anglo Saxons Sabotaged Nord Stream Says Putin"
    if rest is not None and rest.group("stop") in ("", ".") and 1 <= len(rest_words) <= 4 and lstrip and not lstrip.endswith(",") and doc.text[vs].isupper() and all(w[:1].isupper() for w in rest_words):
        sa = ve + len(after) - len(after.lstrip())
        return (lo, lo + len(lstrip)), (sa, ve + len(rest.group("rest").rstrip()))
    # "CONTENT, the White House said Monday[, dismissing ...]."
    if subject is None:
        return None
    comma = left.rfind(",")
    if comma < 0:
        return None
    subj_text = _AUX_TAIL.sub("", left[comma + 1 :])
    n_subj = len(_WORD.findall(subj_text))
    if n_subj > 10 or n_subj == 0:
        return None
    subj_verbs = [m for m in find_verbs(doc.lex, doc.view, lo + comma + 1, vs) if not _is_noun_use(doc, m.start(), m.group(0))]
    if subj_verbs or re.search(r"\b(?:is|was|are|were|has|have|had|will|would|that|which|who)\b", subj_text, re.IGNORECASE):
        return None
    if rest is None or rest.group("stop") in (":",):
        return None
    # nothing but time, place of speech or an addressee may follow the verb
    k = _after_tell_object(doc, ve, hi) if doc.text[vs:ve].lower().startswith(("told", "tell")) else ve
    sm = _SKIP_AFTER_VERB.match(doc.text, k, hi)
    if sm:
        if "," in doc.text[sm.start() : sm.end()]:
            k = hi
        else:
            k = sm.end()
    if doc.text[k:hi].strip() and doc.text[k] not in ",.;!?":
        return None
    content_end = lo + comma
    cstart = _content_start_before(doc, lo, content_end)
    if content_end - cstart < 12:
        return None
    sa = lo + comma + 1
    while sa < vs and doc.text[sa].isspace():
        sa += 1
    return (cstart, content_end), (sa, lo + len(left.rstrip()))


def _content_start_before(doc: _Doc, lo: int, end: int) -> int:
    seg = doc.view[lo:end]
    cut = -1
    for m in re.finditer(r";\s+|\s--?\s|\s[–—]\s", seg):
        cut = m.end()
    start = lo + (cut if cut >= 0 else 0)
    while start < end and (doc.text[start].isspace() or doc.text[start] in "\"“‘'•-–—*"):
        start += 1
    return start


def _according(doc: _Doc, si: int, lo: int, hi: int, vs: int, ve: int) -> Frame | None:
    left = doc.view[lo:vs].rstrip()
    after = doc.text[ve:hi]
    # "According to X, CONTENT"
    m = re.match(r"\s*(?P<subj>[^,]{2,120}?)\s*,\s*", after)
    if not left or left.endswith((":", ";")):
        if m:
            sa, sb = ve + m.start("subj"), ve + m.end("subj")
            cs = ve + m.end()
            ce = _content_end(doc, cs, hi)
            if ce - cs < 8 or _MASK in doc.view[cs:ce]:
                return Frame("attribution", "according to", vs, ve, (sa, sb), (cs, cs), (vs, ve), sentence=si)
            return Frame("say", "according to", vs, ve, (sa, sb), (cs, ce), (vs, ce), sentence=si)
        return None
    # "CONTENT, according to X."
    end = re.match(r"\s*(?P<subj>[^.;,]{2,120})", after)
    if not end or not left.endswith(","):
        return None
    sa, sb = ve + end.start("subj"), ve + end.end("subj")
    ce = lo + len(left.rstrip(","))
    cs = _content_start_before(doc, lo, ce)
    if ce - cs < 8:
        return None
    return Frame("say", "according to", vs, ve, (sa, sb), (cs, ce), (cs, ce), postposed=True, sentence=si)


# --------------------------------------------------------------------------------------------------------------
# Speakers


_PRONOUN = re.compile(r"^(?:he|she|it|they|we|i|him|her|them|its|their|his)$", re.IGNORECASE)


def _speaker(doc: _Doc, start: int, end: int) -> Speaker | None:
    """Describe the speaker phrase text[start:end]."""
    start, end = max(0, start), min(end, len(doc.text))
    while start < end and not doc.text[start].isalnum():
        start += 1
    while end > start and not doc.text[end - 1].isalnum() and doc.text[end - 1] not in ")":
        end -= 1
    phrase = doc.text[start:end].strip()
    if not phrase:
        return None
    m = re.search(r"\bquoted\s+(.+?)\s+as$", phrase)
    if m:
        start = start + m.start(1)
        end = start + len(m.group(1))
        phrase = m.group(1)
    words = _WORD.findall(phrase)
    lowered = [w.lower() for w in words]
    if len(words) == 1 and _PRONOUN.match(words[0]):
        return Speaker(phrase, None, None, start, end, pronoun=True)
    # media only ("reports the Guardian", "AP reported") are not speakers of a claim
    hits = doc.hits_in(start, end)
    if lowered[0] in ("its", "their") and len(words) <= 8 and not _NAME_RUN.match(phrase[len(words[0]) :].strip()):
        # "Its mission to the United Nations": the owner is the actor spoken of before, not the UN
        toks = doc.tokens_in(start, end)
        index = {t.start: k for k, t in enumerate(toks)}
        if all(_after_locative_at(toks, index.get(h.start, 0)) for h in hits if h.entry is not None):
            return Speaker(phrase, None, None, start, end, pronoun=True)
    actor_hits = [h for h in hits if h.entry is not None]
    if (hits and not actor_hits and all(h.blocked == "media" for h in hits) and not _NAME_RUN.search(phrase)) or (
        not actor_hits and re.search(r"\b(?:news\s+agency|newspaper|broadcaster|tabloid|daily|channel)\b", phrase, re.IGNORECASE)
    ):
        return Speaker(phrase, None, None, start, end, generic=False)
    # "speaking on behalf of X" / "representing X" in the sentence
    name_info = _name_in(doc, start, end)
    name = name_info[0] if name_info else None
    claimant = None
    private = any(w in doc.lex.private_roles for w in lowered)
    if name:
        key = name.lower()
        known = doc.aliases.lookup(name)
        if key in doc.people:
            claimant = doc.people[key][1]
        elif known is not None:
            claimant = known.canonical
        elif name.split()[-1].lower() in doc.people:
            claimant = doc.people[name.split()[-1].lower()][1]
        if private and claimant is None:
            claimant = name
        if private and known is None:
            claimant = name
    if claimant is None and private:
        # "a US investigative journalist": the person of that role named elsewhere in the article, else nobody's
        for roles, pname, pclaimant in doc.role_people:
            if any(w in roles.split() for w in lowered if w in doc.lex.private_roles and w not in ("former", "retired", "ex")):
                claimant, name = pclaimant, name or pname
                break
        return Speaker(phrase, name, claimant, start, end)
    if claimant is None:
        entry = _pick(doc, [h for h in actor_hits], start, end)
        if entry is not None:
            claimant = entry.canonical
            if entry.kind == "country" and re.search(r"\b(?:media|newspapers?|press)(?:\s+(?:outlets?|reports?))?$", phrase, re.IGNORECASE) and not re.search(r"\bstate\b", phrase, re.IGNORECASE):
                claimant = _demonym_of(doc, actor_hits) + " media"
    if claimant is None and not name and lowered[0] in ("the", "an", "a", "its", "their") and len(words) <= 5:
        # "the embassy", "The port authority", "an embassy spokesman": the actor last named with that role
        entry = _role_antecedent(doc, lowered, start)
        if entry is not None:
            return Speaker(phrase, None, entry.canonical, start, end, generic=True, by_role=True)
    generic = claimant is None and any(w in doc.lex.generic_speakers for w in lowered)
    return Speaker(phrase, name, claimant, start, end, generic=generic)


_PERSON_ROLES = frozenset(
    "spokesman spokeswoman spokesperson spokespeople official officials source sources minister ministers ambassador "
    "envoy diplomat diplomats president leader leaders aide aides adviser advisor representative chief head director "
    "manager executive secretary deputy commander general the a an its their his her of for to at in and new senior "
    "top local regional national state foreign".split()
)


def _role_antecedent(doc: _Doc, words: list[str], before: int) -> ActorEntry | None:
    """The actor most recently named with one of these role nouns: "Iran's embassy in Moscow" for "the embassy",
    "the Velmoran Cyber Defence Agency" for "the agency", "Port of Saltmere" for "the port authority"."""
    roles = [w for w in words if w not in _PERSON_ROLES and len(w) > 2]
    if not roles:
        return None
    lo = max(0, before - 4000)
    hits = [h for h in doc.hits_in(lo, before) if h.entry is not None and h.entry.kind != "person"]
    for h in reversed(hits):
        own = {w.lower() for w in _WORD.findall(h.text)} | {w.lower() for w in _WORD.findall(h.entry.name)}
        # the role written right after the actor: "Iran's embassy", "the Ostrenian foreign ministry"
        after: list[str] = []
        pos = h.end
        for t in doc.tokens_in(h.end, min(before, h.end + 40))[:3]:
            if doc.text[pos : t.start].strip(" ’'s") != "":
                break
            after.append(t.norm)
            pos = t.end
            if t.norm not in _ROLE_MODIFIERS:
                break
        for role in roles:
            if role in own or role in after:
                return h.entry
    return None


def _after_locative_at(toks: list[Token], k: int) -> bool:
    j = k - 1
    while j >= 0 and toks[j].norm in ("the", "a", "an"):
        j -= 1
    return j >= 0 and toks[j].norm in ("to", "at", "in", "on", "with", "against", "from", "over", "into", "near")


def _demonym_of(doc: _Doc, hits: list[AliasHit]) -> str:
    for h in hits:
        if h.entry is not None and h.entry.kind == "country":
            return h.text[:1].upper() + h.text[1:]
    return hits[0].text


def _joint_claimants(doc: _Doc, start: int, end: int) -> list[str]:
    """Claimants of a coordinated subject ("Kyiv and Moscow", "Palestinians and much of the Arab world")."""
    text = doc.view[start:end]
    if not re.search(r"\band\b|&", text):
        return []
    out: list[str] = []
    for h in doc.hits_in(start, end):
        if h.entry is None:
            continue
        c = h.entry.canonical
        if c not in out:
            out.append(c)
    return out


# --------------------------------------------------------------------------------------------------------------
# Candidates: frames with speakers, stance, propositions


@dataclass
class _Candidate:
    span: tuple[int, int]
    content: tuple[int, int]
    kind: str
    stance: Stance
    speaker: Speaker | None
    claimant: str | None
    accused: str | None
    hedged: bool
    proposition: str
    generic: bool = False
    links_to: int | None = None
    confidence: float = 0.8
    sentence: int = 0
    accuser_hint: str | None = None
    frame: Frame | None = None
    keep: bool = True
    why: str = ""


def _resolve(doc: _Doc, frames: list[Frame]) -> list[_Candidate]:
    out: list[_Candidate] = []
    by_sentence: dict[int, list[Frame]] = {}
    for f in frames:
        by_sentence.setdefault(f.sentence, []).append(f)
    last: Speaker | None = None
    for f in frames:
        speaker = _frame_speaker(doc, f, last)
        if f.kind == "mutual" and f.subject is not None:
            parties = _joint_claimants(doc, *f.subject)
            if len(parties) >= 2:
                for k, party in enumerate(parties[:3]):
                    others = [p for p in parties if p != party]
                    sp = Speaker(doc.text[f.subject[0] : f.subject[1]], None, party, *f.subject)
                    c = _candidate(doc, f, sp, party, accused=others[0] if others else None)
                    out.append(c)
                last = speaker or last
                continue
        claimant = speaker.claimant if speaker else None
        behalf = _on_behalf_of(doc, f)
        if behalf is not None:
            claimant = behalf
        if f.subject is not None and f.kind not in ("mutual",) and not f.inherited:
            joint = _joint_claimants(doc, *f.subject)
            if len(joint) >= 2 and speaker is not None and not speaker.name and not _has_locative(doc, *f.subject):
                claimant = "; ".join(sorted(joint))
        c = _candidate(doc, f, speaker, claimant)
        out.append(c)
        # someone reported inside another's statement ("X said Y was wrong to say ...") is not the next "he"
        nested = any(g is not f and g.content[0] <= f.verb_start < g.content[1] for g in by_sentence[f.sentence])
        if speaker is not None and speaker.claimant and not nested:
            last = speaker
            doc.history.append(speaker)
    return out


_BEHALF = re.compile(r"\b(?:on\s+behalf\s+of|representing|speaking\s+for)\s+(?:the\s+)?", re.IGNORECASE)


def _on_behalf_of(doc: _Doc, f: Frame) -> str | None:
    """"speaking on behalf of the European Union, Bulgaria's envoy said": the EU speaks."""
    s = doc.sentences[f.sentence]
    for m in _BEHALF.finditer(doc.view, s.start, s.end):
        for h in doc.hits_in(m.end(), min(s.end, m.end() + 60)):
            if h.entry is not None and h.start == m.end():
                return h.entry.canonical
    return None


def _has_locative(doc: _Doc, start: int, end: int) -> bool:
    return bool(re.search(r"\b(?:to|at|in|on|with|against|from|over|for|by)\b", doc.text[start:end]))


def _frame_speaker(doc: _Doc, f: Frame, last: Speaker | None) -> Speaker | None:
    qs = f.quote_speaker
    if f.subject is None or (qs is not None and _is_first_person(doc, f.subject)):
        if qs is not None and not qs.pronoun and qs.claimant:
            return qs
        if qs is not None and not qs.pronoun and qs.name and qs.name.lower() in doc.people and doc.people[qs.name.lower()][1]:
            return Speaker(qs.phrase, qs.name, doc.people[qs.name.lower()][1], qs.start, qs.end)
        earlier = _earlier_side(doc, qs) if qs is not None and not qs.pronoun else None
        if earlier is not None:
            if qs.name:
                _register(doc, qs.name, earlier.claimant, qs.phrase)
            return Speaker(qs.phrase, qs.name, earlier.claimant, qs.start, qs.end, not qs.name)
        if last is not None and (qs is None or qs.pronoun):
            return Speaker(qs.phrase if qs else last.phrase, last.name, last.claimant, last.start, last.end, last.generic, True)
        return qs
    sp = _speaker(doc, *f.subject)
    if sp is None:
        return last
    if sp.pronoun:
        if sp.phrase.lower() in ("we", "i") and f.quote_speaker is not None:
            return f.quote_speaker
        if " " in sp.phrase.strip():
            # "Its mission to the UN": an earlier actor of this sentence, else the last speaker; the phrase stays
            s = doc.sentences[f.sentence]
            prior = [h for h in doc.hits_in(s.start, f.subject[0]) if h.entry is not None]
            owner = prior[-1].entry.canonical if prior else (last.claimant if last is not None else None)
            return Speaker(sp.phrase, None, owner, sp.start, sp.end, True)
        # the speaker of an earlier frame of this sentence ("X, the agency said, though it said ..."), else the
        # nearest person or actor named earlier in the same sentence, else the last speaker
        s = doc.sentences[f.sentence]
        if last is not None and s.start <= last.start < f.subject[0] and sp.phrase.lower() in ("it", "they", "he", "she"):
            return Speaker(last.phrase, last.name, last.claimant, last.start, last.end, last.generic, True)
        prior = [h for h in doc.hits_in(s.start, f.subject[0]) if h.entry is not None]
        if sp.phrase.lower() in ("he", "she", "his", "her"):
            name = _name_in(doc, s.start, f.subject[0])
            if name:
                sub = _speaker(doc, name[1], name[2])
                if sub and sub.claimant:
                    return sub
            prior = [h for h in prior if h.entry.kind == "person"]
        if prior and sp.phrase.lower() in ("it", "they", "its", "their"):
            h = prior[-1]
            return Speaker(h.text, None, h.entry.canonical, h.start, h.end)
        if prior and sp.phrase.lower() in ("he", "she", "his", "her"):
            h = prior[-1]
            return Speaker(h.text, h.text, h.entry.canonical, h.start, h.end)
        if last is not None:
            return Speaker(last.phrase, last.name, last.claimant, last.start, last.end, last.generic, True)
        return sp
    earlier = _earlier_side(doc, sp) if sp.claimant is None else None
    if earlier is not None:
        if sp.name:
            _register(doc, sp.name, earlier.claimant, sp.phrase)
        return Speaker(sp.phrase, sp.name, earlier.claimant, sp.start, sp.end, not sp.name, by_role=earlier.by_role)
    if sp.claimant is None and last is None and sp.generic and f.postposed:
        # "The Pentagon is tracking ..., an official said": the official speaks for the actor the content starts with
        lead = [h for h in doc.hits_in(f.content[0], min(f.content[1], f.content[0] + 40)) if h.entry is not None]
        if lead:
            return Speaker(sp.phrase, sp.name, lead[0].entry.canonical, sp.start, sp.end, True)
    return sp


def _is_first_person(doc: _Doc, span: tuple[int, int]) -> bool:
    words = [w.lower() for w in _WORD.findall(doc.text[span[0] : span[1]])]
    return bool(words) and words[0] in ("we", "i")


def _earlier_side(doc: _Doc, sp: Speaker) -> Speaker | None:
    """The earlier speaker an unnamed or unplaced role stands for: "the spokesman", "an official" -> the last
    speaker; "ministry spokesman Jan Kowal" -> the last speaker whose phrase had "ministry" in it."""
    words = [w.lower() for w in _WORD.findall(sp.phrase)]
    if not words or not doc.history:
        return None
    heads = [w for w in words if w in doc.lex.generic_speakers and w not in ("official", "officials", "source", "sources", "side")]
    for earlier in reversed(doc.history[-6:]):
        earlier_words = {w.lower() for w in _WORD.findall(earlier.phrase)}
        if any(w in earlier_words for w in heads):
            return Speaker(earlier.phrase, earlier.name, earlier.claimant, earlier.start, earlier.end, earlier.generic,
                           earlier.pronoun, True)
    if len(words) == 1 and words[0] in ("officials", "sources", "diplomats", "investigators", "prosecutors"):
        # a bare "Officials said" right after "Western officials said ...": the same people
        earlier = doc.history[-1]
        if words[0] in {w.lower() for w in _WORD.findall(earlier.phrase)}:
            return earlier
    if words[0] in ("the", "a", "an", "one", "another", "this", "that") and words[-1] in doc.lex.generic_speakers and len(words) <= 5 and not sp.name:
        return doc.history[-1]
    return None


_HEDGE_STRIP = re.compile(r"\b(?:allegedly|reportedly|apparently|purportedly|supposedly|presumably|probably|possibly|clearly|obviously|unequivocally)\b\s*", re.IGNORECASE)


def _candidate(doc: _Doc, f: Frame, speaker: Speaker | None, claimant: str | None, accused: str | None = None) -> _Candidate:
    lex = doc.lex
    cs, ce = f.content
    stance = Stance.ASSERTS
    generic = False
    if f.kind in ("deny", "compact", "contrast"):
        stance = Stance.DENIES
    elif f.kind in ("say", "quote", "noun", "echo") and _denial_language(doc, cs, ce, f):
        stance = Stance.DENIES
    if f.kind == "accuse" and f.verb in ("held responsible",):
        stance = Stance.ASSERTS
    if f.kind == "compact":
        generic = True
    if stance is Stance.DENIES and f.kind != "compact":
        generic = _is_generic(doc, f, cs, ce)
    hedged = bool(lex.hedge_re.search(doc.text[f.span[0] : f.span[1]])) or f.verb in ("suggested", "suggests", "suggest", "suggesting", "believe", "believes", "believed")
    if accused is None:
        accused = _accused(doc, f, claimant)
    proposition = _proposition(doc, f, stance, claimant, accused)
    accuser_hint = _accuser_hint(doc, f) if stance is Stance.DENIES else None
    return _Candidate(
        confidence=_confidence(doc, f, speaker),
        span=_trim(doc, *f.span),
        content=(cs, ce),
        kind=f.kind,
        stance=stance,
        speaker=speaker,
        claimant=claimant,
        accused=accused,
        hedged=hedged,
        proposition=proposition,
        generic=generic,
        sentence=f.sentence,
        accuser_hint=accuser_hint,
        frame=f,
    )


def _confidence(doc: _Doc, f: Frame, speaker: Speaker | None) -> float:
    """A rough 0..1 trust in the mention: explicit frames with a named side score high, guesses lower."""
    score = 0.9 if f.kind in ("accuse", "deny", "compact", "mutual") else 0.8
    if speaker is None or speaker.pronoun:
        score -= 0.1  # the speaker was carried over from an earlier sentence
    elif speaker.generic:
        score -= 0.2  # "the ministry", "an official": taken to be an earlier speaker's side
    if _title_case(doc, doc.sentences[f.sentence]):
        score -= 0.2  # a headline
    return round(max(score, 0.3), 2)


def _trim(doc: _Doc, a: int, b: int) -> tuple[int, int]:
    a, b = max(0, a), min(b, len(doc.text))
    while a < b and (doc.text[a].isspace() or doc.text[a] in ",;:-–—•*"):
        a += 1
    while b > a and (doc.text[b - 1].isspace() or doc.text[b - 1] in ",;:-–—"):
        b -= 1
    # balance a trailing closing quote mark that has no opening one in the span
    return a, b


def _denial_language(doc: _Doc, cs: int, ce: int, f: Frame) -> bool:
    if f.verb in ("questioned", "questions", "questioning"):
        return True
    return _denial_kind(doc, cs, ce) is not None


def _denial_kind(doc: _Doc, cs: int, ce: int) -> str | None:
    """"cue" when the text calls something false ("baseless", "a lie"), "negation" when it negates, else None."""
    lex = doc.lex
    text = lex.cue_exception_re.sub(" ", doc.text[cs:ce])
    text = _FAKE_THING.sub(" ", text)
    if lex.spreading_re.search(text):
        # "the claim had been amplified by accounts linked to X, a disinformation campaign": an accusation of
        # spreading falsehoods, not a denial
        text = _FALSEHOOD_NOUNS.sub(" ", text)
    if lex.denial_cue_re.search(text) or _OWN_DENIAL.match(text):
        return "cue"
    cleaned = lex.not_negation_re.sub(" ", text)
    cleaned = lex.neutrality_re.sub(" ", cleaned)  # a stated neutrality asserts a position, it denies nothing
    cleaned = _TRAILING_CONTRAST.sub(" ", cleaned)  # "A did it, not B": the claim is A's
    negations = list(lex.negation_re.finditer(cleaned))
    if negations:
        # a negated culpable act ("did not stockpile"), "there is no ...", or the speaker's own denial ("we are not");
        # the act must follow the negation closely: "did not trust the figures ... contaminated water" negates trust
        for n in negations:
            # "sent none", "paid nothing": an object negation follows its act
            back = 25 if n.group(0).lower() in ("none", "nothing", "nobody", "zero", "nowhere") else 0
            # the negated act lies in the same clause: "did not trust the figures and pointed to ..." negates trust
            ahead = cleaned[n.end() : n.end() + 70]
            stop = re.search(r",\s|;|\s(?:and|but|while|though|although)\s", ahead)
            window = cleaned[max(0, n.start() - back) : n.end() + (stop.start() if stop else len(ahead))]
            if lex.accusation_re.search(window):
                return "negation"
        if re.search(r"\bthere\s+(?:is|are|was|were|has\s+been)\s+no\b|^\s*(?:we|i|our|my)\b", cleaned, re.IGNORECASE):
            return "negation"
    return None


@lru_cache(maxsize=1)
def _own_denial_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    verbs = _alt(sorted(v for v in lex.deny if not v.endswith(("ed", "ing", "s"))))
    own = re.compile(r"^\W*(?:we|i)\s+(?:(?:\w+ly|also|again|once\s+again)\s+)*(?:" + verbs + r")\b", re.IGNORECASE)
    generic = re.compile(
        own.pattern + r"\s+(?:(?:these|those|the|such|all|any|this|that|such)\s+)*(?:\w+\s+)?"
        r"(?:accusations?|allegations?|claims?|reports?|charges?|insinuations?|suggestions?|assertions?|statements?|"
        r"stor(?:y|ies)|lies|fabrications?|it|this|that|them)\s*(?:[.,;!]|$)",
        re.IGNORECASE,
    )
    return own, generic


class _OwnDenial:
    """"We reject ...", "I categorically deny ...": a speaker's own denial, in a quotation or reported."""

    @staticmethod
    def match(text: str) -> re.Match[str] | None:
        return _own_denial_res()[0].match(text)

    @staticmethod
    def generic(text: str) -> bool:
        return _own_denial_res()[1].match(text) is not None


_OWN_DENIAL = _OwnDenial()
_FALSEHOOD_NOUNS = re.compile(
    r"\b(?:disinformation|misinformation|propaganda|fake\s+news|falsehoods?|lies|fabrications?|rumou?rs?)(?:\s+campaigns?)?\b",
    re.IGNORECASE,
)
# "fake accounts", "false documents": the adjective describes things in the claim, it does not call it false
_FAKE_THING = re.compile(
    r"\b(?:fake|false)\s+(?!(?:news|claims?|stor(?:y|ies)|reports?|information|narratives?|allegations?|accusations?|"
    r"statements?|and|or|but|to|in|of|that|as|by|for)\b)(?=[a-z])",
    re.IGNORECASE,
)


def _is_generic(doc: _Doc, f: Frame, cs: int, ce: int) -> bool:
    """A denial that names no claim of its own ("Britain denied the accusation", "This is a lie")."""
    words = _WORD.findall(doc.text[cs:ce])
    if not words:
        return True
    if _OWN_DENIAL.generic(doc.text[cs:ce]):
        return True  # "We reject these accusations. ..."
    lowered = [w.lower() for w in words]
    if f.object_span is not None and f.verb in _DESCRIBE_VERBS:
        obj = doc.text[f.object_span[0] : f.object_span[1]]
        obj = re.split(r"\s+as\s+", obj, maxsplit=1)[0]
        if len(_WORD.findall(obj)) <= 6 and re.search(r"\b(?:statements?|reports?|claims?|accusations?|allegations?|stor(?:y|ies)|comments?|remarks?|charges?|assertions?|account)\b", obj, re.IGNORECASE):
            return True
    if f.kind in ("deny",):
        if re.search(r"\bthat\s*$", doc.text[f.verb_end : cs]) and _FINITE_OR_PAST.search(doc.text[cs:ce]):
            return False  # "denied that it had discharged any ammonia" states what it denies
        if len(words) <= 6 and any(w in doc.lex.generic_objects for w in lowered):
            return True
        if doc.lex.claim_noun_re.search(doc.text[cs:ce]) and not re.search(r"\bthat\b", doc.text[cs:ce]):
            return not _has_predicate(doc, cs, ce)
        return False
    # a statement whose content is only characterisation ("false and baseless", "a circus show")
    content_hits = [h for h in doc.hits_in(cs, ce) if h.entry is not None]
    if content_hits and _denial_kind(doc, cs, ce) == "cue":
        # "Iran was not telling the truth", "Kyiv is lying": the other side and a verdict on what it says
        rest = doc.lex.denial_cue_re.sub(" ", doc.text[cs:ce])
        for h in content_hits:
            rest = rest.replace(h.text, " ")
        rest_words = [w for w in _WORD.findall(rest) if w.lower() not in _TOPIC_STOP and w.lower() not in ("not", "simply", "just", "again", "once")]
        if not rest_words:
            return True
    if _denial_kind(doc, cs, ce) == "cue":
        if not content_hits:
            return True
        # "Washington is recycling groundless claims": it characterises the claims without stating them
        text = doc.text[cs:ce]
        if doc.lex.claim_noun_re.search(text) and not _CLAIM_THAT.search(text):
            return True
    if re.match(r"^\s*(?:this|that|it|these|those|the\s+(?:accusations?|allegations?|claims?|charges?|reports?|stor(?:y|ies)))\b", doc.text[cs:ce], re.IGNORECASE) and doc.lex.denial_cue_re.search(doc.text[cs:ce]) and not re.search(r"\bthat\b", doc.text[cs:ce][4:]):
        return True
    return False


_FINITE_OR_PAST = re.compile(r"\b(?:was|were|is|are|had|has|have|did|does|do|would|could|will|can|\w+ed)\b", re.IGNORECASE)
_CLAIM_THAT = re.compile(r"\b(?:claims?|accusations?|allegations?|reports?|suggestions?|assertions?|charges?)\s+(?:[\w'’-]+\s+){0,4}?that\b", re.IGNORECASE)


def _has_predicate(doc: _Doc, cs: int, ce: int) -> bool:
    return bool(re.search(r"\b(?:of|that|over)\b\s+\w+", doc.text[cs:ce])) and bool(doc.lex.accusation_re.search(doc.text[cs:ce]))


def _accuser_hint(doc: _Doc, f: Frame) -> str | None:
    """Whose allegation a denial answers, when it says so ("Beijing's assertions", "Russian accusations")."""
    cs, ce = f.content
    for h in doc.hits_in(max(f.span[0], cs - 5), ce):
        if h.entry is None:
            continue
        after = doc.text[h.end : h.end + 40].lower()
        if h.possessive or re.match(r"\s*(?:['’]s\s+)?(?:army['’]s\s+|military['’]s\s+)?(?:accusations?|allegations?|claims?|charges?|assertions?|suggestion|statement|comments|report)", after):
            return h.entry.canonical
    # "..., contradicting a claim made by the group X" may follow the content in the same sentence
    ce = max(ce, doc.sentences[f.sentence].end) if f.sentence < len(doc.sentences) else ce
    m = re.search(r"\b(?:accusations?|allegations?|claims?|charges?)\s+(?:(?:made|put\s+forward|issued|spread)\s+)?(?:by|from)\s+",
                  doc.text[cs:ce], re.IGNORECASE)
    if m:
        for h in doc.hits_in(cs + m.end(), ce):
            if h.entry is not None:
                return h.entry.canonical
        named = re.match(r"(?:an?\s+|the\s+)?(?:[a-z]+\s+){0,3}?(?:called\s+|named\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)",
                         doc.text[cs + m.end() : ce])
        if named:
            return named.group(1)  # an author the alias table does not know: no allegation here is its
    return None


def _accused(doc: _Doc, f: Frame, claimant: str | None) -> str | None:
    # "denied that its troops ...", "his army had massed tanks": the speaker's own side
    own = doc.text[f.content[0] : f.content[1]]
    if claimant and not _EXPLETIVE_IT.match(own) and re.match(
        r"\s*(?:(?:the\s+)?(?:claims?|accusations?|allegations?|reports?)\s+that\s+)?(?:his|her|its|their|our|we|it|they)\b",
        own, re.IGNORECASE):
        return claimant
    if f.accused_span is not None:
        hits = [h for h in doc.hits_in(*f.accused_span) if h.entry is not None]
        if hits:
            return hits[0].entry.canonical
    cs, ce = f.content
    hits = [h for h in doc.hits_in(cs, ce) if h.entry is not None]
    for h in hits:
        if h.entry.canonical != claimant:
            return h.entry.canonical
    if hits:
        return hits[0].entry.canonical
    return None


_NEG_STRIP = re.compile(
    r"\b(?:did\s+not|does\s+not|do\s+not|was\s+not|were\s+not|is\s+not|are\s+not|has\s+not|have\s+not|had\s+not|"
    r"didn['’]t|doesn['’]t|don['’]t|wasn['’]t|weren['’]t|isn['’]t|aren['’]t|hasn['’]t|haven['’]t|hadn['’]t|"
    r"never|not|no longer|no)\b\s*",
    re.IGNORECASE,
)


_REPORTED_PREFIX = re.compile(
    r"^\s*(?:they|we|it|he|she|i|(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:\w+ly\s+)?"
    r"(?:believes?|believed|thinks?|thought|says?|said|assess(?:es|ed)?|suspects?|suspected|concluded|knows?|knew|"
    r"(?:is|are|was|were)\s+convinced)\s+(?:that\s+)?"
)


# "KYIV, Oct 17 (Wire) — ", "Washington, Feb 14 (PTI) ", "LONDON — ": where and by whom, not what is claimed
_DATELINE = re.compile(
    r"(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?\([A-Z][^)]{1,40}\)\s*[-–—:]?\s*"
    r"|[A-Z]{3,}(?:[\s-]+[A-Z]{3,})*(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\)\s*)?[–—-]\s+)"
)


def _proposition(doc: _Doc, f: Frame, stance: Stance, claimant: str | None, accused: str | None) -> str:
    """The claim in normalised words: actor aliases replaced by canonical names, hedges and negation dropped."""
    cs, ce = f.content
    if f.claim_end is not None:
        ce = min(ce, f.claim_end)
    dm = _DATELINE.match(doc.text, cs, ce)
    if dm:
        cs = dm.end()
    if f.kind == "accuse" and f.accused_span is not None and f.content[0] >= f.accused_span[1]:
        rest = re.sub(r"^\s*(?:of|for)\s+", "", doc.text[cs:ce])
        return _tidy(_canonical_text(doc, *f.accused_span) + " " + rest)
    if f.kind == "accuse" and f.accused_span is not None:
        a0, a1 = f.accused_span
        rest_start = a1 + (len(doc.text[a1:ce]) - len(doc.text[a1:ce].lstrip()))
        rest = _canonical_text(doc, rest_start, ce, skip_prefix=True)
        rest = re.sub(r"^(?:of|for)\s+", "", rest, count=1)  # "accused Iran of X" -> "Iran X", not a later "of"
        return _tidy(_canonical_text(doc, a0, a1) + " " + rest)
    if f.aside is not None and cs <= f.aside[0] < f.aside[1] <= ce:
        text = _canonical_text(doc, cs, f.aside[0]) + " " + _canonical_text(doc, f.aside[1], ce)
    else:
        text = _canonical_text(doc, cs, ce)
    # "We categorically deny that X", "We reject any suggestion that X" -> "X"
    om = _OWN_DENIAL.match(text) if stance is Stance.DENIES else None
    if om and len(_WORD.findall(text[om.end() :])) >= 3:
        text = re.sub(r"^\s*(?:that\s+)?", "", text[om.end() :])
    # "refuted the claim that X" -> "X"
    text = re.sub(r"^[^,;]{0,60}?\b(?:claims?|accusations?|allegations?|reports?|suggestions?|assertions?|charges?|indications?|evidence|proof|signs)\s+(?:(?:by|from)\s+[^,]{1,60}?\s+)?that\s+", "", text, count=1, flags=re.IGNORECASE)
    # "they believe Iran delivered ...", "Ukraine believed Iran ...": the belief is the speaker's, the claim what follows
    pm = _REPORTED_PREFIX.match(text)
    if pm and len(_WORD.findall(text[pm.end() :])) >= 4:
        text = text[pm.end() :]
    if stance is Stance.DENIES:
        text = re.sub(r"^\s*there(?:['’]s|\s+(?:is|are|was|were|has\s+been|have\s+been))\s+(?:no|not\s+any)\s+", "", text, flags=re.IGNORECASE)
        # "he had no information about X", "found no evidence that X": what is denied is X
        text = re.sub(r"^(?:[\w'’]+\s+){0,4}?(?:no|not\s+any)\s+(?:information|knowledge|evidence|proof|indication)\s+(?:about|of|on|that|to\s+suggest(?:\s+that)?)\s+",
                      "", text, count=1, flags=re.IGNORECASE)
        text = _NEG_STRIP.sub("", text)
        text = re.sub(r"^\s*(?:any|all)\s+", "", text)
        # "denied it was behind" -> "<claimant> was behind"
        if claimant and re.match(r"^\s*(?:it|they|we|i)\b", text, re.IGNORECASE):
            text = re.sub(r"^\s*(?:it|they|we|i)\b", claimant, text, count=1, flags=re.IGNORECASE)
        elif claimant and f.kind == "deny" and re.match(r"^\s*(?:involvement|responsibility|any involvement|being|having|supplying|\w+ing)\b", text, re.IGNORECASE):
            text = claimant + " " + text
        elif claimant and _SELF_NOUN.match(text):
            text = _SELF_NOUN.sub(claimant, text, count=1)  # "the company had not polluted" -> "<claimant> polluted"
    else:
        if claimant and re.match(r"^\s*(?:we|i)\b", text, re.IGNORECASE):
            text = re.sub(r"^\s*(?:we|i)\b", claimant, text, count=1, flags=re.IGNORECASE)
        elif claimant and f.kind == "say" and not f.postposed and re.match(r"^\s*it\s+", text) and not _EXPLETIVE_IT.match(text):
            text = re.sub(r"^\s*it\b", claimant, text, count=1)  # "Iran says it sent ..." -> "Iran sent ..."
    if claimant and re.match(r"^\s*(?:his|her|its|their)\s+(?:country|government)\b", text, re.IGNORECASE):
        text = re.sub(r"^\s*(?:his|her|its|their)\s+(?:country|government)\b", claimant, text, count=1, flags=re.IGNORECASE)
    if claimant and re.match(r"^\s*our\b", text, re.IGNORECASE):
        text = re.sub(r"^\s*our\b", claimant + "'s", text, count=1, flags=re.IGNORECASE)  # "our ships" -> "China's ships"
    text = _HEDGE_STRIP.sub("", text)
    return _tidy(text)


_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|outside|around|inside|across|(?:east|west|north|south|north-?east|north-?west|south-?east|south-?west)"
    r"\s+of|(?:centre|center|outskirts|streets|suburbs)\s+of)\s+(?:central\s+|downtown\s+)?$",
    re.IGNORECASE,
)
_THE_COUNTRIES = frozenset(
    "United States|United Kingdom|Netherlands|Philippines|Bahamas|Gambia|Maldives|Seychelles|Comoros|Marshall Islands|"
    "Solomon Islands|Central African Republic|Czech Republic|Dominican Republic|Democratic Republic of the Congo|"
    "Republic of the Congo|United Arab Emirates|Vatican City".split("|")
)


def _canonical_text(doc: _Doc, start: int, end: int, skip_prefix: bool = False) -> str:
    out = []
    pos = start
    for h in doc.hits_in(start, end):
        if h.entry is None:
            continue
        before = doc.text[pos : h.start]
        name = h.entry.name if h.entry.kind == "person" else h.entry.canonical
        if h.entry.kind == "country" and h.text != name and _PLACE_BEFORE.search(doc.text[max(0, h.start - 30) : h.start]):
            continue  # "a factory east of Moscow", "talks in Tehran": the city is a place here, not the state
        if h.entry.kind == "country" and name not in _THE_COUNTRIES and re.search(r"\b[Tt]he\s+$", before):
            before = re.sub(r"\b[Tt]he\s+$", "", before)  # "the Islamic Republic" -> "Iran", not "the Iran"
        out.append(before)
        # people keep their own name; states, institutions and demonyms become the actor's name
        out.append(name)
        pos = h.end
        last_word = h.text.split()[-1] if h.text.split() else ""
        if h.entry.kind == "person" and last_word and last_word in name:
            # "Sheikh Tamim bin Hamad Al Thani": the rest of the full name is already written after the alias
            tail = name[name.index(last_word) + len(last_word) :]
            if tail.strip() and doc.text.startswith(tail, h.end):
                pos = h.end + len(tail)
    out.append(doc.text[pos:end])
    return "".join(out)


_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_WHEN = re.compile(
    r"\s*\b(?:(?:on|last|this|next|earlier|late|early)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"week|month|year|summer|winter|spring|autumn|weekend|night|morning)(?:\s+(?:morning|night|evening))?"
    r"|since\s+(?:the\s+)?(?:(?:start|beginning|end)\s+of\s+(?:the\s+)?\w+|(?:early|late|mid-?)?\s*" + _MONTHS + r"|summer|winter|spring|autumn|\d{4}|last\s+\w+)(?:\s+(?:of\s+)?\d{4})?"
    r"|in\s+(?:early\s+|late\s+|mid-?)?" + _MONTHS + r"(?:\s+\d{4})?|in\s+\d{4}|yesterday|today|overnight|already|also|recently)\b"
    r"(?!['’]s)",
    re.IGNORECASE,
)


def _tidy(text: str) -> str:
    """A proposition in plain words: no quotation marks, no trailing relative clause or dates."""
    text = re.sub(r"[“”\"‘’«»]", "", text.replace("’s", "'s"))
    text = re.sub(r",\s+(?:which|who)\b[^,;]{0,80},\s+(?=(?:is|are|was|were|has|have|had|did|does|do|will|would)\b)", " ", text)
    text = re.split(r",\s+(?:which|who|according\s+to)\b|\s[–—]\s", text, maxsplit=1)[0]
    text = _WHEN.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.;:-–—")
    return text


# --------------------------------------------------------------------------------------------------------------
# Filtering and linking


def _finish(doc: _Doc, cands: list[_Candidate]) -> list[ExtractedMention]:
    kept: list[_Candidate] = []
    for c in cands:
        if c.kind == "attribution":
            continue
        if not _is_claim(doc, c):
            continue
        kept.append(c)
    kept = _drop_nested_restatements(doc, kept)
    # a statement reported inside a longer one of the same side and stance adds nothing
    by_sentence: dict[int, list[_Candidate]] = {}
    for c in kept:
        by_sentence.setdefault(c.sentence, []).append(c)
    kept = [c for c in kept if not any(
        o is not c and o.claimant == c.claimant and o.stance is c.stance and o.content[0] <= c.span[0] and c.span[1] <= o.content[1]
        and (o.span[1] - o.span[0]) > (c.span[1] - c.span[0]) for o in by_sentence[c.sentence])]
    kept.sort(key=lambda c: (c.span[0], c.span[1]))
    # echoes copy the stance and proposition of the statement they echo
    for i, c in enumerate(kept):
        if c.kind == "echo":
            prev = _previous(kept, i, lambda p: p.kind not in ("echo",))
            if prev is not None:
                c.stance = prev.stance
                c.proposition = prev.proposition
                c.accused = prev.accused
                if prev.stance is Stance.DENIES and prev.links_to is not None:
                    c.links_to = prev.links_to
    # an unnamed denier taken from the previous speaker ("The government dismissed his comments") cannot be the one
    # who made the allegation: it is the side accused
    for i, c in enumerate(kept):
        if c.stance is Stance.DENIES and c.speaker is not None and c.speaker.generic and not c.speaker.name and not c.speaker.by_role:
            prev = _previous(kept, i, lambda p: p.stance is Stance.ASSERTS)
            if prev is not None and prev.claimant == c.claimant and prev.accused and prev.accused != c.claimant:
                c.claimant = prev.accused
    # compact and generic denials point at the allegation they deny
    for i, c in enumerate(kept):
        if c.stance is not Stance.DENIES or not (c.generic or c.kind in ("compact", "echo")):
            continue
        partner = _co_denial(kept, i)
        if partner is not None:
            # "Iran dismissed US accusations that X, and Moscow also rejected the report": Moscow denies X too
            c.links_to = partner.links_to
            c.proposition = partner.proposition
            c.accused = c.accused or partner.accused
            continue
        target = _target_allegation(doc, kept, i)
        if target is not None:
            c.links_to = target
            c.proposition = kept[target].proposition
            c.accused = c.accused or kept[target].accused
            if c.claimant is None and _both_sides(c):
                c.claimant = _named_parties(doc, kept[target])
    kept = [c for c in kept if c.claimant is not None or not _both_sides(c)]
    kept, moved = _drop_repeats(doc, kept)
    mentions: list[ExtractedMention] = []
    for c in kept:
        a, b = c.span
        speaker = None
        if c.speaker is not None:
            speaker = c.speaker.name or c.speaker.phrase
        mentions.append(
            ExtractedMention(
                quote=doc.text[a:b],
                char_start=a,
                char_end=b,
                stance=c.stance,
                proposition=c.proposition or _tidy(doc.text[a:b]),
                speaker=_clean_speaker(speaker),
                claimant=c.claimant,
                accused=c.accused,
                hedged=c.hedged,
                denies_mention=moved[c.links_to] if c.links_to is not None else None,
                confidence=c.confidence,
            )
        )
    return mentions


def _drop_repeats(doc: _Doc, cands: list[_Candidate]) -> tuple[list[_Candidate], list[int]]:
    """The candidates less those a later one repeats word for word, with the same claimant and stance (a page
    that prints its headline or summary again above the body): one article saying the same twice is one
    mention, the last, which stands in the body among what it answers. Also where each old position went (a
    repeat to the one kept), for `links_to`."""
    keys = [(" ".join(doc.text[c.span[0] : c.span[1]].split()).rstrip(_TRAILING).casefold(), c.claimant, c.stance)
            for c in cands]
    last = {key: i for i, key in enumerate(keys)}
    kept = [i for i, key in enumerate(keys) if last[key] == i]
    new = {old: k for k, old in enumerate(kept)}
    return [cands[i] for i in kept], [new[last[key]] for key in keys]


_TRAILING = " .,;:!?…\"'”’»)"


def _co_denial(cands: list[_Candidate], i: int) -> _Candidate | None:
    """A specific denial by another side earlier in the same sentence, with no allegation of its own there."""
    c = cands[i]
    if c.kind == "compact":
        return None
    same = [p for p in cands[:i] if p.sentence == c.sentence]
    if not any(p.stance is Stance.ASSERTS for p in same):
        for p in reversed(same):
            if p.stance is Stance.DENIES and not p.generic and p.claimant != c.claimant and p.proposition:
                return p
    # the same side goes on denying what it has just denied ("X rejected Y's claim that Z. 'We deny it,' ..."),
    # when no allegation of its own came before
    prev = cands[i - 1] if i > 0 else None
    if (
        prev is not None
        and not any(p.stance is Stance.ASSERTS and p.claimant != c.claimant for p in cands[:i])
        and prev.stance is Stance.DENIES
        and prev.kind == "deny"
        and not prev.generic
        and prev.claimant == c.claimant
        and c.sentence - prev.sentence <= 2
        and prev.proposition
    ):
        return prev
    return None


def _both_sides(c: _Candidate) -> bool:
    """A compact denial by "both governments", "the two countries": its claimants are the allegation's parties."""
    return c.speaker is not None and bool(_BOTH_SIDES_RE.match(c.speaker.phrase.strip()))


def _named_parties(doc: _Doc, allegation: _Candidate) -> str | None:
    """The actors an allegation names besides the one making it, joined as a joint claimant ("Iran; Russia")."""
    parties = []
    for h in doc.hits_in(*allegation.content):
        if h.entry is not None and h.entry.canonical != allegation.claimant and h.entry.canonical not in parties:
            parties.append(h.entry.canonical)
    if allegation.accused and allegation.accused != allegation.claimant and allegation.accused not in parties:
        parties.insert(0, allegation.accused)
    return "; ".join(sorted(parties)) if parties else None


def _clean_speaker(speaker: str | None) -> str | None:
    if not speaker:
        return None
    speaker = re.sub(r"\s+", " ", speaker).strip(" ,.;:")
    return speaker[:200] or None


def _previous(cands: list[_Candidate], i: int, pred) -> _Candidate | None:
    for j in range(i - 1, -1, -1):
        if pred(cands[j]):
            return cands[j]
    return None


def _target_allegation(doc: _Doc, cands: list[_Candidate], i: int) -> int | None:
    """The allegation a compact or generic denial answers: same sentence first, else, among the nearest ones,
    the one whose words the denial repeats ("dismissed the missile reports"), whose author it names ("Beijing's
    assertions") or which names the denier."""
    c = cands[i]

    def ok(j: int) -> bool:
        p = cands[j]
        return p.stance is Stance.ASSERTS and p.claimant != c.claimant and p.kind not in ("echo",)

    if c.kind == "compact":
        same = [j for j in range(i) if cands[j].sentence == c.sentence and ok(j)]
        if same:
            return same[0]
    # the nearest ones first, looking back before looking ahead, within a window
    order = [j for j in list(range(i - 1, max(-1, i - 41), -1)) + list(range(i + 1, min(len(cands), i + 21))) if ok(j)]
    if not order:
        return None
    hint = c.accuser_hint
    topic: set[str] = set()
    if c.kind == "deny" and c.frame is not None:
        # the denied object's own words: "dismissed the missile reports as speculation" -> {missile}
        cs, ce = c.content
        cut = re.search(r"\s+as\s+", doc.text[cs:ce])
        obj = (cs, cs + cut.start()) if cut else (cs, ce)
        if len(_WORD.findall(doc.text[obj[0] : obj[1]])) <= 6:
            topic = _topic_words(doc, *obj)

    if hint and not any(cands[j].claimant == hint for j in order):
        return None  # it answers an author who makes no allegation here ("a claim made by the group X")

    def score(rank: int, j: int) -> tuple:
        p = cands[j]
        named = bool(c.claimant) and (p.accused == c.claimant or c.claimant in _actors_named(doc, p))
        overlap = len(topic & _topic_words(doc, *p.content)) if topic else 0
        return (bool(hint) and p.claimant == hint, overlap, named, -rank)

    return max(((rank, j) for rank, j in enumerate(order)), key=lambda rj: score(*rj))[1]


_TOPIC_STOP = frozenset(
    "the a an this that these those its their his her our of to in on at for with by from as and or but is are was "
    "were be been has have had it they we he she report reports reported claim claims accusation accusations "
    "allegation allegations charge charges assertion assertions story stories statement statements suggestion "
    "suggestions any all such also again latest new earlier recent".split()
)


def _topic_words(doc: _Doc, start: int, end: int) -> set[str]:
    """Content words of text[start:end], crudely stemmed, without actor names and claim or denial vocabulary."""
    text = doc.lex.denial_cue_re.sub(" ", doc.text[start:end])
    names = {w.lower() for h in doc.hits_in(start, end) for w in _WORD.findall(h.text)}
    out = set()
    for w in _WORD.findall(text):
        lw = w.lower()
        if lw in _TOPIC_STOP or lw in names or len(lw) < 4 or lw in doc.lex.deny or lw in doc.lex.say:
            continue
        out.add(lw[:5])  # a crude stem: "missile" and "missiles", "delivered" and "deliveries" meet
    return out


def _actors_named(doc: _Doc, c: _Candidate) -> set[str]:
    return {h.entry.canonical for h in doc.hits_in(*c.content) if h.entry is not None}


def _drop_nested_restatements(doc: _Doc, cands: list[_Candidate]) -> list[_Candidate]:
    """An allegation restated inside a denial ("rejected Russian accusations that ...") counts only as the denial."""
    denials: dict[int, list[_Candidate]] = {}
    for c in cands:
        if c.stance is Stance.DENIES and c.kind == "deny":
            denials.setdefault(c.sentence, []).append(c)
    out = []
    for c in cands:
        if c.kind == "noun" and any(d.content[0] <= c.span[0] < d.content[1] for d in denials.get(c.sentence, [])):
            continue
        out.append(c)
    return out


_AGENT_NOUNS = re.compile(
    r"\b(?:terrorists?|militants?|forces|troops|army|military|regime|fighters|occupiers|occupation|enemy|saboteurs|"
    r"agents|operatives|hackers|soldiers|mercenaries|separatists|rebels|insurgents|jihadists|extremists|navy|government|"
    r"authorities|intelligence\s+services?|special\s+services|spies)\b",
    re.IGNORECASE,
)


_AGENT_AFTER = re.compile(
    r"\s+(?:troops|forces|soldiers|army|military|navy|warships?|jets|aircraft|drones|units|guards|police|agents|"
    r"hackers|spies|militias?|fighters|mercenaries)\b",
    re.IGNORECASE,
)


def _is_claim(doc: _Doc, c: _Candidate) -> bool:
    """Does this candidate carry a claim worth tracking? (an actor speaks, about an actor or with accusation words)"""
    lex = doc.lex
    cs, ce = c.content
    content = doc.text[cs:ce]
    if c.claimant is None and not (c.kind == "compact" and _both_sides(c)):
        # a clear attribution to a speaker the alias table does not know ("a post shared widely claimed that ...",
        # "a group calling itself X claimed ..."): kept without a claimant when it accuses someone of something
        if not _unresolved_speaker_ok(doc, c) or not lex.accusation_re.search(content):
            return False
        c.confidence = min(c.confidence, 0.5)
        unresolved = True
    else:
        unresolved = False
    if c.kind in ("compact", "mutual", "echo", "contrast"):
        return True
    words = _WORD.findall(content)
    if c.kind in ("deny", "accuse"):
        return bool(words)
    if lex.conditional_re.search(content) or content.rstrip().endswith("?") or _CONDITIONAL_PROMISE.search(content):
        return False
    if re.match(r"^\s*(?:either|whether)\b", content, re.IGNORECASE) or re.search(r"\beither\b.+\bor\b", content, re.IGNORECASE):
        return False
    actors = [h for h in doc.hits_in(cs, ce) if h.entry is not None] or _AGENT_NOUNS.findall(content)
    if not actors:
        rm = re.match(r"\W*(the\s+[a-z]+(?:\s+[a-z]+)?)\s+((?:has|had|have|was|were|is|are|did)\b.*)", content)
        if (
            rm
            and lex.accusation_re.search(" ".join(_WORD.findall(rm.group(2))[:4]))
            and _role_antecedent(doc, [w.lower() for w in _WORD.findall(rm.group(1))], cs) is not None
        ):
            actors = [rm.group(1)]  # "the port had paid a ransom": the port named before
    if not actors and c.speaker is not None and not c.speaker.pronoun:
        om = _OWN_SUBJECT.match(content)
        if om and not _INQUIRY.search(content):
            act = " ".join(_WORD.findall(content[om.end() :])[:4])
            if lex.accusation_re.search(act) and not re.match(r"(?:was|were|been|is|are)\s+\w+ed\b", act):
                actors = [content]  # "it was behind the attack", "it sent only a few": the speaker's own act
    accusation = bool(lex.accusation_re.search(content))
    if c.stance is Stance.DENIES:
        if actors:
            return True
        if accusation and re.match(r"\s*(?:we|i|our|my)\b", content, re.IGNORECASE):
            return True  # the speaker denies an act of its own: "We did not fire at the town"
        if accusation and _FLAT_DENIAL.match(content) and _denial_kind(doc, cs, ce) == "negation":
            return True  # "Not a single euro has been paid", "There were no weapons on board"
        if accusation and _SELF_SUBJECT.match(content) and _denial_kind(doc, cs, ce) == "negation":
            return True  # "maintained that the company had not polluted the river": the speaker about itself
        return c.generic and _denial_kind(doc, cs, ce) == "cue"
    if len(words) < 3:
        return False
    nc = lex.non_claim_re.search(content)
    if nc and (not accusation or nc.start() < 12):
        return False
    if c.kind == "noun":
        return True
    if c.frame is not None and c.frame.verb in _ACTION_VERBS and not c.frame.postposed and not re.search(r"\bthat\s*$", doc.text[c.frame.verb_end : cs]) \
            and not _FINITE_OR_PAST.search(" ".join(words[:8])):
        return False  # "announced new measures to stop ...": an action announced, not a claim
    strong = c.frame is not None and c.frame.verb in _STRONG_ASSERTION
    if lex.exculpation_re.search(content):
        return True
    if actors and lex.origin_re.search(content):
        return True
    if any(_MADE_BY.match(doc.text, h.end) for h in doc.hits_in(cs, ce) if h.entry is not None) or any(
        doc.aliases.lookup(m.group(1)) is not None for m in _MADE_IN_WORD.finditer(content)
    ):
        return True  # "the drones are Russian-made", "wreckage with Iranian markings": where the weapons come from
    if lex.neutrality_re.search(content) and actors:
        return True  # "Iran is not siding with either party": a stated position on the conflict
    if not actors:
        return unresolved and c.stance is Stance.ASSERTS
    # an actor's forces doing something ("Russian troops had moved artillery") is an allegation too
    armed = [h for h in doc.hits_in(cs, ce) if h.entry is not None and _AGENT_AFTER.match(doc.text, h.end)]
    return accusation or strong or bool(armed) or bool(lex.strong_hedge_re.search(doc.text[c.span[0] : c.span[1]]))


_FLAT_DENIAL = re.compile(
    r"^\W*(?:not\s+(?:a\s+single|one|a|any)|no\s+one|nobody|nothing|none|never|no|there\s+(?:is|are|was|were|has\s+been|have\s+been)\s+no)\b",
    re.IGNORECASE,
)
# "it was clear that", "it is a lie", "it has been": "it" stands for no one
_EXPLETIVE_IT = re.compile(
    r"^\s*it\s+(?:is|was|has\s+been|had\s+been|seems|seemed|appears|appeared|would|will|could|may|might)\b"
    r"(?!\s+(?:not\s+)?(?:behind|responsible|involved|guilty|to\s+blame)\b)",
    re.IGNORECASE,
)
_SELF_NOUN = re.compile(
    r"^\s*(?:the|our)\s+(?:company|firm|country|government|kingdom|republic|organi[sz]ation|group)\b", re.IGNORECASE
)
_SELF_SUBJECT = re.compile(
    r"^\W*(?:it|we|they|(?:the|our)\s+(?:company|firm|country|government|group|ministry|organi[sz]ation|plant|army|"
    r"military|state|kingdom|republic|agency|operator|port|embassy))\s+(?:has|had|have|was|were|is|are|did|does|do|would|could)?\s*"
    r"(?:not|never|n['’]t)\b",
    re.IGNORECASE,
)
_OWN_SUBJECT = re.compile(r"^\W*(?:it|we|(?:his|her|its|their|our)\s+(?:country|government))\s+", re.IGNORECASE)
_INQUIRY = re.compile(r"\b(?:launched|opened|began|started)\s+(?:an?\s+)?(?:\w+\s+)?(?:investigation|inquiry|probe|case)\b", re.IGNORECASE)


# "would take the matter seriously if Ukraine presented evidence": a promise on a condition, not a claim
_CONDITIONAL_PROMISE = re.compile(r"\b(?:would|will|could)\b[^.;:]{0,80}\b(?:if|unless|once|should)\s", re.IGNORECASE)


def _unresolved_speaker_ok(doc: _Doc, c: _Candidate) -> bool:
    sp, f = c.speaker, c.frame
    if sp is None or f is None or sp.pronoun or sp.generic or f.postposed or (f.inherited and f.subject is None):
        return False
    if f.verb not in _UNRESOLVED_VERBS:
        return False
    between = doc.text[f.verb_end : f.content[0]]
    head = " ".join(_WORD.findall(doc.text[f.content[0] : f.content[1]])[:6])
    if f.kind == "say" and not re.search(r"\bthat\s*$", between) and not (
        re.match(r"(?:the|a|an|its|their|his|her)\s", head, re.IGNORECASE) and _FINITE_OR_PAST.search(head)
    ):
        return False  # "claimed (that) the ship was ...", not "'nonsense' claims of ..."
    if f.kind == "accuse" and not re.match(r"\s*(?:of|for)\b", doc.text[f.accused_span[1] if f.accused_span else f.verb_end :]):
        return False
    words = [w.lower() for w in _WORD.findall(sp.phrase)]
    if not 1 <= len(words) <= 12 or _is_first_person(doc, (sp.start, sp.end)):
        return False
    if any(w in ("both", "each", "either", "other", "another") for w in words):
        return False  # "both sides accused the other": no one in particular
    hits = doc.hits_in(sp.start, sp.end)
    return not any(h.blocked == "media" for h in hits)


_UNRESOLVED_VERBS = frozenset("claimed claims alleged alleges accused accuses denied denies rejected rejects".split())
_ACTION_VERBS = frozenset("announced announces announce announcing demanded demands demanding".split())


_MADE_IN_WORD = re.compile(r"\b([A-Z][\w'’]+)-(?:made|designed|built|manufactured|supplied|produced)\b")
_MADE_BY = re.compile(
    r"-(?:made|designed|built|manufactured|supplied|produced|origin)\b|"
    r"\s+(?:markings|components|parts|engines|serial\s+numbers|origin)\b",
    re.IGNORECASE,
)


# Verbs that present their complement as a claim being pressed, whatever its words.
_STRONG_ASSERTION = frozenset(
    "insisted insists insist claimed claims claim alleged alleges allege asserted asserts declared declares stated "
    "affirmed affirms reiterated reiterates stressed stresses maintained maintains argued argues warned charged contended".split()
)
