"""Skilljar ids: the same ids for the same salt and counter as ever, and never the key of a row."""

import hashlib

from emulator.vendors.skilljar.models import Label
from emulator.vendors.skilljar.store import TABLES_FROM, SkilljarState, candidate_ids


def reference_id(salt: str, stream: str, n: int) -> str:
    """The id as first written: sha256 of "salt|n" (or "salt|stream|n"), its first 9 bytes as a number,
    that number's base-36 digits least significant first, 12 of them (13 when it is odd), never a leading 0."""
    text = f"{salt}|{n}" if stream == "object" else f"{salt}|{stream}|{n}"
    digest = int.from_bytes(hashlib.sha256(text.encode()).digest()[:9], "big")
    chars = []
    for _ in range(12 + (digest & 1)):
        digest, r = divmod(digest, 36)
        chars.append("0123456789abcdefghijklmnopqrstuvwxyz"[r])
    if chars[0] == "0":
        chars[0] = "1"
    return "".join(chars)


def test_ids_are_the_ones_the_salt_and_counter_always_gave():
    state = SkilljarState()
    state.meta["id_salt"] = "8413"
    for stream in ("object", "records"):
        made = [state.new_id(stream) for _ in range(3000)]
        assert made == [reference_id("8413", stream, n) for n in range(1, 3001)]
    assert {len(i) for i in made} == {12, 13} and any(i.startswith("1") for i in made)


def test_a_large_run_of_candidates_gives_the_ids_one_at_a_time_does():
    # a run of TABLES_FROM or more ids takes the three-digit tables; fewer, one division per digit
    run = candidate_ids("8413|", 1, 5000)
    assert run == [candidate_ids("8413|", n, 1)[0] for n in range(1, 5001)]
    assert run == [reference_id("8413", "object", n) for n in range(1, 5001)]
    assert candidate_ids("8413|records|", 7, TABLES_FROM - 1) == [reference_id("8413", "records", n)
                                                                   for n in range(7, 7 + TABLES_FROM - 1)]


def test_an_id_a_row_holds_or_a_reserved_one_is_skipped():
    state = SkilljarState()
    state.meta["id_salt"] = "s"
    state.labels.insert(Label(id=reference_id("s", "object", 1), name="taken"))
    assert state.new_id() == reference_id("s", "object", 2)
    with state.reserving() as reserved:
        reserved.add(reference_id("s", "object", 3))
        assert state.new_id() == reference_id("s", "object", 4)
    state.meta["next_object"] = 3
    assert state.new_id() == reference_id("s", "object", 3)  # reserving over: that id is free again


def test_a_salt_with_a_percent_sign_hashes_as_written():
    state = SkilljarState()
    state.meta["id_salt"] = "50%d|%s"
    assert [state.new_id() for _ in range(3)] == [reference_id("50%d|%s", "object", n) for n in (1, 2, 3)]


def test_an_id_run_gives_the_ids_new_id_would_and_leaves_the_counter_where_new_id_would(monkeypatch):
    import emulator.vendors.skilljar.store as ids

    monkeypatch.setattr(ids, "RUN_CHUNK", 7)  # candidates checked in chunks: cross a few chunk boundaries
    one, run = SkilljarState(), SkilljarState()
    for state in (one, run):
        state.meta["id_salt"] = "9"
        state.labels.insert(Label(id=reference_id("9", "object", 12), name="taken"))  # skipped: a row's key
        state.new_id()
    with one.reserving() as reserved:
        wanted = []
        for n in range(40):
            wanted.append(one.new_id())
            if n % 3 == 0:
                reserved.add(reference_id("9", "object", 30 + n))  # a later candidate, reserved before its turn
    with run.reserving() as reserved, run.id_run() as new_id:
        got = []
        for n in range(40):
            got.append(new_id())
            if n % 3 == 0:
                reserved.add(reference_id("9", "object", 30 + n))
    assert got == wanted and reference_id("9", "object", 12) not in got
    assert run.meta["next_object"] == one.meta["next_object"]
    assert run.new_id() == one.new_id()


def test_a_table_written_during_an_id_run_is_refused():
    import pytest

    state = SkilljarState()
    state.meta["id_salt"] = "w"
    with pytest.raises(RuntimeError), state.id_run() as new_id:
        new_id()
        state.labels.insert(Label(id=new_id(), name="written meanwhile"))
    with pytest.raises(RuntimeError), state.id_run() as new_id:
        new_id()
        state.new_id()  # the stream's counter taken outside the run
