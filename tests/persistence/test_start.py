"""`serve --data-dir` restarted on a stored data dir: the moment health answers, every vendor serves the
whole-state control calls that read what start-up leaves for later (the seeded baseline a reset goes back
to, stored snapshots) and an export of the restored state."""

from __future__ import annotations

from .procs import NAMES, Serve, session, write_config


def test_reset_export_and_snapshot_restore_answer_right_after_a_restored_start(tmp_path):
    config, data = write_config(tmp_path / "lms.toml", users=15), tmp_path / "data"
    http = session()
    first = Serve(data, config)
    try:
        first.wait_ready()
        seeded = {}
        for name in NAMES:
            base = first.base(name) + "/_emulator"
            taken = http.post(base + "/snapshots", json={"name": "before", "tenant": "kill"}, timeout=10)
            assert taken.status_code == 201
            seeded[name] = http.get(base + "/state", params={"tenant": "kill"}, timeout=10).json()["state"]
            # a change the reset must undo: every table emptied by importing an empty state
            emptied = {"meta": seeded[name]["meta"], "tables": {table: [] for table in seeded[name]["tables"]}}
            assert http.put(base + "/state", params={"tenant": "kill"}, json={"state": emptied},
                             timeout=10).status_code == 200
    finally:
        first.stop()

    again = Serve(data, config)
    try:
        again.wait_ready()
        for name in NAMES:  # no pause after ready: what start-up deferred must be there when asked for
            base = again.base(name) + "/_emulator"
            restored = http.get(base + "/state", params={"tenant": "kill"}, timeout=10)
            assert restored.status_code == 200
            assert all(rows == [] for rows in restored.json()["state"]["tables"].values()), name
            reset = http.post(base + "/reset", json={"tenant": "kill"}, timeout=30)
            assert reset.status_code == 200, (name, reset.text)
            assert http.get(base + "/state", params={"tenant": "kill"}, timeout=10).json()["state"] == seeded[name]
            emptied = {"meta": seeded[name]["meta"], "tables": {t: [] for t in seeded[name]["tables"]}}
            assert http.put(base + "/state", params={"tenant": "kill"}, json={"state": emptied},
                             timeout=10).status_code == 200
            back = http.post(base + "/snapshots/before/restore", json={"tenant": "kill"}, timeout=30)
            assert back.status_code == 200, (name, back.text)
            assert http.get(base + "/state", params={"tenant": "kill"}, timeout=10).json()["state"] == seeded[name]
    finally:
        again.stop()
