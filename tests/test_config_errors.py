"""Every config or flag mistake gives one line naming the file, the key and the allowed values, before any
server starts; and what used to be ignored is refused. Port 0 means a free port everywhere."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from emulator import server
from emulator.cli import main

from .test_serve import free_port, script, start_serve

T = '[[tenants]]\nvendor = "talentlms"\nname = "acme"\n'

#: (case, config file text or None, extra argv, what the one line must contain)
CASES = [
    ("seed not a number", 'seed = "abc"\n', [], ["seed = 'abc'", "allowed an integer"]),
    ("port over 65535 in the file", "[ports]\nskilljar = 70000\n", [],
     ["[ports] skilljar = 70000", "allowed 0 (a free port) to 65535"]),
    ("port over 65535 as a flag", None, ["--skilljar-port", "70000"],
     ["--skilljar-port = 70000", "allowed 0 (a free port) to 65535", "LMS_EMULATOR_SKILLJAR_PORT"]),
    ("console port over 65535", None, ["--console-port", "65536"], ["--console-port = 65536", "to 65535"]),
    ("negative port in the file", "console_port = -1\n", [], ["console_port = -1", "to 65535"]),
    ("unknown plan", T + 'plan = "gold"\n', [], ["#1 'acme'", "plan = 'gold'", "allowed core, grow", "unlimited"]),
    ("unknown switch", T + "[tenants.switches]\nover_limit = 429\n", [],
     ["[switches] over_limit", "no such talentlms switch", "allowed auth_password", "over_limit_status"]),
    ("switch value outside its choices", T + "[tenants.switches]\nover_limit_status = 200\n", [],
     ["[switches] over_limit_status = 200", "allowed 429, 403, 503"]),
    ("unknown vendor", '[[tenants]]\nvendor = "moodle"\nname = "m"\n', [],
     ["vendor = 'moodle'", "allowed talentlms, skilljar, lessonly (lower case)"]),
    ("vendor name in capitals", '[[tenants]]\nvendor = "TalentLMS"\nname = "t"\n', [],
     ["vendor = 'TalentLMS'", "allowed talentlms, skilljar, lessonly (lower case)"]),
    ("ports of an unknown vendor", "[ports]\nmoodle = 9000\n", [], ["[ports] key = 'moodle'", "allowed talentlms"]),
    ("unknown size name", T + "[tenants.sizes]\nuserz = 10\n", [],
     ["[sizes] userz", "no such talentlms size", "allowed branches, categories, courses", "users"]),
    ("date format not TalentLMS's", T + 'date_format = "YYYY"\n', [],
     ["date_format = 'YYYY'", "allowed DDMMYYYY, MMDDYYYY, YYYYMMDD"]),
    ("unknown top-level key", "sed = 1\n", [], ["unknown configuration keys ['sed']",
                                                "allowed allowed_hosts, console, console_port, control_token"]),
    ("unknown vendor in the file's list", 'vendors = ["talentlms", "moodle"]\n', [], ["vendors item = 'moodle'"]),
    ("unknown vendor as a flag", None, ["--vendors", "moodle"], ["--vendors = 'moodle'",
                                                                  "allowed talentlms, skilljar, lessonly"]),
    ("not TOML", "seed = \n", [], ["Invalid value"]),
    ("data dir not a path", "data_dir = 5\n", [], ["data_dir = 5", "allowed a directory path"]),
    ("data dir that is not a directory", None, ["--data-dir", os.devnull],
     [f"--data-dir {os.devnull} is a file, not a directory"]),
]


@pytest.fixture
def no_server(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("a server would start")

    monkeypatch.setattr(server, "start_granian", refuse)


@pytest.mark.parametrize("case,text,argv,expected", CASES, ids=[c[0] for c in CASES])
def test_a_mistake_is_one_line_before_anything_starts(case, text, argv, expected, tmp_path, no_server, monkeypatch):
    for name in ("HOST", "TALENTLMS_PORT", "SKILLJAR_PORT", "LESSONLY_PORT", "CONSOLE_PORT", "VENDORS", "DATA_DIR"):
        monkeypatch.delenv(f"LMS_EMULATOR_{name}", raising=False)
    args = ["serve", *argv]
    path = tmp_path / "lms.toml"
    if text is not None:
        path.write_text(text)
        args += ["--config", str(path)]
    result = CliRunner().invoke(main, args)
    lines = result.output.splitlines()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (case, result.output)
    assert len(lines) == 1 and lines[0].startswith("Error: "), (case, result.output)
    if text is not None:
        assert lines[0].startswith(f"Error: {path}: "), lines[0]
    for part in expected:
        assert part in lines[0], (case, lines[0])


def test_certificate_files_that_are_not_pem(tmp_path, no_server):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("not a certificate\n")
    key.write_text("not a key\n")
    result = CliRunner().invoke(main, ["serve", "--tls-cert", str(cert), "--tls-key", str(key)])
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert result.output.startswith(f"Error: --tls-cert {cert} / --tls-key {key}: allowed a PEM certificate chain")


def test_the_real_command_prints_one_line_and_no_traceback(tmp_path):
    path = tmp_path / "lms.toml"
    path.write_text('seed = "abc"\n')
    done = subprocess.run(script(["lms-emulator", "serve", "--config", str(path)]), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"Error: {path}: seed = 'abc': allowed an integer\n"


def test_port_zero_is_a_free_port_the_banner_prints():
    ports = {name: free_port() for name in ("talentlms", "lessonly")}
    process, text = start_serve(["lms-emulator", "serve", "--vendors", "talentlms,skilljar,lessonly",
                                 "--skilljar-port", "0", "--console-port", "0"], ports)
    try:
        assert "Stop with Ctrl-C" in text, text
        skilljar = next(line for line in text.splitlines() if line.startswith("Skilljar"))
        port = int(skilljar.split("http://127.0.0.1:")[1].split()[0])
        assert port not in (0, 8002)
        import requests

        session = requests.Session()
        session.trust_env = False
        assert session.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=5).json()["vendor"] == "skilljar"
        console = next(line for line in text.splitlines() if line.startswith("Console"))
        console_url = console.split()[-1]
        assert not console_url.endswith(":8000/") and session.get(console_url, timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_no_console_starts_none(tmp_path):
    port = free_port()
    process, text = start_serve(["lms-emulator", "serve", "--vendors", "lessonly", "--no-console"],
                                {"lessonly": port}, LMS_EMULATOR_CONSOLE_PORT=str(free_port()))
    try:
        assert "Stop with Ctrl-C" in text and "Console" not in text, text
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_seed_takes_the_plugins_flat_shape_or_refuses(tmp_path):
    from emulator.config import Config
    from emulator.core.emulator import Emulator
    from emulator.vendors import get

    emulator = Emulator(get("talentlms"), Config())
    client = emulator.app.test_client()
    flat = client.post("/_emulator/seed", json={"users": 5, "seed": 3})
    assert flat.status_code == 200 and flat.get_json()["counts"]["users"] == 5
    nested = client.post("/_emulator/seed", json={"sizes": {"users": 7}})
    assert nested.status_code == 200 and nested.get_json()["counts"]["users"] == 7
    typo = client.post("/_emulator/seed", json={"userz": 5})
    assert typo.status_code == 400 and typo.get_json()["error"].startswith("unknown keys ['userz']; the body takes")
    assert "'users'" in typo.get_json()["error"]
    both = client.post("/_emulator/seed", json={"users": 5, "sizes": {"users": 6}})
    assert both.status_code == 400 and emulator.tenants.get("demo").state.counts()["users"] == 7  # untouched
    emulator.close()


def test_config_file_values_reach_the_plugin_the_same_way(tmp_path):
    """The pytest plugin loads files through the same check (Config.load)."""
    from emulator.config import ConfigError
    from emulator.config_check import load

    path = tmp_path / "lms.toml"
    path.write_text(T + 'date_format = "YYYY"\n')
    with pytest.raises(ConfigError, match=r"date_format = 'YYYY': allowed DDMMYYYY"):
        load(path)
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_x.py").write_text("def test_x(talentlms):\n    pass\n")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
                          f"--lms-emulator-config={path}", "test_x.py"], cwd=project, capture_output=True, text=True,
                         timeout=120, env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")})
    assert run.returncode == 1 and f"{path}: [[tenants]] #1 'acme': date_format = 'YYYY'" in run.stdout


def test_the_control_api_refuses_a_date_format_talentlms_lacks():
    from emulator.config import Config
    from emulator.core.emulator import Emulator
    from emulator.vendors import get

    emulator = Emulator(get("talentlms"), Config())
    client = emulator.app.test_client()
    bad = client.post("/_emulator/tenants", json={"name": "x", "date_format": "YYYY"})
    assert bad.status_code == 400
    assert bad.get_json() == {"error": "date_format = 'YYYY': allowed DDMMYYYY, MMDDYYYY, YYYYMMDD"}
    assert emulator.tenants.get("x") is None
    assert client.post("/_emulator/tenants", json={"name": "y", "date_format": "MMDDYYYY"}).status_code == 201
    emulator.close()
