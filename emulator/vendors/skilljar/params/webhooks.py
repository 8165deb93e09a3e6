"""Bodies of webhook subscriptions."""

from __future__ import annotations

from ....core.targets import refusal_for_request
from ..models import EVENT_TYPES
from .fields import URL, Bool, Char, Choice, DictOf, Field, Invalid


class Target(URL):
    """A webhook's ``target_url``: a URL the tenant may send to (core/targets.py; emulator-only refusal)."""

    def check(self, text: str) -> str:
        text = super().check(text)
        refused = refusal_for_request(text)
        if refused:
            raise Invalid([refused])
        return text


def hook_fields(patch: bool = False) -> dict[str, Field]:
    """Every field; a PATCH has no default for ``active``."""
    return {
        "target_url": Target(required=True, max_length=1024, allow_blank=False),
        "active": Bool() if patch else Bool(default=True, has_default=True),
        "event_type": Choice(EVENT_TYPES, allow_null=True),
        "basic_auth_username": Char(),
        "basic_auth_password": Char(),
        "additional_headers": DictOf(),
    }
