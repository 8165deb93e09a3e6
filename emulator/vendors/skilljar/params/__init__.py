"""Request parsing and validation for Skilljar's REST v1 surface.

- :mod:`.fields`: the field-rule vocabulary (DRF's field types and messages) and ``validate``;
- :mod:`.body`: the request body as DRF's parsers read it, validated against a resource's fields;
- :mod:`.query`: query-string filters; :mod:`.pages`: page, page size and cursor;
- one module per resource group (``users``, ``domains``, ``courses``, ``groups``, ``enrollments``,
  ``webhooks``): that group's body fields and the checks that need the tenant's rows.

Everything here raises :class:`..errors.SkilljarError` (DRF's 400/404/415) and writes nothing.
"""
