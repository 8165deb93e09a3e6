"""core.rendered and the store's versions: what the REST render cache (decision 005) relies on."""

from __future__ import annotations

import json
from dataclasses import dataclass

from emulator.core.rendered import JsonBody, Rendered, json_array, json_object
from emulator.core.store import State, Table, TableSpec


@dataclass
class Row:
    id: int
    name: str


class Toy(State):
    tables = {"rows": TableSpec(Row)}


def test_a_table_version_changes_on_every_write_and_touch_and_is_never_reused():
    table = Table(TableSpec(Row))
    seen = [table.version()]
    assert table.version() == seen[0]  # stable while nothing is written
    row = table.insert(Row(1, "a"))
    other = table.insert(Row(2, "b"))
    for write in (lambda: table.insert(Row(3, "c")), lambda: table.update(row, name="z"),
                  lambda: table.delete(other), lambda: table.touch(1)):
        seen.append(table.version())
        write()
    seen.append(table.version())
    assert len(set(seen)) == len(seen)


def test_touch_drops_only_that_rows_stamp():
    table = Table(TableSpec(Row))
    table.insert(Row(1, "a"))
    table.insert(Row(2, "b"))
    one, two = table.stamp(1), table.stamp(2)
    table.touch(1)
    assert table.stamp(1) != one and table.stamp(2) == two


def test_the_cache_belongs_to_its_state_and_is_never_pickled():
    state = Toy()
    state.rows.insert(Row(1, "a"))
    version = state.rows.version()
    state.rendered.rows("scope", [state.rows.get(1)], lambda r: state.rows.stamp(r.id), lambda r: {"id": r.id})
    assert len(state.rendered) == 1
    copy = State.loads(state.dumps())
    assert len(copy.rendered) == 0 and copy.rendered is not state.rendered
    assert copy.rows.version() != version  # a restored table never meets an old version


def test_rows_are_rendered_once_per_key_and_kept_under_the_key_after_rendering():
    cache = Rendered()
    calls = []
    keys = {1: 10}

    def render(row):
        calls.append(row)
        keys[row] = 11  # a rendering that writes (a minted login key): the key it leaves names the text
        return {"row": row}

    assert cache.rows("s", [1], keys.get, render) == [b'{"row":1}']
    assert cache.rows("s", [1], keys.get, render) == [b'{"row":1}']
    assert calls == [1]  # kept under 11, the key the second read asks for
    assert cache.rows("other scope", [1], keys.get, render) == [b'{"row":1}'] and calls == [1, 1]


def test_the_cache_empties_itself_over_its_bound():
    cache = Rendered(limit=3 * (Rendered.ENTRY_OVERHEAD + 9))
    for n in range(10):
        assert cache.rows("s", [n], lambda r: r, lambda r: {"n": r}) == [f'{{"n":{n}}}'.encode()]
        assert cache.size <= cache.limit and len(cache) <= 3
    cache.clear()
    assert len(cache) == 0 and cache.size == 0


def test_spliced_bodies_equal_json_dumps():
    items = [{"id": 1, "name": "é\"x"}, {"id": 2, "name": None}]
    encoded = [json.dumps(i, separators=(",", ":")).encode() for i in items]
    assert json_array(encoded) == json.dumps(items, separators=(",", ":")).encode()
    assert json_array([]) == b"[]" and isinstance(json_array([]), JsonBody)
    payload = {"type": "users", "users": None, "total": 2, "page": {"n": 1}}
    expected = json.dumps({**payload, "users": items}, separators=(",", ":")).encode()
    assert json_object(payload, users=encoded) == expected
    assert json_object({"a": 1, "b": []}, b=[]) == b'{"a":1,"b":[]}'
