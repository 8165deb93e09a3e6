"""What a configuration may hold, checked before anything starts: each mistake is one line naming the key,
the value given and the values allowed (``Config.load`` puts the file's name in front).

A vendor's own facts (its plans, switches, size names, and the allowed values of its own tenant keys) come
from its descriptor, so this module names no vendor. Port numbers mean the same everywhere: 1-65535 is that
port, and 0 asks the system for a free one (``serve`` prints the port it got; ``replay --port 0`` and the
pytest plugin do the same).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import ConfigError

if TYPE_CHECKING:
    from .config import Config, TenantConfig

PORT_RANGE = "0 (a free port) to 65535"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _listing(values) -> str:
    return ", ".join(repr(v) if not isinstance(v, str) else v for v in values)


def check_port(value: Any, key: str) -> int:
    """``key`` names where the value came from (``[ports] skilljar``, ``--skilljar-port``...)."""
    if not _is_int(value) or not 0 <= value <= 65535:
        raise ConfigError(f"{key} = {value!r}: allowed {PORT_RANGE}")
    return value


def vendor_names() -> list[str]:
    from . import vendors

    return list(vendors.INDEX)


def check_vendor_name(value: Any, key: str) -> str:
    names = vendor_names()
    if value not in names:
        raise ConfigError(f"{key} = {value!r}: allowed {_listing(names)} (lower case)")
    return value


def load(path) -> "Config":
    """``Config.load`` and then :func:`check_config`: what ``serve``, the pytest plugin and the inspection
    commands read; every mistake is one line starting with the file's name."""
    from .config import Config

    config = Config.load(path)
    try:
        check_config(config)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return config


def check_config(config: "Config") -> None:
    """The vendor-specific half, against the registry: vendor names (lower case) in ``[ports]``, ``vendors``
    and each tenant, and each tenant's plan, switches, sizes and own keys (``Config.from_dict`` has
    already checked the types and ranges, which need no vendor)."""
    for name in config.ports:
        check_vendor_name(name, "[ports] key")
    for name in config.vendors or ():
        check_vendor_name(name, "vendors item")
    for i, tenant in enumerate(config.tenants, 1):
        check_tenant(tenant, f"[[tenants]] #{i} {tenant.name!r}")


def check_top_level(data: dict) -> None:
    """The file's own keys, their types and ranges (what needs no vendor)."""
    for key, default_ok in (("seed", _is_int), ("journal_capacity", _is_int)):
        if key in data and not default_ok(data[key]):
            raise ConfigError(f"{key} = {data[key]!r}: allowed an integer")
    if "journal_capacity" in data and not 1 <= data["journal_capacity"] <= 1_000_000:
        raise ConfigError(f"journal_capacity = {data['journal_capacity']!r}: allowed 1 to 1000000")
    if "host" in data and (not isinstance(data["host"], str) or not data["host"]):
        raise ConfigError(f"host = {data['host']!r}: allowed an address such as \"127.0.0.1\" or \"0.0.0.0\"")
    if "console" in data and not isinstance(data["console"], bool):
        raise ConfigError(f"console = {data['console']!r}: allowed true or false")
    if "console_port" in data:
        check_port(data["console_port"], "console_port")
    ports = data.get("ports", {})
    if not isinstance(ports, dict):
        raise ConfigError(f"ports = {ports!r}: allowed a table of vendor = port ({_listing(vendor_names())})")
    for name, port in ports.items():
        check_port(port, f"[ports] {name}")
    if "vendors" in data and data["vendors"] is not None:
        chosen = data["vendors"]
        if not isinstance(chosen, list) or not chosen or not all(isinstance(v, str) for v in chosen):
            raise ConfigError(f"vendors = {chosen!r}: allowed a non-empty list of {_listing(vendor_names())}")


def check_tenant(tenant: "TenantConfig", where: str) -> None:
    """``where`` names the tenant (``[[tenants]] #2 'acme'``); its vendor, plan, switches, sizes and the
    vendor's own keys are checked against the vendor's descriptor."""
    from . import vendors

    check_vendor_name(tenant.vendor, f"{where}: vendor")
    vendor = vendors.get(tenant.vendor)
    if tenant.plan is not None and tenant.plan != "unlimited" and tenant.plan not in vendor.plans:
        raise ConfigError(f"{where}: plan = {tenant.plan!r}: allowed {_listing([*vendor.plans, 'unlimited'])}")
    for name, value in (tenant.switches or {}).items():
        switch = vendor.switches.get(name)
        if switch is None:
            raise ConfigError(f"{where}: [switches] {name}: no such {vendor.name} switch; allowed "
                              f"{_listing(sorted(vendor.switches))}")
        if switch.choices is not None and value not in switch.choices:
            raise ConfigError(f"{where}: [switches] {name} = {value!r}: allowed {_listing(switch.choices)}")
    for name in tenant.sizes or {}:
        if name not in vendor.default_sizes:
            raise ConfigError(f"{where}: [sizes] {name}: no such {vendor.name} size; allowed "
                              f"{_listing(sorted(vendor.default_sizes))}")
    for key, allowed in (getattr(vendor, "config_choices", None) or {}).items():
        value = getattr(tenant, key, None)
        if value is not None and value not in allowed:
            raise ConfigError(f"{where}: {key} = {value!r}: allowed {_listing(allowed)}")
