"""The render-cache suites run every case a second time with the answer memo on (core/memo.py, as `serve`
runs it): a kept answer replayed after the change would fail the case as a stale rendered row does."""

from __future__ import annotations

from typing import Callable, Iterator

from emulator.core.memo import AnswerMemo

VARIANTS = ["rendered rows", "rendered rows and the answer memo"]


def memo_on(emulator, variant: str) -> Iterator[AnswerMemo | None]:
    """The body of a fixture parametrized over VARIANTS: the emulator's memo for the case, then off again."""
    emulator.memo = AnswerMemo() if variant == VARIANTS[1] else None
    yield emulator.memo
    emulator.memo = None


def fresh(state, memo: AnswerMemo | None) -> None:
    """Nothing kept: the next reads render afresh."""
    state.rendered.clear()
    if memo is not None:
        memo.clear()


def replayed(memo: AnswerMemo | None, again: Callable[[], object]) -> None:
    """With the memo on, the reads are now replayed (else the memo variant would prove nothing)."""
    if memo is not None:
        hits = memo.hits
        again()
        assert memo.hits > hits, "no answer was replayed from the memo"
