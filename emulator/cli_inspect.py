"""``lms-emulator tenants|switches|plans``: what the control API knows, printed for a person.

Two sources, one answer: a running instance (``--url``, repeatable; by default each vendor's local port)
is asked over HTTP; a config file (``--config``) is built in this process, with no server, and asked the
same questions through its own app, so both print exactly what ``GET /_emulator/...`` would answer.
"""

from __future__ import annotations

import json
import os
from ipaddress import ip_address
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import click

from . import vendors as vendor_registry
from .config import ConfigError
from .config_check import load

#: command -> the control route it prints
ROUTES = {"tenants": "/_emulator/tenants", "switches": "/_emulator/switches", "plans": "/_emulator/limits"}


def _default_urls() -> list[str]:
    host = os.environ.get("LMS_EMULATOR_HOST") or "127.0.0.1"
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return [f"http://{host}:{os.environ.get(f'LMS_EMULATOR_{name.upper()}_PORT') or port}"
            for name, port in vendor_registry.INDEX.items()]


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ip_address(host).is_loopback
    except ValueError:
        return False


def _from_urls(urls: list[str], route: str) -> Iterator[tuple[str, Any]]:
    import requests

    session = requests.Session()
    reached = 0
    for url in urls:
        session.trust_env = not _loopback(url)  # a local instance never goes through a proxy
        try:
            r = session.get(url.rstrip("/") + route, timeout=5,
                            verify=os.environ.get("REQUESTS_CA_BUNDLE") or True)
        except requests.RequestException:
            click.echo(f"nothing answers at {url}", err=True)
            continue
        if r.status_code != 200 or "json" not in r.headers.get("Content-Type", ""):
            raise click.ClickException(f"{url}{route} answered {r.status_code}: not an lms-emulator control API")
        reached += 1
        yield url.rstrip("/"), r.json()
    if not reached:
        raise click.ClickException(f"no lms-emulator answers at {', '.join(urls)} "
                                   "(start one with `lms-emulator serve`, or pass --url or --config)")


def _from_config(path: str, route: str) -> Iterator[tuple[str, Any]]:
    from .server import build_emulator, enabled_vendors

    try:
        config = load(path)
        names = enabled_vendors(config)
    except (ConfigError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    for name in names:
        try:
            emulator = build_emulator(name, config)
        except (ConfigError, ValueError) as exc:
            raise click.ClickException(f"{path}: {exc}") from exc
        try:
            yield f"{name} from {path}", emulator.app.test_client().get(route).get_json()
        finally:
            emulator.close()


def _options(command: Callable) -> Callable:
    command = click.option("--json", "as_json", is_flag=True, help="Print the control API's JSON as it is.")(command)
    command = click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
                           help="Read a config file instead (builds it here; starts no server).")(command)
    return click.option("--url", "urls", multiple=True,
                        help="Base URL of a running vendor port (repeatable; default: every vendor's local port, "
                             "moved by LMS_EMULATOR_HOST and LMS_EMULATOR_<VENDOR>_PORT).")(command)


def _answers(kind: str, urls: tuple[str, ...], config_path: str | None) -> Iterator[tuple[str, Any]]:
    if config_path and urls:
        raise click.UsageError("--url and --config are two sources: give one")
    if config_path:
        return _from_config(config_path, ROUTES[kind])
    return _from_urls(list(urls) or _default_urls(), ROUTES[kind])


def _print_tenants(where: str, answer: dict) -> None:
    click.echo(f"{answer.get('title', answer['vendor'])}  {where}")
    for tenant in answer["tenants"]:
        counts = ", ".join(f"{k} {v}" for k, v in tenant.get("counts", {}).items())
        click.echo(f"  tenant {tenant['name']}  plan {tenant['plan']}  ({counts})")
        creds = dict(tenant.get("credentials", {}))
        basic = creds.pop("basic_auth", None)
        if basic:
            click.echo(f"    {'basic auth':<14} {basic[0]}:{basic[1]}")
        for key, value in creds.items():
            click.echo(f"    {key:<14} {value}")
        for key, value in sorted(tenant.get("switches", {}).items()):
            click.echo(f"    switch {key} = {json.dumps(value)}")


def _print_switches(where: str, answer: dict) -> None:
    click.echo(f"switches  {where}")
    for name, switch in answer.items():
        choices = " | ".join(json.dumps(c) for c in switch["choices"]) if switch.get("choices") else "any"
        click.echo(f"  {name} = {json.dumps(switch['default'])}  ({choices})")
        if switch.get("doc"):
            click.echo(f"      {switch['doc']}")


def _print_plans(where: str, answer: dict) -> None:
    click.echo(f"{answer['vendor']}  {where}")
    for name, tenant in answer["tenants"].items():
        click.echo(f"  tenant {name}  plan {tenant['plan']}")
        for w in tenant["windows"] or [{"window": "none", "limit": "no", "seconds": "-", "used": 0, "remaining": "-"}]:
            click.echo(f"    {w['window']}: {w['limit']} calls per {w['seconds']} s, used {w['used']}, "
                       f"remaining {w['remaining']}")


def _command(kind: str, printer: Callable[[str, Any], None], doc: str) -> click.Command:
    @click.command(name=kind, help=doc)
    @_options
    def command(urls, config_path, as_json) -> None:
        answers = list(_answers(kind, urls, config_path))
        if as_json:
            click.echo(json.dumps(dict(answers), indent=2))
            return
        for i, (where, answer) in enumerate(answers):
            if i:
                click.echo()
            printer(where, answer)

    return command


tenants = _command("tenants", _print_tenants,
                   "Each vendor's tenants: plan, row counts, credentials and switches (GET /_emulator/tenants).")
switches = _command("switches", _print_switches,
                    "Each vendor's switches: default, allowed values and what each changes (GET /_emulator/switches).")
plans = _command("plans", _print_plans,
                 "Each tenant's plan and its rate windows: limit, used, remaining (GET /_emulator/limits).")
