"""Schemas as data: the RFC 7643 definitions (taken from scim2-models) pruned to what a profile stores.

A profile advertises, validates and filters against exactly the attributes its vendor keeps, so
``/Schemas`` tells an IdP (and scim2-tester) the truth about the vendor.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
SCHEMA_URN = "urn:ietf:params:scim:schemas:core:2.0:Schema"
RESOURCE_TYPE_URN = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SPC_URN = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
LIST_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SEARCH_URN = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"


@dataclass(frozen=True)
class Attr:
    """One attribute definition (RFC 7643 §7), indexed by lower-case name for lookups."""

    name: str
    type: str
    multi: bool = False
    required: bool = False
    case_exact: bool = False
    mutability: str = "readWrite"
    returned: str = "default"
    uniqueness: str = "none"
    sub: dict[str, Attr] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> Attr:
        return cls(
            name=data["name"], type=data["type"], multi=bool(data.get("multiValued")),
            required=bool(data.get("required")), case_exact=bool(data.get("caseExact")),
            mutability=data.get("mutability", "readWrite"), returned=data.get("returned", "default"),
            uniqueness=data.get("uniqueness", "none"),
            sub={s["name"].lower(): cls.from_dict(s) for s in data.get("subAttributes", []) or []},
        )


#: attributes every resource has (RFC 7643 §3.1); not part of any schema document
COMMON = {
    "id": Attr("id", "string", case_exact=True, mutability="readOnly", returned="always",
               uniqueness="server"),
    "externalid": Attr("externalId", "string", case_exact=True),
    "meta": Attr("meta", "complex", mutability="readOnly", sub={
        "resourcetype": Attr("resourceType", "string", case_exact=True, mutability="readOnly"),
        "created": Attr("created", "dateTime", mutability="readOnly"),
        "lastmodified": Attr("lastModified", "dateTime", mutability="readOnly"),
        "location": Attr("location", "reference", case_exact=True, mutability="readOnly"),
        "version": Attr("version", "string", case_exact=True, mutability="readOnly"),
    }),
}


@dataclass(frozen=True)
class SchemaDef:
    id: str
    name: str
    document: dict  # the /Schemas representation
    attrs: dict[str, Attr]

    @classmethod
    def from_document(cls, document: dict) -> SchemaDef:
        attrs = {a["name"].lower(): Attr.from_dict(a) for a in document["attributes"]}
        return cls(document["id"], document["name"], document, attrs)


RFC_DOCUMENTS = Path(__file__).with_name("rfc_schemas.json")


def generate_rfc_documents() -> dict[str, dict]:
    """The RFC 7643 schema documents as scim2-models describes them (writes rfc_schemas.json's content).

    Importing scim2-models builds every pydantic model it has (~0.4 s), so the documents are kept
    generated in ``rfc_schemas.json`` and read from there at start-up; tests/core/scim checks that the
    file still equals this function's output, so it cannot drift from the library.
    """
    import scim2_models as m

    models = {USER: m.User, GROUP: m.Group, ENTERPRISE_USER: m.EnterpriseUser, SCHEMA_URN: m.Schema,
              RESOURCE_TYPE_URN: m.ResourceType, SPC_URN: m.ServiceProviderConfig}
    return {urn: model.to_schema().model_dump(mode="json", exclude_none=True) for urn, model in models.items()}


@cache
def _rfc_documents() -> dict[str, dict]:
    return json.loads(RFC_DOCUMENTS.read_text())


def _rfc_document(urn: str) -> dict:
    return _rfc_documents()[urn]


def rfc_schema(urn: str) -> dict:
    """The full RFC 7643 schema document for ``urn`` (a fresh copy)."""
    return copy.deepcopy(_rfc_document(urn))


def pruned(urn: str, keep: dict[str, Iterable[str] | None], *, required: Iterable[str] = (),
           optional: Iterable[str] = (), read_only: Iterable[str] = (),
           description: str | None = None) -> SchemaDef:
    """The RFC schema ``urn`` keeping only ``keep`` (attribute → sub-attributes kept, None = all).

    ``required``/``optional``/``read_only`` name attributes ("name" or "name.givenName") whose
    flags the vendor sets differently from the RFC (e.g. a vendor that cannot store a user without
    an email makes ``emails`` required).
    """
    document = rfc_schema(urn)
    wanted = {k.lower(): v for k, v in keep.items()}
    attributes = []
    for attr in document["attributes"]:
        subs = wanted.get(attr["name"].lower(), False)
        if subs is False:
            continue
        if subs is not None and attr.get("subAttributes"):
            names = {s.lower() for s in subs}
            attr["subAttributes"] = [s for s in attr["subAttributes"] if s["name"].lower() in names]
        attributes.append(attr)
    document["attributes"] = attributes
    _set_flag(document, required, "required", True)
    _set_flag(document, optional, "required", False)
    _set_flag(document, read_only, "mutability", "readOnly")
    if description is not None:
        document["description"] = description
    return SchemaDef.from_document(document)


def _set_flag(document: dict, names: Iterable[str], key: str, value: Any) -> None:
    for dotted in names:
        head, _, tail = dotted.lower().partition(".")
        for attr in document["attributes"]:
            if attr["name"].lower() != head:
                continue
            if not tail:
                attr[key] = value
            for sub in attr.get("subAttributes", []) if tail else []:
                if sub["name"].lower() == tail:
                    sub[key] = value


@dataclass(frozen=True)
class Extension:
    schema: SchemaDef
    required: bool = False


@dataclass
class ResourceSchema:
    """A resource type's core schema plus extensions: resolves attribute paths case-insensitively."""

    core: SchemaDef
    extensions: tuple[Extension, ...] = ()
    #: does the vendor keep ``externalId``? (RFC 7643 §3.1 makes it optional for a service provider)
    external_id: bool = True

    def hidden(self) -> frozenset[str]:
        """Top-level attribute names never returned by default (``returned`` never/request)."""
        cached = self.__dict__.get("_hidden")
        if cached is None:
            cached = frozenset(a.name for a in self.core.attrs.values() if a.returned in ("never", "request"))
            self.__dict__["_hidden"] = cached
        return cached

    def urns(self) -> list[str]:
        return [self.core.id, *(e.schema.id for e in self.extensions)]

    def extension(self, urn: str) -> SchemaDef | None:
        for ext in self.extensions:
            if ext.schema.id.lower() == urn.lower():
                return ext.schema
        return None

    def resolve(self, attr: str, uri: str | None = None) -> tuple[str | None, Attr] | None:
        """(extension URN or None for core/common, definition) for a top-level attribute, or None."""
        key = attr.lower()
        if uri is None or uri.lower() == self.core.id.lower():
            found = self.core.attrs.get(key) or (COMMON.get(key) if uri is None else None)
            if key == "externalid" and not self.external_id:
                found = None
            return (None, found) if found else None
        ext = self.extension(uri)
        if ext is None or key not in ext.attrs:
            return None
        return ext.id, ext.attrs[key]

    def split(self, dotted: str) -> tuple[str | None, str, str | None]:
        """"urn:...:User:name.givenName" → (urn, "name", "givenName"); URN kept only if it is one."""
        uri = None
        rest = dotted
        lowered = dotted.lower()
        for urn in sorted(self.urns(), key=len, reverse=True):
            if lowered.startswith(urn.lower() + ":"):
                uri, rest = dotted[: len(urn)], dotted[len(urn) + 1:]
                break
        attr, _, sub = rest.partition(".")
        return uri, attr, (sub or None)
