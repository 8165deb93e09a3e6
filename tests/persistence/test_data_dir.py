"""A data dir keeps everything a tenant is, through every whole-state operation, and refuses what it
cannot read with one line. In-process emulators: closing one and opening another on the same dir is
a restart (the kill -9 test does it with real processes)."""

from __future__ import annotations

import dataclasses
import pickle
import sqlite3
from dataclasses import dataclass

import pytest

from emulator import vendors
from emulator.config import Config, ConfigError, TenantConfig
from emulator.core import persist
from emulator.core.emulator import Emulator
from emulator.core.store import State, Table, TableSpec
from tests.core import toy
from tests.core.toy import TOY, Person

TOY_AUTH = ("toykey", "")


def everything(emulator: Emulator) -> dict:
    """What a restart must give back: per tenant its rows and meta, snapshots, switches, settings; the clock."""
    out = {"clock": emulator.clock.settings()}
    for t in emulator.tenants:
        out[t.name] = {"state": t.export(), "snapshots": {k: State.loads(v).export() for k, v in t.snapshots.items()},
                       "config": t.config.to_dict(), "switches": t.switches, "plan": t.plan}
    return out


@pytest.fixture
def toy_dir(tmp_path):
    opened = []

    def open_() -> Emulator:  # the toy's demo tenant, without its rate limits
        demo = TenantConfig(vendor="toy", name="demo", api_key="toykey", plan="unlimited")
        emulator = Emulator(TOY, Config(data_dir=str(tmp_path / "data"), tenants=[demo]))
        opened.append(emulator)
        return emulator

    yield open_
    for emulator in opened:
        emulator.close()  # closing twice is harmless


def restart(emulator: Emulator, open_) -> Emulator:
    emulator.close()
    return open_()


def add(client, email: str, status: int = 201) -> dict:
    r = client.post("/toy/people", data={"email": email, "name": email.split("@")[0]}, auth=TOY_AUTH)
    assert r.status_code == status, r.json
    return r.json


def test_off_by_default_nothing_is_wrapped_and_no_file_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    emulator = Emulator(TOY, Config())
    tenant = emulator.tenants.first()
    assert emulator.persist is None and tenant.persist is None
    assert type(tenant.state.people) is Table and type(tenant.state.meta) is dict
    add(emulator.app.test_client(), "plain@example.com")
    tenant.reset()
    assert type(tenant.state.people) is Table and list(tmp_path.iterdir()) == []


def test_rows_snapshots_created_tenants_switches_and_clock_survive_a_restart(toy_dir):
    emulator = toy_dir()
    client = emulator.app.test_client()
    add(client, "one@example.com")
    assert client.post("/_emulator/snapshots", json={"name": "after-one"}).status_code == 201
    add(client, "two@example.com")
    made = client.post("/_emulator/tenants", json={"name": "made", "api_key": "madekey", "switches": {"mode": "b"},
                                                   "settings": {"x": 1}})
    assert made.status_code == 201
    add(emulator.app.test_client(), "three@example.com")
    madeclient = emulator.app.test_client()
    r = madeclient.post("/toy/people", data={"email": "m@example.com"}, auth=("madekey", ""))
    assert r.status_code == 201
    assert client.post("/_emulator/clock", json={"freeze": True, "at": 2_000_000_000}).status_code == 200
    before = everything(emulator)

    again = restart(emulator, toy_dir)
    assert everything(again) == before
    assert [t.name for t in again.tenants] == ["demo", "made"]
    assert again.tenants.get("made").switch("mode") == "b" and again.clock.now() == 2_000_000_000
    client = again.app.test_client()
    assert add(client, "four@example.com")["id"] == 29  # the id counter came back with the rows
    add(client, "one@example.com", status=400)  # and so did the unique index


def test_a_running_clock_keeps_its_offset(toy_dir):
    emulator = toy_dir()
    emulator.app.test_client().post("/_emulator/clock", json={"advance": 86400})
    offset = emulator.clock.settings()["offset"]
    again = restart(emulator, toy_dir)
    assert not again.clock.frozen and again.clock.settings()["offset"] == pytest.approx(offset)


