"""SCIM 2.0 (RFC 7643/7644), once: vendors describe a :class:`ScimProfile` and a store per resource
type, and :func:`make_surface` serves it on the vendor's port with the vendor's own auth."""

from .errors import ERROR_URN, ScimError, error_body, error_response
from .profile import Context, Hooks, ResourceConfig, ResourceStore, ScimProfile
from .render import scim_json
from .schema import (
    ENTERPRISE_USER,
    GROUP,
    LIST_URN,
    PATCH_URN,
    USER,
    Extension,
    ResourceSchema,
    pruned,
)
from .surface import make_surface

__all__ = [
    "ENTERPRISE_USER",
    "ERROR_URN",
    "GROUP",
    "LIST_URN",
    "PATCH_URN",
    "USER",
    "Context",
    "Extension",
    "Hooks",
    "ResourceConfig",
    "ResourceSchema",
    "ResourceStore",
    "ScimError",
    "ScimProfile",
    "error_body",
    "error_response",
    "make_surface",
    "pruned",
    "scim_json",
]
