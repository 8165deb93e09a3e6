"""From recorded JSON objects to state rows, for every vendor: the generic half of cloning.

A vendor's ``clone`` module says which recorded answers hold which objects (``Source``) and how a
JSON object's keys map to its model's fields (``Shape``: renames and converters); this module does
the rest: values coerced to the field's JSON type by its annotation (numeric strings to ints,
``"0"``/``"1"`` to bools, dates in any of the vendors' formats to epoch seconds, ``""`` to None for
optional fields), fields the recordings lack filled deterministically (the model's default, else an
empty value of the field's type) and listed, and objects seen more than once merged field by field.

Two views of the same recordings. ``as_of="end"`` (``serve --from-recordings``): the tenant as last
seen: each field takes its latest value, and a field seen with different values is reported.
``as_of="start"`` (drift): the tenant before the recording: first-seen values, and objects the
recorded requests created are left out, since replaying those requests creates them again.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator

from ..cassettes import Interaction

Converter = Callable[[Any, "Context"], dict[str, Any]]


@dataclass
class Shape:
    """How one table's rows look in JSON."""

    model: type
    renames: dict[str, str] = field(default_factory=dict)  # JSON key -> field
    converters: dict[str, Converter] = field(default_factory=dict)  # JSON key -> {field: value}
    ignore: frozenset[str] = frozenset()  # JSON keys that hold nothing of this row
    pk: str = "id"


@dataclass
class Found:
    table: str
    data: dict  # the JSON object as recorded
    created: bool = False  # the answer of the request that created it
    extra: dict = field(default_factory=dict)  # fields known from context (a parent id...)
    append: dict = field(default_factory=dict)  # list fields to extend (a membership seen from the other side)


@dataclass
class Context:
    date_order: str = "DMY"  # how to read NN/NN/NNNN dates (TalentLMS domains choose)


@dataclass
class Source:
    """Answers of requests matching ``method`` and ``path`` (a regex on the decoded path) hold objects."""

    method: str
    path: str
    extract: Callable[[Any, re.Match, Interaction], Iterable[Found]]
    statuses: tuple[int, ...] = (200, 201)


