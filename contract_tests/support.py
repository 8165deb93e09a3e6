"""Contract-test machinery: targets (live emulator, replayed fixtures), the call runner, shape diffs.

A scenario names a recorded interaction. On the replay target its arguments are the ones recorded;
on the live emulator a setup builds the state it needs through the API and supplies fresh
arguments. Either way the same client call runs, and three things must hold on both targets:

1. the HTTP status equals the recorded one;
2. the body satisfies the interaction's JSON Schema (the same schema for both);
3. the client parses it the same way it parses the recorded body: same exception class and message
   for errors; for successes the same *shape* (containers, keys, JSON types of the values).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import quote_plus

import requests
import talentlms
import talentlms.talentlms as talentlms_module

from emulator.cassettes import REDACTED, Interaction, Schemas, by_name, vendor_cassettes
from emulator.vendors.talentlms.params import BASE64_KEYS

CASSETTES = vendor_cassettes("talentlms")
INTERACTIONS: dict[str, Interaction] = by_name(CASSETTES)
SCHEMAS = Schemas()


def recorded_args(interaction: Interaction) -> dict[str, str]:
    """The recorded request's parameters (colon, query and form merged; base64 keys decoded)."""
    return dict(interaction.key.params)


# --- outcomes --------------------------------------------------------------------------------

@dataclass
class Outcome:
    status: int
    body: Any  # the JSON body as sent on the wire
    parsed: Any = None  # what the client returned
    error: tuple[str, str] | None = None  # (exception class, message) when the client raised
    media_type: str = "application/json"  # Content-Type without parameters


class RecordingRequests:
    """Stands in for the ``requests`` module inside the PyPI client so the raw response is kept."""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.session.trust_env = False
        self.last: requests.Response | None = None

    def get(self, url, **kwargs):
        self.last = self.session.get(url, timeout=30, **kwargs)
        return self.last

    def post(self, url, **kwargs):
        self.last = self.session.post(url, timeout=30, **kwargs)
        return self.last


def client_parse(body: Any, params: dict) -> tuple[Any, tuple[str, str] | None]:
    """How the PyPI client turns a body into a result: its own ``raise_error`` on an ``error`` key."""
    if body is not None and "error" in body:
        api = talentlms.api("unused.invalid", "k" * 30)
        try:
            api.raise_error(body["error"]["message"], params)
        except talentlms.TalentLMSError as exc:
            return None, (type(exc).__name__, exc.message)
    return body, None


def reference(interaction: Interaction, client_transform: Callable[[Any], Any] | None = None) -> Outcome:
    """The recorded answer as the client would return it (``client_transform`` repeats what the client
    does after parsing, e.g. ``get_user_custom_registration_fields`` keying fields by name)."""
    body = interaction.response.json()
    parsed, error = client_parse(body, {})
    if error is None and client_transform is not None:
        parsed = client_transform(parsed)
    recorded_type = next((v[0] for k, v in interaction.response.headers.items() if k.lower() == "content-type"), "")
    return Outcome(interaction.response.status, body, parsed, error, _media_type(recorded_type))


# --- targets ---------------------------------------------------------------------------------

