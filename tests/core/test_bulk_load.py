"""Table.insert_many: the table inserting the rows one by one would leave, loaded in one go."""

import pytest

from emulator.core.store import DuplicateKey, Table, TableSpec

from .toy import Person, ToyState


def people(start, stop, team=lambda i: "red" if i % 3 else "blue"):
    return [Person(i, f"P{i}@X.com", f"p{i}", team(i), 0.0) for i in range(start, stop)]


def test_insert_many_leaves_the_table_inserts_would():
    one, bulk = ToyState(), ToyState()
    for row in people(1, 4) + people(4, 40):
        one.people.insert(row)
    bulk.people.insert_many(people(1, 4))
    bulk.people.insert_many(people(4, 40))
    assert bulk.people.export() == one.people.export()
    assert bulk.people.keys() == one.people.keys()
    assert [p.id for p in bulk.people.page(30, 5)] == [31, 32, 33, 34, 35]
    assert bulk.people.by("email", "p7@x.COM").id == 7
    assert [p.id for p in bulk.people.where("team", "blue")] == [p.id for p in one.people.where("team", "blue")]
    assert bulk.people._unique == one.people._unique and bulk.people._multi == one.people._multi


def test_insert_many_changes_the_tables_version_and_gives_new_rows_stamps():
    state = ToyState()
    state.people.insert_many(people(1, 3))
    before = state.people.version()
    state.people.insert_many(people(3, 5))
    assert state.people.version() != before
    assert state.people.stamp(3) != state.people.stamp(4)


@pytest.mark.parametrize("rows", [
    people(3, 6),  # a key already in the table
    people(10, 12) + people(11, 12),  # a key twice among the rows
    [Person(20, "p1@x.com", "dup", "red", 0.0)],  # a unique value already in the table (case aside)
    [Person(20, "same@x.com", "a", "red", 0.0), Person(21, "SAME@x.com", "b", "red", 0.0)],  # twice among them
])
def test_insert_many_refuses_a_duplicate_before_changing_anything(rows):
    state = ToyState()
    state.people.insert_many(people(1, 5))
    before = (state.people.export(), dict(state.people._unique["email"]), state.people.count_where("team", "red"))
    with pytest.raises(DuplicateKey):
        state.people.insert_many(rows)
    assert (state.people.export(), dict(state.people._unique["email"]),
            state.people.count_where("team", "red")) == before


def test_a_table_that_notes_its_inserts_gets_each_row_through_insert():
    noted = []

    class Noting(Table):
        def insert(self, row):
            noted.append(row.id)
            return Table.insert(self, row)

    table = Noting(TableSpec(Person, unique={"email": str.lower}, multi={"team": str}))
    table.insert_many(people(1, 4))
    assert noted == [1, 2, 3] and len(table) == 3


def test_list_values_are_indexed_under_each_item_as_insert_does():
    spec = TableSpec(Person, multi={"team": str})
    one, bulk = Table(spec), Table(spec)
    rows = [Person(i, f"{i}@x.com", "n", [f"t{i % 2}", "all"] if i % 3 else [], 0.0) for i in range(9)]
    for row in rows:
        one.insert(row)
    bulk.insert_many(rows)
    assert bulk._multi == one._multi and [p.id for p in bulk.where("team", "all")] == [1, 2, 4, 5, 7, 8]


def test_indexes_keep_the_order_rows_took_their_values_with_empty_and_odd_values_among_them():
    # the all-strings path (one map per field) and the value-by-value path leave the same indexes, in order
    spec = TableSpec(Person, unique={"email": str.lower}, multi={"team": str})
    for teams in (lambda i: "red" if i % 3 else "blue", lambda i: "" if i % 4 == 0 else "red",
                  lambda i: None if i == 5 else f"t{i % 2}"):
        one, bulk = Table(spec), Table(spec)
        rows = [Person(i, "" if i == 3 else f"P{i}@x.com", "n", teams(i), 0.0) for i in range(12)]
        for row in rows:
            one.insert(row)
        bulk.insert_many(rows)
        assert list(bulk._unique["email"].items()) == list(one._unique["email"].items())
        assert [(v, list(keys)) for v, keys in bulk._multi["team"].items()] == \
            [(v, list(keys)) for v, keys in one._multi["team"].items()]


def test_holding_answers_which_keys_rows_have():
    table = Table(TableSpec(Person))
    table.insert_many(people(1, 6))
    assert table.holding({0, 2, 5, 9}) == {2, 5}
    assert table.holding(set()) == set() and Table(TableSpec(Person)).holding({1}) == set()
