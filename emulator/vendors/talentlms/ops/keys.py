"""Single-use login keys (seed 004 p.15: "The login_key URL changes every time it is used") and the web
session a followed key opens, which is what ``isuseronline`` and ``userlogout`` look at."""

from __future__ import annotations

import hashlib
from typing import Any

from ..models import LoginKey, User
from .base import Context

KEY_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
SESSION_SECONDS = 30 * 60  # ASSUMPTION: a web session opened by a login key counts as online for 30 min


class KeyOps(Context):
    def mint_key(self, user: User, kind: str = "autologin", **extra: Any) -> str:
        counter = self.state.next_id("keys")
        secret = f"{self.tenant.name}|{self.tenant.global_seed}|{counter}"
        digest = int.from_bytes(hashlib.sha256(secret.encode()).digest()[:16], "big")
        key = ""
        while len(key) < 20:
            digest, r = divmod(digest, 36)
            key += KEY_ALPHABET[r]
        if kind == "autologin":  # one current autologin key per user: a fresh one retires the last
            for old in self.state.login_keys.where("user_id", user.id):
                if old.kind == "autologin":
                    self.state.login_keys.delete(old)
        self.state.login_keys.insert(LoginKey(id=key, user_id=user.id, kind=kind, created=self.now, **extra))
        self.state.users.touch(user.id)  # the user's rendering shows its key: cached answers are stale
        return key

    def current_key(self, user: User) -> str:
        """The key users/… show; minted on first read (no user-row write, so a page read stays cheap)."""
        for key in self.state.login_keys.where("user_id", user.id):
            if key.kind == "autologin":
                return key.id
        return self.mint_key(user)

    def follow_key(self, key: LoginKey, user: User) -> None:
        """A browser followed ``key`` for ``user``: it is spent (the next read of the user shows a fresh
        one) and the user's web session opens."""
        self.state.login_keys.delete(key)
        self.open_session(user)  # a write of the user: cached renderings (showing the spent key) are stale

    def open_session(self, user: User) -> None:
        """A browser followed a login/goto key: the user is online (isuseronline, userlogout)."""
        self.state.users.update(user, online_until=self.now + SESSION_SECONDS, last_login=self.now)
        self.publish("user.login", user_id=user.id)

    def online(self, user: User) -> bool:
        return user.online_until is not None and user.online_until > self.now
