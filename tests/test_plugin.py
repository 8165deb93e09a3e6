"""The pytest plugin's handle, as a test author uses it (on the toy vendor), and its registration."""

import pytest
import requests

from emulator.plugin import EmulatorSession

from .core.toy import TOY

@pytest.fixture(scope="module")
def session():
    s = EmulatorSession(vendors={"toy": TOY})
    yield s
    s.close()


@pytest.fixture
def toy(session):
    handle = session.vendor("toy")
    handle.reset()
    return handle


def test_handle_gives_url_credentials_and_an_authenticated_session(toy):
    assert toy.base_url.startswith("http://127.0.0.1:") and toy.auth == ("toykey", "")
    assert toy.http.get(toy.url("/toy/people/1")).status_code == 200
    assert requests.get(toy.url("toy/people/1")).status_code == 401


def test_assert_calls_counts_and_explains(toy):
    toy.http.get(toy.url("/toy/people/1"))
    toy.http.get(toy.url("/toy/people/2"))
    toy.assert_calls(2, path_contains="/toy/people")
    with pytest.raises(AssertionError, match=r"expected 1 call\(s\).*got 2:\n  GET /toy/people/1 -> 200"):
        toy.assert_calls(1, path_contains="/toy/people")


def test_fault_advance_and_seed(toy):
    toy.fault(path="/toy/people/*", status=500, times=1)
    assert toy.http.get(toy.url("/toy/people/1")).status_code == 500
    toy.freeze(1_000_000.0)
    for _ in range(3):
        toy.http.get(toy.url("/toy/people/1"))
    assert toy.http.get(toy.url("/toy/people/1")).status_code == 429
    toy.advance(5)
    assert toy.http.get(toy.url("/toy/people/1")).status_code == 200
    toy.seed(people=3)
    assert len(toy.tenant.state.people) == 3


def test_freeze_takes_what_the_control_api_takes(toy):
    from datetime import datetime, timedelta, timezone

    toy.freeze("2030-01-01T00:00:00Z")
    assert toy.emulator.clock.now() == 1893456000.0
    toy.freeze(datetime(2030, 1, 1, 2, tzinfo=timezone(timedelta(hours=2))))
    assert toy.emulator.clock.now() == 1893456000.0
    toy.freeze(1893456060)
    assert toy.emulator.clock.now() == 1893456060.0
    for bad in ("2030-01-01T00:00:00", "soon", datetime(2030, 1, 1), -1, True):  # no offset, not a time
        with pytest.raises(ValueError, match="epoch seconds, an ISO 8601"):
            toy.freeze(bad)
    assert toy.emulator.clock.now() == 1893456060.0  # a refused call leaves the clock as it was


def test_handle_reset_undoes_data_faults_clock_reseeds_tenants_and_snapshots(toy):
    toy.http.post(toy.url("/toy/people"), data={"email": "leak@x.com"})
    toy.fault(path="*", status=418)
    toy.freeze(5.0)
    toy.seed(people=3)
    toy.emulator.add_tenant(type(toy.tenant.config)(vendor="toy", name="extra", api_key="extra-key"))
    toy.tenant.snapshot("mine")
    toy.tenant.config.settings["policy"] = "changed at run time"
    toy.reset()  # what the plugin's function fixtures do before every test
    assert toy.tenant.state.people.by("email", "leak@x.com") is None
    assert len(toy.tenant.state.people) == 25
    assert toy.emulator.faults.list() == [] and toy.journal() == []
    assert not toy.emulator.clock.frozen
    assert [t.name for t in toy.emulator.tenants] == ["demo"]
    assert toy.tenant.snapshots == {} and toy.tenant.config.settings == {}


def test_plugin_is_registered_by_entry_point(pytestconfig, request):
    # this very run loaded it through the pytest11 entry point named in pyproject.toml
    plugin = pytestconfig.pluginmanager.get_plugin("lms_emulator")
    assert plugin is not None and plugin.__name__ == "emulator.plugin"
    assert pytestconfig.getoption("--lms-emulator-config") is None
    for name in ("lms_emulator", "talentlms", "skilljar", "lessonly"):
        assert request._fixturemanager.getfixturedefs(name, request.node), name
