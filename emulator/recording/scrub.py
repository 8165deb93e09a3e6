"""Personal data replaced by consistent fakes: the same email, name, login or IP always becomes the
same fake within a recording set, so relations between interactions (a user created, then looked up
by email, then enrolled) survive scrubbing.

A fake is chosen by a keyed hash (HMAC-SHA256) of the kind and the original value. The key is the
recording set's: ``--scrub-key`` / ``LMS_EMULATOR_SCRUB_KEY``, else one made once per machine and kept
in ``~/.cache/lms-emulator/scrub.key`` (readable by this user only), never in the recording folder,
so the fakes cannot be reversed by hashing guesses. Names come from Faker's en_US lists; emails
become ``first.lastNNNN@example.com``; logins ``first.lastNNNN``; IPs fall in the documentation
ranges (RFC 5737).

What counts as personal: every email-shaped string anywhere (also inside messages and URLs), the
values of login/username keys, of name keys (``first_name``, ``last_name``, ``givenName``...; and
``name``, ``displayName``, ``formatted`` in an object that also holds an email or is a SCIM name),
of IP keys, and of phone keys.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
from functools import cached_property
from pathlib import Path
from typing import Any

#: an email, also URL-encoded; it starts after a percent escape ("%22ada%40x.io%22") or a non-email character
EMAIL = re.compile(r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9._+'%-])(?<!%[0-9A-Fa-f]))"
                   r"[A-Za-z0-9._+'-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
LOGIN_KEYS = {"login", "username", "user_name", "ext_uid", "externalid", "external_id"}
NAME_KEYS = {"first_name", "last_name", "firstname", "lastname", "givenname", "familyname", "middlename",
             "middle_name", "full_name", "fullname", "nickname"}
PERSON_NAME_KEYS = {"name", "displayname", "formatted"}  # only in a person's object
IP_KEYS = {"ip", "ip_address", "ipaddress", "last_ip", "last_login_ip", "client_ip", "remote_ip"}
#: an object under one of these keys (or in a list under one) is a person, so its "name" is personal
PERSON_PARENTS = {"name", "user", "users", "learner", "learners", "member", "members", "instructor",
                  "instructors", "owner", "author", "manager", "managers", "created_by"}
PHONE_KEYS = {"phone", "phone_number", "mobile", "telephone"}
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")


def default_key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lms-emulator" / "scrub.key"


def load_key(explicit: str | None = None) -> bytes:
    """The scrub key: given, from the environment, or the machine's (made once, mode 0600)."""
    value = explicit or os.environ.get("LMS_EMULATOR_SCRUB_KEY")
    if value:
        return value.encode()
    path = default_key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes().strip()
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_bytes().strip()


@functools.lru_cache(maxsize=4096)
def _norm_key(key: str) -> str:
    return key.lower().replace("-", "_")


class Scrubber:
    """Maps originals to fakes, deterministically for a key."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self._numbers: dict[tuple[str, str], int] = {}  # in memory only, never written

    def _number(self, kind: str, value: str) -> int:
        number = self._numbers.get((kind, value))
        if number is None:
            digest = hmac.new(self.key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()
            number = self._numbers[(kind, value)] = int.from_bytes(digest[:8], "big")
        return number

    @cached_property
    def _first_names(self) -> list[str]:
        from faker.providers.person.en_US import Provider

        return sorted(set(Provider.first_names))

    @cached_property
    def _last_names(self) -> list[str]:
        from faker.providers.person.en_US import Provider

        return sorted(set(Provider.last_names))

    # fakes by kind
    def name_word(self, word: str) -> str:
        if len(word.rstrip(".")) <= 1 or not any(ch.isalpha() for ch in word):
            return word  # an initial ("A.") says little and keeps "A. Lovelace" readable
        n = self._number("name", word.lower())
        pool = self._first_names if n % 2 else self._last_names
        fake = pool[(n >> 1) % len(pool)]
        return fake.upper() if word.isupper() and len(word) > 1 else fake

    def name(self, value: str) -> str:
        return re.sub(r"[^\s,]+", lambda m: self.name_word(m.group(0)), value)

    def _handle(self, kind: str, value: str) -> str:
        n = self._number(kind, value.lower())
        first = self._first_names[n % len(self._first_names)].lower()
        last = self._last_names[(n >> 16) % len(self._last_names)].lower()
        return f"{first}.{last}{(n >> 32) % 10000:04d}"

    def email(self, value: str) -> str:
        sep = "%40" if "%40" in value and "@" not in value else "@"
        plain = value.replace("%40", "@").lower()  # one fake whether it came URL-encoded or not
        n = self._number("email-domain", plain.partition("@")[2])
        return f"{self._handle('email', plain)}{sep}{EXAMPLE_DOMAINS[n % len(EXAMPLE_DOMAINS)]}"

    def login(self, value: str) -> str:
        if EMAIL.fullmatch(value):
            return self.email(value)
        return self._handle("login", value)

    def ip(self, value: str) -> str:
        n = self._number("ip", value)
        prefix = ("192.0.2", "198.51.100", "203.0.113")[n % 3]
        return f"{prefix}.{(n >> 8) % 254 + 1}"

    def phone(self, value: str) -> str:
        return f"+1-555-01{self._number('phone', value) % 100:02d}"

    # application to text and structures
    def emails_in(self, text: str) -> str:
        return EMAIL.sub(lambda m: self.email(m.group(0)), text) if text else text

    def value_for(self, key: str, value: Any, person: bool = False) -> Any:
        """The fake for ``value`` under ``key`` (unchanged when the key holds nothing personal)."""
        if not isinstance(value, str) or not value or EMAIL.search(value):
            return value  # emails are replaced in the text, once (a second pass would fake the fake)
        k = _norm_key(key)
        if k in LOGIN_KEYS:
            return self.login(value)
        if k in NAME_KEYS or (person and k in PERSON_NAME_KEYS):
            return self.name(value)
        if k in IP_KEYS:
            return self.ip(value)
        if k in PHONE_KEYS:
            return self.phone(value)
        return value  # emails anywhere are replaced in the text itself (emails_in)

    def pairs(self, data: Any) -> dict[str, str]:
        """original -> fake for every personal string value (names, logins, IPs, phones) inside a parsed
        JSON document; emails are not listed: :meth:`emails_in` replaces them in the text."""
        found: dict[str, str] = {}

        def walk(node: Any, parent: str = "") -> None:
            if isinstance(node, dict):
                keys = {_norm_key(k) for k in node}
                person = bool(keys & {"email", "emails", "login", "username", "first_name", "givenname"}) \
                    or (_norm_key(parent) in PERSON_PARENTS and "title" not in keys)
                for k, v in node.items():
                    if isinstance(v, str):
                        fake = self.value_for(k, v, person)
                        if fake != v:
                            found[v] = fake
                    else:
                        walk(v, k)
            elif isinstance(node, list):
                for item in node:
                    if isinstance(item, str):
                        fake = self.value_for(parent, item)
                        if fake != item:
                            found[item] = fake
                    else:
                        walk(item, parent)

        walk(data)
        return found
