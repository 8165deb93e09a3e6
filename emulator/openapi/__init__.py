"""OpenAPI 3.1 documents of every emulated surface, generated from the emulator itself (issue #13).

``document(name)`` builds (once per process) the vendor's document: REST and SCIM surfaces, each
operation with its answers, auth schemes, rate-limit behaviour and ``x-emulator-*`` extensions.
``python -m emulator.openapi DIR`` (``make openapi``) writes them to ``docs/openapi/``; every vendor port serves
its own at ``/_emulator/openapi.json`` and ``/_emulator/openapi.yaml``.
"""

from __future__ import annotations

import copy
import json
import threading
from functools import lru_cache
from pathlib import Path

_cache: dict[str, dict] = {}
_lock = threading.Lock()


def document(name: str) -> dict:
    """The vendor's generated document (shared: copy before changing it)."""
    found = _cache.get(name)
    if found is None:
        with _lock:
            found = _cache.get(name)
            if found is None:
                from .. import vendors as registry
                from .build import build

                found = _cache[name] = build(registry.get(name))
    return found


def served(name: str, base_url: str) -> dict:
    """The document as a vendor port serves it: its ``servers`` naming that port."""
    doc = copy.copy(document(name))
    doc["servers"] = [{"url": base_url.rstrip("/"), "description": "this emulator"}]
    return doc


@lru_cache(maxsize=32)
def rendered(name: str, base_url: str, fmt: str) -> str:
    """The served document as text (``fmt`` "json" or "yaml"), rendered once per port address."""
    doc = served(name, base_url)
    return to_json(doc) if fmt == "json" else to_yaml(doc)


def to_json(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def to_yaml(doc: dict) -> str:
    import yaml  # here: only the YAML document needs it, and every vendor server imports this module

    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


def write(folder: str | Path, names: list[str] | None = None) -> list[Path]:
    """Write ``<vendor>.json`` and ``<vendor>.yaml`` for every built vendor into ``folder``."""
    from .. import vendors as registry

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or registry.built():
        doc = document(name)
        for suffix, text in (("json", to_json(doc)), ("yaml", to_yaml(doc))):
            path = folder / f"{name}.{suffix}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
