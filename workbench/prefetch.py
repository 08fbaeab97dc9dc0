"""Analysing the next batch of an import on the second core while this one is being placed.

Turning a mention into a `Proposition` (aliases, lemmas, synonyms) is pure and takes about a sixth of an
import's time. `Prefetcher` sends each batch's texts to one worker process, which analyses them with a
`Normalizer` built from the same alias rows, while the main process places the batch before it; the
results are put into the main normaliser's cache, so placing then finds every text already analysed and
the outcome is the same as without the worker (tested). If the worker cannot start or dies, the main
process simply analyses the texts itself.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Self

from .match import Normalizer, Proposition

Item = tuple[str, "str | None", str]
"""(text, claimant, stance) of one mention."""

_normalizer: Normalizer | None = None
_NICE = 10
"""How much lower the worker's scheduling priority is than the importing process's."""


def _start(rows: list[tuple[str, str, str, str | None]], synonyms: list[tuple[str, str]]) -> None:
    global _normalizer
    if hasattr(os, "nice"):
        # the analysis keeps well ahead of the placing; when both want a core, the placing (the import's pace) goes first
        os.nice(_NICE)
    _normalizer = Normalizer(rows, synonyms)


def _analyze(items: Sequence[Item]) -> list[Proposition]:
    assert _normalizer is not None
    props = [_normalizer.analyze(text, claimant, stance) for text, claimant, stance in items]
    for prop in props:
        prop.wording  # noqa: B018 - computed here, on the second core, and sent along
    return props


class Prefetcher:
    """One worker process that analyses batches of mentions ahead of their placing."""

    def __init__(self, alias_rows: list[tuple[str, str, str, str | None]],
                 synonym_rows: Sequence[tuple[str, str]] = ()) -> None:
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
            initargs=(list(alias_rows), list(synonym_rows)),
        )

    def submit(self, items: Sequence[Item]) -> tuple[Future, list[Item]] | None:
        """Start analysing `items`; None when the worker is gone (the caller then does without)."""
        if self._pool is None:
            return None
        items = list(items)
        try:
            return self._pool.submit(_analyze, items), items
        except (BrokenProcessPool, RuntimeError):
            self.close()
            return None

    def collect(self, pending: tuple[Future, list[Item]] | None, normalizer: Normalizer) -> int:
        """Wait for a submitted batch and put its propositions in `normalizer`'s cache; how many were put."""
        if pending is None:
            return 0
        future, items = pending
        try:
            props: list[Proposition] = future.result()
        except (BrokenProcessPool, OSError, EOFError):
            self.close()
            return 0
        return normalizer.prime(items, props)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
