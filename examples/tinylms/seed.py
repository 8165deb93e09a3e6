"""Seeded demo data (same seed, same rows) and the documented demo tenants."""

from __future__ import annotations

from emulator.config import TenantConfig

from .models import Course, User

DEFAULT_SIZES = {"users": 30, "courses": 4}


def seed(state, seeder, sizes, config) -> None:
    for i in range(sizes.get("users", 0)):
        first, last, login, email = seeder.person(i)
        state.users.insert(User(state.next_id("users"), email, first, last, login, seeder.past()))
    for _ in range(sizes.get("courses", 0)):
        state.courses.insert(Course(state.next_id("courses"), seeder.title()))


def demo_tenants() -> list[TenantConfig]:
    return [TenantConfig(vendor="tiny", name="acme", api_key="ACMEKEY", scim_token="acme-scim-token",
                         plan="basic", sizes={"users": 30, "courses": 4}),
            TenantConfig(vendor="tiny", name="globex", api_key="GLOBEXKEY", scim_token="globex-scim-token",
                         plan="basic", sizes={"users": 5, "courses": 1})]
