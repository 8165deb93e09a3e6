"""Each pytest-xdist worker gets its own emulator; state never leaks between tests or workers."""

pytest_plugins = ["pytester"]

TESTS = '''
import os
import pytest

@pytest.mark.parametrize("n", range(6))
def test_signup_same_user_everywhere(talentlms, n):
    form = {"first_name": "Ada", "last_name": "L", "email": "ada@example.com", "login": "ada",
            "password": "Secret123"}
    r = talentlms.http.post(talentlms.url("/api/v1/usersignup"), data=form)
    assert r.status_code == 200, r.text  # a leak from another test would make this a duplicate
    talentlms.assert_calls(1, path_contains="usersignup")
    out = os.environ["PYTEST_XDIST_WORKER"] + " " + talentlms.base_url
    with open(os.path.join(os.environ["OUT_DIR"], f"{n}.txt"), "w") as fh:
        fh.write(out)
'''


def test_workers_have_their_own_emulators(pytester, tmp_path, monkeypatch):
    monkeypatch.setenv("OUT_DIR", str(tmp_path))
    pytester.makepyfile(test_leak=TESTS)
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6)
    seen = {}
    for path in tmp_path.glob("*.txt"):
        worker, url = path.read_text().split()
        seen.setdefault(worker, set()).add(url)
    assert len(seen) == 2, seen  # both workers ran tests...
    urls = [next(iter(u)) for u in seen.values()]
    assert all(len(u) == 1 for u in seen.values()) and urls[0] != urls[1]  # ...each on its own server
