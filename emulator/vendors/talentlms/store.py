"""A TalentLMS tenant's tables and indexes, and the helpers every domain operation shares.

The operations themselves live in ops_users.py, ops_courses.py, ops_org.py and ops_units.py; they
raise :class:`TalentError` with the vendor's exact message and publish domain events that the
timeline (timeline.py) and later the SCIM view subscribe to.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ...core.store import State, TableSpec
from . import errors as E
from .errors import TalentError
from .models import (Badge, Branch, Category, Certification, Course, CustomField, Enrollment, Group,
                     IltSession, LoginKey, TimelineEntry, Unit, UnitProgress, User)

if TYPE_CHECKING:
    from ...core.tenants import Tenant

MAX_SHORT = 255  # ASSUMPTION: varchar(255) columns; longer values are refused as invalid arguments
MAX_LONG = 65535  # text columns (bio, descriptions)
OWNER_ID = 1
_EMAIL = re.compile(r"^[^@\s,:]+@[^@\s,:]+\.[^@\s,:]+$")


def ascii_digits(text: str, most: int = 12) -> bool:
    """1 to ``most`` ASCII digits. Not ``str.isdigit()``: it accepts "¹" and other Unicode digits that
    ``int()`` refuses, and PHP's integer parsing knows only 0-9."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()
_DATE_INPUT = {"DDMMYYYY": "%d/%m/%Y", "MMDDYYYY": "%m/%d/%Y", "YYYYMMDD": "%Y/%m/%d"}


class TalentState(State):
    tables = {
        "users": TableSpec(User, unique={"email": str.lower, "login": str.lower},
                           multi={"group_ids": int, "branch_ids": int}),
        # soft-deleted users ("The requested user is no longer available"), kept out of /users paging
        "deleted_users": TableSpec(User, multi={"email": str.lower, "login": str.lower}),
        "courses": TableSpec(Course, multi={"category_id": int, "name": str.lower}),
        "enrollments": TableSpec(Enrollment, unique={"key": str}, multi={"user_id": int, "course_id": int}),
        "units": TableSpec(Unit, multi={"course_id": int}),
        "unit_progress": TableSpec(UnitProgress, unique={"key": str},
                                   multi={"unit_id": int, "user_id": int, "course_id": int}),
        "ilt_sessions": TableSpec(IltSession, multi={"unit_id": int}),
        "categories": TableSpec(Category, multi={"parent_id": int}),
        "groups": TableSpec(Group, unique={"key": str}, multi={"course_ids": int}),
        "branches": TableSpec(Branch, unique={"name": str.lower}, multi={"course_ids": int}),
        "custom_fields": TableSpec(CustomField, unique={"key": str}, multi={"scope": str}),
        "certifications": TableSpec(Certification, unique={"key": str}, multi={"user_id": int}),
        "badges": TableSpec(Badge, multi={"user_id": int}),
        "timeline": TableSpec(TimelineEntry, multi={"action": str}),
        "login_keys": TableSpec(LoginKey, multi={"user_id": int}),
    }

    def counts(self) -> dict[str, int]:
        out = super().counts()
        out.pop("login_keys", None)
        return out


