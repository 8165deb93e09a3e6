"""Every state change, and the domain events each publishes on the tenant's bus (``effects`` listens)."""

from __future__ import annotations

from .errors import TinyError
from .models import User


def create_user(tenant, email: str, first_name: str, last_name: str) -> User:
    state = tenant.state
    user = state.users.insert(User(state.next_id("users"), email, first_name, last_name, email.split("@")[0],
                                   tenant.clock.now()))
    tenant.publish("user.created", id=user.id, email=user.email)
    return user


def suspend_user(tenant, user_id: int) -> User:
    user = tenant.state.users.get(user_id)
    if user is None:
        raise TinyError(404, "no such user")
    tenant.state.users.update(user, status="suspended")
    tenant.publish("user.suspended", id=user.id)
    return user
