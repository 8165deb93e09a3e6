"""Concurrent writes lose and duplicate nothing, rate limits admit exactly their limit under many threads,
and seeded random requests to every vendor route get no 5xx (the README's reliability figures)."""

from __future__ import annotations

import json
import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from emulator.core.clock import Clock
from emulator.core.ratelimit import RateLimiter, Window

THREADS = 20
PER_THREAD = 5
FUZZ_PER_VENDOR = 400


def session(auth):
    s = requests.Session()
    s.trust_env = False
    s.auth = auth
    return s


def signup(http, url, n: int, tag: str):
    return http.post(url, data={"first_name": f"R{n}", "last_name": "Race", "email": f"{tag}{n}@race.example",
                                "login": f"{tag}{n}", "password": "Secret123"}, timeout=60)


def test_concurrent_creates_lose_and_duplicate_nothing(talentlms):
    users = talentlms.tenant.state.users
    before = len(users)
    url = talentlms.url("/api/v1/usersignup")

    def worker(t: int) -> list[int]:
        with session(talentlms.auth) as http:
            return [signup(http, url, t * PER_THREAD + i, "u").status_code for i in range(PER_THREAD)]

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = [s for batch in pool.map(worker, range(THREADS)) for s in batch]
    assert statuses == [200] * THREADS * PER_THREAD
    assert len(users) == before + THREADS * PER_THREAD
    emails = [u.email for u in users if u.email.endswith("@race.example")]
    assert len(emails) == len(set(emails)) == THREADS * PER_THREAD


def test_the_same_create_raced_wins_once(talentlms):
    url = talentlms.url("/api/v1/usersignup")
    barrier = threading.Barrier(THREADS)

    def worker(_):
        with session(talentlms.auth) as http:
            barrier.wait()
            return signup(http, url, 0, "same").status_code

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(worker, range(THREADS)))
    assert statuses.count(200) == 1 and all(s in (200, 400, 403, 409) for s in statuses), statuses
    assert sum(1 for u in talentlms.tenant.state.users if u.email == "same0@race.example") == 1


def test_a_rate_window_admits_exactly_its_limit_under_64_threads():
    clock = Clock()
    clock.freeze(1_000_000.0)
    limiter = RateLimiter([Window("5s", 200, 5), Window("hour", 250, 3600)], clock)
    barrier = threading.Barrier(64)

    def worker(_):
        barrier.wait()
        return sum(limiter.hit() is None for _ in range(10))

    with ThreadPoolExecutor(64) as pool:
        assert sum(pool.map(worker, range(64))) == 200


# --- seeded fuzz -------------------------------------------------------------------------------

ODD = ["", "0", "-1", "99999999999999999999", "1.5", "null", "true", "%00", "é", "\u202e", "a" * 300, "../x",
       "[]", "{}", "%", "id:1", "' OR 1=1 --", "\ufeff", "1e309", "NaN"]


def fuzz_body(rng: random.Random) -> tuple[bytes, str]:
    kind = rng.randrange(5)
    if kind == 0:
        return b"", ""
    if kind == 1:
        obj = {rng.choice(["name", "email", "user", "first_name", "id", "x"]): rng.choice(
            [rng.choice(ODD), rng.randrange(-5, 10**6), None, [], {"email": rng.choice(ODD)}, True])
            for _ in range(rng.randrange(1, 4))}
        return json.dumps(obj).encode(), "application/json"
    if kind == 2:
        return "&".join(f"{rng.choice(['name', 'email', 'login'])}={rng.choice(ODD)}"
                        for _ in range(3)).encode(), "application/x-www-form-urlencoded"
    if kind == 3:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64))), rng.choice(
            ["application/json", "text/plain", "application/scim+json"])
    return rng.choice([b'{"a": [[[[', b"[1,2", b'"\\ud800"', b"{\"a\": NaN}"]), "application/json"


@pytest.mark.parametrize("vendor", ["talentlms", "skilljar", "lessonly"])
def test_seeded_random_requests_to_every_route_get_no_5xx(request, vendor):
    handle = request.getfixturevalue(vendor)
    rng = random.Random(f"fuzz-{vendor}")
    rules = [r for r in handle.emulator.app.url_map.iter_rules() if not r.rule.startswith("/_emulator")]
    http = session(handle.auth)
    fives = []
    for _ in range(FUZZ_PER_VENDOR):
        rule = rng.choice(rules)
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: requests.utils.quote(rng.choice(ODD + ["1", "2"]), safe=""),
                      rule.rule)
        method = rng.choice(sorted((rule.methods or {"GET"}) - {"HEAD", "OPTIONS"}) + ["DELETE", "PATCH"])
        body, ctype = fuzz_body(rng)
        query = "&".join(f"{rng.choice(['page', 'per_page', 'page_size', 'filter', 'q'])}={requests.utils.quote(v)}"
                         for v in rng.sample(ODD, rng.randrange(0, 3)))
        headers = {"Content-Type": ctype} if ctype else {}
        r = http.request(method, handle.url(path) + ("?" + query if query else ""), data=body, headers=headers,
                         timeout=60)
        if r.status_code >= 500:
            fives.append((method, path, r.status_code))
    http.close()
    assert fives == []