@pytest.mark.parametrize("operation", ["reset", "reseed", "restore", "import", "drop snapshot", "pristine"])
def test_whole_state_operations_are_stored_as_they_answer(toy_dir, operation):
    emulator = toy_dir()
    client = emulator.app.test_client()
    tenant = emulator.tenants.first()
    add(client, "kept@example.com")
    client.post("/_emulator/snapshots", json={"name": "s"})
    add(client, "later@example.com")
    client.post("/_emulator/tenants", json={"name": "made", "api_key": "madekey"})
    if operation == "reset":
        assert client.post("/_emulator/reset", json={"tenant": "demo"}).status_code == 200
        assert len(tenant.state.people) == 25
    elif operation == "reseed":
        assert client.post("/_emulator/seed", json={"seed": 7, "sizes": {"people": 3}}).status_code == 200
    elif operation == "restore":
        assert client.post("/_emulator/snapshots/s/restore", json={}).status_code == 200
        assert tenant.state.people.by("email", "later@example.com") is None
    elif operation == "import":
        data = tenant.export()
        data["tables"]["people"] = data["tables"]["people"][:2]
        assert client.put("/_emulator/state", json={"state": data}).status_code == 200
        refused = client.put("/_emulator/state", json={"state": {"tables": {"people": [{"id": "x"}]}}})
        assert refused.status_code == 400  # and nothing changed, on disk either
    elif operation == "drop snapshot":
        assert client.delete("/_emulator/snapshots/s").status_code == 204
    else:
        emulator.reset(pristine=True)
    add(client, "after@example.com")  # the log on top of the new base
    before = everything(emulator)
    again = restart(emulator, toy_dir)
    assert everything(again) == before
    assert ("made" in [t.name for t in again.tenants]) == (operation != "pristine")
    again.app.test_client().post("/_emulator/reset", json={})
    expected = everything(again)
    assert everything(restart(again, toy_dir)) == expected


def test_a_key_deleted_and_written_again_keeps_its_new_place(toy_dir):
    emulator = toy_dir()
    tenant = emulator.tenants.first()
    first = tenant.state.people.get(1)
    with tenant.lock:  # any writer holding the lock (here: no request at all) is stored when it lets go
        tenant.state.people.delete(first)
        tenant.state.people.insert(Person(1, "back@example.com", "Back", "blue", 0.0))
        tenant.state.people.update(tenant.state.people.get(2), team="green")
    before = tenant.state.people.keys()
    assert before[-1] == 1
    again = restart(emulator, toy_dir)
    people = again.tenants.first().state.people
    assert people.keys() == before and people.get(1).email == "back@example.com"
    assert people.get(2).team == "green" and people.by("email", first.email) is None


def test_the_log_is_folded_into_a_new_base(toy_dir, monkeypatch):
    monkeypatch.setattr(persist, "COMPACT_AFTER", 10)
    emulator = toy_dir()
    client = emulator.app.test_client()
    for n in range(40):
        add(client, f"p{n}@example.com")
    log_rows = emulator.persist.db.one("SELECT count(*) FROM log")[0]
    assert log_rows < 40  # folded at least once (the tenant has 25+ rows, so after ~25 records)
    before = everything(emulator)
    assert everything(restart(emulator, toy_dir)) == before


def test_snapshots_never_carry_the_write_log(toy_dir):
    emulator = toy_dir()
    tenant = emulator.tenants.first()
    tenant.snapshot("s")
    plain = pickle.loads(tenant.snapshots["s"])
    assert type(plain.people) is Table and type(plain.meta) is dict and not hasattr(plain.people, "_log")
    assert type(tenant.state.people) is not Table  # while the live one does


