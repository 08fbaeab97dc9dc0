"""One article as extraction reads it: segmented text, word tokens, actor aliases found in it. Pure."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from ..text.aliases import AliasHit, AliasTable
from ..text.cues import Cues, cues
from ..text.segment import Quote, Sentence, segment
from ..text.tokens import Token, word_tokens

__all__ = ["Document", "outlet_voice"]



def outlet_voice(outlet: str | None) -> str | None:
    """Who speaks in an article's own voice: the wire or original source in brackets, else the outlet.

    "News.az (Deutsche Welle)" -> "Deutsche Welle"; "The Straits Times" -> "The Straits Times".
    """
    if not outlet or not outlet.strip():
        return None
    text = outlet.strip()
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1].strip()
        inner = inner.split(",")[0].split(";")[0].strip()
        for prefix in ("syndicated ", "via ", "from "):
            if inner.lower().startswith(prefix):
                inner = inner[len(prefix):]
        if inner and not any(w in inner.lower() for w in ("copy", "wire", "page", "teaser", "translated", "mirror")):
            return inner
        return text[: text.index("(")].strip() or None
    return text


@dataclass
class Document:
    """Everything extraction knows about one text; offsets always index `text`."""

    text: str
    aliases: AliasTable
    outlet: str | None = None
    title: str | None = None
    cues: Cues = field(default_factory=cues)

    def __post_init__(self) -> None:
        seg = segment(self.text)
        self.blocks = seg.blocks
        self.quotes: list[Quote] = seg.quotes
        self.sentences: list[Sentence] = seg.sentences
        self.tokens: list[Token] = word_tokens(self.text)
        self._token_starts = [t.start for t in self.tokens]
        self.hits: list[AliasHit] = self.aliases.find_all(self.text, tokens=self.tokens)
        self._hit_starts = [h.start for h in self.hits]
        self.voice = outlet_voice(self.outlet)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Word tokens lying inside text[start:end]."""
        i = bisect_left(self._token_starts, start)
        j = bisect_left(self._token_starts, end, lo=i)
        return [t for t in self.tokens[i:j] if t.end <= end]

    def token_index(self, offset: int) -> int:
        """The index of the first token starting at or after `offset`."""
        return bisect_left(self._token_starts, offset)

    def hits_in(self, start: int, end: int) -> list[AliasHit]:
        """Actor aliases lying inside text[start:end] (phrases known not to be actors included)."""
        i = bisect_left(self._hit_starts, start)
        out = []
        while i < len(self.hits) and self.hits[i].start < end:
            if self.hits[i].end <= end:
                out.append(self.hits[i])
            i += 1
        return out

    def actors_in(self, start: int, end: int) -> list[str]:
        """The canonical actors named in text[start:end], in order, each once."""
        out: list[str] = []
        for h in self.hits_in(start, end):
            if h.entry is not None and h.entry.canonical not in out:
                out.append(h.entry.canonical)
        return out

    def quote_at(self, offset: int) -> Quote | None:
        """The speech quotation `offset` lies inside, if any."""
        for q in self.quotes:
            if q.open <= offset <= q.close and q.speech:
                return q
            if q.open > offset:
                break
        return None

    def in_quote(self, offset: int) -> bool:
        return self.quote_at(offset) is not None

    def is_headline(self, sentence: Sentence) -> bool:
        """A line standing alone without a final full stop, or the article's title."""
        text = self.text[sentence.start : sentence.end].strip()
        if self.title and text.strip(" .") == self.title.strip(" ."):
            return True
        block = self.blocks[sentence.block]
        alone = block.start == sentence.start and block.end <= sentence.end + 1
        return alone and not text.endswith((".", "\"", "”", "’", "'")) and len(text) < 200
