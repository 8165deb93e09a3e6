"""The vendor registry: the only module that knows every vendor.

``INDEX`` names each vendor, its default port and how the command line labels it, without importing
it (importing a vendor pulls in its whole surface, SCIM models included), so ``serve``'s parent process
can build its options, plan ports and start the servers at once; each server process imports only its
own vendor. moto fixed the same cost with a static backend index (moto #4207). Vendors not yet built
are simply absent: their package does not exist, and ``serve`` skips them.

Everything else shared code needs from a vendor (its CLI port option, its pytest fixture, its console
snippet, its tenant config keys, its cassette path style) comes from this index or from the vendor's
:class:`~emulator.core.vendor.Vendor` descriptor, so a new vendor adds one line here and nothing else
outside its package.

A vendor outside ``emulator/vendors/`` (the worked example ``examples/tinylms``, a vendor under
development) joins with :func:`register` (a name, an importable module holding ``VENDOR``, a port),
or, for processes started later (``serve``'s servers), with the environment variable
``LMS_EMULATOR_EXTRA_VENDORS="name=module:port,..."``. Extra vendors are served, listed and found
like built ones, but get no CLI port option (give their port in the config's ``[ports]``).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.vendor import Vendor

ENV_EXTRA = "LMS_EMULATOR_EXTRA_VENDORS"


class Entry(int):
    """A vendor's default port (the entry is that int, so ``INDEX[name]`` reads as the port), with how
    ``serve --help`` labels the vendor and, for an extra vendor, the module holding its package."""

    label: str
    module: str

    def __new__(cls, port: int, label: str, module: str = "") -> "Entry":
        entry = super().__new__(cls, port)
        entry.label = label
        entry.module = module  # empty: emulator.vendors.<name>
        return entry

    @property
    def port(self) -> int:
        return int(self)


#: name -> entry, in start order (checked against each descriptor by tests/test_registry.py)
INDEX = {
    "talentlms": Entry(8001, "TalentLMS"),
    "skilljar": Entry(8002, "Skilljar"),
    "lessonly": Entry(8003, "Lessonly"),
}
ORDER = tuple(INDEX)
_REGISTERED: dict[str, Entry] = {}


def register(name: str, module: str, port: int, label: str | None = None) -> None:
    """Add a vendor that lives outside this package (tests, examples); its module defines ``VENDOR``."""
    if name in INDEX:
        raise ValueError(f"{name!r} is a built-in vendor")
    _REGISTERED[name] = Entry(port, label or name, module)


def unregister(name: str) -> None:
    _REGISTERED.pop(name, None)


def _extras() -> dict[str, Entry]:
    found = {}
    for item in filter(None, (part.strip() for part in os.environ.get(ENV_EXTRA, "").split(","))):
        name, _, target = item.partition("=")
        module, _, port = target.rpartition(":")
        if not (name and module and port.isdigit()):
            raise ValueError(f"{ENV_EXTRA}: {item!r} is not name=module:port")
        found[name.strip()] = Entry(int(port), name.strip(), module.strip())
    return {**found, **_REGISTERED}


def entries() -> dict[str, Entry]:
    """Every known vendor, built-in first, then extra ones."""
    return {**INDEX, **{k: v for k, v in _extras().items() if k not in INDEX}}


def _module(name: str, entry: Entry) -> str:
    return entry.module or f"{__name__}.{name}"


def built() -> list[str]:
    """Names of the vendors whose package exists, without importing them."""
    return [name for name, entry in entries().items() if importlib.util.find_spec(_module(name, entry)) is not None]


def default_port(name: str) -> int:
    return entries()[name].port


def label(name: str) -> str:
    return entries()[name].label


def _load(name: str) -> "Vendor | None":
    module_name = _module(name, entries()[name])
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None  # not built yet
        raise
    return module.VENDOR


def available() -> dict[str, "Vendor"]:
    """name → Vendor descriptor, for every built vendor, in port order (imports them all)."""
    found = {}
    for name in built():
        vendor = _load(name)
        if vendor is not None:
            found[name] = vendor
    return found


def get(name: str) -> "Vendor":
    known = entries()
    if name not in known:
        raise KeyError(f"unknown vendor {name!r}; vendors: {list(known)}")
    vendor = _load(name)
    if vendor is None:
        raise KeyError(f"vendor {name!r} is not built")
    return vendor


def find(name: str) -> "Vendor | None":
    """The descriptor of ``name``, or None for a name no registry entry knows (shared code asking
    "does this vendor declare X?" about a tenant or a console tab)."""
    try:
        return get(name)
    except KeyError:
        return None