def test_every_vendor_keeps_scim_sidecars_meta_settings_and_created_tenants(tmp_path):
    for name in vendors.available():
        vendor = vendors.get(name)
        config = Config(data_dir=str(tmp_path / name))
        emulator = Emulator(vendor, config)
        client = emulator.app.test_client()
        tenant = emulator.tenants.first()
        creds = vendor.credentials(tenant, "http://localhost")
        scim = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "kept.user",
                "externalId": "ext-kept", "name": {"givenName": "Kept", "familyName": "User"},
                "emails": [{"value": "kept.user@example.com", "type": "work", "primary": True}], "active": True}
        for n in (1, 2):  # the second finds the sidecar there already: only its own entry is stored
            email = f"kept.user{n}@example.com"
            user = {**scim, "userName": email if name != "talentlms" else f"kept.user{n}",
                    "externalId": f"ext-{n}", "emails": [{"value": email, "type": "work", "primary": True}]}
            r = client.post("/scim/v2/Users", json=user, content_type="application/scim+json",
                            headers={"Authorization": f"Bearer {creds['scim_token']}"})
            assert r.status_code == 201, (name, r.data)
        if name == "lessonly":
            r = client.put("/api/v1/company_settings", auth=tuple(creds["basic_auth"]),
                           json={"lesson_completed_callback_url": "https://example.com/hook"})
            assert r.status_code == 200, r.data
        if name == "skilljar":
            assert client.post("/_emulator/skilljar/webhook-policy", json={"max_attempts": 2}).status_code == 200
        assert client.post("/_emulator/tenants", json={"name": "made"}).status_code == 201
        before = everything(emulator)
        emulator.close()
        again = Emulator(vendor, config)
        assert everything(again) == before, name
        again.close()


def test_a_file_from_a_newer_layout_is_refused_with_one_line(tmp_path):
    emulator = Emulator(TOY, Config(data_dir=str(tmp_path)))
    emulator.close()
    conn = sqlite3.connect(tmp_path / "toy.sqlite3")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(ConfigError, match=r"layout 99, written by a newer lms-emulator"):
        Emulator(TOY, Config(data_dir=str(tmp_path)))


def test_an_older_layout_is_migrated_or_refused(tmp_path, monkeypatch):
    Emulator(TOY, Config(data_dir=str(tmp_path))).close()
    conn = sqlite3.connect(tmp_path / "toy.sqlite3")
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    with pytest.raises(ConfigError, match="layout 0, which this lms-emulator cannot migrate"):
        Emulator(TOY, Config(data_dir=str(tmp_path)))
    ran = []
    monkeypatch.setitem(persist.db.MIGRATIONS, 0, lambda conn: ran.append(conn.in_transaction))
    emulator = Emulator(TOY, Config(data_dir=str(tmp_path)))
    assert ran == [True] and len(emulator.tenants.first().state.people) == 25
    emulator.close()
    conn = sqlite3.connect(tmp_path / "toy.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == persist.db.LAYOUT


def test_changed_tables_foreign_files_and_a_second_emulator_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "toy.sqlite3").write_bytes(b"not a database at all, just some bytes " * 50)
    with pytest.raises(ConfigError, match="toy.sqlite3 is not an lms-emulator data file"):
        Emulator(TOY, Config(data_dir=str(tmp_path / "a")))
    other = sqlite3.connect(tmp_path / "toy.sqlite3")
    other.execute("CREATE TABLE mine (x)")
    other.close()
    with pytest.raises(ConfigError, match="is not an lms-emulator data file"):
        Emulator(TOY, Config(data_dir=str(tmp_path)))
    data = tmp_path / "b"
    running = Emulator(TOY, Config(data_dir=str(data)))
    with pytest.raises(ConfigError, match="in use by another lms-emulator"):
        Emulator(TOY, Config(data_dir=str(data)))
    running.close()
    (tmp_path / "file").write_text("")
    with pytest.raises(ConfigError, match="is a file, not a directory"):
        Emulator(TOY, Config(data_dir=str(tmp_path / "file")))


@dataclass
class PersonNow:  # the toy's Person as a later version might have it: a new field, an index on it
    id: int
    email: str
    name: str
    team: str
    created: float
    level: int = 1


@dataclass
class PersonStrict:
    id: int
    email: str
    name: str
    team: str
    created: float
    level: int  # no default: stored rows cannot get one


for _later in (PersonNow, PersonStrict):  # pickled under the toy's own name, as a later version's Person would be
    _later.__module__, _later.__qualname__ = Person.__module__, "Person"


class LaterState(State):
    tables = {"people": TableSpec(PersonNow, unique={"email": str.lower}, multi={"team": str, "level": int})}


class StrictState(State):
    tables = {"people": TableSpec(PersonStrict, unique={"email": str.lower}, multi={"team": str})}


