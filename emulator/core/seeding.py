"""The seeded source of realistic data: the same seed gives byte-identical data and ids.

Faker is the source of realism; drawing 100,000 users one Faker call at a time is slow, so
:class:`Seeder` draws pools of names and words from Faker once and then combines them with its own
seeded ``random.Random``. Timestamps of seeded data count back from a fixed instant, not from "now",
so two runs with one seed produce the same bytes.
"""

from __future__ import annotations

import hashlib
import random
from functools import cached_property

SEED_EPOCH = 1767225600.0  # 2026-01-01T00:00:00Z: seeded data happens before this instant
POOL = 400


def derive_seed(seed: int, *parts: str) -> int:
    digest = hashlib.sha256(("|".join([str(seed), *parts])).encode()).digest()
    return int.from_bytes(digest[:8], "big")


class Seeder:
    def __init__(self, seed: int, *scope: str) -> None:
        self.seed = derive_seed(seed, *scope)
        self.rng = random.Random(self.seed)

    @cached_property
    def faker(self):
        from faker import Faker  # imported on first use: it costs ~0.2 s

        fake = Faker("en_US")
        fake.seed_instance(self.seed)
        return fake

    @cached_property
    def first_names(self) -> list[str]:
        return sorted({self.faker.first_name() for _ in range(POOL)})

    @cached_property
    def last_names(self) -> list[str]:
        return sorted({self.faker.last_name() for _ in range(POOL)})

    @cached_property
    def words(self) -> list[str]:
        return sorted({w for w in self.faker.words(POOL * 2)})

    @cached_property
    def companies(self) -> list[str]:
        return sorted({self.faker.company() for _ in range(POOL // 4)})

    @cached_property
    def email_domains(self) -> list[str]:
        return sorted({self.faker.free_email_domain() for _ in range(20)} | {"example.com", "example.org"})

    def person(self, index: int) -> tuple[str, str, str, str]:
        """(first, last, login, email), unique by ``index``."""
        first = self.rng.choice(self.first_names)
        last = self.rng.choice(self.last_names)
        login = f"{first}.{last}{index}".lower().replace(" ", "").replace("'", "")
        email = f"{login}@{self.rng.choice(self.email_domains)}"
        return first, last, login, email

    def title(self, words: int = 3) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(words)).title()

    def sentence(self, words: int = 10) -> str:
        return (" ".join(self.rng.choice(self.words) for _ in range(words)) + ".").capitalize()

    def past(self, max_days: float = 730, min_days: float = 0) -> float:
        """A timestamp between ``max_days`` and ``min_days`` before SEED_EPOCH (whole seconds)."""
        return float(int(SEED_EPOCH - self.rng.uniform(min_days, max_days) * 86400))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def base36(self, length: int = 13) -> str:
        alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
        first = self.rng.choice(alphabet[1:])
        return first + "".join(self.rng.choice(alphabet) for _ in range(length - 1))
