"""Skilljar ids: the same ids for the same salt and counter as ever, and never the key of a row."""

import hashlib

from emulator.vendors.skilljar.models import Label
from emulator.vendors.skilljar.store import SkilljarState


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
