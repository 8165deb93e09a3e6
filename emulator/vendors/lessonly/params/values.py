"""Single values as Rails reads them: strings, integers (Ruby's digits), flags, dates, arrays of objects.

Every function here raises :class:`LessonlyError` or returns a clean value, and changes nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

from ..errors import LessonlyError

TRUE_STRINGS = ("true", "1", "t", "yes")


def text(value: Any, label: str, errors: list[str]) -> str | None:
    """A string param: strings as given, numbers cast as Rails casts them, null kept; else invalid."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    errors.append(f"{label} is invalid")
    return None


#: what a longer run of digits reads as: Ruby makes it a Bignum that no id or range reaches, so the
#: answer stays the same (not found, or invalid) while Python never converts more than 4300 digits
BEYOND = 10 ** 18


def ruby_int(digits: str) -> int:
    """``[+-]?[0-9]+`` as Ruby reads it, saturated at ±BEYOND past 18 digits."""
    sign = -1 if digits.startswith("-") else 1
    bare = digits.lstrip("+-").lstrip("0") or "0"
    return sign * (int(bare) if len(bare) <= 18 else BEYOND)


def integer(value: Any) -> int | None:
    """An integer param: a JSON integer or a string of ASCII digits (Rails casts "32" to 32)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*", value):
        return ruby_int(value.strip())
    return None


def truthy(value: Any) -> bool:
    """Rails' reading of ``"remove": "true"`` and similar flags."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_STRINGS


def iso_date(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            return None
    return None


def timestamp(value: Any) -> float | None:
    """``YYYY-MM-DD`` (midnight UTC, VCR user.assign) or an ISO 8601 date-time; None if neither."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if iso_date(value):
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc).timestamp()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def entries(value: Any, label: str) -> list[dict]:
    """An array of objects (or a Rails-style hash of them, ``{"0": {...}}``); None/absent is empty."""
    if value is None:
        return []
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise LessonlyError(400, f"{label} is invalid")
    return value
