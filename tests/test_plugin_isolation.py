"""Through the real plugin fixtures, in one worker, in order: nothing a test does reaches the next."""

pytest_plugins = ["pytester"]

TESTS = '''
import requests

def test_one_changes_everything(skilljar):
    r = requests.post(skilljar.url("/_emulator/skilljar/webhook-policy"), json={"max_attempts": 1})
    assert r.status_code == 200
    skilljar.seed(users=3)
    skilljar.fault(path="*", status=503)
    skilljar.freeze(1000.0)

def test_two_sees_none_of_it(skilljar):
    policy = requests.get(skilljar.url("/_emulator/skilljar/webhook-policy")).json()["policy"]
    assert policy["max_attempts"] != 1
    assert skilljar.http.get(skilljar.url("/v1/users")).json()["count"] == 50
    assert not skilljar.emulator.clock.frozen and skilljar.emulator.faults.list() == []
'''


def test_state_settings_faults_and_clock_never_leak_between_tests(pytester):
    pytester.makepyfile(test_isolation=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:xdist", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
