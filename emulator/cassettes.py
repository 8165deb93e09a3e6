"""Recorded interactions for every vendor: one loader, schema checks, and request matching.

Cassettes are VCR.py files (format version 1) with three extra keys per interaction that VCR.py
ignores: ``source`` (required), ``confidence`` (high/medium/low) and ``schema`` (a JSON Schema under
``fixtures/schemas/``), plus an optional ``name`` (unique per vendor) that tests use to address an
interaction. See fixtures/README.md and docs/fixtures.md.

Replay (``make_replay_app``, ``replay_server``) lives in :mod:`emulator.replay`, which builds on this
module (never the other way round).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

if TYPE_CHECKING:
    from .core.vendor import ReplayPaths

FORMAT_VERSION = 1
CONFIDENCE = ("high", "medium", "low")
SCHEMA_BASE = "https://lms-emulator.local/schemas/"
REDACTED = "<redacted>"  # in a recorded Authorization header: "any credentials the tenant accepts"
ROOT = Path(__file__).resolve().parent.parent
#: a checkout's ``fixtures/``, else the copy an installed wheel or the Docker image carries (setup.py)
FIXTURES = ROOT / "fixtures" if (ROOT / "fixtures").is_dir() else Path(__file__).resolve().parent / "fixtures"
#: libyaml's safe loader where PyYAML was built with it (about 10x faster on large recordings)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CassetteError(ValueError):
    """A cassette file breaks the format (missing source, bad confidence, malformed request...)."""


# --- recorded requests and responses ----------------------------------------------------------

@dataclass(frozen=True)
class RecordedRequest:
    method: str
    uri: str
    body: str | None
    headers: dict[str, list[str]]
    raw_body: bytes | None = None  # a body that is not UTF-8 text, recorded as base64

    @property
    def host(self) -> str:
        return urlsplit(self.uri).netloc

    @property
    def raw_path(self) -> str:
        """Path and query as sent on the wire (still percent-encoded), without scheme and host."""
        parts = urlsplit(self.uri)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def header(self, name: str) -> str | None:
        for key, values in self.headers.items():
            if key.lower() == name.lower() and values:
                return values[0]
        return None

    @property
    def body_bytes(self) -> bytes:
        return self.raw_body if self.raw_body is not None else (self.body or "").encode("utf-8")


@dataclass(frozen=True)
class RecordedResponse:
    status: int
    message: str
    headers: dict[str, list[str]]
    body: str  # a binary body's text is its bytes decoded with replacement characters
    raw_body: bytes | None = None  # a body that is not UTF-8 text, recorded as base64

    @property
    def body_bytes(self) -> bytes:
        return self.raw_body if self.raw_body is not None else self.body.encode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Interaction:
    cassette: Path
    index: int
    source: str
    confidence: str
    schema: str | None
    name: str | None
    request: RecordedRequest
    response: RecordedResponse

    @property
    def vendor(self) -> str:
        return self.cassette.parent.name

    @property
    def label(self) -> str:
        """``talentlms/users.yaml#2 (name) GET /api/v1/users/id:1``: how errors and headers name it."""
        named = f" ({self.name})" if self.name else ""
        return f"{self.vendor}/{self.cassette.name}#{self.index}{named} {self.request.method} {self.request.raw_path}"

    @cached_property
    def key(self) -> "RequestKey":
        req = self.request
        return style_for_host(req.host).key(req.method, req.raw_path, req.body_bytes,
                                           req.header("Content-Type") or "")


@dataclass
class Cassette:
    path: Path
    interactions: list[Interaction] = field(default_factory=list)

    @property
    def vendor(self) -> str:
        return self.path.parent.name


