"""compose.yaml agrees with the Dockerfile (ports, health check, command, volume), and the command it runs,
with its environment, serves the emulator under the service's own name.

No Docker engine runs here, so the file is read as Compose reads it (YAML) and its command is started as the
image would start it.
"""

from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path

import requests
import yaml

from emulator import vendors
from emulator.cli import main as cli_main

from .test_serve import free_port, start_serve

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = (REPO / "Dockerfile").read_text()
SERVICE = yaml.safe_load((REPO / "compose.yaml").read_text())["services"]["lms-emulator"]


def dockerfile(instruction: str) -> str:
    match = re.search(rf"^{instruction} (.*)$", DOCKERFILE, re.M)
    assert match, f"the Dockerfile has a {instruction}"
    return match.group(1)


def test_compose_builds_this_image_and_runs_its_command():
    assert SERVICE["build"] == "."
    assert SERVICE["command"] == json.loads(dockerfile("CMD"))


def test_compose_publishes_every_exposed_port_one_to_one():
    exposed = {int(p) for p in dockerfile("EXPOSE").split()}
    published = {tuple(int(x) for x in entry.split(":")) for entry in SERVICE["ports"]}
    assert published == {(p, p) for p in exposed}
    assert set(vendors.INDEX.values()) | {8000} == exposed  # every vendor's default port and the console


def test_compose_health_check_is_the_images():
    line = re.search(r"^HEALTHCHECK (.*?) \\\n\s+CMD (.*)$", DOCKERFILE, re.M)
    options = dict(re.findall(r"--([\w-]+)=(\S+)", line.group(1)))
    health = SERVICE["healthcheck"]
    assert health["test"] == ["CMD-SHELL", line.group(2)]
    assert {key.replace("_", "-"): str(value) for key, value in health.items() if key != "test"} == options


def test_compose_environment_names_only_variables_serve_reads_and_keeps_state_in_the_image_volume():
    serve = cli_main.commands["serve"]
    known = {param.envvar for param in serve.params if getattr(param, "envvar", None)}
    env = SERVICE["environment"]
    assert set(env) <= known, set(env) - known
    volume = dockerfile("VOLUME")
    assert [f"lms-data:{json.loads(volume)[0]}"] == SERVICE["volumes"]
    assert env["LMS_EMULATOR_DATA_DIR"] == json.loads(volume)[0]


def test_the_compose_command_with_its_environment_answers_under_the_service_name(tmp_path):
    """Another service reaches the control API as http://lms-emulator:PORT; an unknown name is refused."""
    ports = {name: free_port() for name in vendors.available()}
    env = {**{k: str(v) for k, v in SERVICE["environment"].items()},
           "LMS_EMULATOR_DATA_DIR": str(tmp_path / "data"), "LMS_EMULATOR_NO_CONSOLE": "1"}
    process, banner = start_serve(SERVICE["command"], ports, **env)
    try:
        assert "Stop with Ctrl-C" in banner, banner
        session = requests.Session()
        session.trust_env = False
        for name, port in ports.items():
            url = f"http://127.0.0.1:{port}/_emulator/tenants"
            named = session.get(url, headers={"Host": f"lms-emulator:{port}"}, timeout=10)
            assert named.status_code == 200 and named.json()["tenants"], name
            assert session.get(url, headers={"Host": "attacker.example"}, timeout=10).status_code == 403
        assert any((tmp_path / "data").iterdir()), "the state is kept in the data dir"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)
