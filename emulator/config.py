"""Configuration: TOML (or JSON) → plain dataclasses. Demo defaults come from each vendor.

A config file looks like::

    seed = 42
    host = "127.0.0.1"

    [ports]
    talentlms = 8001

    [[tenants]]
    vendor = "talentlms"
    name = "acme"
    domain = "acme.talentlms.com"
    api_key = "ACMEKEY0123456789012345678901"
    plan = "grow"              # a vendor plan name, or "unlimited"
    date_format = "DDMMYYYY"   # a key of this vendor's own (its descriptor's tenant_keys)
    [tenants.sizes]
    users = 500
    [tenants.switches]
    over_limit_status = 403

With no tenants for a vendor, that vendor gets its documented demo tenant(s).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.memo import changed

DEFAULT_HOST = "127.0.0.1"
DEFAULT_SEED = 42


TENANT_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")


#: the TenantConfig fields that hold credentials (filled in by a vendor's ``new_tenant`` when missing);
#: a vendor adds its own with its descriptor's ``credential_keys``
CREDENTIAL_KEYS = ("api_key", "domain", "scim_token")


def stable_token(*parts: str, length: int = 40) -> str:
    """Hex characters derived from ``parts``: a tenant created with the same name, by config or by the
    control API, always gets the same generated credentials, so a restarted emulator keeps working
    with keys a developer already copied into their settings."""
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    while len(digest) < length:
        digest += hashlib.sha256(digest.encode()).hexdigest()
    return digest[:length]


class ConfigError(ValueError):
    """A configuration the emulator cannot use; the message says what is wrong."""


_VENDOR_KEYS: dict[str, tuple[str, ...]] = {}


def vendor_keys(vendor: str) -> tuple[str, ...]:
    """The tenant config keys only ``vendor`` reads (its descriptor's ``config_keys``); none for a vendor
    the registry does not know. Imports that vendor's package (once); cached, as attribute reads ask."""
    keys = _VENDOR_KEYS.get(vendor)
    if keys is None:
        from . import vendors

        descriptor = vendors.find(vendor)
        if descriptor is None:
            return ()
        keys = _VENDOR_KEYS[vendor] = descriptor.config_keys
    return keys


@dataclass
class _CommonTenantConfig:
    vendor: str
    name: str
    api_key: str | None = None
    domain: str | None = None  # the tenant's host or domain name at the vendor
    scim_token: str | None = None
    sso_configured: bool = True
    scim_enabled: bool = True
    plan: str | None = None
    seed: int | None = None
    sizes: dict[str, int] = field(default_factory=dict)
    switches: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    #: the vendor's own keys (strings or None), declared by its descriptor's ``tenant_keys`` and
    #: ``credential_keys``; read and written as attributes like the common ones
    own: dict[str, str | None] = field(default_factory=dict)


COMMON_KEYS = tuple(f.name for f in dataclasses.fields(_CommonTenantConfig) if f.name != "own")
_STRING_KEYS = ("api_key", "domain", "scim_token", "plan")


@dataclass(init=False, repr=False)
class TenantConfig(_CommonTenantConfig):
    """A tenant as configured: the common keys, plus the keys its vendor declares (Lessonly's
    ``subdomain``...), given as keyword arguments and read as attributes."""

    def __init__(self, vendor: str, name: str, **values: Any) -> None:
        own = dict(values.pop("own", None) or {})
        extra = {k: values.pop(k) for k in list(values) if k not in COMMON_KEYS}
        declared = vendor_keys(vendor)
        undeclared = sorted(set(extra) - set(declared))
        if undeclared:
            raise TypeError(f"TenantConfig got unexpected keyword arguments {undeclared}")
        own.update(extra)
        super().__init__(vendor, name, **values, own={key: own.get(key) for key in declared})
        for key in declared:  # plain attributes too, so reading one costs what reading a common key does
            object.__setattr__(self, key, self.own[key])

    def __setattr__(self, key: str, value: Any) -> None:
        if "own" in self.__dict__ and key in self.own:
            self.own[key] = value
        elif "own" in self.__dict__ and key not in COMMON_KEYS and not key.startswith("_"):
            raise AttributeError(f"{self.vendor} tenants have no config key {key!r}")
        object.__setattr__(self, key, value)
        changed()  # a tenant's date format, domain...: kept answers may show it (core/memo.py)

    def __repr__(self) -> str:
        common = ", ".join(f"{k}={getattr(self, k)!r}" for k in COMMON_KEYS)
        own = "".join(f", {k}={v!r}" for k, v in self.own.items())
        return f"TenantConfig({common}{own})"

    @classmethod
    def from_dict(cls, data: dict) -> "TenantConfig":
        if not isinstance(data, dict):
            raise ConfigError("a tenant is a table/object")
        for key in ("vendor", "name"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise ConfigError(f"a tenant needs a non-empty string '{key}'")
        own_keys = vendor_keys(data["vendor"])
        unknown = set(data) - set(COMMON_KEYS) - set(own_keys)
        if unknown:
            raise ConfigError(f"unknown tenant keys: {sorted(unknown)}")
        if not TENANT_NAME.fullmatch(data["name"]):
            raise ConfigError("a tenant name is 1-64 letters, digits, '.', '_' or '-'")
        for key in (*_STRING_KEYS, *own_keys):
            if data.get(key) is not None and (not isinstance(data[key], str) or not data[key]):
                raise ConfigError(f"tenant '{key}' must be a non-empty string")
        for key in ("sso_configured", "scim_enabled"):
            if key in data and not isinstance(data[key], bool):
                raise ConfigError(f"tenant '{key}' must be true or false")
        if data.get("seed") is not None and (not isinstance(data["seed"], int) or isinstance(data["seed"], bool)):
            raise ConfigError("tenant 'seed' must be an integer")
        for key in ("sizes", "switches", "settings"):
            if key in data and not isinstance(data[key], dict):
                raise ConfigError(f"tenant '{key}' must be a table/object")
        sizes = data.get("sizes", {})
        for k, v in sizes.items():
            if not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > 1_000_000:
                raise ConfigError(f"size '{k}' must be an integer between 0 and 1000000")
        return cls(**data)

    def to_dict(self) -> dict:
        """The flat form :meth:`from_dict` reads (the vendor's own keys beside the common ones)."""
        data = {k: v for k, v in dataclasses.asdict(self).items() if k != "own"}
        return {**data, **self.own}


@dataclass
class Config:
    host: str = DEFAULT_HOST
    seed: int = DEFAULT_SEED
    ports: dict[str, int] = field(default_factory=dict)
    tenants: list[TenantConfig] = field(default_factory=list)
    console_port: int = 8000  # 0: a free port, like every port
    journal_capacity: int = 5000
    vendors: list[str] | None = None  # None: every vendor that is built
    console: bool = True  # false: serve starts no console
    allowed_hosts: list[str] = field(default_factory=list)  # more Host names the control plane answers
    control_token: str | None = None  # when set, control calls need the X-Emulator-Token header
    data_dir: str | None = None  # keep every tenant in SQLite files here (core/persist); None: in memory only

    @classmethod
    def from_dict(cls, data: dict) -> "Config":
        if not isinstance(data, dict):
            raise ConfigError("the configuration is a table/object")
        allowed = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - allowed
        if unknown:
            raise ConfigError(f"unknown configuration keys {sorted(unknown)}: allowed {', '.join(sorted(allowed))}")
        from .config_check import check_top_level

        check_top_level(data)
        if not isinstance(data.get("tenants", []), list):
            raise ConfigError("tenants: allowed a list of [[tenants]] tables")
        tenants = []
        for i, raw in enumerate(data.get("tenants", []), 1):
            where = f"[[tenants]] #{i}" + (f" {raw['name']!r}" if isinstance(raw, dict) and "name" in raw else "")
            try:
                tenant = TenantConfig.from_dict(raw)
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
            tenants.append(tenant)
        ports = data.get("ports", {})
        seen = set()
        for t in tenants:
            key = (t.vendor, t.name)
            if key in seen:
                raise ConfigError(f"tenant {t.name!r} of {t.vendor} is declared twice")
            seen.add(key)
        hosts = data.get("allowed_hosts", [])
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
            raise ConfigError("'allowed_hosts' is a list of host names")
        token = data.get("control_token")
        if token is not None and (not isinstance(token, str) or not token):
            raise ConfigError("'control_token' must be a non-empty string")
        return cls(
            host=data.get("host", DEFAULT_HOST),
            seed=int(data.get("seed", DEFAULT_SEED)),
            ports=dict(ports),
            tenants=tenants,
            console_port=int(data.get("console_port", 8000)),
            journal_capacity=int(data.get("journal_capacity", 5000)),
            vendors=data.get("vendors"),
            console=data.get("console", True),
            allowed_hosts=list(hosts),
            control_token=token,
            data_dir=_data_dir(data.get("data_dir")),
        )

    @classmethod
    def load(cls, path: str | Path) -> "Config":
        path = Path(path)
        import tomllib  # here: a serve without a config file never parses TOML (~2 ms of its start)

        try:
            text = path.read_text()
        except OSError as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
        try:
            data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        try:
            return cls.from_dict(data)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None

    def to_dict(self) -> dict:
        """What :meth:`from_dict` reads back (serve hands it to each server process this way)."""
        return {**dataclasses.asdict(self), "tenants": [t.to_dict() for t in self.tenants]}

    def tenants_for(self, vendor: str) -> list[TenantConfig]:
        return [t for t in self.tenants if t.vendor == vendor]


def _data_dir(value: Any) -> str | None:
    if value is not None and (not isinstance(value, str) or not value):
        raise ConfigError(f"data_dir = {value!r}: allowed a directory path (a non-empty string)")
    return value
