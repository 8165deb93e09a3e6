"""Where a single request's time goes: the WSGI pipeline vs the route handler, in-process, with cProfile.

Run: ``python -m benchmarks.pipeline [VENDOR PATH] [--requests N] [--top N]``; with no arguments, one
single-object GET per vendor. The app is called as a WSGI server would call it (no socket, no server
threads), so the figures are the emulator's own cost per request; cProfile slows every Python call, so
read the shares, not the absolute times (the un-profiled time per request is printed first).
Decision 005 records what this showed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time

from werkzeug.test import EnvironBuilder

from emulator import vendors
from emulator.config import Config, TenantConfig
from emulator.server import build_emulator

from .targets import _basic

DEFAULT_PATHS = {"talentlms": "/api/v1/users/id:5000", "lessonly": "/api/v1/users/{id}",
                 "skilljar": "/v1/users/{id}"}


def app_and_headers(name: str, users: int):
    vendor = vendors.get(name)
    demo = vendor.demo_tenants()[0]
    config = TenantConfig(**{**demo.to_dict(), "sizes": {**demo.sizes, "users": users}, "plan": "unlimited"})
    emulator = build_emulator(name, Config(tenants=[config]))
    tenant = emulator.tenants.first()
    creds = vendor.credentials(tenant, "http://127.0.0.1") if vendor.credentials else {}
    headers = _basic(creds["basic_auth"]) if creds.get("basic_auth") else {}
    some_user = list(tenant.state.users)[users // 2]
    return emulator, headers, some_user.id


def call(app, base_environ: dict) -> bytes:
    environ = dict(base_environ)
    environ["wsgi.input"] = io.BytesIO(b"")
    out = []
    body = app(environ, lambda status, headers, exc_info=None: out.append(status))
    data = b"".join(body)
    if hasattr(body, "close"):
        body.close()
    if not out[0].startswith("200"):
        raise RuntimeError(f"{out[0]}: {data[:300]!r}")
    return data


def profile(name: str, path: str | None, requests: int, top: int, users: int = 10_000) -> str:
    emulator, headers, user_id = app_and_headers(name, users)
    path = (path or DEFAULT_PATHS[name]).replace("{id}", str(user_id))
    base = EnvironBuilder(path=path, headers=headers, base_url="http://127.0.0.1:8080").get_environ()
    app = emulator.app
    for _ in range(50):
        call(app, base)
    started = time.perf_counter()
    for _ in range(requests):
        call(app, base)
    plain_us = (time.perf_counter() - started) / requests * 1e6
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call(app, base)
    profiler.disable()
    emulator.close()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    handler = _handler_time(stats, emulator.app)
    shares = ", ".join(f"{where} {t / total:.0%}" for where, t in _by_package(stats))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return (f"{name} GET {path}: {plain_us:,.0f} µs per request un-profiled; under cProfile the route "
            f"handler is {handler / total:.0%} of the request, the pipeline around it {1 - handler / total:.0%}\n"
            f"own time by package: {shares}\n" + out.getvalue())


def _by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own (not cumulative) time summed by where the code lives, largest first."""
    sums: dict[str, float] = {}
    for (filename, _line, _name), entry in stats.stats.items():  # type: ignore[attr-defined]
        path = filename.replace("\\", "/")
        if "/flask/" in path:
            where = "flask"
        elif "/werkzeug/" in path:
            where = "werkzeug"
        elif "/emulator/core/" in path:
            where = "emulator.core"
        elif "/emulator/vendors/" in path:
            where = "vendor " + path.split("/emulator/vendors/")[1].split("/")[0]
        elif "/benchmarks/" in path:
            where = "this harness"
        else:
            where = "python (stdlib, builtins)"
        sums[where] = sums.get(where, 0.0) + entry[2]
    return sorted(sums.items(), key=lambda kv: -kv[1])


def _handler_time(stats: pstats.Stats, app) -> float:
    """Cumulative time of the view functions (the handlers Flask dispatches to)."""
    codes = {(f.__code__.co_filename, f.__code__.co_firstlineno, f.__code__.co_name)
             for f in app.view_functions.values() if hasattr(f, "__code__")}
    return sum(entry[3] for func, entry in stats.stats.items() if func in codes)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vendor", nargs="?")
    parser.add_argument("path", nargs="?")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    names = [args.vendor] if args.vendor else ["talentlms", "lessonly", "skilljar"]
    for name in names:
        print(profile(name, args.path, args.requests, args.top))


if __name__ == "__main__":
    main()