def later_toy(model: type, monkeypatch) -> object:
    """The toy vendor as a later version: stored pickles name ``tests.core.toy.Person``, now ``model``."""
    monkeypatch.setattr(toy, "Person", model)
    return dataclasses.replace(TOY, state_class=LaterState if model is PersonNow else StrictState)


def test_a_file_written_for_older_tables_is_carried_over(tmp_path, monkeypatch):
    data = str(tmp_path / "data")
    emulator = Emulator(TOY, Config(data_dir=data))
    tenant = emulator.tenants.first()
    tenant.snapshot("old")
    with tenant.lock:
        tenant.state.people.update(tenant.state.people.get(3), team="green")
    before = tenant.export()
    emulator.close()

    later = later_toy(PersonNow, monkeypatch)
    emulator = Emulator(later, Config(data_dir=data))
    tenant = emulator.tenants.first()
    rows = tenant.export()["tables"]["people"]
    assert rows == [{**row, "level": 1} for row in before["tables"]["people"]]
    assert len(tenant.state.people.where("level", 1)) == 26 - 1  # the index is built: 25 seeded rows
    tenant.restore("old")
    assert tenant.state.people.get(3).level == 1 and tenant.state.people.get(3).team != "green"
    tenant.reset()
    assert len(tenant.state.people.where("level", 1)) == 25
    emulator.close()
    Emulator(later, Config(data_dir=data)).close()  # and it now opens as it is


def test_a_file_that_cannot_be_carried_over_is_refused_whole(tmp_path, monkeypatch):
    data = str(tmp_path / "data")
    Emulator(TOY, Config(data_dir=data)).close()
    with pytest.raises(ConfigError, match=r"changed: people\) and cannot be carried over: table 'people': "
                                          r"new field 'level' has no default"):
        Emulator(later_toy(PersonStrict, monkeypatch), Config(data_dir=data))
    monkeypatch.undo()
    emulator = Emulator(TOY, Config(data_dir=data))
    assert len(emulator.tenants.first().state.people) == 25  # untouched
    emulator.close()


def test_configured_tenants_take_their_settings_from_the_config_and_their_data_from_the_dir(tmp_path):
    data = str(tmp_path / "data")

    def open_(*tenants: TenantConfig) -> Emulator:
        return Emulator(TOY, Config(data_dir=data, tenants=list(tenants)))

    emulator = open_(TenantConfig(vendor="toy", name="acme", api_key="k1", plan="small"))
    with emulator.tenants.first().lock:
        emulator.tenants.first().state.people.insert(Person(100, "kept@example.com", "Kept", "red", 0.0))
    emulator.close()
    emulator = open_(TenantConfig(vendor="toy", name="acme", api_key="k2", plan="unlimited",
                                  switches={"mode": "b"}))
    acme = emulator.tenants.first()
    assert (acme.config.api_key, acme.plan, acme.switch("mode")) == ("k2", "unlimited", "b")
    assert acme.state.people.get(100).email == "kept@example.com"
    emulator.close()
    emulator = open_(TenantConfig(vendor="toy", name="other", api_key="k3"))  # acme: no longer declared
    assert [t.name for t in emulator.tenants] == ["other"]
    r = emulator.app.test_client().post("/_emulator/tenants", json={"name": "acme", "api_key": "k4"})
    assert r.status_code == 201 and emulator.tenants.get("acme").state.people.get(100) is None  # a new one
    emulator.close()
    emulator = open_(TenantConfig(vendor="toy", name="other", api_key="k3"))
    assert [t.name for t in emulator.tenants] == ["other", "acme"]
    assert emulator.tenants.get("acme").state.people.get(100) is None
    emulator.close()


def test_a_reset_after_a_restart_puts_settings_back_as_declared(toy_dir):
    emulator = toy_dir()
    tenant = emulator.tenants.first()
    tenant.config.settings["retry"] = 5  # as a control route changes a runtime setting
    assert emulator.app.test_client().get("/_emulator/health").status_code == 200  # stored after it
    again = restart(emulator, toy_dir)
    tenant = again.tenants.first()
    assert tenant.config.settings == {"retry": 5}
    tenant.reset()
    assert tenant.config.settings == {}
    assert restart(again, toy_dir).tenants.first().config.settings == {}
