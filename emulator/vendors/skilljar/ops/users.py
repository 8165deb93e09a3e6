"""Organisation-wide users: details, ``inactive_at``, anonymizing."""

from __future__ import annotations

from typing import Any

from ..models import User
from .base import OpsBase


class UserOps(OpsBase):
    def update_user(self, user: User, **changes: Any) -> User:
        """Email, names or (SCIM) external id; the store refuses a duplicate email or external id."""
        return self.change("users", user, modified_at=self.now(), **changes)

    def refresh_inactive(self, user: User) -> None:
        """``inactive_at`` is set when no domain membership of the user is active (assumption)."""
        memberships = self.state.domain_users.where("user_id", user.id)
        active = any(m.active for m in memberships)
        if active and user.inactive_at is not None:
            self.state.users.update(user, inactive_at=None, modified_at=self.now())
        elif not active and memberships and user.inactive_at is None:
            self.state.users.update(user, inactive_at=self.now(), modified_at=self.now())

    def mark_inactive(self, user: User) -> None:
        """``inactive_at`` now, unless already set (a user in no domain deactivated through SCIM)."""
        if user.inactive_at is None:
            self.state.users.update(user, inactive_at=self.now(), modified_at=self.now())

    def touch(self, user: User) -> None:
        self.state.users.update(user, latest_activity=self.now())

    def anonymize(self, user: User) -> User:
        now = self.now()
        self.state.users.update(user, email=f"anonymized-{user.id}@anonymized.invalid", first_name="",
                                last_name="", anonymized=True, external_id=None)
        for membership in self.state.domain_users.where("user_id", user.id):
            self.state.domain_users.update(membership, active=False)
        if user.inactive_at is None:
            self.state.users.update(user, inactive_at=now)
        return user