class Target:
    name = "?"

    def __init__(self, base_url: str, api_key: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.auth = (api_key, "")

    @property
    def domain(self) -> str:
        return self.base_url.split("://", 1)[1]

    def call(self, monkeypatch, params: dict, fn: Callable[[Any], Any]) -> Outcome:
        """Run ``fn(api)`` with the real PyPI client aimed at this target."""
        recorder = RecordingRequests()
        monkeypatch.setattr(talentlms_module, "requests", recorder)
        api = talentlms.api(self.domain, self.api_key, ssl=False)
        try:
            parsed, error = fn(api), None
        except talentlms.TalentLMSError as exc:
            parsed, error = None, (type(exc).__name__, exc.message)
        finally:
            recorder.session.close()
        assert recorder.last is not None, "the client made no request"
        return Outcome(recorder.last.status_code, _json(recorder.last), parsed, error,
                       _media_type(recorder.last.headers.get("Content-Type", "")))

    def send(self, interaction: Interaction, params: dict[str, str]) -> Outcome:
        """Plain ``requests``, in the recorded request's form: its method, colon path for GET, form or
        JSON body for POST, and its kind of credentials (ours, a recorded wrong key, or none)."""
        action = interaction.key.path.rsplit("/", 1)[1]
        method = interaction.request.method
        url = f"{self.base_url}/api/v1/{action}"
        headers, auth = {}, (self.api_key, "")
        recorded_auth = interaction.request.header("Authorization")
        if recorded_auth is None:
            auth = None
        elif REDACTED not in recorded_auth:
            headers["Authorization"], auth = recorded_auth, None
        kwargs: dict[str, Any] = {"headers": headers, "auth": auth, "timeout": 30}
        if method == "GET" and params:
            url += "/" + ",".join(f"{k}:{_colon_value(k, v)}" for k, v in params.items())
        elif interaction.key.body_kind == "json":
            kwargs["json"] = params
        elif params:
            kwargs["data"] = params
        session = requests.Session()
        session.trust_env = False
        try:
            response = session.request(method, url, **kwargs)
        finally:
            session.close()
        body = _json(response)
        parsed, error = client_parse(body, params)
        return Outcome(response.status_code, body, parsed, error, _media_type(response.headers.get("Content-Type", "")))


def _colon_value(key: str, value: str) -> str:
    if key in BASE64_KEYS:
        value = base64.b64encode(value.encode()).decode()
    return quote_plus(value, safe="@")


def _media_type(value: str) -> str:
    return value.split(";")[0].strip().lower()


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return {"<not json>": response.text[:500]}


class ReplayTarget(Target):
    name = "replay"
    live = False


class LiveTarget(Target):
    name = "emulator"
    live = True


# --- shapes and the readable diff --------------------------------------------------------------

def _is_id_map(value: dict) -> bool:
    return bool(value) and all(isinstance(k, str) and k.isdigit() for k in value)


def shape(value: Any) -> Any:
    """Containers, keys and JSON types, without values. Objects keyed by ids become ``{"<id>": ...}``;
    a list's elements are merged; tenant-defined ``custom_field_N`` keys are left out."""
    if isinstance(value, dict):
        if _is_id_map(value):
            return {"<id>": _merge([shape(v) for v in value.values()])}
        return {k: shape(v) for k, v in value.items() if not k.startswith("custom_field_")}
    if isinstance(value, list):
        return ["<item>", _merge([shape(v) for v in value])]
    if value is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number", str: "string"}.get(type(value), type(value).__name__)


def _merge(shapes: list) -> Any:
    """One shape for a list's items. An object key missing from some items is optional (``key?``);
    items that are sometimes objects and sometimes arrays merge to ``"array|object"``."""
    shapes = [s for s in shapes if s != "<empty>"]
    if not shapes:
        return "<empty>"
    dicts = [s for s in shapes if isinstance(s, dict)]
    lists = [s for s in shapes if isinstance(s, list)]
    if dicts and len(dicts) == len(shapes):
        keys: dict[str, list] = {}
        for d in dicts:
            for k, v in d.items():
                keys.setdefault(k.rstrip("?"), []).append((k.endswith("?"), v))
        out = {}
        for k, found in keys.items():
            optional = len(found) < len(dicts) or any(opt for opt, _ in found)
            out[k + ("?" if optional else "")] = _merge([v for _, v in found])
        return out
    if lists and len(lists) == len(shapes):
        return ["<item>", _merge([s[1] for s in lists])]
    if dicts or lists:
        kinds = {"object" if isinstance(s, dict) else "array" if isinstance(s, list) else s for s in shapes}
        return "|".join(sorted(kinds))
    scalars = sorted(set(shapes))
    return scalars[0] if len(scalars) == 1 else "|".join(scalars)


def shape_diff(got: Any, want: Any, path: str = "$") -> list[str]:
    """Differences between two shapes, one line per JSON path. ``null`` and empty lists carry no
    type, so they match anything (the schema rules on nullability)."""
    if got == want or "null" in (got, want) or "<empty>" in (got, want):
        return []
    if isinstance(got, str) and isinstance(want, str):
        g, w = set(got.split("|")) - {"null"}, set(want.split("|")) - {"null"}
        return [] if g <= w or w <= g else [f"{path}: got {got}, recorded {want}"]
    if isinstance(got, dict) and isinstance(want, dict):
        out = []
        g = {k.rstrip("?"): (k.endswith("?"), v) for k, v in got.items()}
        w = {k.rstrip("?"): (k.endswith("?"), v) for k, v in want.items()}
        for key in sorted(set(g) | set(w)):
            sub = f"{path}[*]" if key == "<id>" else f"{path}.{key}"
            if key not in w:
                out.append(f"{sub}: only in the answer ({_brief(g[key][1])})")
            elif key not in g:
                if not w[key][0]:  # a key only some recorded items carry may be absent
                    out.append(f"{sub}: missing from the answer (recorded {_brief(w[key][1])})")
            else:
                out.extend(shape_diff(g[key][1], w[key][1], sub))
        return out
    if isinstance(got, list) and isinstance(want, list):
        return shape_diff(got[1], want[1], f"{path}[]")
    return [f"{path}: got {_brief(got)}, recorded {_brief(want)}"]


def _brief(s: Any) -> str:
    if isinstance(s, dict):
        return "object" if "<id>" not in s else "object keyed by id"
    if isinstance(s, list):
        return "array"
    return str(s)


def assert_same_contract(target: Target, name: str, got: Outcome, want: Outcome,
                         view: Callable[[Any], Any] = lambda parsed: parsed, facts: list[str] = ()) -> None:
    interaction = INTERACTIONS[name]
    problems = [f"fact: {fact}" for fact in facts]
    if got.status != want.status:
        problems.append(f"HTTP status: got {got.status}, recorded {want.status}")
    if got.media_type != want.media_type:
        problems.append(f"Content-Type: got {got.media_type or '(none)'}, recorded {want.media_type}")
    if interaction.schema:
        problems.extend(f"schema {interaction.schema}: {e}" for e in SCHEMAS.errors(interaction.schema, got.body))
    if want.error or got.error:
        if got.error != want.error:
            problems.append(f"client raised {got.error or 'nothing'}, on the recording it raises {want.error}")
        if isinstance(got.body, dict) and isinstance(want.body, dict) and got.body != want.body:
            problems.append(f"error body: got {json.dumps(got.body)}, recorded {json.dumps(want.body)}")
    else:
        diff = shape_diff(shape(view(got.parsed)), shape(view(want.parsed)))
        problems.extend(f"client result {line}" for line in diff)
    if problems:
        raise AssertionError(
            f"{target.name} disagrees with fixture {name!r} ({interaction.label}; source: {interaction.source}):\n  "
            + "\n  ".join(problems) + f"\n  answer body: {json.dumps(got.body)[:600]}")
