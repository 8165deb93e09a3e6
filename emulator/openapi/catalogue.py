"""The fidelity catalogue of a vendor (the tables of ``docs/<vendor>.md`` and of its section of
``docs/scim.md``) as rows, for the document's ``x-emulator-*`` extensions.

A row is one line of a table whose header names a ``Source`` column: what it says (its first column),
its source, confidence and switch. An operation is linked to the rows whose code spans name it (its path
or, for TalentLMS, its action), so each operation carries the catalogue entries that describe it. A span
ending in ``*`` names a path and every path under it (```/v1/quizzes*``` covers ``/v1/quizzes/{id}/questions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..cassettes import ROOT

DOCS = ROOT / "docs"
_CODE = re.compile(r"`([^`]+)`")
_PARAM = re.compile(r":[A-Za-z_]+|<[^<>]+>|\{[^{}]*\}")
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Row:
    section: str
    columns: tuple[tuple[str, str], ...]  # (header, cell) in table order

    def get(self, header: str) -> str:
        for name, cell in self.columns:
            if name.lower() == header.lower():
                return cell
        return ""

    @property
    def subject(self) -> str:
        return self.columns[0][1]

    def entry(self) -> dict:
        out = {"section": self.section}
        for name, cell in self.columns:
            out[_key(name)] = cell
        return out

    def codes(self) -> list[str]:
        """The code spans of the subject; a one-segment span after a longer one is read as its sibling
        (``/users/:id/archive``, ``/restore`` names ``/users/:id/restore``)."""
        out: list[str] = []
        base = ""
        for code in _CODE.findall(self.subject):
            path = code.split(" ")[-1]
            if path.startswith("/") and path.count("/") == 1 and base:
                out.append(base + path)
            elif path.count("/") > 1:
                base = path.rsplit("/", 1)[0]
            out.append(code)
        return out

    def methods(self) -> set[str]:
        return {m for m in _METHODS if re.search(rf"\b{m}\b", self.subject)}


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.lower()).strip("_")


@cache
def rows(file: str, section_prefix: str = "") -> tuple[Row, ...]:
    """Every row of every sourced table in ``docs/<file>``; only under headings starting with
    ``section_prefix`` when one is given."""
    path = DOCS / file
    if not path.is_file():
        return ()
    out: list[Row] = []
    section = ""
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            section = line.lstrip("#").strip()
            header = None
            continue
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells if any(c.lower() == "source" for c in cells) else []
            continue
        if not header or set("".join(cells)) <= set("-: "):
            continue
        if section_prefix and not section.startswith(section_prefix):
            continue
        out.append(Row(section, tuple(zip(header, cells, strict=False))))
    return tuple(out)


def normal(path: str) -> str:
    """A path as catalogues write it, comparable: parameters as ``{}``, no trailing slash."""
    path = _PARAM.sub("{}", path.split("?", 1)[0].strip())
    return "/" + path.strip("/")


def matching(table: tuple[Row, ...], method: str, keys: list[str]) -> list[dict]:
    """The rows whose code spans name one of ``keys`` (normalised paths or action names), on a row that
    names no method or names ``method``."""
    wanted = {normal(k) for k in keys}
    found = []
    for row in table:
        methods = row.methods()
        if methods and method not in methods and method != "ANY":
            continue
        if any(_names(code.split(" ")[-1], wanted) for code in row.codes()):
            found.append(row.entry())
    return found


def _names(code: str, wanted: set[str]) -> bool:
    """Whether a code span names one of the ``wanted`` paths: itself, or, ending in ``*``, a path under it."""
    if not code.endswith("*"):
        return normal(code) in wanted
    base = normal(code[:-1])
    return any(path == base or path.startswith(base.rstrip("/") + "/") for path in wanted)


def switch_rows(table: tuple[Row, ...], switch: str) -> list[dict]:
    return [row.entry() for row in table if f"`{switch}`" in row.get("switch") or row.get("switch") == switch]
