"""The operator's path: `serve --vendors`, the banner's control-route list, and `lms-emulator tenants|switches|
plans` against a running instance and against a config file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

from click.testing import CliRunner

from emulator import server, vendors
from emulator.cli import main
from emulator.config import Config

from .test_serve import free_port, script, start_serve


def run_cli(*argv: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(script(["lms-emulator", *argv]), capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env})


def test_serve_a_subset_and_inspect_it_over_the_control_api():
    ports = {"talentlms": free_port(), "lessonly": free_port(), "skilljar": free_port()}
    process, text = start_serve(["lms-emulator", "serve", "--vendors", "talentlms,lessonly"], ports,
                                LMS_EMULATOR_NO_CONSOLE="1")
    try:
        assert "Stop with Ctrl-C" in text, text
        assert f"http://127.0.0.1:{ports['talentlms']}" in text and f"http://127.0.0.1:{ports['lessonly']}" in text
        assert str(ports["skilljar"]) not in text and "Skilljar" not in text
        control = next(line for line in text.splitlines() if line.startswith("Control API"))
        assert all(group in control for group in server.CONTROL_GROUPS) and "docs/control-api.md" in control

        urls = [f"http://127.0.0.1:{ports[v]}" for v in ("talentlms", "lessonly")]
        listed = run_cli("tenants", "--url", urls[0], "--url", urls[1])
        assert listed.returncode == 0, listed.stderr
        assert "TalentLMS  " + urls[0] in listed.stdout and "tenant demo  plan core" in listed.stdout
        assert "basic auth     DEMOtalentlmsKEY0123456789abcd:\n" in listed.stdout
        assert "basic auth     demo:lessonly-demo-api-key-0123456789abcdef\n" in listed.stdout
        # by default it asks each vendor's local port (moved by the same variables as serve): skilljar is not up
        env = {f"LMS_EMULATOR_{v.upper()}_PORT": str(p) for v, p in ports.items()}
        plans = run_cli("plans", **env)
        assert plans.returncode == 0
        assert plans.stderr.strip() == f"nothing answers at http://127.0.0.1:{ports['skilljar']}"
        assert "hour: 2000 calls per 3600 s, used 0, remaining 2000" in plans.stdout
        assert "minute: 500 calls per 60 s" in plans.stdout
        raw = json.loads(run_cli("switches", "--json", "--url", urls[1]).stdout)
        assert raw[urls[1]]["error_body"]["choices"] == ["error", "rails"]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    down = run_cli("tenants", "--url", urls[0])
    assert down.returncode == 1 and down.stderr.splitlines()[-1].startswith("Error: no lms-emulator answers at")


def test_the_banner_names_every_control_route_group_a_vendor_serves():
    from emulator.core.app import CONTROL_PREFIX

    app = server.build_emulator("talentlms", Config()).app
    first = {rule.rule[len(CONTROL_PREFIX) + 1:].split("/")[0] for rule in app.url_map.iter_rules()
             if rule.rule.startswith(CONTROL_PREFIX + "/")}
    assert first - set(vendors.INDEX) == set(server.CONTROL_GROUPS)


def test_serve_refuses_an_unknown_vendor_in_one_line():
    result = CliRunner().invoke(main, ["serve", "--vendors", "talentlms,moodle"])
    assert result.exit_code == 1
    assert result.output == "Error: --vendors = 'talentlms,moodle': allowed talentlms, skilljar, lessonly " \
                            "(comma-separated, lower case); 'moodle' is none of them\n"


def test_inspect_a_config_file_without_starting_a_server(tmp_path):
    path = tmp_path / "lms.toml"
    path.write_text('vendors = ["talentlms"]\n[[tenants]]\nvendor = "talentlms"\nname = "acme"\nplan = "grow"\n'
                    '[tenants.sizes]\nusers = 3\n[tenants.switches]\nover_limit_status = 403\n')
    from emulator.vendors.talentlms import VENDOR

    key = VENDOR.new_tenant("acme", {}).api_key
    listed = CliRunner().invoke(main, ["tenants", "--config", str(path)])
    assert listed.exit_code == 0, listed.output
    assert f"talentlms from {path}" in listed.output and "tenant acme  plan grow  (users 3," in listed.output
    assert f"api_key        {key}\n" in listed.output and "switch over_limit_status = 403\n" in listed.output
    assert "Skilljar" not in listed.output
    plans = CliRunner().invoke(main, ["plans", "--config", str(path)])
    assert "hour: 10000 calls per 3600 s, used 0, remaining 10000" in plans.output
    switches = CliRunner().invoke(main, ["switches", "--config", str(path)])
    assert '  over_limit_status = 429  (429 | 403 | 503)\n' in switches.output
    both = CliRunner().invoke(main, ["tenants", "--config", str(path), "--url", "http://127.0.0.1:1"])
    assert both.exit_code == 2 and "--url and --config are two sources" in both.output


def test_make_serve_passes_args_to_serve():
    root = Path(__file__).resolve().parents[1]
    dry = subprocess.run(["make", "-n", "-C", str(root), "serve", "ARGS=--vendors talentlms,lessonly --seed 7"],
                         capture_output=True, text=True, timeout=30)
    assert dry.returncode == 0, dry.stderr
    assert ".venv/bin/lms-emulator serve --vendors talentlms,lessonly --seed 7" in dry.stdout
