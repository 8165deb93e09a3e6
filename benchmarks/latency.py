"""Tail latency under load (issue #16): p99 at 64 keep-alive connections, for single-object GETs and
for a mixed load (70% single GETs, 10% SCIM reads, 20% creates), against ``lms-emulator serve``.

Needs wrk (its ``--latency`` distribution and a Lua script for the mix); without it, prints why not.
Run: ``python -m benchmarks.latency [--seconds S] [--users N] [VENDOR ...]``. Prints, never asserts.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile

from .load import ensure_wrk

CONNECTIONS = 64
TARGET = "< 30 ms, no errors"

#: per vendor: how a create is sent (method, path, content type, Lua expression of the body for ``n``)
CREATES = {
    "talentlms": ("POST", "/api/v1/usersignup", "application/x-www-form-urlencoded",
                  '"first_name=Load&last_name=Test&email=load" .. n .. "%40example.com&login=load" .. n '
                  '.. "&password=Secret123"'),
    "lessonly": ("POST", "/api/v1/users", "application/json",
                 '\'{"name":"Load Test","email":"load\' .. n .. \'@example.com","role":"learner"}\''),
    "skilljar": ("POST", "/scim/v2/Users", "application/scim+json",
                 '\'{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"load\' .. n .. '
                 '\'@example.com","name":{"givenName":"Load","familyName":"Test"},"emails":[{"value":"load\' .. n '
                 '.. \'@example.com","primary":true}],"active":true}\''),
}

LUA = """
local function headers(auth, ctype)
  local h = {{}}
  h["Authorization"] = auth
  if ctype then h["Content-Type"] = ctype end
  return h
end
local read = wrk.format("GET", "{read_path}", headers("{read_auth}"))
local scim = wrk.format("GET", "{scim_path}", headers("{scim_auth}"))
local made = 0
function setup(thread)
  made = made + 1
  thread:set("tid", made)
end
local prefix, counter = "", 0
function init(args)
  -- each wrk thread has its own Lua state: the thread number keeps created names unique
  prefix = tostring(os.time()) .. "t" .. tostring(tid)
  math.randomseed(os.time() + tid)
end
request = function()
  local r = math.random(100)
  if r <= 70 then return read end
  if r <= 80 then return scim end
  counter = counter + 1
  local n = prefix .. "x" .. counter
  return wrk.format("{create_method}", "{create_path}", headers("{create_auth}", "{create_type}"), {create_body})
end
"""


def p99_ms(url: str, headers: dict[str, str], seconds: float, script: str | None = None) -> dict:
    cmd = [ensure_wrk() or "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--latency"]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    if script:
        cmd += ["-s", script]
    # a second of the same load first, as requests_per_second does: the first SCIM filter after start imports
    # scim2-models and its filter parser (~0.5 s, once per process), a start-up cost, not a tail under load
    subprocess.run([*cmd[:3], "-d1s", *cmd[4:], url], capture_output=True, text=True, check=True)
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    value = float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)] if match else float("nan")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return {"p99_ms": value, "non_2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": sockets.group(1).strip() if sockets else "", "rps": float(rps.group(1)) if rps else 0.0}


def mixed_script(name: str, read: tuple[str, dict], scim: tuple[str, dict]) -> str:
    """A wrk Lua script for the mix, written to a temporary file (the caller removes it)."""
    method, path, ctype, body = CREATES[name]
    create_auth = scim[1]["Authorization"] if path.startswith("/scim") else read[1].get("Authorization", "")
    text = LUA.format(read_path=read[0], read_auth=read[1].get("Authorization", ""), scim_path=scim[0],
                      scim_auth=scim[1]["Authorization"], create_method=method, create_path=path,
                      create_auth=create_auth, create_type=ctype, create_body=body)
    handle, script = tempfile.mkstemp(suffix=".lua")
    with os.fdopen(handle, "w") as fh:
        fh.write(text)
    return script


def bench_latency(names: list[str], seconds: float, users: int) -> list[str]:
    from .__main__ import serving
    from .targets import for_vendor

    if not ensure_wrk():
        return ["p99 latency: not measured (wrk is not installed)"]
    out = []
    with serving(names, users) as bases:
        for name in names:
            out.append(_vendor_line(name, bases[name], for_vendor(name, bases[name]), seconds))
    return out


def _vendor_line(name: str, base: str, rows: list, seconds: float) -> str:
    from urllib.parse import urlsplit

    single = rows[0]  # (label, url, headers): the vendor's single-object GET
    scim = next((r for r in rows if r[0].startswith("SCIM GET /Users?startIndex")), None)
    gets = p99_ms(single[1], single[2], seconds)
    line = (f"{name}: p99 at {CONNECTIONS} connections, {single[0]}: {gets['p99_ms']:.1f} ms "
            f"({gets['rps']:,.0f} req/s, {gets['non_2xx']} non-2xx{_sockets(gets)})")
    if scim is not None:
        read = (urlsplit(single[1]).path, single[2])
        scim_target = urlsplit(scim[1])
        script = mixed_script(name, read, (scim_target.path + "?" + scim_target.query, scim[2]))
        try:
            mixed = p99_ms(base + "/", {}, seconds, script)
        finally:
            os.unlink(script)
        line += (f"; mixed (70% GET, 10% SCIM, 20% creates): {mixed['p99_ms']:.1f} ms "
                 f"({mixed['rps']:,.0f} req/s, {mixed['non_2xx']} non-2xx{_sockets(mixed)})")
    return line + f" (target: {TARGET})"


def _sockets(result: dict) -> str:
    return f", socket errors: {result['socket_errors']}" if result["socket_errors"] else ""


def main() -> None:
    from emulator import vendors

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vendors", nargs="*")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--users", type=int, default=10_000)
    args = parser.parse_args()
    for line in bench_latency(args.vendors or list(vendors.available()), args.seconds, args.users):
        print(line)


if __name__ == "__main__":
    main()
