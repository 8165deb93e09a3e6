"""The JSON every vendor surface parses request bodies with: :func:`loads`, stricter than ``json.loads``.

``json.loads`` accepts what no vendor stores and what breaks a later read: lone UTF-16 surrogates
(``"\\ud800"``: not Unicode, so no UTF-8 page or file can hold them), ``NaN``/``Infinity`` and
numbers that overflow to infinity. Each is a ``ValueError`` here, so a vendor's parser answers it
with its own malformed-JSON error (DRF's message for the constants is reproduced), and the bad
value never reaches a table.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _constant(name: str) -> Any:
    raise ValueError(f"Out of range float values are not JSON compliant: {name!r}")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"Out of range float values are not JSON compliant: {text!r}")
    return value


def loads(raw: bytes | str) -> Any:
    """``json.loads`` that also refuses lone surrogates and non-finite numbers (ValueError)."""
    data = json.loads(raw, parse_constant=_constant, parse_float=_float)
    probe = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    if _SURROGATE_ESCAPE.search(probe):  # only then can a lone surrogate be in there
        lone = lone_surrogate(data)
        if lone is not None:
            raise ValueError(f"lone surrogate {lone!r} in a string: not Unicode text")
    return data


def lone_surrogate(value: Any) -> str | None:
    """The first string (key or value) in ``value`` holding a lone surrogate, or None (iterative)."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            if not _encodable(item):
                return item
        elif isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
