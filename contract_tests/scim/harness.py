"""Runs scim2-tester (an independent RFC 7643/7644 checker, PyPI) against a served SCIM endpoint."""

from __future__ import annotations

from collections import Counter

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


class StringIds(httpx2.BaseTransport):
    """A lenient client's view of a server with integer ids (Lessonly): ``id`` values read as strings,
    as an IdP that treats ids as opaque text does. Only used to see the deviations behind that one."""

    def __init__(self) -> None:
        self.inner = httpx2.HTTPTransport()

    def handle_request(self, request):
        import json

        response = self.inner.handle_request(request)
        response.read()
        try:
            body = json.loads(response.content)
        except ValueError:
            return response
        changed = False
        for item in [body, *(body.get("Resources", []) if isinstance(body, dict) else [])]:
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                item["id"] = str(item["id"])
                changed = True
        if not changed:
            return response
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        return httpx2.Response(response.status_code, headers=headers, content=json.dumps(body).encode(),
                               request=request)

    def close(self) -> None:
        self.inner.close()


def run_checks(base_url: str, headers: dict[str, str], provider=None, *, string_ids: bool = False,
               **options) -> list:
    """Every scim2-tester check result (discovery, CRUD, projection, PATCH, misc)."""
    transport = StringIds() if string_ids else None
    http = httpx2.Client(base_url=base_url, headers=headers, timeout=30, transport=transport)
    kwargs = {"provider": provider} if provider is not None else {}
    client = SyncSCIMClient(http, **kwargs)
    try:
        return check_server(client, raise_exceptions=False, **options)
    finally:
        http.close()


def failures(results: list) -> list:
    return [r for r in results if r.status not in (Status.SUCCESS, Status.SKIPPED)]


def summary(results: list) -> Counter:
    return Counter(r.status.name for r in results)


def describe(results: list) -> list[tuple[str | None, str | None, str | None]]:
    """(resource type, check title, reason) per failed check: what a failing test prints."""
    return [(r.resource_type, r.title, r.reason) for r in failures(results)]


def provider_from(profile, resource_names: list[str] | None = None, *, patch: bool = True,
                  required: dict[str, list[str]] | None = None):
    """A client-side description of a server that publishes no discovery documents (Lessonly): the
    schemas its profile declares, as a client configures them by hand."""
    import copy

    from scim2_models import ResourceType, Schema, ScimProvider, ServiceProviderConfig

    schemas, types = [], []
    for config in profile.resources:
        if resource_names and config.name not in resource_names:
            continue
        document = copy.deepcopy(config.schema.core.document)
        for dotted in (required or {}).get(config.name, []):
            head, _, tail = dotted.partition(".")
            for attr in document["attributes"]:
                if attr["name"] == head:
                    target = next(s for s in attr["subAttributes"] if s["name"] == tail) if tail else attr
                    target["required"] = True
        schemas.append(Schema.model_validate(document))
        types.append(ResourceType.model_validate({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": config.name,
            "name": config.name, "endpoint": config.endpoint, "schema": config.schema.core.id}))
    spc = ServiceProviderConfig.model_validate({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": patch}, "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": 100}, "changePassword": {"supported": False},
        "sort": {"supported": False}, "etag": {"supported": False}, "authenticationSchemes": []})
    return ScimProvider.from_discovery(schemas, types, spc)
