"""An article's text as blocks (paragraphs, page furniture marked), quotations and sentences. Pure.

Offsets always index the original text, so a span read here can be shown and stored as it stands.
Page furniture (donation and newsletter boxes, captions, navigation, "Read more", lines in the outlet's own
first or second person) is marked, not removed: extraction skips it. The words that mark it are in
`workbench/data/furniture.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import data_json
from .cues import cues

__all__ = ["Block", "Quote", "Sentence", "Segmented", "content_blocks", "segment"]

_CLOSE_FOR = {"“": "”", "\"": "\"", "‘": "’", "'": "'", "«": "»"}
_FIRST_SECOND_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us|[Yy]ou|[Yy]our|[Yy]ours)\b")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUOTED_PASSAGE = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|«[^»]*(?:»|$)")
_SENT_BREAK = re.compile(
    r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9•–—-])|[.!?][\"”’]?(?=[A-Z][a-z])|[.!?]+[\"”’')\]]*\s*$"
)
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]]\s*$")


@dataclass
class Block:
    """A paragraph of the text; `furniture` says why it is skipped (None = article body)."""

    start: int
    end: int
    furniture: str | None = None


@dataclass
class Quote:
    """A quotation: marks at `open` and `close` (close == block end when it runs on). `speech`: it reads as
    someone's words (a clause of three words or more), not a scare-quoted term."""

    open: int
    close: int
    speech: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


@dataclass
class Sentence:
    start: int
    end: int
    block: int


@dataclass
class Segmented:
    """A text cut into blocks, quotations and sentences (furniture blocks have no sentences)."""

    text: str
    blocks: list[Block]
    quotes: list[Quote]
    sentences: list[Sentence]


@lru_cache(maxsize=1)
def _furniture_words() -> dict:
    data = data_json("furniture.json")
    return {
        "phrases": tuple(p.lower() for p in data["boilerplate_phrases"]),
        "patterns": tuple(re.compile(p, re.IGNORECASE) for p in data["boilerplate_patterns"]),
        "caption_hints": tuple(h.lower() for h in data["caption_hints"]),
        "caption_patterns": tuple(re.compile(p, re.IGNORECASE) for p in data["caption_patterns"]),
        "abbreviations": frozenset(data["abbreviations"]),
    }


def _lines(text: str) -> list[Block]:
    """Non-empty lines; a hard-wrapped line that continues a sentence ("... the Congolese\\ngovernment has")
    joins the line before it."""
    blocks: list[Block] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        prev = blocks[-1] if blocks else None
        first = line.lstrip()[:1]
        if prev is not None and prev.end == start - 1 and first.islower() and not _ENDS_SENTENCE.search(
                text[prev.start:prev.end]):
            prev.end = end
            continue
        blocks.append(Block(start, end))
    return blocks


def content_blocks(text: str) -> list[Block]:
    """The text's paragraphs, with page furniture marked (`Block.furniture`): what extraction will not read."""
    words = _furniture_words()
    blocks = _lines(text)
    zone = False
    for block in blocks:
        line = text[block.start : block.end].strip()
        reason = _furniture(line, words)
        if reason is None and zone and len(_WORD.findall(line)) < 8:
            reason = "boilerplate"
        if reason in ("boilerplate", "own voice"):
            zone = True
        elif reason is None:
            zone = False
        block.furniture = reason
    return blocks


def _furniture(line: str, words: dict) -> str | None:
    lowered = line.lower()
    for phrase in words["phrases"]:
        if phrase in lowered and re.search(r"(?<![\w-])" + re.escape(phrase), lowered):
            return "boilerplate"
    if any(rx.search(line) for rx in words["patterns"]):
        return "boilerplate"
    if len(line) < 400 and any(h in lowered for h in words["caption_hints"]):
        if any(rx.search(line) for rx in words["caption_patterns"]):
            return "caption"
    unquoted = _unquoted(line)
    if any(not _attributed(unquoted, m.end()) for m in _FIRST_SECOND_PERSON.finditer(unquoted)):
        return "own voice"
    return None


_CLAUSE_AFTER_COMMA = re.compile(r",\s+((?:[\w'’.-]+\s*){1,8})")


def _unquoted(line: str) -> str:
    """The line with its quoted passages blanked, double ("...") and single ('We did nothing wrong': ...)."""
    line = _QUOTED_PASSAGE.sub(" ", line)
    chars = list(line)
    i = 0
    while i < len(line):
        if line[i] in "‘'" and _opens_single(line, i, 0):
            j = _single_close(line, i, len(line))
            if j != -1 and j - i > 2:
                chars[i : j + 1] = " " * (j + 1 - i)
                i = j + 1
                continue
        i += 1
    return "".join(chars)


