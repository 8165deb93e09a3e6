"""HTTPS for `lms-emulator serve --tls`: a local certificate authority and a server certificate.

Real TalentLMS answers only over HTTPS, and some clients hard-code ``https://`` (the npm
``talentlms-sdk``). ``serve --tls`` serves every vendor over HTTPS with a certificate for
localhost, 127.0.0.1 and ::1 (plus any ``--tls-host``), signed by a CA made once on this machine
with trustme and kept in ``~/.cache/lms-emulator/tls``; clients trust that CA through
``REQUESTS_CA_BUNDLE``, ``SSL_CERT_FILE`` or ``NODE_EXTRA_CA_CERTS``. ``--tls-cert``/``--tls-key``
serve a certificate of your own (mkcert's, say) instead.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Tls:
    cert: str  # the server certificate chain (PEM)
    key: str  # its private key (PEM)
    ca: str | None = None  # the CA clients must trust; None for a certificate the user brought

    @property
    def verify(self) -> str | bool:
        """``requests``' ``verify`` for the emulator's own calls to its servers (the console): the
        local CA, or no check for a certificate the user brought (the call never leaves this host)."""
        return self.ca or False

    def check(self) -> None:
        """ValueError, one line, unless ``cert`` and ``key`` are a PEM certificate chain and its private key."""
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(self.cert, self.key)
        except (ssl.SSLError, OSError) as exc:
            reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
            raise ValueError(f"--tls-cert {self.cert} / --tls-key {self.key}: allowed a PEM certificate chain and "
                             f"its matching PEM private key ({reason})") from None

    def client_context(self) -> ssl.SSLContext:
        """The serve parent's context for its own health and listing calls (see :attr:`verify`)."""
        if self.ca:
            return ssl.create_default_context(cafile=self.ca)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context


def default_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lms-emulator" / "tls"


def local_tls(directory: Path | None = None, hosts: tuple[str, ...] = ()) -> Tls:
    """The local CA and server certificate in ``directory``. The CA is made once and kept (its key
    readable by this user only), so a CA a developer already trusts keeps working; the server
    certificate is issued again only when the names it must cover change."""
    import trustme  # only `serve --tls` needs it

    folder = Path(directory) if directory else default_directory()
    names = list(dict.fromkeys((*DEFAULT_HOSTS, *hosts)))
    ca_path, ca_key_path, cert_path, key_path, names_path = (
        folder / n for n in ("ca.pem", "ca.key", "server.pem", "server.key", "names.txt"))
    if ca_path.exists() and ca_key_path.exists():
        ca = None  # loaded only if a certificate must be issued
    else:
        folder.mkdir(parents=True, exist_ok=True)
        ca = trustme.CA(organization_name="lms-emulator local CA")
        _private(ca_key_path, ca.private_key_pem.bytes())
        ca.cert_pem.write_to_path(str(ca_path))
        names_path.unlink(missing_ok=True)  # a new CA: the server certificate must be issued again
    if not (cert_path.exists() and key_path.exists() and names_path.exists()
            and names_path.read_text().split() == names):
        ca = ca or trustme.CA.from_pem(ca_path.read_bytes(), ca_key_path.read_bytes())
        leaf = ca.issue_cert(*names)
        cert_path.write_bytes(b"".join(pem.bytes() for pem in leaf.cert_chain_pems))
        _private(key_path, leaf.private_key_pem.bytes())
        names_path.write_text("\n".join(names) + "\n")
    return Tls(cert=str(cert_path), key=str(key_path), ca=str(ca_path))


def _private(path: Path, data: bytes) -> None:
    """Write a private key readable by this user only (mode 0600 from the start, never wider)."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
