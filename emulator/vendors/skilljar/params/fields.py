"""The field-rule vocabulary: request-body validation the way Django REST Framework does it, with
DRF's own messages. A resource's body is a ``dict[str, Field]`` (see the resource modules beside this
one); :func:`validate` checks it.

Skilljar v1 is a DRF application (its OpenAPI document is drf-spectacular output), so bodies are
validated by DRF serializers: every field is checked before anything is written, errors come back
together as ``{"field": ["message"]}`` (nested serializers nest their errors), unknown and
read-only keys are ignored, and scalar coercion is DRF's (``"5"`` is a valid integer, ``"true"`` a
valid boolean, ``5`` a valid string).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

REQUIRED = "This field is required."
NULL = "This field may not be null."
BLANK = "This field may not be blank."

_EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
                    r"[A-Za-z0-9])?)+$")
_TRUE = {"true", "True", "TRUE", "1", "on", "On", "ON", "yes", "Yes", "YES", "y", "Y", "t", "T"}
_FALSE = {"false", "False", "FALSE", "0", "off", "Off", "OFF", "no", "No", "NO", "n", "N", "f", "F"}
DATETIME_FORMAT = "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]"


class Invalid(Exception):
    def __init__(self, detail: Any) -> None:
        super().__init__(detail)
        self.detail = detail


class Field:
    def __init__(self, required: bool = False, allow_null: bool = False, default: Any = None,
                 has_default: bool = False) -> None:
        self.required = required
        self.allow_null = allow_null
        self.default = default
        self.has_default = has_default

    def run(self, value: Any) -> Any:
        if value is None:
            if not self.allow_null:
                raise Invalid([NULL])
            return None
        return self.convert(value)

    def convert(self, value: Any) -> Any:
        return value


class Char(Field):
    def __init__(self, max_length: int | None = None, allow_blank: bool = True, **kw: Any) -> None:
        super().__init__(**kw)
        self.max_length = max_length
        self.allow_blank = allow_blank

    def convert(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise Invalid(["Not a valid string."])
        text = str(value).strip()
        if text == "" and not self.allow_blank:
            raise Invalid([BLANK])
        if self.max_length is not None and len(text) > self.max_length:
            raise Invalid([f"Ensure this field has no more than {self.max_length} characters."])
        return self.check(text)

    def check(self, text: str) -> str:
        return text


class Email(Char):
    def __init__(self, **kw: Any) -> None:
        kw.setdefault("max_length", 254)
        kw.setdefault("allow_blank", False)
        super().__init__(**kw)

    def check(self, text: str) -> str:
        if not _EMAIL.match(text):
            raise Invalid(["Enter a valid email address."])
        return text


class URL(Char):
    def check(self, text: str) -> str:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            raise Invalid(["Enter a valid URL."])
        return text


class Bool(Field):
    def convert(self, value: Any) -> Any:
        if value is True or value is False:
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value in _TRUE:
            return True
        if isinstance(value, str) and value in _FALSE:
            return False
        if isinstance(value, str) and value in ("null", "") and self.allow_null:
            return None
        raise Invalid(["Must be a valid boolean."])


class Int(Field):
    def __init__(self, min_value: int | None = None, max_value: int | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.min_value = min_value
        self.max_value = max_value

    def convert(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise Invalid(["A valid integer is required."])
        if isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, int):
            number = value
        elif isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+(\.0*)?\s*", value) and len(value) < 50:
            number = int(float(value)) if "." in value else int(value)
        else:
            raise Invalid(["A valid integer is required."])
        if self.max_value is not None and number > self.max_value:
            raise Invalid([f"Ensure this value is less than or equal to {self.max_value}."])
        if self.min_value is not None and number < self.min_value:
            raise Invalid([f"Ensure this value is greater than or equal to {self.min_value}."])
        return number


class Number(Field):
    """DRF FloatField."""

    def convert(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise Invalid(["A valid number is required."])
        try:
            number = float(value) if isinstance(value, (int, float, str)) and len(str(value)) < 50 else None
        except ValueError:
            number = None
        if number is None or number != number or number in (float("inf"), float("-inf")):
            raise Invalid(["A valid number is required."])
        return number


class DateTime(Field):
    def convert(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            try:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                moment = None
            if moment is not None and ("T" in text.upper() or " " in text):
                if moment.tzinfo is None:  # Django's default timezone is UTC

                    moment = moment.replace(tzinfo=UTC)
                return moment.timestamp()
        raise Invalid([f"Datetime has wrong format. Use one of these formats instead: {DATETIME_FORMAT}."])


class Choice(Field):
    def __init__(self, choices: tuple, **kw: Any) -> None:
        super().__init__(**kw)
        self.choices = choices

    def convert(self, value: Any) -> Any:
        if isinstance(value, str) and value == "" and self.allow_null:
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool) or value not in self.choices:
            shown = value if isinstance(value, str) else _repr(value)
            raise Invalid([f'"{shown}" is not a valid choice.'])
        return value


class Slug(Char):
    """Django's SlugField as Skilljar's published-course slugs use it: words joined by hyphens."""

    PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")

    def check(self, text: str) -> str:
        if not self.PATTERN.match(text):
            raise Invalid(["Enter a valid value."])
        return text


class Pattern(Char):
    """A CharField with Django's RegexValidator (a slug's ``^[a-z0-9]+(-[a-z0-9]+)*$``)."""

    def __init__(self, pattern: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.pattern = re.compile(pattern)

    def check(self, text: str) -> str:
        if text and not self.pattern.search(text):
            raise Invalid(["Enter a valid value."])
        return text


class DomainPart(Char):
    """The domain part of an email address (``example.com``), kept lowercase."""

    def check(self, text: str) -> str:
        if "@" in text or " " in text or "." not in text:
            raise Invalid(["Enter a valid domain name."])
        return text.lower()


class DictOf(Field):
    """A JSON object of strings (``additional_headers``)."""

    def convert(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise Invalid([f'Expected a dictionary of items but got type "{_type(value)}".'])
        errors = {}
        out = {}
        for key, item in value.items():
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                errors[str(key)] = ["Not a valid string."]
            else:
                out[str(key)] = str(item)
        if errors:
            raise Invalid(errors)
        return out


class ListOf(Field):
    def __init__(self, child: Field, min_length: int | None = None, max_length: int | None = None,
                 **kw: Any) -> None:
        super().__init__(**kw)
        self.child = child
        self.min_length = min_length
        self.max_length = max_length

    def convert(self, value: Any) -> Any:
        if isinstance(value, (str, dict)) or not isinstance(value, list):
            raise Invalid([f'Expected a list of items but got type "{_type(value)}".'])
        if self.min_length is not None and len(value) < self.min_length:
            if self.min_length == 1 and not value:
                raise Invalid(["This list may not be empty."])
            raise Invalid([f"Ensure this field has at least {self.min_length} elements."])
        if self.max_length is not None and len(value) > self.max_length:
            raise Invalid([f"Ensure this field has no more than {self.max_length} elements."])
        out, errors, failed = [], [], False
        for item in value:
            try:
                out.append(self.child.run(item))
                errors.append({})
            except Invalid as exc:
                failed = True
                errors.append(exc.detail)
        if failed:
            if isinstance(self.child, Nested):
                raise Invalid(errors)
            raise Invalid({i: e for i, e in enumerate(errors) if e})
        return out


class Nested(Field):
    def __init__(self, fields: dict[str, Field], partial: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.fields = fields
        self.partial = partial

    def convert(self, value: Any) -> Any:
        return validate(self.fields, value, partial=self.partial)


def ref(**kw: Any) -> Nested:
    """A related object given by its id, as Skilljar's bodies name one: ``{"id": "<id>"}``."""
    return Nested({"id": Char(required=True, allow_blank=False)}, **kw)


