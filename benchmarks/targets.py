"""What `make bench` loads, per vendor, and the json-server comparison."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Iterator

import requests

from .load import requests_per_second

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / ".bench"


#: issue #16's targets, printed beside each figure
TARGETS = {
    "start": "< 0.3 s",
    "rss": "< 200 MB",
    "seed_1m": "< 30 s and < 2 GB",
    "single": "≥ 3× json-server",
    "talentlms_page": "≥ 400 req/s",
    "list_page": "≥ 3,000 req/s",
}


JSON_SERVER_REQUEST = "GET /users/42 (json-server 0.17.4)"
#: the connection counts issue #16 compares single-object GETs with json-server at
SINGLE_CONNECTIONS = (8, 16)


def is_single(label: str) -> bool:
    """A single-object GET (compared with json-server at each of SINGLE_CONNECTIONS)."""
    return label.startswith("GET ") and ("{id}" in label or "id:" in label)


def target_for(label: str, rps: float, peer: float | None = None) -> str:
    """The target of one request-rate row; for a single GET, its ratio to json-server measured just before it
    at the same connection count (``peer``)."""
    if "page_size:1000" in label:
        return TARGETS["talentlms_page"]
    if "(100 rows)" in label or "(50 rows)" in label:
        return TARGETS["list_page"]
    if is_single(label):
        ratio = f" (now {rps / peer:.1f}× json-server's {peer:,.0f})" if peer else ""
        return TARGETS["single"] + ratio
    return ""


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    return session


def _basic(pair) -> dict[str, str]:
    token = base64.b64encode(f"{pair[0]}:{pair[1]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _tenant(base: str) -> dict:
    return _session().get(base + "/_emulator/tenants", timeout=10).json()["tenants"][0]


def for_vendor(name: str, base: str) -> list[tuple[str, str, dict[str, str]]]:
    """(label, url, headers) for each request measured on that vendor."""
    tenant = _tenant(base)
    creds = tenant["credentials"]
    basic = _basic(creds["basic_auth"]) if creds.get("basic_auth") else {}
    builder = globals().get(f"_{name}")
    rows = builder(base, basic, creds) if builder else []
    return rows + _scim(name, base, creds)


def _talentlms(base, headers, creds):
    return [("GET /api/v1/users/id:5000", base + "/api/v1/users/id:5000", headers),
            ("GET /api/v1/users/page_size:1000,page_number:5",
             base + "/api/v1/users/page_size:1000,page_number:5", headers)]


def _skilljar(base, headers, creds):
    page = _session().get(base + "/v1/users?page=50&page_size=100", headers=headers, timeout=10).json()
    user_id = page["results"][0]["user"]["id"]
    return [("GET /v1/users/{id}", f"{base}/v1/users/{user_id}", headers),
            ("GET /v1/users?page=5&page_size=100 (100 rows)", base + "/v1/users?page=5&page_size=100", headers)]


def _lessonly(base, headers, creds):
    page = _session().get(base + "/api/v1/users?page=50", headers=headers, timeout=10).json()
    user_id = page["users"][0]["id"]
    return [("GET /api/v1/users/{id}", f"{base}/api/v1/users/{user_id}", headers),
            ("GET /api/v1/users?page=5 (50 rows)", base + "/api/v1/users?page=5", headers)]


def _scim(name: str, base: str, creds: dict) -> list[tuple[str, str, dict[str, str]]]:
    """SCIM filter-by-userName and a 100-row page, where the vendor's SCIM surface answers."""
    prefix = {"talentlms": "/scim/v2", "skilljar": "/scim/v2", "lessonly": "/scim/v2"}[name]
    token = creds.get("scim_token")
    if not token:
        return []
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/scim+json"}
    if name == "lessonly":
        headers = {**_basic([creds.get("subdomain", ""), token]), "Accept": "application/scim+json"}
    session = _session()
    page = session.get(f"{base}{prefix}/Users?startIndex=5000&count=1", headers=headers, timeout=10)
    if page.status_code != 200 or not page.json().get("Resources"):
        return []
    user_name = page.json()["Resources"][0]["userName"]
    return [('SCIM GET /Users?filter=userName eq "…"',
             f'{base}{prefix}/Users?filter=userName%20eq%20%22{requests.utils.quote(user_name)}%22', headers),
            ("SCIM GET /Users?startIndex=101&count=100", f"{base}{prefix}/Users?startIndex=101&count=100", headers)]


@contextlib.contextmanager
def json_server(users: int) -> Iterator[Callable[[int], float] | None]:
    """json-server (npm) answering GET /users/42 from a db of ``users`` users, kept running: yields a function
    giving its req/s at a number of connections (so each of our rows is measured beside it, in turn), or
    None when npm or the registry is unavailable."""
    npm = shutil.which("npm")
    if npm is None:
        yield None
        return
    BENCH_DIR.mkdir(exist_ok=True)
    binary = BENCH_DIR / "node_modules" / ".bin" / "json-server"
    if not binary.exists():
        result = subprocess.run([npm, "install", "--prefix", str(BENCH_DIR), "--no-audit", "--no-fund",
                                 "json-server@0.17.4"], capture_output=True, text=True)
        if result.returncode != 0 or not binary.exists():
            yield None
            return
    db = BENCH_DIR / "db.json"
    db.write_text(json.dumps({"users": [{"id": i, "login": f"user{i}", "email": f"user{i}@example.com",
                                         "first_name": "Ada", "last_name": "Lovelace", "status": "active"}
                                        for i in range(1, users + 1)]}))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([str(binary), "--port", str(port), "--host", "127.0.0.1", "--quiet", str(db)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if _session().get(f"http://127.0.0.1:{port}/users/42", timeout=0.5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/users/42"
        yield lambda connections: requests_per_second(url, {}, connections=connections)[0]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)


def extra_benchmarks(names: list[str]) -> list[str]:
    """Figures measured by vendor- or console-specific modules, as printable lines."""
    lines = []
    if "skilljar" in names:
        from .skilljar import webhook_figures

        lines.append(webhook_figures(2000))
    from .recording import figures as recording_figures

    lines.extend(recording_figures())
    from .console_bench import bench_console

    print("console page answer times with 100,000 users per vendor (target < 200 ms):")
    bench_console(users=100_000)
    return lines
