"""Where an outbound webhook or callback may go (server-side request forgery).

A tenant's API key is enough to register a webhook, so a target URL is untrusted input: it must never
reach this emulator's control plane (``/_emulator/``), a cloud metadata service, or a private network.

* **At registration** (:func:`registration_refusal`, called by a vendor's webhook route, which answers
  400 in its own error shape): refused are URLs that are not http(s), numeric-host tricks
  (``2130706433``, ``0x7f.1``, ``127.1``, ``0177.0.0.1``: forms ``inet_aton`` reads as an address
  but that are not a plain dotted quad), metadata names, ``/_emulator/`` paths, and hosts that are
  or resolve to link-local, private, shared, multicast or unspecified addresses.
* **At delivery** (:func:`connect_address`, every attempt and every redirect hop): the host must
  resolve to loopback only, or be allowed by the tenant; the connection then goes to the address
  checked, so a name cannot resolve differently a moment later (DNS rebinding).

The tenant setting ``webhook_allowed_hosts`` (a list of host names, IP addresses, CIDR ranges, or
``"*"`` for any) widens what is allowed; a listed name is trusted whatever it resolves to. The
``/_emulator/`` paths are refused whatever the setting, and every delivery also carries the
``X-Emulator-Delivery`` header, which the control plane refuses (core/guard.py).
"""

from __future__ import annotations

import ipaddress
import posixpath
import socket
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SETTING = "webhook_allowed_hosts"
DELIVERY_HEADER = "X-Emulator-Delivery"
METADATA_NAMES = frozenset({"metadata.google.internal", "metadata", "metadata.goog", "instance-data",
                            "instance-data.ec2.internal"})


class TargetRefused(ValueError):
    """A webhook target this tenant may not send to; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written (lower case, no brackets)
    port: int
    path: str  # path and query, for the request line


def allowed_hosts(tenant) -> tuple[str, ...]:
    """The tenant's ``webhook_allowed_hosts`` setting (config ``[tenants.settings]``)."""
    value = tenant.config.settings.get(SETTING) or ()
    if isinstance(value, str):
        value = (value,)
    return tuple(str(v).strip().lower().rstrip(".") for v in value if str(v).strip())


def parse(url: str) -> Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise TargetRefused(f"not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("the target must be an http or https URL with a host")
    host = parts.hostname.lower().rstrip(".")
    if _numeric_trick(host):
        raise TargetRefused(f"host {host!r} is a numeric address in disguise: write it as a dotted quad")
    if _control_path(parts.path):
        raise TargetRefused("a webhook may not target the emulator's control API (/_emulator/)")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path)


def registration_refusal(url: str, allowed: tuple[str, ...] = ()) -> str | None:
    """Why ``url`` may not be registered as a webhook target, or None. Names that do not resolve here are
    left to the delivery check (a tenant may register a receiver that is not up yet)."""
    try:
        target = parse(url)
        if _listed(target.host, None, allowed):
            return None
        if target.host in METADATA_NAMES:
            raise TargetRefused(f"host {target.host!r} is a cloud metadata service")
        for ip in _addresses(target.host, target.port, missing_ok=True):
            if not (_listed(target.host, ip, allowed) or _harmless_at_registration(ip)):
                raise TargetRefused(_why(target.host, ip))
    except TargetRefused as exc:
        return str(exc)
    return None


def refusal_for_request(url: str) -> str | None:
    """:func:`registration_refusal` with the allowed hosts of the tenant the current request authenticated
    as (the one-line check a vendor's webhook or callback route makes)."""
    from flask import g, has_app_context

    tenant = g.get("tenant") if has_app_context() else None
    return registration_refusal(url, allowed_hosts(tenant) if tenant is not None else ())


def connect_address(target: Target, allowed: tuple[str, ...] = ()) -> str:
    """The address to connect to for ``target``: it resolves to loopback only, or the tenant allows it."""
    if _listed(target.host, None, allowed):
        return _addresses(target.host, target.port)[0].compressed
    if target.host in METADATA_NAMES:
        raise TargetRefused(f"host {target.host!r} is a cloud metadata service")
    addresses = _addresses(target.host, target.port)
    for ip in addresses:
        if not (ip.is_loopback or _listed(target.host, ip, allowed)):
            raise TargetRefused(_why(target.host, ip))
    return addresses[0].compressed


def _harmless_at_registration(ip) -> bool:
    """Loopback, or a public address (delivery still needs it allowed)."""
    return ip.is_loopback or (ip.is_global and not ip.is_multicast)


def _why(host: str, ip) -> str:
    if ip.is_link_local:
        kind = "link-local (cloud metadata lives there)"
    elif ip.is_unspecified:
        kind = "unspecified"
    elif ip.is_private or not ip.is_global:
        kind = "private"
    elif ip.is_multicast:
        kind = "multicast"
    else:
        kind = "not loopback"
    shown = host if host == ip.compressed else f"{host!r} ({ip.compressed})"
    return (f"target host {shown} is {kind}; add it to the tenant's {SETTING} setting to allow it")


def _listed(host: str, ip, allowed: tuple[str, ...]) -> bool:
    if "*" in allowed or host in allowed:
        return True
    if ip is None:
        return False
    for entry in allowed:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _addresses(host: str, port: int, missing_ok: bool = False) -> list:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        return [_unmapped(literal)]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        if missing_ok:
            return []
        raise TargetRefused(f"cannot resolve {host!r} ({exc})") from exc
    out = []
    for info in infos:
        ip = _unmapped(ipaddress.ip_address(info[4][0].split("%", 1)[0]))
        if ip not in out:
            out.append(ip)
    return out


def _unmapped(ip):
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped if mapped is not None else ip


def _numeric_trick(host: str) -> bool:
    if ":" in host:  # IPv6 literal: ipaddress reads it strictly
        return False
    try:
        packed = socket.inet_aton(host)
    except OSError:
        return False
    return socket.inet_ntoa(packed) != host  # decimal, hex, octal or short forms


def _control_path(path: str) -> bool:
    clean = posixpath.normpath("/" + unquote(path or "/").replace("\\", "/"))
    clean = "/" + clean.lstrip("/")
    return clean == "/_emulator" or clean.startswith("/_emulator/")
