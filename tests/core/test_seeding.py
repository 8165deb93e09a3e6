"""The seeding helpers a million-user seed runs on draw exactly what the random module would."""

import gc
import random

import pytest

from emulator.core.seeding import Seeder, chooser, paused_gc, ranger


@pytest.mark.parametrize("size", [1, 2, 3, 4, 7, 8, 10, 61, 400, 1000])
def test_chooser_and_ranger_draw_what_choice_and_randint_draw(size):
    values = [f"v{i}" for i in range(size)]
    mine, theirs = random.Random(size), random.Random(size)
    choose, draw = chooser(mine, values), ranger(mine, 3, 3 + size - 1)
    for _ in range(300):
        assert choose() == theirs.choice(values)
        assert draw() == theirs.randint(3, 3 + size - 1)
        assert mine.random() == theirs.random()  # interleaved with other draws: the same stream


def test_chooser_and_ranger_refuse_what_choice_and_randint_refuse():
    with pytest.raises(IndexError):
        chooser(random.Random(1), [])
    with pytest.raises(ValueError):
        ranger(random.Random(1), 5, 4)


def test_seeder_people_and_words_come_from_the_same_draws_as_rng_choice():
    """person/title/sentence use choosers; a Seeder drawing with rng.choice in the same order agrees."""
    fast, slow = Seeder(3, "x"), Seeder(3, "x")
    for i in range(200):
        first = slow.rng.choice(slow.first_names)
        last = slow.rng.choice(slow.last_names)
        login = f"{first}.{last}{i}".lower().replace(" ", "").replace("'", "")
        assert fast.person(i) == (first, last, login, f"{login}@{slow.rng.choice(slow.email_domains)}")
        assert fast.title(2) == " ".join(slow.rng.choice(slow.words) for _ in range(2)).title()
        assert fast.past(30, 1) == float(int(1767225600.0 - slow.rng.uniform(1, 30) * 86400))


def test_paused_gc_turns_the_collector_back_on_only_if_it_was_on():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("a failing seed")
    assert gc.isenabled()
