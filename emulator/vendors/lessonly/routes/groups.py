"""Groups: /api/v1/groups... (DOCS ``_groups.md.erb``; VCR group.*)."""

from __future__ import annotations

from flask import Blueprint, g

from .. import ops
from .. import params as P
from .. import serialize as S
from ..params import params
from .respond import found, ok, view

V1 = "/api/v1"


def register(bp: Blueprint) -> None:
    @bp.get(f"{V1}/groups")
    def list_groups():
        v = view()
        # not paginated (DOCS); archived groups included
        return ok({"type": "groups", "groups": [S.group_item(x, v) for x in g.tenant.state.groups]})

    @bp.get(f"{V1}/groups/<int:group_id>")
    def show_group(group_id: int):
        return ok(S.group_detail(found("groups", group_id), view(), "group"))

    @bp.post(f"{V1}/groups")
    def create_group():
        tenant = g.tenant
        p = params()
        name = P.group_name(p.get("name"), required=True)
        members = P.associations(p.get("members"), "Members", tenant.state.users)
        managers = P.associations(p.get("managers"), "Managers", tenant.state.users)
        group = ops.create_group(tenant, name, [i for i, rm in members if not rm],
                                   [i for i, rm in managers if not rm])
        return ok(S.group_detail(group, view(), "create_group"), 201)

    @bp.put(f"{V1}/groups/<int:group_id>")
    def update_group(group_id: int):
        tenant = g.tenant
        group = found("groups", group_id)
        p = params()
        name = P.group_name(p.get("name"), required=False) if "name" in p else None
        members = P.associations(p.get("members"), "Members", tenant.state.users)
        managers = P.associations(p.get("managers"), "Managers", tenant.state.users)
        ops.update_group(tenant, group, name, members, managers)
        return ok(S.group_detail(group, view(), "update_group"))

    @bp.put(f"{V1}/groups/<int:group_id>/archive")
    def archive_group(group_id: int):
        group = ops.set_archived(g.tenant, "groups", found("groups", group_id), True)
        return ok(S.group_detail(group, view(), "group"))

    @bp.put(f"{V1}/groups/<int:group_id>/restore")
    def restore_group(group_id: int):
        group = ops.set_archived(g.tenant, "groups", found("groups", group_id), False)
        return ok(S.group_detail(group, view(), "group"))

    @bp.delete(f"{V1}/groups/<int:group_id>")
    def delete_group(group_id: int):
        group = found("groups", group_id)
        body = {"type": "delete_group", **S.group_item(group, view())}
        ops.delete_group(g.tenant, group)
        return ok(body)  # DOCS shows "id":"3"; integer kept, like the recorded user delete

    @bp.get(f"{V1}/groups/<int:group_id>/assignments")
    def group_assignments(group_id: int):
        found("groups", group_id)
        items = g.tenant.state.group_assignments.where("group_id", group_id)
        # a bare JSON array, the one list without an envelope (DOCS)
        return ok([{"id": a.id, "assignable_id": a.assignable_id, "assignable_type": a.assignable_type,
                    "group_id": a.group_id} for a in items])
