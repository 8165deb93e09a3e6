"""Argument rules: every failure is the doc's 400 "Invalid arguments provided" (seed 004 p.9), except an
email, which TalentLMS names in its message (``invalid_email``)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Iterable

from .. import errors as E
from ..errors import TalentError
from ..models import CustomField

MAX_SHORT = 255  # ASSUMPTION: varchar(255) columns; longer values are refused as invalid arguments
MAX_LONG = 65535  # text columns (bio, descriptions)
_EMAIL = re.compile(r"^[^@\s,:]+@[^@\s,:]+\.[^@\s,:]+$")
_DATE_INPUT = {"DDMMYYYY": "%d/%m/%Y", "MMDDYYYY": "%m/%d/%Y", "YYYYMMDD": "%Y/%m/%d"}
_DASH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def ascii_digits(text: str, most: int = 12) -> bool:
    """1 to ``most`` ASCII digits. Not ``str.isdigit()``: it accepts "¹" and other Unicode digits that
    ``int()`` refuses, and PHP's integer parsing knows only 0-9."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()


def need(params: dict[str, str], name: str) -> str:
    value = params.get(name)
    if value is None or value.strip() == "":
        raise TalentError(E.INVALID_ARGUMENTS)
    return value


def search_value(params: dict[str, str]) -> str:
    """``custom_field_value`` of the by-custom-field searches: present and no longer than a column."""
    value = need(params, "custom_field_value")
    if len(value) > MAX_SHORT:
        raise TalentError(E.INVALID_ARGUMENTS)
    return value


def as_int(value: str | None, minimum: int = 0) -> int:
    text = (value or "").strip()
    if not ascii_digits(text) or int(text) < minimum:
        raise TalentError(E.INVALID_ARGUMENTS)
    return int(text)


def text(value: str, limit: int = MAX_SHORT) -> str:
    if len(value) > limit or "\x00" in value:
        raise TalentError(E.INVALID_ARGUMENTS)
    return value


def yes_no(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    v = value.strip().lower()
    if v in ("yes", "on", "true", "1"):
        return True
    if v in ("no", "off", "false", "0"):
        return False
    raise TalentError(E.INVALID_ARGUMENTS)


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


def valid_email(value: str) -> str:
    if len(value) > MAX_SHORT or not _EMAIL.match(value):
        raise E.invalid_email(value)
    return value


def strong(password: str) -> bool:
    return (len(password) >= 8 and re.search(r"[A-Z]", password) is not None
            and re.search(r"[a-z]", password) is not None and re.search(r"[0-9]", password) is not None)


def input_date(value: str, date_format: str | None, utc_offset_hours: float) -> float:
    """A date typed as the domain's format (``28/07/2012``); the user turns inactive at its end."""
    fmt = _DATE_INPUT.get(date_format or "DDMMYYYY", "%d/%m/%Y")
    try:
        day = datetime.strptime(value.strip(), fmt).replace(tzinfo=timezone.utc)
    except ValueError:
        raise TalentError(E.INVALID_ARGUMENTS) from None
    offset = float(utc_offset_hours) * 3600  # the day in the domain's time zone
    return day.timestamp() - offset + 86399  # 23:59:59, as the doc's users sample shows


def input_datetime(value: str | None, date_format: str | None, utc_offset_hours: float) -> float | None:
    """Course start/expiry: epoch seconds (what the doc echoes) or a date in the domain format."""
    if value is None or value.strip() == "":
        return None
    stripped = value.strip()
    if ascii_digits(stripped):
        return float(int(stripped))
    return input_date(stripped, date_format, utc_offset_hours) - 86399


def dash_date(value: str | None) -> tuple[int, int, int] | None:
    """The dash format custom-field searches use (seed 004 p.20: "e.g. 11-6-2019")."""
    match = _DASH_DATE.match(value or "")
    return None if match is None else tuple(int(g) for g in match.groups())  # type: ignore[return-value]


def custom_values(params: dict[str, str], fields: Iterable[CustomField]) -> dict[str, str]:
    """``custom_field_N`` arguments for fields that exist; checkbox fields take on/off."""
    out = {}
    for f in fields:
        name = f.key.split(":", 1)[1]
        if name not in params:
            continue
        value = text(params[name])
        if f.type == "checkbox" and value not in ("on", "off"):
            raise TalentError(E.INVALID_ARGUMENTS)
        if f.type == "dropdown" and value and f.dropdown_values and value not in f.dropdown_values.split(";"):
            raise TalentError(E.INVALID_ARGUMENTS)
        out[name] = value
    return out
