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
    """The local CA and server certificate in ``directory``, made on first use and again only when
    the names it must cover change (so a CA a developer already trusts keeps working)."""
    import trustme  # only `serve --tls` needs it

    folder = Path(directory) if directory else default_directory()
    names = list(dict.fromkeys((*DEFAULT_HOSTS, *hosts)))
    ca_path, cert_path, key_path, names_path = (folder / n for n in ("ca.pem", "server.pem", "server.key",
                                                                    "names.txt"))
    if not (ca_path.exists() and cert_path.exists() and key_path.exists()
            and names_path.exists() and names_path.read_text().split() == names):
        folder.mkdir(parents=True, exist_ok=True)
        ca = trustme.CA(organization_name="lms-emulator local CA")
        leaf = ca.issue_cert(*names)
        ca.cert_pem.write_to_path(str(ca_path))
        for index, pem in enumerate(leaf.cert_chain_pems):
            pem.write_to_path(str(cert_path), append=index > 0)
        old = os.umask(0o077)  # the key is readable by this user only
        try:
            key_path.unlink(missing_ok=True)
            leaf.private_key_pem.write_to_path(str(key_path))
        finally:
            os.umask(old)
        names_path.write_text("\n".join(names) + "\n")
    return Tls(cert=str(cert_path), key=str(key_path), ca=str(ca_path))