#: string formats with a field type of their own; any other string is a Char
STRING_FORMATS: dict[str | None, type[Char]] = {"email": Email, "uri": URL, "slug": Slug, "domain": DomainPart}


def rule_field(rule: Mapping[str, Any]) -> Field:
    """One field from a declarative rule, the shape a table generated from Skilljar's OpenAPI document
    can hold: ``type`` (string, integer, boolean, object, array), ``format`` (email, uri, date-time,
    slug, domain), ``enum``, ``required``, ``nullable``, ``blank`` (may a string be empty),
    ``max_length``, ``pattern``, ``minimum``, ``maximum``, ``properties`` (an object's fields),
    ``items`` (an array's field), ``min_items``, ``max_items``, ``default``; type ``number`` is a
    float, ``any`` a JSON value of any type."""
    common: dict[str, Any] = {"required": rule.get("required", False), "allow_null": rule.get("nullable", False)}
    if "default" in rule:
        common.update(default=rule["default"], has_default=True)
    kind = rule["type"]
    if "enum" in rule:
        return Choice(tuple(rule["enum"]), **common)
    if kind == "string" and rule.get("format") == "date-time":
        return DateTime(**common)
    if kind == "string":
        options = {key: rule[name] for name, key in (("max_length", "max_length"), ("blank", "allow_blank"))
                   if name in rule}
        if "pattern" in rule and rule.get("format") not in STRING_FORMATS:
            return Pattern(rule["pattern"], **options, **common)
        return STRING_FORMATS.get(rule.get("format"), Char)(**options, **common)
    if kind == "integer":
        return Int(min_value=rule.get("minimum"), max_value=rule.get("maximum"), **common)
    if kind == "boolean":
        return Bool(**common)
    if kind == "number":
        return Number(**common)
    if kind == "any":  # a JSONField: any JSON value
        return Field(**common)
    if kind == "object":
        if "properties" in rule:
            return Nested(rule_fields(rule["properties"]), **common)
        return DictOf(**common)
    if kind == "array":
        return ListOf(rule_field(rule["items"]), min_length=rule.get("min_items"), max_length=rule.get("max_items"),
                      **common)
    raise ValueError(f"no field type for a rule of type {kind!r}")


def rule_fields(table: Mapping[str, Mapping[str, Any]]) -> dict[str, Field]:
    """A resource's body fields from a table of rules (``{name: rule}``), in the table's order."""
    return {name: rule_field(rule) for name, rule in table.items()}


def validate(fields: dict[str, Field], data: Any, partial: bool = False) -> dict[str, Any]:
    """The validated subset of ``data`` (only declared, present fields), or raise Invalid(errors)."""
    if not isinstance(data, dict):
        raise Invalid({"non_field_errors": [f"Invalid data. Expected a dictionary, but got {_type(data)}."]})
    out: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in data:
            if field.required and not partial:
                errors[name] = [REQUIRED]
            elif field.has_default and not partial:
                out[name] = field.default
            continue
        try:
            out[name] = field.run(data[name])
        except Invalid as exc:
            errors[name] = exc.detail
    if errors:
        raise Invalid(errors)
    return out


def _type(value: Any) -> str:
    return {dict: "dict", list: "list", str: "str", int: "int", float: "float", bool: "bool",
            type(None): "NoneType"}.get(type(value), type(value).__name__)


def _repr(value: Any) -> str:
    if value is True:
        return "True"
    if value is False:
        return "False"
    return str(value)
