"""``lms-emulator``: the command line. Argument parsing only; the work is in server.py."""

from __future__ import annotations

import signal
import sys
import threading

import click

from . import vendors
from .config import Config, ConfigError


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


@click.group(help=f"Local, faithful emulators of {_and([entry.label for entry in vendors.INDEX.values()])}.")
@click.version_option(package_name="lms-emulator")
def main() -> None:
    pass


def vendor_port_options(command):
    """``--<vendor>-port`` (env ``LMS_EMULATOR_<VENDOR>_PORT``) for every vendor of the registry's index,
    in its order, without importing any vendor."""
    for name, entry in reversed(vendors.INDEX.items()):
        command = click.option(f"--{name}-port", f"{name}_port", type=int, default=None,
                               envvar=f"LMS_EMULATOR_{name.upper()}_PORT", show_envvar=True,
                               help=f"{entry.label} port (default {entry.port}).")(command)
    return command


@main.command()
@click.option("--host", default=None, envvar="LMS_EMULATOR_HOST", show_envvar=True,
              help="Address to bind (default 127.0.0.1).")
@vendor_port_options
@click.option("--console-port", type=int, default=None, envvar="LMS_EMULATOR_CONSOLE_PORT", show_envvar=True,
              help="Console port (default 8000; 0 picks a free one, as for every port).")
@click.option("--no-console", is_flag=True, envvar="LMS_EMULATOR_NO_CONSOLE", show_envvar=True,
              help="Start no console.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="TOML config file.")
@click.option("--vendors", "vendor_list", default=None, envvar="LMS_EMULATOR_VENDORS", show_envvar=True,
              help="Start only these vendors, comma-separated (e.g. talentlms,lessonly; default: every vendor).")
@click.option("--seed", type=int, default=None, help="Seed for the demo data (same seed, same bytes).")
@click.option("--threads", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Request threads per vendor (2 measured fastest with room for slow calls; see docs/decisions).")
@click.option("--tls", is_flag=True, envvar="LMS_EMULATOR_TLS", show_envvar=True,
              help="Serve HTTPS with a certificate from a local CA made once in ~/.cache/lms-emulator/tls "
                   "(the banner names the CA file to trust).")
@click.option("--tls-host", "tls_hosts", multiple=True,
              help="Another name the certificate must cover (localhost, 127.0.0.1 and ::1 always are); "
                   "implies --tls.")
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Serve HTTPS with this certificate chain (PEM) instead; needs --tls-key.")
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The private key (PEM) of --tls-cert.")
def serve(host, console_port, no_console, config_path, vendor_list, seed, threads, tls, tls_hosts, tls_cert,
          tls_key, **ports) -> None:
    """Start every built vendor on its own port with seeded demo data, and print how to reach them."""
    from . import server
    from .tls import Tls, local_tls

    from .config_check import load

    try:
        config = load(config_path) if config_path else Config()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    if host:
        config.host = host
    if seed is not None:
        config.seed = seed
    for name in vendors.INDEX:
        if ports.get(f"{name}_port") is not None:
            config.ports[name] = ports[f"{name}_port"]
    if console_port is not None:
        config.console_port = console_port
    if no_console:
        config.console = False
    if vendor_list is not None:
        try:
            config.vendors = server.vendor_subset(vendor_list)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    try:
        if not server.enabled_vendors(config):
            raise click.ClickException("no vendor is built or enabled")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if bool(tls_cert) != bool(tls_key):
        raise click.UsageError("--tls-cert and --tls-key go together")
    if tls_cert:
        https = Tls(cert=tls_cert, key=tls_key)
        try:
            https.check()
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    elif tls or tls_hosts:  # the certificate also names the address served, unless it is a wildcard one
        bound = () if config.host in ("0.0.0.0", "::", "") else (config.host,)
        https = local_tls(hosts=(*tls_hosts, *bound))
    else:
        https = None
    try:
        server.check_ports_free(config)
        running = server.start_granian(config, threads=threads, tls=https)
    except (RuntimeError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    console = None
    try:
        seconds = server.wait_ready(running)
        console = server.start_console(config, running)
        server.print_table(config, running, console, seconds)
        while not stop.is_set():
            for item in running:
                if item.process.poll() is not None:
                    raise click.ClickException(f"{item.vendor} stopped unexpectedly "
                                               f"(exit code {item.process.returncode})")
            stop.wait(0.5)
    except (RuntimeError, TimeoutError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if console is not None:
            console.stop()
        server.stop_all(running)
        click.echo("lms-emulator stopped.", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8010, show_default=True,
              help="Port (0 picks a free one).")
def replay(paths, host, port) -> None:
    """Serve recorded interactions over HTTP: cassette files, folders of them, or a vendor's name
    (talentlms, skilljar, lessonly) for the fixtures the package carries."""
    from pathlib import Path

    from .cassettes import FIXTURES, CassetteError, all_interactions, load_cassettes
    from .replay import replay_server

    paths = [FIXTURES / p if p in vendors.INDEX and not Path(p).exists() else p for p in paths]
    try:
        cassettes = load_cassettes(*paths)
    except CassetteError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        server = replay_server(cassettes, host=host, port=port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from exc
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    server.start()
    click.echo(f"Replaying {len(all_interactions(cassettes))} interactions from {len(cassettes)} cassettes "
               f"on {server.base_url} (unmatched requests get a 404 naming the closest recording)", err=False)
    sys.stdout.flush()
    try:
        while not stop.is_set():
            stop.wait(0.5)
    finally:
        server.stop()
        click.echo("lms-emulator replay stopped.", err=True)


@main.command()
@click.option("--vendor", "names", multiple=True, help="Only this vendor (repeatable); default: every vendor.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="List every missing, deliberately absent and extra operation.")
def coverage(names, fmt, verbose) -> None:
    """Documented operations against emulated ones, per vendor and surface."""
    import json

    from . import coverage as cov
    from . import vendors as registry

    unknown = [n for n in names if n not in registry.INDEX]
    if unknown:
        raise click.BadParameter(f"unknown vendor {unknown[0]!r}; vendors: {', '.join(registry.INDEX)}",
                                 param_hint="--vendor")
    rows = cov.report(list(names) or None)
    if fmt == "json":
        click.echo(json.dumps([{"vendor": r.vendor, "surface": r.surface, "prefix": r.prefix,
                                "documented": len(r.documented), "emulated": len(r.covered),
                                "absent": r.absent, "missing": r.missing, "extra": r.extra,
                                "percent": round(r.percent, 1)} for r in rows], indent=1))
    elif fmt == "markdown":
        click.echo(cov.render_markdown(rows))
    else:
        click.echo(cov.render_text(rows, verbose=verbose))


def _inspection_commands() -> None:
    from .cli_inspect import plans, switches, tenants

    for command in (tenants, switches, plans):
        main.add_command(command)


_inspection_commands()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
