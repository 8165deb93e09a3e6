"""The seeded source of realistic data: the same seed gives byte-identical data and ids.

Faker is the source of realism. Building a Faker instance costs ~0.25 s per process (a third of a
vendor's start-up) and drawing 100,000 users one Faker call at a time is slow, so :class:`Seeder`
samples pools straight from Faker's en_US data sets (names, words, jobs, email domains; read through
:mod:`emulator.core.wordlists`, which keeps them so a start need not import Faker) with its own
seeded ``random.Random`` and combines them; ``Seeder.faker`` is there for anything richer.
Timestamps of seeded data count back from a fixed instant, not from "now",
so two runs with one seed produce the same bytes.

A million-user seed makes a few million rows: :func:`paused_gc` keeps the cyclic collector from rescanning
them again and again meanwhile, and :func:`chooser` / :func:`ranger` draw what ``rng.choice`` /
``rng.randint`` would, from the same rng, without their three layers of Python calls (decision 005).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import random
from functools import cached_property
from typing import Callable, Iterator, Sequence, TypeVar

from .wordlists import word_list

T = TypeVar("T")

SEED_EPOCH = 1767225600.0  # 2026-01-01T00:00:00Z: seeded data happens before this instant
POOL = 400


def derive_seed(seed: int, *parts: str) -> int:
    digest = hashlib.sha256(("|".join([str(seed), *parts])).encode()).digest()
    return int.from_bytes(digest[:8], "big")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off while a seed runs, back as it was after.

    Seeding allocates millions of acyclic objects (rows, their strings and lists); each allocation burst
    triggers a collection that scans every object made so far, so with the collector on a million-user
    seed spends about as long collecting nothing as seeding. Nothing a seed makes is cyclic garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def chooser(rng: random.Random, seq: Sequence[T]) -> Callable[[], T]:
    """A function that draws ``rng.choice(seq)``: the same value from the same rng state (so a seed that
    switches keeps its bytes), in one call instead of three (``choice``, ``_randbelow``, ``getrandbits``)."""
    n = len(seq)
    if not n:
        raise IndexError("Cannot choose from an empty sequence")
    bits, k = rng.getrandbits, n.bit_length()  # random.Random._randbelow_with_getrandbits, inlined

    def choose() -> T:
        r = bits(k)
        while r >= n:
            r = bits(k)
        return seq[r]

    return choose


def ranger(rng: random.Random, low: int, high: int) -> Callable[[], int]:
    """A function that draws ``rng.randint(low, high)``: the same value from the same rng state."""
    n = high - low + 1
    if n <= 0:
        raise ValueError(f"empty range for randint({low}, {high})")
    bits, k = rng.getrandbits, n.bit_length()

    def draw() -> int:
        r = bits(k)
        while r >= n:
            r = bits(k)
        return low + r

    return draw


class Seeder:
    def __init__(self, seed: int, *scope: str) -> None:
        self.seed = derive_seed(seed, *scope)
        self.rng = random.Random(self.seed)

    @cached_property
    def faker(self):
        """A full Faker instance, seeded (its import and set-up cost ~0.25 s: use the pools below first)."""
        from faker import Faker

        fake = Faker("en_US")
        fake.seed_instance(self.seed)
        return fake

    # Pools drawn from Faker's own en_US data sets with this seeder's RNG: as realistic as a Faker
    # instance, but with no instance to build (start-up time), and fast to draw 100,000 times.
    def _pool(self, values, size: int = POOL) -> list[str]:
        values = sorted(values)
        return sorted(set(self.rng.sample(values, min(size, len(values)))))

    @cached_property
    def first_names(self) -> list[str]:
        return self._pool(word_list("first_names"))

    @cached_property
    def last_names(self) -> list[str]:
        return self._pool(word_list("last_names"))

    @cached_property
    def words(self) -> list[str]:
        return self._pool(word_list("word_list"), POOL * 2)

    @cached_property
    def companies(self) -> list[str]:
        suffixes = word_list("company_suffixes")
        return sorted({f"{self.rng.choice(self.last_names)} {self.rng.choice(suffixes)}"
                       for _ in range(POOL // 4)})

    @cached_property
    def jobs(self) -> list[str]:
        return self._pool(word_list("jobs"))

    @cached_property
    def email_domains(self) -> list[str]:
        return sorted(set(word_list("free_email_domains")) | {"example.com", "example.org"})

    # rng.choice over each pool, drawn cheaply (chooser); each built on first use, as its pool is, so the
    # pools are drawn from the rng in the order they were before these existed
    @cached_property
    def _first_name(self) -> Callable[[], str]:
        return chooser(self.rng, self.first_names)

    @cached_property
    def _last_name(self) -> Callable[[], str]:
        return chooser(self.rng, self.last_names)

    @cached_property
    def _email_domain(self) -> Callable[[], str]:
        return chooser(self.rng, self.email_domains)

    @cached_property
    def _word(self) -> Callable[[], str]:
        return chooser(self.rng, self.words)

    def person(self, index: int) -> tuple[str, str, str, str]:
        """(first, last, login, email), unique by ``index``."""
        first = self._first_name()
        last = self._last_name()
        login = f"{first}.{last}{index}".lower().replace(" ", "").replace("'", "")
        return first, last, login, f"{login}@{self._email_domain()}"

    def title(self, words: int = 3) -> str:
        word = self._word
        return " ".join([word() for _ in range(words)]).title()

    def sentence(self, words: int = 10) -> str:
        word = self._word
        return (" ".join([word() for _ in range(words)]) + ".").capitalize()

    def past(self, max_days: float = 730, min_days: float = 0) -> float:
        """A timestamp between ``max_days`` and ``min_days`` before SEED_EPOCH (whole seconds)."""
        # rng.uniform(min_days, max_days), inlined: the same arithmetic on the same draw
        return float(int(SEED_EPOCH - (min_days + (max_days - min_days) * self.rng.random()) * 86400))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def base36(self, length: int = 13) -> str:
        alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
        first = self.rng.choice(alphabet[1:])
        return first + "".join(self.rng.choice(alphabet) for _ in range(length - 1))