def _headers(value: Any, where: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CassetteError(f"{where}: headers must be a mapping of name to list of values")
    out = {}
    for name, values in value.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise CassetteError(f"{where}: header {name!r} must be a list of strings")
        out[str(name)] = values
    return out


def _interaction(path: Path, index: int, raw: Any) -> Interaction:
    where = f"{path}#{index}"
    if not isinstance(raw, dict):
        raise CassetteError(f"{where}: an interaction must be a mapping")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise CassetteError(f"{where}: every interaction must name its source")
    confidence = raw.get("confidence", "high")
    if confidence not in CONFIDENCE:
        raise CassetteError(f"{where}: confidence must be one of {CONFIDENCE}, not {confidence!r}")
    schema = raw.get("schema")
    if schema is not None and (not isinstance(schema, str) or not schema):
        raise CassetteError(f"{where}: schema must be a name such as 'talentlms/user'")
    name = raw.get("name")
    if name is not None and not isinstance(name, str):
        raise CassetteError(f"{where}: name must be a string")
    req, resp = raw.get("request"), raw.get("response")
    if not isinstance(req, dict) or not isinstance(req.get("method"), str) or not isinstance(req.get("uri"), str):
        raise CassetteError(f"{where}: request needs a method and a uri")
    if not urlsplit(req["uri"]).netloc:
        raise CassetteError(f"{where}: request uri must be absolute (the vendor's host), got {req['uri']!r}")
    body, raw = req.get("body"), None
    if isinstance(body, dict) and "base64_string" in body:
        raw = _base64(body["base64_string"], f"{where}: request body.base64_string")
        body = raw.decode("utf-8", "replace")
    if body is not None and not isinstance(body, str):
        raise CassetteError(f"{where}: request body must be a string, {{base64_string: ...}} or null")
    if not isinstance(resp, dict) or not isinstance(resp.get("status"), dict):
        raise CassetteError(f"{where}: response needs a status mapping")
    code = resp["status"].get("code")
    resp_body, resp_raw = resp.get("body"), None
    if isinstance(resp_body, dict) and "base64_string" in resp_body and "string" not in resp_body:
        resp_raw = _base64(resp_body["base64_string"], f"{where}: response body.base64_string")
        resp_body = {"string": resp_raw.decode("utf-8", "replace")}
    if not isinstance(code, int) or not isinstance(resp_body, dict) or not isinstance(resp_body.get("string"), str):
        raise CassetteError(f"{where}: response needs status.code (int) and body.string (text) "
                            f"or body.base64_string (bytes)")
    return Interaction(
        cassette=path, index=index, source=source.strip(), confidence=confidence, schema=schema, name=name,
        request=RecordedRequest(req["method"].upper(), req["uri"], body, _headers(req.get("headers"), where), raw),
        response=RecordedResponse(code, str(resp["status"].get("message", "")),
                                  _headers(resp.get("headers"), where), resp_body["string"], resp_raw),
    )


def _base64(value: Any, where: str) -> bytes:
    """A binary body recorded as base64 (the recording proxy writes non-UTF-8 bodies so)."""
    import base64
    import binascii

    if not isinstance(value, str):
        raise CassetteError(f"{where} must be a string")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise CassetteError(f"{where} is not base64: {exc}") from exc


#: the largest cassette file read (a recorded suite is a few MB; ``replay /dev/zero`` must not grow forever)
MAX_CASSETTE_BYTES = 64 * 1024 * 1024


def load_cassette(path: str | Path) -> Cassette:
    path = Path(path)
    try:
        with path.open("rb") as file:
            raw_bytes = file.read(MAX_CASSETTE_BYTES + 1)
    except OSError as exc:
        raise CassetteError(f"{path}: cannot read: {exc}") from exc
    if len(raw_bytes) > MAX_CASSETTE_BYTES:
        raise CassetteError(f"{path}: larger than {MAX_CASSETTE_BYTES // (1024 * 1024)} MB: not a cassette")
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CassetteError(f"{path}: not UTF-8 text ({exc})") from exc
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise CassetteError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise CassetteError(f"{path}: not a VCR cassette (expected 'version: {FORMAT_VERSION}')")
    raw = data.get("interactions")
    if not isinstance(raw, list) or not raw:
        raise CassetteError(f"{path}: 'interactions' must be a non-empty list")
    return Cassette(path, [_interaction(path, i, item) for i, item in enumerate(raw)])


def load_cassettes(*paths: str | Path) -> list[Cassette]:
    """Load cassette files and every ``*.yaml`` of directories, in name order."""
    files: list[Path] = []
    for item in paths:
        item = Path(item)
        if not item.exists():
            raise CassetteError(f"no such cassette file or directory: {item}")
        files.extend(sorted(item.glob("*.yaml")) if item.is_dir() else [item])
    if not files:
        raise CassetteError(f"no cassettes found in {[str(p) for p in paths]}")
    cassettes = [load_cassette(f) for f in files]
    names: dict[tuple[str, str], str] = {}
    for interaction in all_interactions(cassettes):
        if interaction.name:
            key = (interaction.vendor, interaction.name)
            if key in names:
                raise CassetteError(f"interaction name {interaction.name!r} used twice: {names[key]} and "
                                    f"{interaction.label}")
            names[key] = interaction.label
    return cassettes


def vendor_cassettes(vendor: str, root: Path = FIXTURES) -> list[Cassette]:
    return load_cassettes(root / vendor)


def all_interactions(cassettes: Iterable[Cassette]) -> list[Interaction]:
    return [i for c in cassettes for i in c.interactions]


def by_name(cassettes: Iterable[Cassette]) -> dict[str, Interaction]:
    return {i.name: i for i in all_interactions(cassettes) if i.name}


# --- request normalisation --------------------------------------------------------------------

@dataclass(frozen=True)
class RequestKey:
    """What two requests must share to be "the same request" for replay."""

    method: str
    path: str
    params: tuple[tuple[str, str], ...]
    body_kind: str  # "form" (also no body), "json" or "raw"

    def describe(self) -> str:
        params = ",".join(f"{k}={v}" for k, v in self.params)
        kind = "" if self.body_kind == "form" else f" [{self.body_kind} body]"
        return f"{self.method} {self.path}" + (f" {{{params}}}" if params else "") + kind


def _body_params(body: bytes, content_type: str) -> tuple[list[tuple[str, str]], str]:
    if not body.strip():
        return [], "form"
    ctype = content_type.split(";")[0].strip().lower()
    text = body.decode("utf-8", "replace")
    if ctype == "application/json" or (not ctype and text.lstrip()[:1] in "{["):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nested too deep
            return [("<body>", text)], "raw"
        if isinstance(data, dict):
            fields = [(str(k), v if isinstance(v, str) else json.dumps(v, sort_keys=True)) for k, v in data.items()]
            return fields, "json"
        return [("<json>", json.dumps(data, sort_keys=True))], "json"
    if ctype in ("", "application/x-www-form-urlencoded"):
        return parse_qsl(text.lstrip("&"), keep_blank_values=True), "form"
    return [("<body>", text)], "raw"


class PathStyle:
    """Generic REST: exact percent-decoded path, query and body parameters as an unordered set."""

    name = "rest"

    def key(self, method: str, raw_path: str, body: bytes, content_type: str) -> RequestKey:
        path, _, query = raw_path.partition("?")
        params = parse_qsl(query, keep_blank_values=True)
        body_params, kind = _body_params(body, content_type)
        return RequestKey(method.upper(), unquote(path) or "/", tuple(sorted(params + body_params)), kind)


class ParamPathStyle(PathStyle):
    """A vendor whose URLs carry parameters in the path (TalentLMS's ``/api/v1/{action}/k:v,k:v``), as its
    descriptor's :class:`~emulator.core.vendor.ReplayPaths` describe them: path, query and form parameters
    merged (a later one wins), each value as the vendor compares it; paths outside the vendor's grammar
    compare as plain REST."""

    name = "path-params"

    def __init__(self, paths: "ReplayPaths") -> None:
        self.paths = paths

    def key(self, method: str, raw_path: str, body: bytes, content_type: str) -> RequestKey:
        path, _, query = raw_path.partition("?")
        split = self.paths.split(path)
        if split is None:
            return super().key(method, raw_path, body, content_type)
        canonical, merged = split
        merged = dict(merged)
        for k, v in parse_qsl(query, keep_blank_values=True):
            merged[k] = self.paths.value(k, v)
        body_params, kind = _body_params(body, content_type)
        for k, v in body_params:
            merged[k] = self.paths.value(k, v)
        return RequestKey(method.upper(), canonical, tuple(sorted(merged.items())), kind)


GENERIC = PathStyle()
#: host suffix → path style; filled from the vendors' descriptors (``replay_paths``) on first use,
#: and by :func:`register_style`; vendors whose paths are plain REST need no entry
HOST_STYLES: dict[str, PathStyle] = {}
_FROM_REGISTRY = False


def register_style(host_suffix: str, style: PathStyle) -> None:
    HOST_STYLES[host_suffix.lower()] = style


def _vendor_styles() -> None:
    global _FROM_REGISTRY
    if _FROM_REGISTRY:
        return
    from . import vendors

    for vendor in vendors.available().values():
        if vendor.replay_paths is not None:
            style = ParamPathStyle(vendor.replay_paths)
            for host in vendor.replay_paths.hosts:
                HOST_STYLES.setdefault(host.lower(), style)
    _FROM_REGISTRY = True


def style_for_host(host: str) -> PathStyle:
    _vendor_styles()
    host = host.split(":")[0].lower()
    for suffix, style in HOST_STYLES.items():
        if host == suffix or host.endswith("." + suffix):
            return style
    return GENERIC


# --- schemas ----------------------------------------------------------------------------------

class SchemaError(AssertionError):
    """A body does not satisfy its schema; the message lists every violation with its JSON path."""


class Schemas:
    """Every ``fixtures/schemas/**/*.json``, addressable by name (``talentlms/user``) and by ``$ref``.

    Each schema's ``$id`` is ``SCHEMA_BASE + <vendor>/<shape>.json``: filled in when absent, and a
    declared ``$id`` must be that URI or the bare name (``lessonly/course``). So
    ``{"$ref": "error.json"}`` inside a TalentLMS schema means talentlms/error.
    """

    def __init__(self, root: str | Path = FIXTURES / "schemas") -> None:
        self.root = Path(root)
        self.documents: dict[str, dict] = {}
        resources = []
        for file in sorted(self.root.rglob("*.json")):
            name = file.relative_to(self.root).with_suffix("").as_posix()
            try:
                document = json.loads(file.read_text(encoding="utf-8"))
            except ValueError as exc:
                raise CassetteError(f"{file}: not valid JSON: {exc}") from exc
            uri = SCHEMA_BASE + name + ".json"
            declared = document.get("$id", uri)
            if declared not in (uri, name, name + ".json"):
                raise CassetteError(f"{file}: $id must be {uri!r} (or {name!r}), found {declared!r}")
            document["$id"] = uri  # the name forms resolve relative refs exactly like the full URI
            Draft202012Validator.check_schema(document)
            self.documents[name] = document
            resources.append((uri, Resource.from_contents(document, default_specification=DRAFT202012)))
        self.registry = Registry().with_resources(resources)
        self._validators: dict[str, Draft202012Validator] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.documents

    def names(self) -> list[str]:
        return sorted(self.documents)

    def validator(self, name: str) -> Draft202012Validator:
        if name not in self.documents:
            raise KeyError(f"no schema {name!r} under {self.root}; known: {self.names()}")
        if name not in self._validators:
            self._validators[name] = Draft202012Validator(self.documents[name], registry=self.registry)
        return self._validators[name]

    def errors(self, name: str, instance: Any) -> list[str]:
        """Every violation as ``$.path: message``, most specific first; empty when valid."""
        found = sorted(self.validator(name).iter_errors(instance), key=lambda e: (list(e.absolute_path), e.message))
        out = []
        for error in found:
            leaves = error.context or [error]
            for leaf in sorted(leaves, key=lambda e: list(e.absolute_path)):
                out.append(f"{leaf.json_path}: {leaf.message}")
        return out

    def check(self, name: str, instance: Any, what: str = "body") -> None:
        errors = self.errors(name, instance)
        if errors:
            raise SchemaError(f"{what} does not satisfy schema {name}:\n  " + "\n  ".join(errors))

    def check_interaction(self, interaction: Interaction) -> None:
        """The recorded body parses as JSON and satisfies the interaction's schema (if it names one)."""
        try:
            body = interaction.response.json()
        except ValueError as exc:
            raise SchemaError(f"{interaction.label}: response body is not JSON: {exc}") from exc
        if interaction.schema:
            self.check(interaction.schema, body, what=interaction.label)
