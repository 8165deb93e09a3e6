"""Skilljar's own v1 OpenAPI document, loaded for response validation with openapi-core.

The document is loaded as published (spec validation off: it has one flawed default, an empty string
on a field with ``minLength: 1``). Where live observation contradicts it, a *patched* copy is used
and each patch below names its source; ``test_document_patches.py`` proves every patch is needed
(the unpatched document rejects the emulator's answer at exactly that point) and nothing else differs.
"""

from __future__ import annotations

import copy
import functools
import os
from pathlib import Path

import pytest
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.exceptions import OpenAPIError

#: names the document's path (its YAML or its JSON form) when it is not at ``../shared/vendors/``
DOCUMENT_ENV = "LMS_EMULATOR_SKILLJAR_OPENAPI"
REPO = Path(__file__).resolve().parents[2]
WHERE_TO_GET_IT = (
    "Skilljar's v1 OpenAPI document not found: set LMS_EMULATOR_SKILLJAR_OPENAPI to its path, or put it at "
    "../shared/vendors/skilljar-v1-openapi.yaml (Skilljar publishes it; a copy is in github.com/"
    "CloudSecurityAlliance/csa-skilljar, specs/skilljar-v1-openapi.json)")


def document_path() -> Path | None:
    """Where Skilljar's own document is: the environment variable's path, else ``../shared`` beside the repo."""
    named = os.environ.get(DOCUMENT_ENV)
    path = Path(named) if named else REPO.parent / "shared" / "vendors" / "skilljar-v1-openapi.yaml"
    return path if path.is_file() else None


def require_document() -> Path:
    """The document's path, or skip the calling test with one line saying where to get it."""
    path = document_path()
    if path is None:
        pytest.skip(WHERE_TO_GET_IT)
    return path

ENVELOPE_OF = "envelope-of"

#: (schema, property or None, change, source)
PATCHES = [
    ("PaginatedUserOverviewList", None, ENVELOPE_OF + ":UserOverview",
     ("live: GET /v1/users returns the DRF envelope with count/next (CSA-PKG find_learner, CSA fixture "
     "next=https://api.skilljar.com/v1/users?page=3; skilljaR reads count); the document's bare array is "
     "drf-spectacular output for a custom paginator")),
    ("PaginatedUserPublishedCourseProgressList", None, "array-of:UserPublishedCourseProgress",
     "live: a bare JSON array (CSA-PKG v1backend.py, verified 2026-08-28; skilljaR checks for '[]')"),
    ("PaginatedUserPublishedPathEnrollmentsList", None, "array-of:UserPublishedPathEnrollments",
     "same family as published-courses; the dossier's reading of the SPEC JSON copy"),
    ("PaginatedUserPlanEnrollmentsList", None, "array-of:UserPlanEnrollments",
     "same family as published-courses; the dossier's reading of the SPEC JSON copy"),
    ("DomainUserListItem", "access_code", "nullable",
     "DomainUserUpdate declares access_code nullable ('removed by setting to null'): a member without a code"),
    ("DomainUserDetail", "access_code", "nullable", "as DomainUserListItem.access_code"),
    ("DomainUserCreate", "access_code", "nullable", "as DomainUserListItem.access_code"),
    ("Enrollment", "expires_at", "nullable", "UpdateEnrollment declares expires_at nullable: no expiry is null"),
    ("CreateEnrollment", "expires_at", "nullable", "as Enrollment.expires_at"),
    ("UserPublishedCourseProgress", "certificate", "nullable",
     "CSA fixtures (tests/test_v1backend.py PROGRESS) show \"certificate\": null before completion"),
    ("UserPublishedPathEnrollments", "expires_at", "nullable", "an enrollment without expiry"),
    ("PublishedPathEnrollment", "expires_at", "nullable",
     "UpdatePublishedPathEnrollment declares expires_at nullable: no expiry is null"),
    ("CreatePublishedPathEnrollment", "expires_at", "nullable", "as PublishedPathEnrollment.expires_at"),
    ("StudentPathProgress", "completed_at", "nullable", "a path not yet completed"),
    ("UserPlanEnrollments", "expires_at", "nullable", "an enrollment without expiry"),
    ("PlanEnrollment", "expires_at", "nullable",
     "UpdatePlanEnrollment declares expires_at nullable: no expiry is null"),
    ("CreatePlanEnrollment", "expires_at", "nullable", "as PlanEnrollment.expires_at"),
    ("PublishedCourse", "registration_starts_at", "nullable",
     "assumption: a publication without a registration window answers null rather than an invented date"),
    ("PublishedCourse", "registration_ends_at", "nullable", "as registration_starts_at"),
    ("PublishedCourseDetail", "registration_starts_at", "nullable", "as PublishedCourse.registration_starts_at"),
    ("PublishedCourseDetail", "registration_ends_at", "nullable", "as PublishedCourse.registration_starts_at"),
    ("PublishedCourseCreate", "registration_starts_at", "nullable", "as PublishedCourse.registration_starts_at"),
    ("PublishedCourseCreate", "registration_ends_at", "nullable", "as PublishedCourse.registration_starts_at"),
]


