"""What differs, for a client, between a recorded answer and the emulator's answer to the same request.

Compared: status; media type; JSON envelope, key sets, key order and JSON types (so null vs "" vs a
missing key); the format of date, price and number strings (digits set aside: ``24/10/2023, 00:00:00``
and ``2023-10-24T00:00:00Z`` differ, two dates in one format do not); the values that are fixed:
every value of an error body, enum-like keys (status, role, type...); and the headers clients read
(Location's path, WWW-Authenticate, Retry-After and rate-limit headers present or not). Other values
(ids, names, counts, timestamps) belong to the data, not to the API, and are not compared.

Severity: ``breaking`` where a typed client can fail (status, media type, a type, a missing key, a
format, a fixed value, a header it reads); ``cosmetic`` where a tolerant one cannot (an extra key, key
order, a list's length).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

BREAKING, COSMETIC = "breaking", "cosmetic"
SEVERITIES = (COSMETIC, BREAKING)  # in increasing order
ENUM_KEYS = {"status", "role", "type", "user_type", "state", "completion_status", "resourcetype", "level",
             "access", "visibility", "kind", "event_type", "enrollment_type", "resource_type"}
EXACT_HEADERS = ("WWW-Authenticate",)
PRESENCE_HEADERS = ("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                    "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Location", "WWW-Authenticate")
_FORMAT_CHARS = re.compile(r"[0-9\s/:.,+\-TZ&#;$€£%()]+")
_DIGITS = re.compile(r"\d+")
_INDEX = re.compile(r"\[\d+\]")


@dataclass
class Difference:
    where: str  # "status", "content-type", "header Location", or a JSON path ($.users[*].email)
    kind: str  # status, content-type, type, missing, extra, order, length, value, format, header
    recorded: Any
    emulator: Any
    severity: str
    count: int = 1  # how many places (list items) share this difference
    switch: str | None = None  # "set trailing_slash=redirect", when one of the tenant's switches matches

    def key(self) -> tuple[str, str]:
        return self.where, self.kind

    def to_dict(self) -> dict:
        return asdict(self)


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@functools.lru_cache(maxsize=65536)
def string_format(value: str) -> str | None:
    """The shape of a date, time, price or number string (digit runs as ``9``); None for prose."""
    if len(value) > 40 or not any(ch.isdigit() for ch in value) or not _FORMAT_CHARS.fullmatch(value):
        return None
    return _DIGITS.sub("9", value)


def _media_type(headers: dict[str, list[str]] | Any, name: str = "Content-Type") -> str | None:
    value = header(headers, name)
    return value.split(";")[0].strip().lower() if value else None


def header(headers, name: str) -> str | None:
    if hasattr(headers, "get") and not isinstance(headers, dict):
        return headers.get(name)
    for key, values in headers.items():
        if key.lower() == name.lower():
            return values[0] if isinstance(values, list) else values
    return None


class _Walk:
    def __init__(self, fixed: bool) -> None:
        self.fixed = fixed
        self.found: dict[tuple[str, str], Difference] = {}

    def add(self, where: str, kind: str, recorded: Any, emulator: Any, severity: str) -> None:
        where = _INDEX.sub("[*]", where)
        known = self.found.get((where, kind))
        if known:
            known.count += 1
        else:
            self.found[(where, kind)] = Difference(where, kind, recorded, emulator, severity)

    def compare(self, rec: Any, emu: Any, path: str, key: str = "") -> None:
        rt, et = json_type(rec), json_type(emu)
        if rt != et and not {rt, et} <= {"integer", "number"}:
            self.add(path, "type", _show(rec), _show(emu), BREAKING)
            return
        if rt == "object":
            missing = [k for k in rec if k not in emu]
            extra = [k for k in emu if k not in rec]
            for k in missing:
                self.add(f"{path}.{k}", "missing", _show(rec[k]), "(absent)", BREAKING)
            for k in extra:
                self.add(f"{path}.{k}", "extra", "(absent)", _show(emu[k]), COSMETIC)
            common_rec = [k for k in rec if k in emu]
            common_emu = [k for k in emu if k in rec]
            if common_rec != common_emu:
                self.add(path, "order", ",".join(common_rec), ",".join(common_emu), COSMETIC)
            for k in common_rec:
                self.compare(rec[k], emu[k], f"{path}.{k}", k)
        elif rt == "array":
            if len(rec) != len(emu):
                self.add(path, "length", len(rec), len(emu), COSMETIC)
            for i, (a, b) in enumerate(zip(rec, emu, strict=False)):
                self.compare(a, b, f"{path}[{i}]", key)
        elif self.fixed or key.lower() in ENUM_KEYS:
            if rec != emu:
                self.add(path, "value", rec, emu, BREAKING)
        elif rt == "string":
            rf, ef = string_format(rec), string_format(emu)
            if rf != ef and (rf or ef):
                self.add(path, "format", rec, emu, BREAKING)


def _show(value: Any) -> Any:
    text = json.dumps(value)
    return value if len(text) <= 80 else text[:77] + "..."


def _json(text: str) -> tuple[bool, Any]:
    try:
        return True, json.loads(text)
    except ValueError:
        return False, None


def compare(recorded_status: int, recorded_headers: dict[str, list[str]], recorded_body: str,
            status: int, headers, body: str) -> list[Difference]:
    """Every difference between a recorded answer and the emulator's, most important first."""
    out: list[Difference] = []
    if recorded_status != status:
        out.append(Difference("status", "status", recorded_status, status, BREAKING))
    rec_type, emu_type = _media_type(recorded_headers), _media_type(headers)
    if rec_type and rec_type != emu_type:
        out.append(Difference("content-type", "content-type", rec_type, emu_type, BREAKING))
    for name in PRESENCE_HEADERS:
        a, b = header(recorded_headers, name), header(headers, name)
        if (a is None) != (b is None):
            out.append(Difference(f"header {name}", "header", a if a is not None else "(absent)",
                                  b if b is not None else "(absent)", BREAKING))
        elif a is not None and name == "Location" and _target(a) != _target(b):
            out.append(Difference(f"header {name}", "header", _target(a), _target(b), BREAKING))
        elif a is not None and name in EXACT_HEADERS and a != b:
            out.append(Difference(f"header {name}", "header", a, b, BREAKING))
    if (recorded_status >= 400) != (status >= 400):
        return out  # an error for a success (or the reverse): the bodies are different documents
    # a copy each: the caller fills in switches (a recording repeats the same answers many times)
    out.extend(dataclasses.replace(d) for d in _body_differences(recorded_body, body, recorded_status >= 400,
                                                                 rec_type))
    return out


@functools.lru_cache(maxsize=512)
def _body_differences(recorded_body: str, body: str, fixed: bool, rec_type: str | None) -> tuple[Difference, ...]:
    if recorded_body == body:
        return ()  # the same text is the same document: nothing can differ
    out: list[Difference] = []
    ok_rec, rec = _json(recorded_body)
    ok_emu, emu = _json(body)
    if ok_rec and ok_emu:
        walk = _Walk(fixed)
        walk.compare(rec, emu, "$")
        out.extend(walk.found.values())
    elif ok_rec != ok_emu and recorded_body.strip() and body.strip():
        out.append(Difference("$", "type", "JSON" if ok_rec else "text", "JSON" if ok_emu else "text", BREAKING))
    elif fixed and not ok_rec and rec_type != "text/html" and recorded_body.strip() != body.strip():
        out.append(Difference("$", "value", _show(recorded_body), _show(body), BREAKING))
    return tuple(out)


def _target(location: str | None) -> str | None:
    if location is None:
        return None
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")
