import pytest

from emulator.core.store import DuplicateKey

from .toy import Person, ToyState


def make(n=5):
    state = ToyState()
    for i in range(1, n + 1):
        state.people.insert(Person(i, f"P{i}@X.com", f"p{i}", "red" if i % 2 else "blue", 0.0))
    return state


def test_unique_index_is_case_insensitive_and_refuses_duplicates():
    state = make()
    assert state.people.by("email", "p3@x.COM").id == 3
    with pytest.raises(DuplicateKey):
        state.people.insert(Person(99, "p3@x.com", "dup", "red", 0.0))
    assert len(state.people) == 5  # the refused row left nothing behind


def test_update_keeps_indexes_true_and_is_all_or_nothing():
    state = make()
    p = state.people.get(2)
    state.people.update(p, email="new@x.com", team="red")
    assert state.people.by("email", "p2@x.com") is None
    assert state.people.by("email", "NEW@x.com") is p
    assert p in state.people.where("team", "red")
    with pytest.raises(DuplicateKey):
        state.people.update(p, email="p1@x.com", name="changed")
    assert p.name == "p2" and p.email == "new@x.com"


def test_page_is_positional_in_insertion_order_and_delete_removes_everywhere():
    state = make(30)
    assert [p.id for p in state.people.page(10, 5)] == [11, 12, 13, 14, 15]
    assert state.people.page(29, 10)[0].id == 30
    assert state.people.page(30, 10) == []
    state.people.delete(state.people.get(11))
    assert [p.id for p in state.people.page(10, 2)] == [12, 13]
    assert state.people.by("email", "p11@x.com") is None
    assert all(p.id != 11 for p in state.people.where("team", "red"))


def test_export_import_round_trip_and_bad_import_raises():
    state = make()
    state.meta["next_people"] = 6
    copy = ToyState.from_export(state.export())
    assert copy.export() == state.export()
    with pytest.raises(ValueError):
        ToyState.from_export({"tables": {"people": [{"id": 1, "nope": 2}]}})
    with pytest.raises(ValueError):
        ToyState.from_export({"tables": {"ghosts": []}})


def test_pickle_snapshot_is_a_deep_copy():
    state = make()
    blob = state.dumps()
    state.people.update(state.people.get(1), name="changed")
    restored = ToyState.loads(blob)
    assert restored.people.get(1).name == "p1"
    assert restored.people.by("email", "p1@x.com") is restored.people.get(1)


def _tables_equal(a, b):
    assert a.people._order == b.people._order and list(a.people._rows) == list(b.people._rows)
    assert a.people._unique == b.people._unique and a.people._multi == b.people._multi
    for x, y in zip(a.people, b.people, strict=True):
        assert type(x) is type(y) and list(vars(x).items()) == list(vars(y).items())


def test_pickled_rows_come_back_whole_as_value_tuples_or_as_they_are():
    state = make(40)
    state.people.delete(state.people.get(7))  # a gap: keys, order and indexes still agree after a reload
    common = ["one list, two owners"]
    state.meta["same"] = state.people.get(3).__dict__.setdefault("extra", common)  # breaks the common shape
    packed_state = make(40)
    packed_state.people.delete(packed_state.people.get(7))
    assert "_packed" in packed_state.people.__getstate__() and "_rows" not in packed_state.people.__getstate__()
    assert "_rows" in state.people.__getstate__()  # a row with an attribute the others lack: pickled as it is
    for original in (packed_state, state):
        restored = ToyState.loads(original.dumps())
        _tables_equal(original, restored)
        assert restored.export() == original.export()
    restored = ToyState.loads(state.dumps())
    assert restored.people.get(3).extra is restored.meta["same"]  # shared references stay shared
    restored.people.insert(Person(41, "p41@x.com", "p41", "red", 0.0))  # still a working table
    assert restored.people.by("email", "P41@X.COM").id == 41 and restored.people.page(38, 5)[-1].id == 41


def test_stamp_names_a_row_content_and_is_never_reused():
    state = make()
    people = state.people
    first = people.stamp(2)
    assert people.stamp(2) == first  # reads keep it
    assert people.stamp(3) != first  # rows differ
    people.update(people.get(2), name="changed")
    second = people.stamp(2)
    assert second not in (first, people.stamp(3))
    people.delete(people.get(2))
    people.insert(Person(2, "p2@x.com", "p2", "red", 0.0))  # same key, new row
    assert people.stamp(2) not in (first, second)
    assert people.stamped_page(1, 2) == [(people.stamp(3), people.get(3)), (people.stamp(4), people.get(4))]


def test_restored_and_rebuilt_tables_hand_out_new_stamps():
    """A reset or restore brings back old content under new stamps, never an old stamp with new content."""
    state = make()
    before = state.people.stamp(1)
    copy = ToyState.loads(state.dumps())
    rebuilt = ToyState.loads_chunks(state.dumps_chunks())
    seen = {before, copy.people.stamp(1), rebuilt.people.stamp(1)}
    assert len(seen) == 3
    assert state.people.stamp(1) == before  # the original keeps its own