class Base:
    """Context of one request: the tenant's state, clock reading, switches and event bus."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.state: TalentState = tenant.state  # type: ignore[assignment]
        self.now = tenant.clock.now()

    def switch(self, name: str) -> Any:
        return self.tenant.switch(name)

    def setting(self, name: str, default: Any = None) -> Any:
        return self.tenant.config.settings.get(name, default)

    def publish(self, type_: str, **data: Any) -> None:
        self.tenant.publish(type_, **data)

    # argument parsing (every failure is the doc's 400 "Invalid arguments provided")
    @staticmethod
    def need(params: dict[str, str], name: str) -> str:
        value = params.get(name)
        if value is None or value.strip() == "":
            raise TalentError(E.INVALID_ARGUMENTS)
        return value

    @staticmethod
    def as_int(value: str | None, minimum: int = 0) -> int:
        text = (value or "").strip()
        if not ascii_digits(text) or int(text) < minimum:
            raise TalentError(E.INVALID_ARGUMENTS)
        return int(text)

    def need_id(self, params: dict[str, str], name: str) -> int:
        return self.as_int(self.need(params, name), minimum=0)

    @staticmethod
    def text(value: str, limit: int = MAX_SHORT) -> str:
        if len(value) > limit or "\x00" in value:
            raise TalentError(E.INVALID_ARGUMENTS)
        return value

    @staticmethod
    def yes_no(value: str | None, default: bool = False) -> bool:
        if value is None or value == "":
            return default
        v = value.strip().lower()
        if v in ("yes", "on", "true", "1"):
            return True
        if v in ("no", "off", "false", "0"):
            return False
        raise TalentError(E.INVALID_ARGUMENTS)

    @staticmethod
    def money(value: str | None) -> float:
        if value is None or value.strip() == "":
            return 0.0
        try:
            amount = float(value.strip().lstrip("$"))
        except ValueError:
            raise TalentError(E.INVALID_ARGUMENTS) from None
        if amount < 0 or amount != amount or amount > 1e9:
            raise TalentError(E.INVALID_ARGUMENTS)
        return round(amount, 2)

    @staticmethod
    def valid_email(value: str) -> str:
        if len(value) > MAX_SHORT or not _EMAIL.match(value):
            raise E.invalid_email(value)
        return value

    def input_date(self, value: str) -> float:
        """A date typed as the domain's format (``28/07/2012``); the user turns inactive at its end."""
        fmt = _DATE_INPUT.get(self.tenant.config.date_format or "DDMMYYYY", "%d/%m/%Y")
        try:
            day = datetime.strptime(value.strip(), fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            raise TalentError(E.INVALID_ARGUMENTS) from None
        offset = float(self.setting("utc_offset_hours", 0)) * 3600  # the day in the domain's time zone
        return day.timestamp() - offset + 86399  # 23:59:59, as the doc's users sample shows

    def input_datetime(self, value: str | None) -> float | None:
        """Course start/expiry: epoch seconds (what the doc echoes) or a date in the domain format."""
        if value is None or value.strip() == "":
            return None
        text = value.strip()
        if ascii_digits(text):
            return float(int(text))
        return self.input_date(text) - 86399

    # lookups
    def user(self, raw: str | None) -> User:
        user_id = self.as_int(raw)
        user = self.state.users.get(user_id)
        if user is None:
            if self.state.deleted_users.get(user_id) is not None:
                raise TalentError(E.USER_GONE)
            raise TalentError(E.USER_NOT_FOUND)
        return self.refresh(user)

    def user_by(self, field: str, value: str) -> User:
        user = self.state.users.by(field, value)
        if user is None:
            if self.state.deleted_users.where(field, value):
                raise TalentError(E.USER_GONE)
            raise TalentError(E.USER_NOT_FOUND)
        return self.refresh(user)

    def refresh(self, user: User) -> User:
        """Apply a passed deactivation date (the clock decides; no background job needed)."""
        if user.status == "active" and user.deactivation_date is not None and self.now >= user.deactivation_date:
            self.state.users.update(user, status="inactive", last_updated=user.deactivation_date)
            self.publish("user.deactivated", user_id=user.id)
        return user

    def course(self, raw: str | None) -> Course:
        course = self.state.courses.get(self.as_int(raw))
        if course is None:
            raise TalentError(E.COURSE_NOT_FOUND)
        return course

    def category(self, raw: str | None) -> Category:
        row = self.state.categories.get(self.as_int(raw))
        if row is None:
            raise TalentError(E.CATEGORY_NOT_FOUND)
        return row

    def group(self, raw: str | None) -> Group:
        row = self.state.groups.get(self.as_int(raw))
        if row is None:
            raise TalentError(E.GROUP_NOT_FOUND)
        return row

    def branch(self, raw: str | None) -> Branch:
        row = self.state.branches.get(self.as_int(raw))
        if row is None:
            raise TalentError(E.BRANCH_NOT_FOUND)
        return row

    def unit(self, raw: str | None, *types: str) -> Unit:
        row = self.state.units.get(self.as_int(raw))
        if row is None or (types and row.type not in types):
            raise TalentError(E.UNIT_NOT_FOUND)
        return row

    def enrollment(self, user: User, course: Course) -> Enrollment | None:
        return self.state.enrollments.by("key", f"{user.id}:{course.id}")

    def custom_fields(self, scope: str) -> list[CustomField]:
        return sorted(self.state.custom_fields.where("scope", scope), key=lambda f: f.order)

    # single-use keys (seed 004 p.15: "The login_key URL changes every time it is used")
    def mint_key(self, user: User, kind: str = "autologin", **extra: Any) -> str:
        counter = self.state.next_id("keys")
        secret = f"{self.tenant.name}|{self.tenant.global_seed}|{counter}"
        digest = int.from_bytes(hashlib.sha256(secret.encode()).digest()[:16], "big")
        alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
        key = ""
        while len(key) < 20:
            digest, r = divmod(digest, 36)
            key += alphabet[r]
        if kind == "autologin":  # one current autologin key per user: a fresh one retires the last
            for old in self.state.login_keys.where("user_id", user.id):
                if old.kind == "autologin":
                    self.state.login_keys.delete(old)
        self.state.login_keys.insert(LoginKey(id=key, user_id=user.id, kind=kind, created=self.now, **extra))
        return key

    def current_key(self, user: User) -> str:
        """The key users/… show; minted on first read (no user-row write, so a page read stays cheap)."""
        for key in self.state.login_keys.where("user_id", user.id):
            if key.kind == "autologin":
                return key.id
        return self.mint_key(user)

    def custom_values(self, params: dict[str, str], scope: str) -> dict[str, str]:
        """``custom_field_N`` arguments for fields that exist; checkbox fields take on/off."""
        out = {}
        for f in self.custom_fields(scope):
            name = f.key.split(":", 1)[1]
            if name not in params:
                continue
            value = self.text(params[name])
            if f.type == "checkbox" and value not in ("on", "off"):
                raise TalentError(E.INVALID_ARGUMENTS)
            if f.type == "dropdown" and value and f.dropdown_values and value not in f.dropdown_values.split(";"):
                raise TalentError(E.INVALID_ARGUMENTS)
            out[name] = value
        return out
