"""`lms-emulator serve` as the Dockerfile runs it: Granian processes, ready table, clean stop."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from emulator import vendors

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^CMD (\[.*\])$", text, re.M)
    assert match, "the Dockerfile has an exec-form CMD"
    return json.loads(match.group(1))


def script(argv: list[str]) -> list[str]:
    assert argv[0] == "lms-emulator"
    return [str(Path(sys.executable).parent / "lms-emulator"), *argv[1:]]


def start_serve(argv: list[str], ports: dict[str, int], **env_extra: str) -> tuple[subprocess.Popen, str]:
    """Run ``argv`` on ``ports`` until its ready banner is printed; (process, banner)."""
    env = dict(os.environ, **{f"LMS_EMULATOR_{n.upper()}_PORT": str(p) for n, p in ports.items()},
               COLUMNS="200", **env_extra)
    process = subprocess.Popen(script(argv), env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        if "Stop with Ctrl-C" in line:
            break
    return process, "".join(output)


def test_dockerfile_command_serves_every_built_vendor_and_stops_cleanly():
    built = list(vendors.available())
    assert built, "at least one vendor is built"
    ports = {name: free_port() for name in built}
    process, text = start_serve(dockerfile_cmd(), ports, LMS_EMULATOR_CONSOLE_PORT=str(free_port()))
    try:
        assert "Stop with Ctrl-C" in text, text
        assert "ready in" in text
        session = requests.Session()
        session.trust_env = False
        for name, port in ports.items():
            assert f"http://127.0.0.1:{port}" in text
            health = session.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=5)
            assert health.status_code == 200 and health.json()["vendor"] == name
            tenants = session.get(f"http://127.0.0.1:{port}/_emulator/tenants", timeout=5).json()["tenants"]
            assert tenants and all(t["counts"] for t in tenants)
            # whole-state calls answer as soon as the banner is out (start-up defers nothing they need)
            assert session.post(f"http://127.0.0.1:{port}/_emulator/reset", json={}, timeout=30).status_code == 200
            exported = session.get(f"http://127.0.0.1:{port}/_emulator/state", timeout=10)
            assert exported.status_code == 200 and exported.json()["state"]["tables"]
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=20)
    assert code == 0
    for port in ports.values():
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open after stop"


def test_serve_refuses_a_taken_port_with_a_clear_message():
    built = list(vendors.available())
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(os.environ, **{f"LMS_EMULATOR_{n.upper()}_PORT": str(port) for n in built[:1]})
        result = subprocess.run(script(["lms-emulator", "serve"]), env=env, capture_output=True, text=True,
                                timeout=30)
    assert result.returncode == 1
    assert f"port {port}" in result.stderr and "is taken" in result.stderr


def test_serve_tls_answers_https_with_a_local_ca_and_the_console_reaches_it(tmp_path):
    """`serve --tls`: every vendor over HTTPS, trusted through the CA file the banner names; plain
    HTTP is refused; the console (plain HTTP, local) still reads the vendors."""
    built = list(vendors.available())
    ports = {name: free_port() for name in built}
    console = free_port()
    process, text = start_serve(["lms-emulator", "serve", "--tls", "--tls-host", "lms.test"], ports,
                                LMS_EMULATOR_CONSOLE_PORT=str(console), XDG_CACHE_HOME=str(tmp_path))
    try:
        assert "Stop with Ctrl-C" in text, text
        ca = tmp_path / "lms-emulator" / "tls" / "ca.pem"
        assert f"trust the local CA {ca}" in text
        session = requests.Session()
        session.trust_env = False
        for name, port in ports.items():
            assert f"https://127.0.0.1:{port}" in text
            for host in ("127.0.0.1", "localhost"):
                health = session.get(f"https://{host}:{port}/_emulator/health", timeout=5, verify=str(ca))
                assert health.status_code == 200 and health.json()["vendor"] == name
            with pytest.raises(requests.exceptions.SSLError):  # no trust without the CA
                session.get(f"https://127.0.0.1:{port}/_emulator/health", timeout=5, verify=True)
            with pytest.raises(requests.exceptions.ConnectionError):
                session.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=5)
        assert session.get(f"http://127.0.0.1:{console}/data", timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_local_tls_keeps_its_ca_and_reissues_the_certificate_only_for_new_names(tmp_path):
    import ssl

    from emulator.tls import local_tls

    first = local_tls(tmp_path)
    ca_text, cert_text = Path(first.ca).read_text(), Path(first.cert).read_text()
    assert local_tls(tmp_path) == first and Path(first.cert).read_text() == cert_text  # nothing remade
    for key in (first.key, tmp_path / "ca.key"):
        assert oct(Path(key).stat().st_mode & 0o777) == "0o600"
    context = ssl.create_default_context(cafile=first.ca)
    context.load_cert_chain(first.cert, first.key)  # the key matches the certificate
    again = local_tls(tmp_path, hosts=("lms.test",))
    assert Path(again.ca).read_text() == ca_text  # a CA the developer trusts keeps working
    assert Path(again.cert).read_text() != cert_text
    assert (tmp_path / "names.txt").read_text().split() == ["localhost", "127.0.0.1", "::1", "lms.test"]
    # the new certificate covers the new name and chains to the same CA
    from cryptography import x509

    leaf = x509.load_pem_x509_certificate(Path(again.cert).read_bytes())
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "lms.test" in names.get_values_for_type(x509.DNSName)
    ssl.create_default_context(cafile=again.ca).load_cert_chain(again.cert, again.key)


def test_serve_with_a_certificate_of_your_own(tmp_path):
    from emulator.tls import local_tls

    own = local_tls(tmp_path / "mine")  # stands in for mkcert's files
    result = subprocess.run(script(["lms-emulator", "serve", "--tls-cert", own.cert]), capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 2 and "--tls-cert and --tls-key go together" in result.stderr
    ports = {name: free_port() for name in vendors.available()}
    process, text = start_serve(["lms-emulator", "serve", "--tls-cert", own.cert, "--tls-key", own.key], ports,
                                LMS_EMULATOR_NO_CONSOLE="1")
    try:
        assert "Stop with Ctrl-C" in text and "trust the local CA" not in text, text
        port = next(iter(ports.values()))
        health = requests.get(f"https://localhost:{port}/_emulator/health", timeout=5, verify=own.ca)
        assert health.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_serve_tls_on_another_address_covers_that_address(tmp_path):
    """--host 127.0.0.2 with --tls: the certificate names the bound address, so serve becomes ready."""
    ports = {name: free_port() for name in vendors.available()}
    process, text = start_serve(["lms-emulator", "serve", "--tls", "--host", "127.0.0.2"], ports,
                                LMS_EMULATOR_NO_CONSOLE="1", XDG_CACHE_HOME=str(tmp_path))
    try:
        assert "Stop with Ctrl-C" in text, text
        port = next(iter(ports.values()))
        ca = tmp_path / "lms-emulator" / "tls" / "ca.pem"
        assert requests.get(f"https://127.0.0.2:{port}/_emulator/health", timeout=5, verify=str(ca)).ok
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
