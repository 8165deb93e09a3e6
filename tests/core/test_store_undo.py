"""State.record / State.undo (decision 002): a reset takes back exactly the writes since the baseline."""

import pickle

from .toy import Person, ToyState


def make(n=8):
    state = ToyState()
    for i in range(1, n + 1):
        state.people.insert(Person(i, f"P{i}@X.com", f"p{i}", "red" if i % 2 else "blue", 0.0))
        state.next_id("people")
    return state


def picture(state):
    """Everything a read can see: rows in order (and the dict's order, which iteration follows), every
    index with its bucket order, meta."""
    t = state.people
    return (state.export(), [p.id for p in t], list(t._order), dict(t._unique["email"]),
            {k: list(v) for k, v in t._multi["team"].items()}, dict(state.meta))


def test_undo_takes_back_inserts_updates_deletes_in_the_middle_and_bucket_order():
    state = make()
    state.record()
    before = picture(state)
    t = state.people
    t.update(t.get(3), team="blue", email="moved@x.com")  # leaves the middle of the "red" bucket
    t.delete(t.get(2))  # from the middle of the table and of the "blue" bucket
    t.insert(Person(state.next_id("people"), "new@x.com", "new", "red", 1.0))
    t.update(t.get(9), name="renamed")
    t.delete(t.get(9))
    t.delete(t.get(8))  # the last row
    t.update(t.get(5), name="same bucket")  # an unchanged team: the row keeps its place in its bucket
    state.meta["extra"] = {"nested": [1]}
    assert picture(state) != before
    assert state.undo()
    assert picture(state) == before
    assert t.by("email", "p3@x.com").id == 3 and t.by("email", "moved@x.com") is None
    assert [p.id for p in t.where("team", "red")] == [1, 3, 5, 7]


def test_an_update_moves_only_the_index_entries_of_values_that_change():
    state = make()
    t = state.people
    t.update(t.get(1), name="renamed")
    assert [p.id for p in t.where("team", "red")] == [1, 3, 5, 7]
    t.update(t.get(1), team="blue")
    t.update(t.get(1), team="red")  # took the value anew: after the others
    assert [p.id for p in t.where("team", "red")] == [3, 5, 7, 1]


def test_undone_rows_get_new_stamps_and_touched_tables_new_versions():
    state = make()
    state.record()
    t = state.people
    stamps = {i: t.stamp(i) for i in (1, 2, 3)}
    version = t.version()
    t.update(t.get(1), name="x")
    t.touch(2)
    changed = {i: t.stamp(i) for i in (1, 2)}
    assert state.undo()
    assert t.stamp(3) == stamps[3]  # untouched: its cached renderings stay good
    for i in (1, 2):
        assert t.stamp(i) not in (stamps[i], changed[i])
    assert t.version() != version


def test_a_read_only_undo_does_nothing_and_a_copy_does_not_record():
    state = make()
    state.record()
    rows = list(state.people)
    assert state.undo() and list(state.people) == rows and all(a is b for a, b in zip(rows, state.people, strict=True))
    copy = pickle.loads(state.dumps())
    assert not copy.recording() and not copy.undo()
    assert pickle.loads(pickle.dumps(state.people))._undo is None


def test_the_log_gives_up_past_its_limit_and_clear_gives_up():
    state = make()
    state.record()
    state.__dict__["_recorded"][0].limit = 3
    for i in range(4):
        state.people.update(state.people.get(1), name=f"n{i}")
    assert not state.recording() and not state.undo()
    other = make()
    other.record()
    other.people.clear()
    assert not other.recording()
