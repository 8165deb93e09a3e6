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
              help="Vendor requests run at once per vendor (2 measured fastest with room for slow calls; see "
                   "docs/decisions).")
@click.option("--body-timeout", type=click.FloatRange(0.1, 3600), default=30.0, show_default=True,
              envvar="LMS_EMULATOR_BODY_TIMEOUT", show_envvar=True,
              help="Seconds a request body may take to arrive; later, 408 and the connection is closed.")
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
@click.option("--allow-host", "allow_hosts", multiple=True, envvar="LMS_EMULATOR_ALLOWED_HOSTS", show_envvar=True,
              help="Another Host name the control API and console answer (loopback names, the --host address "
                   "and --tls-host names always are); repeat it, or space-separate names in the variable.")
@click.option("--control-token", default=None, envvar="LMS_EMULATOR_CONTROL_TOKEN", show_envvar=True,
              help="Require this token (X-Emulator-Token header) on every control call but /health; the console "
                   "asks for it once (the banner prints its URL with the token).")
@click.option("--data-dir", default=None, envvar="LMS_EMULATOR_DATA_DIR", show_envvar=True,
              help="Keep every tenant, row, snapshot, switch and the clock in SQLite files in this directory "
                   "(created if missing) and restore them on start; default: in memory only.")
@click.option("--from-recordings", type=click.Path(exists=True), default=None,
              help="Clone each vendor's first tenant from the recordings (cassettes) in this folder.")
def serve(host, console_port, no_console, config_path, vendor_list, seed, threads, body_timeout, tls, tls_hosts,
          tls_cert, tls_key, allow_hosts, control_token, data_dir, from_recordings, **ports) -> None:
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
    config.allowed_hosts = [*config.allowed_hosts, *allow_hosts, *tls_hosts]
    if control_token is not None:
        if not control_token.strip():
            raise click.UsageError("--control-token must not be empty")
        config.control_token = control_token
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
    if data_dir:
        config.data_dir = data_dir
    if config.data_dir and from_recordings:
        # a clone replaces the tenants' state at every start, which would overwrite what the data dir keeps
        raise click.UsageError("--from-recordings and --data-dir do not go together (a clone is rebuilt from "
                               "the recordings at every start)")
    if config.data_dir:
        try:
            config.data_dir = server.check_data_dir(config)
        except ConfigError as exc:
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
        running = server.start_granian(config, threads=threads, tls=https, body_timeout=body_timeout)
    except (RuntimeError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    console = None
    seconds = None
    try:
        seconds = server.wait_ready(running)
        if from_recordings:
            from .recording.serving import clone_running

            for line in clone_running(running, from_recordings):
                click.echo(line)
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
        if seconds is not None:  # a start that failed says why in one line (a data dir's error included)
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
    run_until_signalled(server, f"Replaying {len(all_interactions(cassettes))} interactions from {len(cassettes)} "
                        f"cassettes on {server.base_url} (unmatched requests get a 404 naming the closest recording)",
                        lambda: "lms-emulator replay stopped.")


def run_until_signalled(server, banner: str, farewell) -> None:
    """Start a threaded server, print its banner, serve until SIGINT/SIGTERM, stop it, print ``farewell()``."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    server.start()
    click.echo(banner)
    sys.stdout.flush()
    try:
        while not stop.is_set():
            stop.wait(0.5)
    finally:
        server.stop()
        click.echo(farewell(), err=True)


@main.command()
@click.option("--upstream", required=True, help="The real tenant, e.g. https://acme.talentlms.com.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder for the cassettes.")
@click.option("--vendor", default=None, help="talentlms, skilljar or lessonly: files URIs under the vendor's "
              "placeholder host (demo.talentlms.com...), as fixtures/ does.")
@click.option("--topic", default="recording", show_default=True, help="Cassette name: OUT/TOPIC.yaml (continued "
              "if it exists).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the proxy binds.")
@click.option("--port", type=int, default=8020, show_default=True, help="Port the proxy listens on (0: a free one).")
@click.option("--ca", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Verify the upstream's certificate against this CA file instead of the system store.")
@click.option("--keep-pii", is_flag=True, help="Record emails, names, logins and IPs as they are (secrets are "
              "removed regardless).")
@click.option("--scrub-key", default=None, envvar="LMS_EMULATOR_SCRUB_KEY", show_envvar=True,
              help="Key of the consistent fakes (default: one kept in ~/.cache/lms-emulator/scrub.key).")
def record(upstream, out_dir, vendor, topic, host, port, ca, keep_pii, scrub_key) -> None:
    """Record a real tenant: a reverse proxy writing each exchange as a cassette interaction."""
    from .recording.record import record_server

    try:
        server = record_server(upstream, out_dir, host=host, port=port, vendor=vendor, topic=topic,
                               keep_pii=keep_pii, scrub_key=scrub_key, ca=ca)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from exc
    run_until_signalled(server, f"Recording {upstream} on {server.base_url} into {server.proxy.writer.path} "
                        f"({'personal data kept' if keep_pii else 'personal data scrubbed'}; secrets never written)",
                        lambda: f"lms-emulator record stopped: {server.proxy.recorded} interactions recorded.")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--vendor", default=None, help="The recordings' vendor (default: told by their host).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "junit"]), default="text",
              show_default=True, help="Report format (written to standard output).")
@click.option("--fail-on", type=click.Choice(["breaking", "any"]), default="breaking", show_default=True,
              help="Exit 1 when a difference is at or above this severity (cosmetic ones count with 'any').")
@click.option("--state", type=click.Choice(["clone", "seed"]), default="clone", show_default=True,
              help="The replay tenant: cloned from the same recordings, or the seeded demo tenant.")
@click.option("--switch", "switch_values", multiple=True, metavar="NAME=VALUE",
              help="A switch of the replay tenant (what your tenant is known to have set); repeatable.")
@click.option("--no-suggest", is_flag=True, help="Do not search for the switch that would match (faster).")
def drift(paths, vendor, fmt, fail_on, state, switch_values, no_suggest) -> None:
    """Replay recordings against a fresh emulator tenant and report what differs for a client."""
    import json as _json

    from .cassettes import CassetteError
    from .recording.drift import drift as run_drift
    from .recording.report import render

    switches = {}
    for item in switch_values:
        name, sep, raw = item.partition("=")
        if not sep:
            raise click.UsageError(f"--switch {item!r}: write NAME=VALUE")
        try:
            switches[name] = _json.loads(raw)
        except ValueError:
            switches[name] = raw
    try:
        report = run_drift(paths, vendor=vendor, state=state, switches=switches, suggest=not no_suggest)
    except (CassetteError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(render(report, fmt, fail_on), nl=False)
    sys.exit(1 if report.fails(fail_on) else 0)


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
