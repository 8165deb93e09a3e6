"""Writes each vendor package's ``documented.json``: the operations the vendor's own documents name.

    python -m tools.documented            # rewrite the tables from ../shared
    python -m tools.documented --check    # exit 1 if a committed table differs from the documents

Facts only (methods and paths), derived from:
- Skilljar: its published v1 OpenAPI document (every path x method);
- TalentLMS: the action list of the API Documentation v6.0 ("in a nutshell"), one operation per action,
  taken on GET or POST (``ANY``), since an action's colon arguments are parameters, not routes;
- Lessonly: the "HTTP Request" lines of its API documentation sources, and the URLs of its curl
  examples (GET), which in two places name a route the "HTTP Request" line does not;
- SCIM: RFC 7644's endpoints as each vendor's sources say it offers them (the dossiers' SCIM sections).
``absent`` and ``pending`` (hand-kept reasons) are carried over from the committed table.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SKILLJAR_DOC = SHARED / "vendors" / "skilljar-v1-openapi.yaml"
TALENTLMS_DOC = SHARED / "seeds" / "004_73fdf6e752e63aac.txt"
LESSONLY_DOCS = SHARED / "vendors" / "lessonly-api-docs"

# SCIM: what each vendor's sources say it serves, relative to the SCIM prefix (RFC 7644 §3.2)
_USERS = ["GET /Users", "POST /Users", "GET /Users/{}", "PUT /Users/{}", "PATCH /Users/{}", "DELETE /Users/{}"]
SCIM = {
    # dossier §3: Users provisioning for Okta and Entra; DELETE deactivates; nothing on Groups
    "talentlms": _USERS,
    # dossier §4 (seed): Users CRUD, GET/POST /Groups, PATCH/DELETE /Groups/{id}
    "skilljar": _USERS + ["GET /Groups", "POST /Groups", "PATCH /Groups/{}", "DELETE /Groups/{}"],
    # dossier §3, scim_rails config/routes.rb: no DELETE, no Groups, no discovery
    "lessonly": ["GET /Users", "POST /Users", "GET /Users/{}", "PUT /Users/{}", "PATCH /Users/{}"],
}


def skilljar() -> list[str]:
    document = yaml.safe_load(SKILLJAR_DOC.read_text(encoding="utf-8"))
    ops = []
    for path, item in document["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                ops.append(f"{method.upper()} {_params(path)}")
    return ops


def talentlms() -> list[str]:
    text = TALENTLMS_DOC.read_text(encoding="utf-8")
    actions = []
    for match in re.finditer(r"^- /v1/([a-z]+)", text, re.M):
        if match.group(1) not in actions:
            actions.append(match.group(1))
    return [f"ANY /{action}" for action in actions]


def lessonly() -> list[str]:
    ops = []
    for source in sorted(LESSONLY_DOCS.glob("_*")):
        text = source.read_text(encoding="utf-8")
        found = re.findall(r"`(GET|POST|PUT|PATCH|DELETE) https://api\.lessonly\.com/api(/[^` ?]*)", text)
        curls = re.findall(r'curl -u "[^"]*" "https://api\.lessonly\.com/api(/[^" ?\n]*)', text)
        found += [("GET", path) for path in curls]
        for method, path in found:
            op = f"{method} {_params(path)}"
            if op not in ops:
                ops.append(op)
    return ops


def _params(path: str) -> str:
    path = re.sub(r"\{[^{}]+\}|(?<=/):[A-Za-z_]+", "{}", path)
    return "/" + path.strip("/")


def tables() -> dict[str, dict[str, list[str]]]:
    return {
        "talentlms": {"rest": talentlms(), "scim": SCIM["talentlms"]},
        "skilljar": {"rest": skilljar(), "scim": SCIM["skilljar"]},
        "lessonly": {"rest": lessonly(), "scim": SCIM["lessonly"]},
    }


def target(vendor: str) -> Path:
    return ROOT / "emulator" / "vendors" / vendor / "documented.json"


def render(vendor: str, surfaces: dict[str, list[str]]) -> str:
    old = json.loads(target(vendor).read_text(encoding="utf-8")) if target(vendor).exists() else {}
    out = {"surfaces": {}}
    for name, ops in surfaces.items():
        before = old.get("surfaces", {}).get(name, {})
        out["surfaces"][name] = {
            "operations": ops,
            "absent": {op: why for op, why in before.get("absent", {}).items() if op in ops},
            "pending": {op: why for op, why in before.get("pending", {}).items() if op in ops},
        }
    return json.dumps(out, indent=1) + "\n"


def main(argv: list[str]) -> int:
    if not SHARED.is_dir():
        print(f"tools.documented: the vendor documents are not beside the project ({SHARED.name}/ missing)")
        return 2
    stale = []
    for vendor, surfaces in tables().items():
        text = render(vendor, surfaces)
        if "--check" in argv:
            if not target(vendor).exists() or target(vendor).read_text(encoding="utf-8") != text:
                stale.append(vendor)
        else:
            target(vendor).write_text(text, encoding="utf-8")
    if stale:
        print(f"documented.json differs from the documents for: {', '.join(stale)} (python -m tools.documented)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
