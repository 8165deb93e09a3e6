"""Domains and domain memberships: Skilljar's way to create a user (``DOMAIN_ENROLLMENT``)."""

from __future__ import annotations

from typing import Any

from ..models import Domain, DomainUser, User
from .base import OpsBase


class DomainOps(OpsBase):
    def update_domain(self, domain: Domain, **changes: Any) -> Domain:
        return self.change("domains", domain, **changes)

    def ensure_domain(self, name: str) -> Domain:
        """The domain ``name``, created (PUBLIC, titled by its name) when the tenant has none by that name.

        A Skilljar organization always has its main domain and the API cannot delete one; a tenant can lack
        it only after an import, a clone from recordings or a rename. ASSUMPTION (docs/scim.md): SCIM
        provisioning then recreates it rather than failing.
        """
        domain = self.state.domains.by("name", name)
        if domain is None:
            domain = self.state.domains.insert(Domain(id=self.state.new_id(), name=name, catalog_title=name))
        return domain

    def add_to_domain(self, domain: Domain, email: str, first_name: str | None, last_name: str | None,
                      active: bool = True, marketing_optin: bool | None = None,
                      expires_at: float | None = None) -> tuple[DomainUser, bool]:
        """Skilljar's user creation: an unknown email makes a user; a known one keeps its details.

        Returns (membership, created_membership).
        """
        state = self.state
        now = self.now()
        user = state.users.by("email", email)
        new_user = user is None
        if new_user:
            user = state.users.insert(User(id=state.new_id(), email=email, first_name=first_name or "",
                                           last_name=last_name or "", signed_up_at=now, latest_activity=now))
        membership = state.membership(domain.name, user.id)
        if membership is not None:
            return membership, False
        membership = state.domain_users.insert(DomainUser(
            id=f"{domain.name}|{user.id}", domain_name=domain.name, user_id=user.id, active=active,
            marketing_optin=marketing_optin, enrolled_at=now, expires_at=expires_at,
            login_token=self.login_token()))
        if new_user:
            self.apply_email_domain_rules(user)
        self.refresh_inactive(user)
        self.publish("DOMAIN_ENROLLMENT", user_id=user.id, domain_name=domain.name)
        return membership, True

    def login_token(self) -> str:
        return (self.state.new_id() + self.state.new_id() + self.state.new_id())[:32]

    def update_membership(self, membership: DomainUser, **changes: Any) -> DomainUser:
        self.state.domain_users.update(membership, **changes)
        user = self.state.users.get(membership.user_id)
        if user is not None:
            self.refresh_inactive(user)
        return membership
