"""User operations: signup, edit, delete (soft or permanent), status, login/logout, lookups."""

from __future__ import annotations

import dataclasses

from .. import errors as E
from ..errors import TalentError
from ..models import User
from ..params import MAX_LONG, as_int, ascii_digits, dash_date, need, strong, text, valid_email, yes_no
from .base import OWNER_ID
from .keys import KeyOps

LANGUAGES = {"en": "English", "el": "Greek", "de": "German", "fr": "French", "es": "Spanish",
             "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "ru": "Russian",
             "tr": "Turkish", "sv": "Swedish", "ja": "Japanese", "zh": "Chinese"}
USER_TYPES = ("Learner-Type", "Trainer-Type", "Admin-Type", "SuperAdmin")


class UserOps(KeyOps):
    def signup(self, p: dict[str, str]) -> tuple[User, dict[str, str]]:
        first = text(need(p, "first_name"))
        last = text(need(p, "last_name"))
        email = need(p, "email").strip()
        login = text(need(p, "login").strip())
        password = text(need(p, "password"))
        valid_email(email)
        if self.state.users.by("email", email) is not None:
            raise TalentError(E.EMAIL_TAKEN)
        if self.state.users.by("login", login) is not None:
            raise TalentError(E.LOGIN_TAKEN)
        if self.switch("strong_passwords") and not strong(password):
            raise TalentError(E.WEAK_PASSWORD)
        user_type = p.get("user_type") or "Learner-Type"
        if user_type not in self.user_types() or user_type == "SuperAdmin":
            raise TalentError(E.INVALID_ARGUMENTS)
        language = LANGUAGES.get((p.get("language") or "en").strip().lower(), "English")
        restrict = yes_no(p.get("restrict_email"))
        custom = self.custom_values(p, "user")
        # "If these are valid, then the new user will become a member" (seed 004 p.17): invalid ones are ignored
        branch = self._optional(p.get("branch_id"), self.state.branches)
        group = self._optional(p.get("group_id"), self.state.groups)
        user = User(id=self.state.next_id("users"), login=login, first_name=first, last_name=last, email=email,
                    password=password, user_type=user_type, language=language, restrict_email=restrict,
                    status=self.switch("signup_status"), created_on=self.now, last_updated=self.now,
                    timezone=self.setting("timezone", "(GMT 00:00) UTC"), custom=custom)
        self.state.users.insert(user)
        self.publish("user.created", user_id=user.id)
        if branch is not None:
            self._join_branch(user, branch)
        if group is not None:
            self._join_group(user, group)
        return user, custom

    def user_types(self) -> tuple[str, ...]:
        return tuple(self.setting("user_types", USER_TYPES))

    def _optional(self, raw: str | None, table):
        if raw is None or not ascii_digits(raw.strip()):
            return None
        return table.get(int(raw.strip()))

    def _unused_by_others(self, user: User, field: str, value: str, taken: tuple[str, int]) -> str:
        """``value`` for ``user``'s ``field``, unless another user already has it (``taken``)."""
        other = self.state.users.by(field, value)
        if other is not None and other.id != user.id:
            raise TalentError(taken)
        return value

    def edit(self, p: dict[str, str]) -> User:
        user = self.user(need(p, "user_id"))
        changes: dict = {}
        for name in ("first_name", "last_name"):
            if p.get(name):
                changes[name] = text(p[name])
        if p.get("email"):
            changes["email"] = self._unused_by_others(user, "email", valid_email(p["email"].strip()), E.EMAIL_TAKEN)
        if p.get("login"):
            changes["login"] = self._unused_by_others(user, "login", text(p["login"].strip()), E.LOGIN_TAKEN)
        if p.get("password"):
            if self.switch("strong_passwords") and not strong(p["password"]):
                raise TalentError(E.WEAK_PASSWORD)
            changes["password"] = text(p["password"])
        if "bio" in p:
            changes["bio"] = text(p["bio"], MAX_LONG)
        if p.get("timezone"):
            changes["timezone"] = text(p["timezone"])
        if p.get("credits"):
            changes["credits"] = as_int(p["credits"])
        if "restrict_email" in p:
            changes["restrict_email"] = yes_no(p["restrict_email"])
        if p.get("user_type"):
            if p["user_type"] not in self.user_types():
                raise TalentError(E.INVALID_ARGUMENTS)
            changes["user_type"] = p["user_type"]
        if "deactivation_date" in p:
            # seed 004 p.19: empty clears it; it "can be set only if the user is already active"
            value = p["deactivation_date"].strip()
            if value == "":
                changes["deactivation_date"] = None
            else:
                when = self.input_date(value)  # a malformed date is refused even when it would be ignored
                if user.status == "active":
                    changes["deactivation_date"] = when
        custom = self.custom_values(p, "user")
        if custom:
            changes["custom"] = {**user.custom, **custom}
        changes["last_updated"] = self.now
        self.state.users.update(user, **changes)
        self.publish("user.updated", user_id=user.id, fields=sorted(k for k in changes if k != "last_updated"))
        return self.refresh(user)

    def delete(self, p: dict[str, str]) -> None:
        user_id = as_int(need(p, "user_id"))
        permanent = (p.get("permanent") or "no").strip().lower()
        if permanent not in ("yes", "no"):
            raise TalentError(E.INVALID_ARGUMENTS)
        if p.get("deleted_by_user_id"):
            self.user(p["deleted_by_user_id"])
        gone = self.state.deleted_users.get(user_id)
        user = self.state.users.get(user_id)
        if user is None and gone is None:
            raise TalentError(E.USER_NOT_FOUND)
        if user is None:
            if permanent != "yes":
                raise TalentError(E.USER_GONE)
            self.state.deleted_users.delete(gone)
            self._purge(user_id)
            self.publish("user.purged", user_id=user_id)
            return
        if user_id == OWNER_ID:
            raise TalentError(E.INVALID_ARGUMENTS)  # ASSUMPTION: the account owner cannot be deleted
        self.publish("user.deleted", user_id=user_id, login=user.login, email=user.email,
                     name=f"{user.first_name} {user.last_name}", permanent=permanent == "yes")
        self.state.users.delete(user)
        for key in list(self.state.login_keys.where("user_id", user_id)):
            self.state.login_keys.delete(key)
        if permanent == "yes":
            self._purge(user_id)
        else:
            # a new row: the one just deleted stays as it was, so undoing the delete puts it back unchanged
            self.state.deleted_users.insert(dataclasses.replace(user, deleted_on=self.now, online_until=None))

    def _purge(self, user_id: int) -> None:
        s = self.state
        for table in (s.enrollments, s.unit_progress, s.certifications, s.badges, s.login_keys):
            for row in list(table.where("user_id", user_id)):
                table.delete(row)

    def set_status(self, p: dict[str, str]) -> User:
        user = self.user(need(p, "user_id"))
        status = need(p, "status").strip().lower()
        if status not in ("active", "inactive"):
            raise TalentError(E.INVALID_ARGUMENTS)
        if status != user.status:
            self.state.users.update(user, status=status, last_updated=self.now,
                                    online_until=None if status == "inactive" else user.online_until)
            self.publish("user.updated", user_id=user.id, fields=["status"])
        return user

    def login(self, p: dict[str, str]) -> tuple[User, str]:
        login = need(p, "login").strip()
        password = need(p, "password")
        user = self.state.users.by("login", login)
        if user is None or user.password != password:
            raise TalentError(E.BAD_LOGIN)
        self.refresh(user)
        if user.status != "active":
            raise TalentError(E.INACTIVE_ACCOUNT)
        key = self.mint_key(user, logout_redirect=p.get("logout_redirect") or None)
        return user, key

    def logout(self, p: dict[str, str]) -> str:
        user = self.user(need(p, "user_id"))
        if self.switch("logout_requires_session") and not self.online(user):
            raise TalentError(E.NOT_LOGGED_IN)
        self.state.users.update(user, online_until=None)
        self.publish("user.logout", user_id=user.id)
        return p.get("next") or ""

    def forgot_username(self, p: dict[str, str], domain: str) -> User:
        """The reminder email is the portal's: here only its event (no timeline entry)."""
        user = self.user_by("email", need(p, "email").strip())
        self.publish("user.forgot_username", user_id=user.id, domain_url=p.get("domain_url") or domain)
        return user

    def forgot_password(self, p: dict[str, str], domain: str) -> User:
        user = self.user_by("login", need(p, "username").strip())
        self.publish("user.forgot_password", user_id=user.id, domain_url=p.get("domain_url") or domain,
                     redirect_url=p.get("redirect_url") or "")
        return user

    def by_custom_value(self, value: str) -> list[User]:
        """Users holding ``value`` in any custom field; dates compare as days (``11-6-2019`` = ``11-06-2019``)."""
        day = dash_date(value)
        return [self.refresh(u) for u in self.state.users
                if value in u.custom.values() or (day is not None and any(dash_date(v) == day
                                                                          for v in u.custom.values()))]
