"""Seeded learners: the ones past the first 2,000 take their ids from an id run, which gives the ids one
``new_id`` call per id would, so the seed is the same either way; rows built by position hold each value
in the field it belongs to."""

from __future__ import annotations

import contextlib
import dataclasses

from emulator.config import TenantConfig
from emulator.core.seeding import Seeder
from emulator.vendors.skilljar import VENDOR
from emulator.vendors.skilljar.models import DomainUser, User
from emulator.vendors.skilljar.store import SkilljarState


def _seeded(users: int) -> SkilljarState:
    config = TenantConfig(name="acme", vendor="skilljar", api_key="k", sizes={"users": users})
    state = VENDOR.state_class()
    VENDOR.seed(state, Seeder(11, "skilljar", "acme"), {**VENDOR.default_sizes, **config.sizes}, config)
    return state


def _indexes(state: SkilljarState) -> list:
    return [(name, table.keys(), [(f, list(index.items())) for f, index in table._unique.items()],
             [(f, [(v, list(keys)) for v, keys in index.items()]) for f, index in table._multi.items()])
            for name, table in ((n, state.table(n)) for n in state.tables)]


def test_learners_past_the_first_two_thousand_are_seeded_as_one_new_id_call_per_id_would(monkeypatch):
    fast = _seeded(2300)

    @contextlib.contextmanager
    def one_by_one(self, stream="object"):
        yield lambda: self.new_id(stream)

    monkeypatch.setattr(SkilljarState, "id_run", one_by_one)
    slow = _seeded(2300)
    assert fast.export() == slow.export()
    assert _indexes(fast) == _indexes(slow)
    assert fast.new_id() == slow.new_id() and fast.new_id("records") == slow.new_id("records")


def test_the_learner_rows_built_by_position_name_the_fields_in_the_models_order():
    assert [f.name for f in dataclasses.fields(User)][:7] == [
        "id", "email", "first_name", "last_name", "signed_up_at", "latest_activity", "inactive_at"]
    assert [f.name for f in dataclasses.fields(DomainUser)][:8] == [
        "id", "domain_name", "user_id", "active", "marketing_optin", "enrolled_at", "expires_at", "login_token"]
    state = _seeded(2100)
    user = state.users.page(2050, 1)[0]
    member = state.membership(state.domains.page(0, 1)[0].name, user.id)
    assert "@" in user.email and user.first_name and user.signed_up_at == member.enrolled_at
    assert len(member.login_token) >= 24 and member.user_id == user.id and member.expires_at is None