@functools.lru_cache(maxsize=1)
def document() -> dict:
    with require_document().open() as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def patched(patches=PATCHES) -> dict:
    doc = copy.deepcopy(document())
    schemas = doc["components"]["schemas"]
    for name, prop, change, _source in patches:
        if prop is None:
            kind, _, item = change.partition(":")
            ref = {"$ref": f"#/components/schemas/{item}"}
            if kind == "array-of":
                schemas[name] = {"type": "array", "items": ref}
            else:
                schemas[name] = {"type": "object", "required": ["count", "results"], "properties": {
                    "count": {"type": "integer"}, "next": {"type": "string", "nullable": True, "format": "uri"},
                    "previous": {"type": "string", "nullable": True, "format": "uri"},
                    "results": {"type": "array", "items": ref}}}
        else:
            schemas[name]["properties"][prop]["nullable"] = True
    _nullable_allof(doc)
    return doc


def _nullable_allof(node) -> None:
    """Validator compatibility, not a content change: openapi-core ignores ``nullable`` next to ``allOf``
    (the document's own nullable ``Enrollment.purchase`` fails on null), so such a property becomes
    ``nullable`` + ``oneOf: [<the allOf>, {enum: [null]}]``, the form the document itself uses for enums."""
    if isinstance(node, dict):
        for value in list(node.values()):
            _nullable_allof(value)
        props = node.get("properties")
        if isinstance(props, dict):
            for key, prop in props.items():
                if isinstance(prop, dict) and prop.get("nullable") and "allOf" in prop:
                    inner = {k: v for k, v in prop.items() if k not in ("nullable", "readOnly", "writeOnly")}
                    props[key] = {"nullable": True, "oneOf": [inner, {"enum": [None]}],
                                  **{k: prop[k] for k in ("readOnly", "writeOnly") if k in prop}}
    elif isinstance(node, list):
        for value in node:
            _nullable_allof(value)


@functools.lru_cache(maxsize=4)
def openapi(kind: str = "patched") -> OpenAPI:
    doc = patched() if kind == "patched" else document()
    return OpenAPI.from_dict(doc, config=Config(spec_validator_cls=None))


def errors(response, kind: str = "patched") -> list[str]:
    """Every way ``response`` (a requests.Response) disagrees with the document; [] when it conforms.
    Without the document the calling test is skipped (``require_document``)."""
    try:
        openapi(kind).validate_response(RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response))
    except OpenAPIError as exc:  # one error that carries the schema errors
        found = []
        cause = exc.__cause__ or exc
        for err in getattr(cause, "schema_errors", None) or []:
            where = "/".join(str(p) for p in err.absolute_path)
            found.append(f"{where}: {err.message[-200:]}")  # the end says what is wrong
        return found or [f"{type(exc).__name__}: {exc}"[:500]]
    return []
