"""The replay server stays bounded whatever it is sent or asked to load (issue 14, item 8)."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from emulator import replay
from emulator.cassettes import FIXTURES, CassetteError, load_cassettes, vendor_cassettes


@pytest.fixture(scope="module")
def server():
    with replay.replay_server(vendor_cassettes("skilljar")) as running:
        yield running


def http():
    session = requests.Session()
    session.trust_env = False
    return session


def test_deeply_nested_json_is_a_miss_not_a_500(server):
    with http() as s:
        for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000):
            r = s.post(server.base_url + "/v1/users", data=body, headers={"Content-Type": "application/json"},
                       timeout=60)
            assert r.status_code == 404 and r.headers["X-Replay"] == "miss"


def test_a_body_over_the_limit_is_413(server):
    with http() as s:
        r = s.post(server.base_url + "/v1/users", data=b"x" * (replay.MAX_BODY_BYTES + 1), timeout=60)
        assert r.status_code == 413


def test_a_huge_path_is_414_and_the_closest_match_compares_bounded_heads(server, monkeypatch):
    with http() as s:
        assert s.get(server.base_url + "/v1/" + "x" * 60_000, timeout=60).status_code == 414
    seen = []
    real = difflib.SequenceMatcher

    def spy(isjunk, a, b):
        seen.append(max(len(a), len(b)))
        return real(isjunk, a, b)

    monkeypatch.setattr(replay.difflib, "SequenceMatcher", spy)
    found = server.app.closest("GET", "/v1/" + "y" * 8000, b"", "")
    assert found is not None and seen and max(seen) <= replay.COMPARED_CHARS
    with http() as s:
        assert s.get(server.base_url + "/_emulator/health", timeout=60).status_code == 200


def test_a_file_that_never_ends_is_refused_not_read_forever(tmp_path):
    with pytest.raises(CassetteError, match="not a cassette"):
        load_cassettes("/dev/zero")
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(70 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(CassetteError, match="not a cassette"):
        load_cassettes(big)


def test_replay_of_dev_zero_ends_with_one_line():
    cli = Path(sys.executable).parent / "lms-emulator"
    run = subprocess.run([str(cli), "replay", "/dev/zero", "--port", "0"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0 and "not a cassette" in run.stderr
    assert FIXTURES.exists()
