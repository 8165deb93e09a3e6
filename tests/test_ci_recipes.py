"""docs/ci.md's recipes, checked against this repository: each block follows a ``<!-- recipe: name -->`` line.

No Docker daemon is assumed, so the two container recipes are checked for what must agree with the image
(ports, health check, image name, ready line, credentials); the plugin recipe runs for real in a new project.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from emulator import vendors

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "ci.md").read_text()
DOCKERFILE = (REPO / "Dockerfile").read_text()


def recipe(name: str) -> str:
    match = re.search(rf"<!-- recipe: {name} -->\n```\w+\n(.*?)\n```", DOC, re.S)
    assert match, f"docs/ci.md has no '{name}' recipe"
    return match.group(1)


def image_health() -> dict[str, str]:
    """The Dockerfile's HEALTHCHECK: its options and its command."""
    line = re.search(r"^HEALTHCHECK (.*?) \\\n\s+CMD (.*)$", DOCKERFILE, re.M)
    options = dict(re.findall(r"--([\w-]+)=(\S+)", line.group(1)))
    return {**options, "cmd": line.group(2)}


def test_the_plugin_recipe_runs_in_a_new_project(tmp_path):
    project = tmp_path / "my-integration"
    (project / "tests").mkdir(parents=True)
    (project / "tests" / "test_talentlms_sync.py").write_text(recipe("plugin") + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "tests"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert run.stdout.splitlines()[-1].startswith("3 passed")


def test_the_github_actions_service_matches_the_image():
    workflow = yaml.safe_load(recipe("github-actions"))
    job = workflow["jobs"]["integration"]
    service = job["services"]["lms"]
    assert service["image"].endswith("/lms-emulator:latest")
    assert "docker build -t " + service["image"] + " ." in DOC
    exposed = {int(p) for p in re.search(r"^EXPOSE (.*)$", DOCKERFILE, re.M).group(1).split()}
    published = {tuple(int(x) for x in p.split(":")) for p in service["ports"]}
    assert published == {(port, port) for port in vendors.INDEX.values()} and {p for p, _ in published} <= exposed
    assert '"--host", "0.0.0.0"' in DOCKERFILE  # reachable through the published ports
    health = image_health()
    words = shlex.split(service["options"])  # as Docker reads `docker create` options
    options = dict(zip(words[::2], words[1::2], strict=True))
    assert options == {"--health-cmd": health["cmd"], **{f"--health-{k}": health[k]
                                                          for k in ("interval", "timeout", "retries", "start-period")}}
    env = job["env"]
    for name, port in vendors.INDEX.items():
        assert env[f"{name.upper()}_BASE_URL"] == f"http://localhost:{port}"
    demo = {name: vendors.get(name).demo_tenants()[0] for name in vendors.INDEX}
    for name, tenant in demo.items():
        assert env[f"{name.upper()}_API_KEY"] == tenant.api_key
    assert env["LESSONLY_SUBDOMAIN"] == demo["lessonly"].subdomain


def test_the_testcontainers_recipe_matches_the_image_and_the_banner():
    code = recipe("testcontainers")
    tree = ast.parse(code)  # valid Python
    ports = next(ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) and node.targets[0].id == "VENDOR_PORTS")
    assert ports == vendors.INDEX
    assert 'DockerContainer("lms-emulator")' in code and "docker build -t lms-emulator ." in DOC
    ready = re.search(r'wait_for_logs\(container, "([^"]+)"', code).group(1)
    server_source = (REPO / "emulator" / "server.py").read_text()
    assert f'out.print("{ready}.")' in server_source  # the banner's last line, printed once every vendor answers
