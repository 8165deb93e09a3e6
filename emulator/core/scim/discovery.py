"""Discovery documents (RFC 7644 §4): ServiceProviderConfig, ResourceTypes, Schemas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .schema import (
    RESOURCE_TYPE_URN,
    SCHEMA_URN,
    SPC_URN,
    rfc_schema,
)

if TYPE_CHECKING:
    from .profile import ResourceConfig, ScimProfile

META_SCHEMAS = (SPC_URN, RESOURCE_TYPE_URN, SCHEMA_URN)


def service_provider_config(profile: ScimProfile, base: str) -> dict:
    doc = {"schemas": [SPC_URN]}
    if profile.documentation_uri:
        doc["documentationUri"] = profile.documentation_uri
    doc.update({
        "patch": {"supported": profile.patch_supported},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": profile.max_results or 2**31 - 1},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": profile.etag and profile.meta},
        "authenticationSchemes": profile.auth_schemes,
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base}/ServiceProviderConfig"},
    })
    return doc


def resource_type(config: ResourceConfig, base: str) -> dict:
    doc = {
        "schemas": [RESOURCE_TYPE_URN],
        "id": config.name,
        "name": config.name,
        "description": config.description or config.name,
        "endpoint": config.endpoint,
        "schema": config.schema.core.id,
    }
    if config.schema.extensions:
        doc["schemaExtensions"] = [{"schema": e.schema.id, "required": e.required}
                                   for e in config.schema.extensions]
    doc["meta"] = {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/{config.name}"}
    return doc


def schemas(profile: ScimProfile, base: str) -> list[dict]:
    docs: dict[str, dict] = {}
    for config in profile.resources:
        for definition in [config.schema.core, *(e.schema for e in config.schema.extensions)]:
            docs.setdefault(definition.id, dict(definition.document))
    for urn in META_SCHEMAS:
        docs.setdefault(urn, rfc_schema(urn))
    out = []
    for urn, doc in docs.items():
        doc = {"schemas": [SCHEMA_URN], **{k: v for k, v in doc.items() if k != "schemas"}}
        doc["meta"] = {"resourceType": "Schema", "location": f"{base}/Schemas/{urn}"}
        out.append(doc)
    return out
