"""Groups (joined by key; membership enrols in the group's courses), branches and categories."""

from __future__ import annotations

from .. import errors as E
from ..errors import TalentError
from ..models import Branch, Category, Course, Group, User
from ..params import MAX_LONG, as_int, money, need, text, yes_no
from .base import OWNER_ID, Context

KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


class OrgOps(Context):
    # groups
    def create_group(self, p: dict[str, str]) -> Group:
        name = text(need(p, "name"))
        owner = self.user(p["creator_id"]).id if p.get("creator_id") else OWNER_ID
        key = text(p.get("key") or "").strip() or self._group_key()
        if self.state.groups.by("key", key) is not None:
            raise TalentError(E.GROUP_KEY_TAKEN)
        max_red = as_int(p["max_redemptions"]) if p.get("max_redemptions") else None
        group = Group(id=self.state.next_id("groups"), name=name, key=key,
                      description=text(p.get("description") or "", MAX_LONG), price=money(p.get("price")),
                      owner_id=owner, max_redemptions=max_red, redemptions_sofar=0 if max_red is not None else None)
        self.state.groups.insert(group)
        self.publish("group.created", group_id=group.id, user_id=owner)
        return group

    def _group_key(self) -> str:
        n = self.state.next_id("group_keys") * 2654435761 + 97
        key = ""
        while len(key) < 9:
            n, r = divmod(n * 31 + 7, len(KEY_ALPHABET))
            key += KEY_ALPHABET[r]
        return key if self.state.groups.by("key", key) is None else self._group_key()

    def delete_group(self, p: dict[str, str]) -> None:
        group = self.group(need(p, "group_id"))
        if p.get("deleted_by_user_id"):
            self.user(p["deleted_by_user_id"])
        for user in self.state.users.where("group_ids", group.id):
            self.state.users.update(user, group_ids=[g for g in user.group_ids if g != group.id])
        self.publish("group.deleted", group_id=group.id, name=group.name)
        self.state.groups.delete(group)

    def _join_group(self, user: User, group: Group) -> None:
        self.state.users.update(user, group_ids=[*user.group_ids, group.id])
        if group.redemptions_sofar is not None:
            self.state.groups.update(group, redemptions_sofar=group.redemptions_sofar + 1)
        self.publish("group.user_added", user_id=user.id, group_id=group.id)
        # seed 004 p.38: "the user [becomes] member of the group's courses"
        for course_id in group.course_ids:
            course = self.state.courses.get(course_id)
            if course is not None and self.state.enrollment_of(user.id, course.id) is None:
                self._enroll(user, course, "learner")

    def add_user_to_group(self, p: dict[str, str]) -> tuple[User, Group]:
        user = self.user(need(p, "user_id"))
        group = self.state.groups.by("key", need(p, "group_key").strip())
        if group is None:
            raise TalentError(E.NO_GROUP_KEY)
        if group.id in user.group_ids:
            raise TalentError(E.ALREADY_IN_GROUP)
        self._join_group(user, group)
        return user, group

    def remove_user_from_group(self, p: dict[str, str]) -> tuple[User, Group]:
        user = self.user(need(p, "user_id"))
        group = self.group(need(p, "group_id"))
        if group.id not in user.group_ids:
            raise TalentError(E.NOT_IN_GROUP)
        self.state.users.update(user, group_ids=[g for g in user.group_ids if g != group.id])
        self.publish("group.user_removed", user_id=user.id, group_id=group.id)
        return user, group

    def add_course_to_group(self, p: dict[str, str]) -> tuple[Course, Group]:
        course = self.course(need(p, "course_id"))
        group = self.group(need(p, "group_id"))
        if course.id in group.course_ids:
            raise TalentError(E.COURSE_IN_GROUP)
        self.state.groups.update(group, course_ids=[*group.course_ids, course.id])
        self.publish("group.course_added", course_id=course.id, group_id=group.id)
        if self.switch("group_course_enrolls_members"):
            for user in self.state.users.where("group_ids", group.id):
                if self.state.enrollment_of(user.id, course.id) is None:
                    self._enroll(user, course, "learner")
        return course, group

    # branches
    def create_branch(self, p: dict[str, str]) -> Branch:
        name = text(need(p, "name").strip())
        if self.state.branches.by("name", name) is not None:
            raise TalentError(E.BRANCH_NAME_TAKEN)
        group_id = self.group(p["group_id"]).id if p.get("group_id") else None
        creator = self.user(p["creator_id"]).id if p.get("creator_id") else OWNER_ID
        fields = {}
        for key in ("description", "internal_announcement", "external_announcement"):
            if p.get(key):
                fields[key] = text(p[key], MAX_LONG)
        for key in ("language", "timezone", "signup_method", "verification", "currency", "paypal_email",
                    "ecommerce_subscription_interval", "registration_email_restriction"):
            if p.get(key):
                fields[key] = text(p[key])
        if p.get("user_type"):
            if p["user_type"] not in self.user_types():
                raise TalentError(E.INVALID_ARGUMENTS)
            fields["user_type"] = p["user_type"]
        if p.get("ecommerce_processor"):
            fields["payment_processor"] = text(p["ecommerce_processor"])
        if p.get("users_limit"):
            fields["users_limit"] = as_int(p["users_limit"])
        if p.get("ecommerce_credits"):
            fields["ecommerce_credits"] = as_int(p["ecommerce_credits"])
        if p.get("ecommerce_subscription_price"):
            fields["ecommerce_subscription_price"] = money(p["ecommerce_subscription_price"])
        for key in ("disallow_global_login", "ecommerce_subscription"):
            if key in p:
                fields[key] = yes_no(p[key])
        branch = Branch(id=self.state.next_id("branches"), name=name, group_id=group_id, creator_id=creator,
                        **fields)
        self.state.branches.insert(branch)
        self.publish("branch.created", branch_id=branch.id, user_id=creator)
        return branch

    def delete_branch(self, p: dict[str, str]) -> None:
        branch = self.branch(need(p, "branch_id"))
        if p.get("deleted_by_user_id"):
            self.user(p["deleted_by_user_id"])
        for user in self.state.users.where("branch_ids", branch.id):
            self.state.users.update(user, branch_ids=[b for b in user.branch_ids if b != branch.id])
        self.publish("branch.deleted", branch_id=branch.id, name=branch.name)
        self.state.branches.delete(branch)

    def _join_branch(self, user: User, branch: Branch) -> None:
        self.state.users.update(user, branch_ids=[*user.branch_ids, branch.id])
        self.publish("branch.user_added", user_id=user.id, branch_id=branch.id)

    def add_user_to_branch(self, p: dict[str, str]) -> tuple[User, Branch]:
        user = self.user(need(p, "user_id"))
        branch = self.branch(need(p, "branch_id"))
        if branch.id in user.branch_ids:
            raise TalentError(E.ALREADY_IN_BRANCH)
        self._join_branch(user, branch)
        return user, branch

    def remove_user_from_branch(self, p: dict[str, str]) -> tuple[User, Branch]:
        user = self.user(need(p, "user_id"))
        branch = self.branch(need(p, "branch_id"))
        if branch.id not in user.branch_ids:
            raise TalentError(E.NOT_IN_BRANCH)
        self.state.users.update(user, branch_ids=[b for b in user.branch_ids if b != branch.id])
        self.publish("branch.user_removed", user_id=user.id, branch_id=branch.id)
        return user, branch

    def add_course_to_branch(self, p: dict[str, str]) -> tuple[Course, Branch]:
        course = self.course(need(p, "course_id"))
        branch = self.branch(need(p, "branch_id"))
        if course.id in branch.course_ids:
            raise TalentError(E.COURSE_IN_BRANCH)
        self.state.branches.update(branch, course_ids=[*branch.course_ids, course.id])
        self.publish("branch.course_added", course_id=course.id, branch_id=branch.id)
        return course, branch

    def branch_set_status(self, p: dict[str, str]) -> Branch:
        branch = self.branch(need(p, "branch_id"))
        status = need(p, "status").strip().lower()
        if status not in ("active", "inactive"):
            raise TalentError(E.INVALID_ARGUMENTS)
        if status != branch.status:
            self.state.branches.update(branch, status=status)
            self.publish("branch.updated", branch_id=branch.id)
        return branch

    # categories
    def children(self, category: Category) -> list[Category]:
        return self.state.categories.where("parent_id", category.id)

    def category_courses(self, category: Category) -> list[Course]:
        return self.state.courses.where("category_id", category.id)
