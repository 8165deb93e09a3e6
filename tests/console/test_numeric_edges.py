"""Console filters and cursors with Unicode digits ("¹" passes str.isdigit(), int() refuses it) or
digit runs Python will not convert: read as no filter / no cursor, never a 500."""

from __future__ import annotations

import pytest

from emulator.console import create_app


@pytest.fixture
def web(tiny):
    app = create_app({"tiny": tiny.base_url})
    app.testing = True
    yield app.test_client()
    app.extensions["console"].close()


def _ids(feed: dict) -> list:
    return [row["id"] for row in feed["rows"]] if "rows" in feed else feed


@pytest.mark.parametrize("cursor", ["tiny:\u00b9", "tiny:" + "9" * 5000, "tiny:\u0661"])
def test_a_traffic_cursor_that_is_no_number_is_no_cursor(web, tiny, cursor):
    tiny.api("/api/users/1")
    plain = web.get("/traffic/feed").get_json()
    r = web.get("/traffic/feed", query_string={"cursor": cursor})
    assert r.status_code == 200
    assert _ids(r.get_json()) == _ids(plain)


@pytest.mark.parametrize("status", ["\u00b9xx", "\u00b9", "9" * 5000])
def test_a_status_filter_that_is_no_number_matches_nothing(web, tiny, status):
    tiny.api("/api/users/1")
    for path in ("/traffic", "/traffic/feed"):
        r = web.get(path, query_string={"status": status})
        assert r.status_code == 200, (path, r.status_code)
    feed = web.get("/traffic/feed", query_string={"status": status}).get_json()
    assert _ids(feed) == []


def _token(web) -> str:
    import re

    return re.search(r'name="csrf" value="([^"]+)"', web.get("/controls").get_data(as_text=True)).group(1)


@pytest.mark.parametrize("rule_id", ["\u0661", "\u00b9"])
def test_deleting_a_fault_rule_by_a_unicode_digit_is_refused_and_keeps_every_rule(web, tiny, rule_id):
    rule = tiny.control("POST", "/faults", json={"path": "/nothing/*", "status": 503, "times": 1})
    before = tiny.control("GET", "/faults")
    r = web.post("/actions/fault-delete", data={"vendor": "tiny", "id": rule_id, "csrf": _token(web),
                                                "next": "/controls"}, follow_redirects=True)
    assert r.status_code == 200
    assert "which fault rule? (its number)" in r.get_data(as_text=True)
    assert tiny.control("GET", "/faults") == before and rule["id"] == 1


def test_a_traffic_entry_in_non_ascii_digits_is_no_entry(web, tiny):
    """/traffic/tiny/١ must not open entry 1 (Werkzeug's <int:> would read it so)."""
    tiny.api("/api/users/1")
    entry_id = _ids(web.get("/traffic/feed").get_json())[0]
    assert web.get(f"/traffic/tiny/{entry_id}").status_code == 200
    spelled = "".join(chr(0x0660 + int(d)) for d in str(entry_id))
    assert web.get(f"/traffic/tiny/{spelled}").status_code == 404