# --- coercion ------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_time(value: Any, ctx: Context) -> float | None:
    """Epoch seconds from an epoch number or string, ISO 8601, or NN/NN/NNNN[, HH:MM[:SS]]."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text)
    m = _DMY.fullmatch(text)
    if m:
        a, b, year, hh, mm, ss = m.groups()
        day, month = (a, b) if ctx.date_order == "DMY" else (b, a)
        try:
            when = datetime(int(year), int(month), int(day), int(hh or 0), int(mm or 0), int(ss or 0),
                            tzinfo=timezone.utc)
        except ValueError:
            return None
        return when.timestamp()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def parse_price(value: Any) -> float:
    text = html.unescape(str(value or "0"))
    digits = re.sub(r"[^\d.,-]", "", text).replace(",", "")
    try:
        return float(digits) if digits else 0.0
    except ValueError:
        return 0.0


_NUMBER = re.compile(r"\s*-?\d+(\.\d+)?\s*")
_TIME_NAMES = re.compile(r"(_on|_at|_date|date|_datetime|^last_updated|^start|^due_by|_until|^last_login|"
                         r"^latest_activity|^issued|^expires)$")


@functools.lru_cache(maxsize=512)
def _base(annotation: str) -> tuple[str, bool]:
    parts = [p.strip() for p in str(annotation).split("|")]
    optional = "None" in parts
    rest = [p for p in parts if p != "None"]
    return (rest[0] if rest else "None"), optional


def coerce(name: str, annotation: str, value: Any, ctx: Context) -> Any:
    base, optional = _base(annotation)
    if value is None or (value == "" and optional and base != "str"):
        return None if optional else empty(annotation)
    if base == "float" and (_TIME_NAMES.search(name) or (isinstance(value, str) and not _NUMBER.fullmatch(value))):
        parsed = parse_time(value, ctx)
        return parsed if parsed is not None or optional else 0.0
    if base in ("int", "float"):
        if isinstance(value, bool):
            return int(value)
        try:
            number = float(str(value).strip())
        except ValueError:
            return None if optional else empty(annotation)
        return int(number) if base == "int" else number
    if base == "bool":
        return value in (True, 1, "1", "true", "True", "yes", "on")
    if base == "str":
        return value if isinstance(value, str) else str(value)
    if base.startswith("list") and isinstance(value, list):
        inner = base[5:-1] if base.endswith("]") else ""
        return [coerce(name, inner, v, ctx) if inner in ("int", "str", "float") else v for v in value]
    if base.startswith("dict") and isinstance(value, dict):
        return value
    return value


def empty(annotation: str) -> Any:
    base, optional = _base(annotation)
    if optional:
        return None
    return {"int": 0, "float": 0.0, "str": "", "bool": False}.get(
        base, [] if base.startswith("list") else {} if base.startswith("dict") else None)


@functools.lru_cache(maxsize=128)
def hints(model: type) -> dict[str, str]:
    return {f.name: f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
            for f in dataclasses.fields(model)}


def row_fields(shape: Shape, data: dict, ctx: Context) -> dict[str, Any]:
    """The fields one recorded JSON object gives (only those it has)."""
    types = hints(shape.model)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in shape.ignore:
            continue
        if key in shape.converters:
            out.update(shape.converters[key](value, ctx))
            continue
        name = shape.renames.get(key, key)
        if name in types:
            out[name] = coerce(name, types[name], value, ctx)
    return {k: v for k, v in out.items() if k in types}


# --- merging ---------------------------------------------------------------------------------------

@dataclass
class Clone:
    shapes: dict[str, Shape]
    ctx: Context = field(default_factory=Context)
    as_of: str = "end"
    rows: dict[str, dict[Any, dict]] = field(default_factory=dict)
    seen_at: dict[tuple[str, Any], str] = field(default_factory=dict)
    created: set[tuple[str, Any]] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    #: the values last merged into each row: the same (cached) values again change nothing
    last: dict[tuple[str, Any], dict] = field(default_factory=dict)

    def add(self, found: Found, where: str) -> None:
        shape = self.shapes[found.table]
        values = found.__dict__.get("_values")
        if values is None:  # coerced once per distinct recorded answer (see ``collect``)
            values = found.__dict__["_values"] = {**row_fields(shape, found.data, self.ctx), **found.extra}
        pk = values[shape.pk] if shape.pk in values else found.data.get(shape.pk)
        if pk is None:
            return
        ident = (found.table, pk)
        if not found.append and self.last.get(ident) is values:
            self.seen_at[ident] = where
            return
        table = self.rows.setdefault(found.table, {})
        if found.append:
            row = table.setdefault(pk, {shape.pk: pk})
            self.seen_at.setdefault(ident, where)
            for name, items in found.append.items():
                merged = row.setdefault(name, [])
                merged.extend(item for item in items if item not in merged)
            self.last.pop(ident, None)
            return
        self.last[ident] = values
        if pk not in table:
            if found.created:
                self.created.add(ident)
            table[pk] = {k: list(v) if isinstance(v, list) else v for k, v in values.items()}
            self.seen_at[ident] = where
            return
        row = table[pk]
        for name, value in values.items():
            if isinstance(value, list) and isinstance(row.get(name), list) and name.endswith("_ids"):
                row[name].extend(item for item in value if item not in row[name])
            elif name not in row:
                row[name] = list(value) if isinstance(value, list) else value
            elif row[name] != value and self.as_of == "end":
                self.notes.append(f"{found.table} {pk}: {name} was {row[name]!r} at {self.seen_at[ident]}, "
                                  f"{value!r} at {where}; kept the latest")
                row[name] = value
        self.seen_at[ident] = where

    def tables(self) -> tuple[dict[str, list[dict]], dict[str, list[str]]]:
        """Complete rows per table (creations left out when ``as_of="start"``) and the filled fields."""
        out: dict[str, list[dict]] = {}
        filled: dict[str, list[str]] = {}
        for table, rows in self.rows.items():
            shape = self.shapes[table]
            types = hints(shape.model)
            defaults = {f.name: f for f in dataclasses.fields(shape.model)}
            complete = []
            missing_names: set[str] = set()
            keys = list(rows)
            if all(isinstance(k, int) and not isinstance(k, bool) for k in keys):
                keys.sort()  # numeric ids are handed out in order: insertion order is id order
            for pk in keys:
                values = rows[pk]
                if self.as_of == "start" and (table, pk) in self.created:
                    continue
                row = {}
                for name, annotation in types.items():
                    if name in values:
                        row[name] = values[name]
                        continue
                    missing_names.add(name)
                    spec = defaults[name]
                    if spec.default is not dataclasses.MISSING:
                        row[name] = spec.default
                    elif spec.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
                        row[name] = spec.default_factory()  # type: ignore[misc]
                    else:
                        row[name] = empty(annotation)
                complete.append(row)
            out[table] = complete
            if missing_names and complete:
                filled[table] = sorted(missing_names)
        return out, filled


def collect(interactions: Iterable[Interaction], sources: list[Source]) -> Iterator[tuple[Found, str]]:
    """Every object the recorded answers hold, with where it was seen (an interaction's label).

    A recording repeats itself (the same list read a hundred times): an answer identical to one already
    taken apart (same request, same body) gives the same objects again without parsing it again; what
    an extractor reads of the interaction besides the body (its path's arguments) is in the key."""
    from urllib.parse import unquote

    compiled = [(s, re.compile(s.path)) for s in sources]
    seen: dict[tuple, list[Found]] = {}
    for interaction in interactions:
        req, resp = interaction.request, interaction.response
        path = unquote(req.raw_path.partition("?")[0])
        for n, (source, pattern) in enumerate(compiled):
            if source.method != req.method or resp.status not in source.statuses:
                continue
            match = pattern.fullmatch(path)
            if not match:
                continue
            where = f"{interaction.cassette.name}#{interaction.index}"
            key = (n, req.method, req.raw_path, resp.body)
            if key in seen:
                for found in seen[key]:
                    yield found, where
                break
            try:
                body = resp.json()
            except ValueError:
                break
            found_all = seen[key] = list(source.extract(body, match, interaction))
            for found in found_all:
                yield found, where
            break


def clone_tables(interactions: list[Interaction], sources: list[Source], shapes: dict[str, Shape],
                 as_of: str = "end", ctx: Context | None = None) -> tuple[dict[str, list[dict]], list[str]]:
    """(tables, report lines) for ``State.from_export({"tables": tables})``."""
    clone = Clone(shapes, ctx or Context(), as_of)
    for found, where in collect(interactions, sources):
        clone.add(found, where)
    tables, filled = clone.tables()
    report = [f"{table}: {len(rows)} rows" for table, rows in tables.items()]
    report += [f"{table}: filled (not in the recordings): {', '.join(names)}" for table, names in filled.items()]
    if as_of == "start" and clone.created:
        report.append(f"left out {len(clone.created)} objects the recorded requests create")
    report += clone.notes
    return tables, report


def scim_resources(body: Any) -> list[dict]:
    """The resources of a SCIM answer: a ListResponse's ``Resources`` or one resource."""
    if isinstance(body, dict) and isinstance(body.get("Resources"), list):
        return [r for r in body["Resources"] if isinstance(r, dict) and "id" in r]
    return [body] if isinstance(body, dict) and "id" in body and "schemas" in body else []


def scim_user(resource: dict) -> dict[str, Any]:
    """A SCIM User's parts every vendor maps: userName, given and family name, first email, active,
    created and last modified."""
    name = resource.get("name") if isinstance(resource.get("name"), dict) else {}
    emails = [e for e in resource.get("emails") or [] if isinstance(e, dict) and e.get("value")]
    meta = resource.get("meta") if isinstance(resource.get("meta"), dict) else {}
    return {"id": resource["id"], "userName": resource.get("userName"), "given": name.get("givenName"),
            "family": name.get("familyName"), "email": emails[0]["value"] if emails else None,
            "active": resource.get("active"), "created": meta.get("created"), "modified": meta.get("lastModified"),
            "externalId": resource.get("externalId")}