def _attributed(line: str, at: int) -> bool:
    """Is the first or second person ending at `at` someone's unquoted words, attributed after a comma in the same
    sentence ("We never sold the data, the firm said", "..., said Tom Hale, its founder") or before a colon ("Acme
    chief Jane Roe: We did nothing wrong")?"""
    stop = re.search(r"[.!?](?:\s|$)", line[at:])
    sentence = line[at : at + stop.start() if stop else len(line)]
    forms = _speech_forms()
    opening = re.split(r"[.!?]\s", line[:at])[-1]
    if ":" in opening:
        head = re.findall(r"[\w'’-]+", opening.split(":")[0])
        said = len(head) >= 3 and any(w.lower() in forms for w in head[-3:])  # not "Editor's note:"
        if len(head) <= 12 and (sum(w[:1].isupper() for w in head) >= 2 or said):
            return True  # "Acme chief executive Jane Roe: We did nothing wrong", "The minister said: we will appeal"
    return any(any(w.lower() in forms for w in re.findall(r"[\w'’-]+", m.group(1)))
               for m in _CLAUSE_AFTER_COMMA.finditer(sentence))


@lru_cache(maxsize=1)
def _speech_forms() -> frozenset[str]:
    """Forms of the verbs that attribute words to a speaker (say, deny, claim, confirm classes of the cues)."""
    return cues().forms_of("say", "deny", "claim", "confirm")


def find_quotes(text: str, block: Block) -> list[Quote]:
    """Double quotations (curly or straight) and single ones ('...'), a run-on one ending with the block."""
    quotes: list[Quote] = []
    i, end = block.start, block.end
    while i < end:
        ch = text[i]
        if ch in "“\"«":
            j = _double_close(text, i, end)
            quotes.append(Quote(i, j))
            i = j + 1
            continue
        if ch in "‘'" and _opens_single(text, i, block.start):
            j = _single_close(text, i, end)
            if j != -1 and j - i > 2:
                quotes.append(Quote(i, j))
                i = j + 1
                continue
        i += 1
    _mark_speech(text, block, quotes)
    return quotes


def _double_close(text: str, i: int, end: int) -> int:
    ch = text[i]
    j = text.find(_CLOSE_FOR[ch], i + 1, end)
    if j == -1 and ch == "“":
        j = text.find("\"", i + 1, end)
    return end if j == -1 else j


def _single_close(text: str, i: int, end: int) -> int:
    j = i + 1
    while j < end:
        if text[j] in "’'" and _closes_single(text, j, end):
            return j
        if text[j] in "\"“":
            return -1
        j += 1
    return -1


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
        if len(_WORD.findall(inner)) < 3:
            continue
        first = inner[:1]
        fills_block = not text[block.start : q.open].strip() and not text[min(q.close + 1, block.end) : block.end].strip(" .,")
        q.speech = fills_block or first.isupper() or first.isdigit() or first == "["


def sentences(text: str, block: Block, bi: int = 0) -> list[Sentence]:
    """The sentences of a block (abbreviations and initials do not end one)."""
    abbreviations = _furniture_words()["abbreviations"]
    out: list[Sentence] = []
    start = block.start
    for m in _SENT_BREAK.finditer(text, block.start, block.end):
        end, dot = m.end(), m.start()
        if text[dot] == "." and _is_abbreviation(text, dot, abbreviations):
            continue
        if end - start > 1:
            out.append(Sentence(start, end, bi))
        start = end
        while start < block.end and text[start].isspace():
            start += 1
    if block.end - start > 1 and text[start : block.end].strip():
        out.append(Sentence(start, block.end, bi))
    return [_trimmed(text, s) for s in out]


def _trimmed(text: str, s: Sentence) -> Sentence:
    end = s.end
    while end > s.start and text[end - 1].isspace():
        end -= 1
    return Sentence(s.start, end, s.block)


def _is_abbreviation(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if word in abbreviations or "." in word:
        return True  # "Gen.", "U.S."
    return len(word) == 1 and text[j].isupper()  # an initial: "Dmitry S. Peskov"


def segment(text: str) -> Segmented:
    """Blocks, quotations (in body blocks) and sentences of `text`, in text order."""
    blocks = content_blocks(text)
    quotes: list[Quote] = []
    sents: list[Sentence] = []
    for bi, block in enumerate(blocks):
        if block.furniture:
            continue
        quotes.extend(find_quotes(text, block))
        sents.extend(sentences(text, block, bi))
    return Segmented(text, blocks, quotes, sents)
