"""Groups, their members and email-domain rules."""

from __future__ import annotations

from typing import Any

from ..models import Group, GroupMember, User
from .base import OpsBase


class GroupOps(OpsBase):
    def create_group(self, **fields: Any) -> Group:
        return self.state.groups.insert(Group(id=self.state.new_id(), created_at=self.now(), **fields))

    def update_group(self, group: Group, **changes: Any) -> Group:
        return self.change("groups", group, **changes)

    def delete_group(self, group: Group) -> None:
        """A hard delete of the group and its memberships; the users stay."""
        self.remove("groups", group, (("group_members", "group_id"),))

    def add_group_member(self, group: Group, user: User) -> GroupMember:
        existing = self.state.group_membership(group.id, user.id)
        if existing is not None:
            return existing
        return self.state.group_members.insert(GroupMember(id=self.state.new_id(), group_id=group.id,
                                                           user_id=user.id, created_at=self.now()))

    def remove_group_member(self, member: GroupMember) -> None:
        self.remove("group_members", member)

    def set_group_members(self, group: Group, users: list[User]) -> None:
        """Exactly these members (SCIM's replace): others leave, new ones join in order."""
        wanted = {u.id for u in users}
        for row in self.state.group_members.where("group_id", group.id):
            if row.user_id not in wanted:
                self.state.group_members.delete(row)
        for user in users:
            self.add_group_member(group, user)

    def change_email_domain_rules(self, group: Group, add: list[str], remove: list[str]) -> Group:
        """Idempotent: removals first, then each new domain once, in the order given."""
        gone = set(remove)
        domains = [d for d in group.rule_email_domains if d not in gone]
        for item in add:
            if item not in domains:
                domains.append(item)
        self.state.groups.update(group, rule_email_domains=domains)
        return group

    def apply_email_domain_rules(self, user: User) -> None:
        """A new user joins every group whose email-domain rules name the user's email domain."""
        domain = user.email.rpartition("@")[2].lower()
        for group in self.state.groups:
            if domain in [d.lower() for d in group.rule_email_domains]:
                self.add_group_member(group, user)
