"""What every operation shares: the request's tenant (state, clock reading, switches, event bus), the
arguments that read the domain's settings, and the look-ups that answer the vendor's "does not exist"."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ....core.store import Table
from .. import errors as E
from ..errors import TalentError
from ..models import Branch, Category, Course, Group, Unit, User
from ..params import as_int, custom_values, input_date, input_datetime
from ..store import TalentState

if TYPE_CHECKING:
    from ....core.tenants import Tenant

OWNER_ID = 1  # the account owner: the default creator of courses, groups and branches


class Context:
    """One tenant, for one request."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.state: TalentState = tenant.state  # type: ignore[assignment]

    @functools.cached_property
    def now(self) -> float:
        """The request's "now", read on first use: an answer that never reads it (no deactivation date to
        check, no timestamp to write) can be replayed from the answer memo (core/memo.py)."""
        return self.tenant.clock.now()

    def switch(self, name: str) -> Any:
        return self.tenant.switch(name)

    def setting(self, name: str, default: Any = None) -> Any:
        return self.tenant.config.settings.get(name, default)

    def publish(self, type_: str, **data: Any) -> None:
        self.tenant.publish(type_, **data)

    # arguments read in the domain's own format and time zone, or against its custom fields
    def input_date(self, value: str) -> float:
        return input_date(value, self.tenant.config.date_format, self.setting("utc_offset_hours", 0))

    def input_datetime(self, value: str | None) -> float | None:
        return input_datetime(value, self.tenant.config.date_format, self.setting("utc_offset_hours", 0))

    def custom_values(self, params: dict[str, str], scope: str) -> dict[str, str]:
        return custom_values(params, self.state.fields_for(scope))

    # look-ups by a raw id argument
    def user(self, raw: str | None) -> User:
        user_id = as_int(raw)
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
        return self._found(self.state.courses, raw, E.COURSE_NOT_FOUND)

    def category(self, raw: str | None) -> Category:
        return self._found(self.state.categories, raw, E.CATEGORY_NOT_FOUND)

    def group(self, raw: str | None) -> Group:
        return self._found(self.state.groups, raw, E.GROUP_NOT_FOUND)

    def branch(self, raw: str | None) -> Branch:
        return self._found(self.state.branches, raw, E.BRANCH_NOT_FOUND)

    def unit(self, raw: str | None, *types: str) -> Unit:
        row = self.state.units.get(as_int(raw))
        if row is None or (types and row.type not in types):
            raise TalentError(E.UNIT_NOT_FOUND)
        return row

    @staticmethod
    def _found(table: Table, raw: str | None, missing: tuple[str, int]) -> Any:
        row = table.get(as_int(raw))
        if row is None:
            raise TalentError(missing)
        return row
