"""Who may drive the control plane: the checks every ``/_emulator/`` request and every console request pass.

The emulator runs next to a developer's browser. Three things keep a web page on another origin
from steering it:

* **Host allowlist** (DNS rebinding): a page at ``http://attacker.example`` whose name is made to
  resolve to 127.0.0.1 reaches the emulator with ``Host: attacker.example``. Control and console
  routes answer only the names this emulator serves: loopback names and addresses, the bound
  address, the ``--tls-host`` names and those the user allows (``--allow-host``); when bound to a
  wildcard address, any IP literal too (a rebinding attack always needs a name it controls).
  Vendor API routes accept any Host, as a real tenant's own domain would differ.
* **No simple cross-site writes** (CSRF): a browser sends ``POST`` without asking first only with a
  form content type (or none); so a state-changing control call needs ``Content-Type:
  application/json`` (or any ``+json`` type), which no page can send cross-site without a CORS
  preflight, and the emulator never grants one. A request whose ``Origin`` is not its own is refused.
* **An optional token** (``--control-token``): with one set, every control call but ``/health``
  needs the ``X-Emulator-Token`` header (the console and the pytest plugin send it).
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

TOKEN_HEADER = "X-Emulator-Token"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OPEN_PATHS = frozenset({"/_emulator/health"})  # readiness probes (serve, Docker) need no token


def hostname(host_header: str) -> str:
    """``name:port`` / ``[v6]:port`` → the name, lower case, without a trailing dot."""
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _ip(name: str):
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


@dataclass
class Guard:
    bind_host: str = "127.0.0.1"
    allowed_hosts: tuple[str, ...] = ()
    token: str | None = None
    _names: frozenset = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = {hostname(h) for h in self.allowed_hosts if h}
        if self.bind_host not in WILDCARDS:
            names.add(hostname(self.bind_host) if not _ip(self.bind_host) else self.bind_host.lower())
        self._names = frozenset(names)

    @classmethod
    def from_config(cls, config) -> "Guard":
        return cls(config.host or "", tuple(config.allowed_hosts or ()), config.control_token or None)

    def host_allowed(self, host_header: str | None) -> bool:
        if not host_header:
            return True  # HTTP/1.0 without Host: not a browser
        name = hostname(host_header)
        if name in LOOPBACK_NAMES or name.endswith(".localhost") or name in self._names:
            return True
        ip = _ip(name)
        if ip is None:
            return False
        return ip.is_loopback or self.bind_host in WILDCARDS or str(ip) in self._names

    def refusal(self, environ: dict, *, control: bool = True) -> tuple[int, str] | None:
        """``(status, message)`` when this request may not go on, else None.

        ``control``: a control-API request (Origin, JSON writes and the token apply); the console's own
        pages check only the Host here (its forms carry a CSRF token of their own).
        """
        host = environ.get("HTTP_HOST")
        if not self.host_allowed(host):
            return 403, (f"Host {hostname(host or '')!r} is not served here: control and console routes answer "
                         "only loopback names, the bound address and names added with --allow-host "
                         "(LMS_EMULATOR_ALLOWED_HOSTS)")
        if environ.get("HTTP_X_EMULATOR_DELIVERY"):  # a webhook this emulator sends: never a control call
            return 403, "a webhook or callback delivery may not call the control API"
        if not control:  # the console's forms carry a CSRF token; its no-referrer pages send "Origin: null"
            return None
        method = environ.get("REQUEST_METHOD", "GET").upper()
        origin = environ.get("HTTP_ORIGIN")
        if method not in SAFE_METHODS and origin is not None and not self._same_origin(origin, environ):
            return 403, f"cross-origin request refused (Origin {origin!r})"
        path = environ.get("PATH_INFO", "")
        if self.token and path not in OPEN_PATHS:
            sent = environ.get("HTTP_X_EMULATOR_TOKEN", "")
            if not hmac.compare_digest(sent.encode("utf-8", "surrogateescape"), self.token.encode()):
                return 401, f"this emulator's control API needs its token: send the {TOKEN_HEADER} header"
        if method == "POST" and not _json_type(environ.get("CONTENT_TYPE", "")):
            return 415, ("a control POST needs 'Content-Type: application/json' (an empty body is fine): "
                         "browsers cannot send that cross-site")
        return None

    def _same_origin(self, origin: str, environ: dict) -> bool:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False  # "null" (sandboxed frames, file: pages) and anything odd
        scheme = environ.get("wsgi.url_scheme", "http")
        return parts.scheme == scheme and parts.netloc.lower() == (environ.get("HTTP_HOST") or "").lower()


def _json_type(content_type: str) -> bool:
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime == "application/json" or (mime.startswith("application/") and mime.endswith("+json"))
