import threading

import pytest

from emulator.config import Config, ConfigError, TenantConfig
from emulator.core.emulator import Emulator

from .toy import TOY


def test_same_seed_same_bytes_different_seed_different_data():
    a = Emulator(TOY, Config(seed=5)).tenants.first().export()
    b = Emulator(TOY, Config(seed=5)).tenants.first().export()
    c = Emulator(TOY, Config(seed=6)).tenants.first().export()
    assert a == b and a != c


def test_reset_never_shows_a_half_cleared_store():
    emulator = Emulator(TOY, Config())
    tenant = emulator.tenants.first()
    seen = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            with tenant.lock:
                seen.append(len(tenant.state.people))

    thread = threading.Thread(target=reader)
    thread.start()
    for i in range(30):
        with tenant.lock:
            tenant.state.people.insert(type(tenant.state.people.get(1))(1000 + i, f"z{i}@x", "z", "red", 0.0))
        tenant.reset()
    stop.set()
    thread.join()
    assert set(seen) <= {25, 26}
    assert len(tenant.state.people) == 25


def test_unknown_switch_plan_or_duplicate_credentials_are_config_errors():
    with pytest.raises(ConfigError):
        Emulator(TOY, Config(tenants=[TenantConfig(vendor="toy", name="a", switches={"nope": 1})]))
    with pytest.raises(ConfigError):
        Emulator(TOY, Config(tenants=[TenantConfig(vendor="toy", name="a", plan="gold")]))
    with pytest.raises(ConfigError):
        Emulator(TOY, Config(tenants=[TenantConfig(vendor="toy", name="a", api_key="k"),
                                      TenantConfig(vendor="toy", name="b", api_key="k")]))


def test_unlimited_plan_has_no_windows(unlimited_toy):
    tenant = unlimited_toy.tenants.first()
    assert tenant.plan == "unlimited" and tenant.limiter.windows == []
    assert all(tenant.limiter.hit() is None for _ in range(1000))


def test_config_file_toml(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('seed = 3\n[ports]\ntoy = 9\n[[tenants]]\nvendor = "toy"\nname = "acme"\napi_key = "a"\n'
                    '[tenants.sizes]\npeople = 4\n')
    config = Config.load(path)
    assert config.seed == 3 and config.ports == {"toy": 9}
    assert Emulator(TOY, config).tenants.get("acme").state.counts() == {"people": 4}
    path.write_text("seed = [")
    with pytest.raises(ConfigError):
        Config.load(path)
    path.write_text('[[tenants]]\nvendor = "toy"\nname = "a"\nsizes = {people = -3}\n')
    with pytest.raises(ConfigError):
        Config.load(path)


def test_reset_after_reset_is_still_the_seed():
    emulator = Emulator(TOY, Config())
    tenant = emulator.tenants.first()
    baseline = tenant.export()
    tenant.reset()
    assert tenant.export() == baseline
    with tenant.lock:
        tenant.state.people.delete(tenant.state.people.get(1))
    tenant.reset()
    tenant.reset()  # back to back: nothing left to undo
    assert tenant.export() == baseline
    assert tenant.state.people.by("email", baseline["tables"]["people"][0]["email"]).id == 1


def test_a_state_that_cannot_undo_is_rebuilt_whole_once_then_undoes_again():
    emulator = Emulator(TOY, Config())
    tenant = emulator.tenants.first()
    baseline = tenant.export()
    tenant.snapshot("s")
    tenant.restore("s")  # a restored state does not record: the next reset rebuilds it from the baseline
    restored = tenant.state
    with tenant.lock:
        tenant.state.people.delete(tenant.state.people.get(1))
    tenant.reset()
    assert tenant.state is not restored and tenant.export() == baseline
    rebuilt = tenant.state
    with tenant.lock:
        tenant.state.people.delete(tenant.state.people.get(2))
    tenant.reset()
    assert tenant.state is rebuilt and tenant.export() == baseline


def test_state_chunks_round_trip_with_indexes():
    emulator = Emulator(TOY, Config(tenants=[TenantConfig(vendor="toy", name="a", sizes={"people": 1234})]))
    state = emulator.tenants.first().state
    copy = type(state).loads_chunks(state.dumps_chunks(rows_per_chunk=100))
    assert copy.export() == state.export()
    row = state.people.get(777)
    assert copy.people.by("email", row.email).id == 777
    assert [p.id for p in copy.people.where("team", row.team)] == [p.id for p in state.people.where("team", row.team)]
    state.discard()
    assert len(state.people) == 0 and len(copy.people) == 1234
